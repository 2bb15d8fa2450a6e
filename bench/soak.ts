import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildFolder } from '../src/build/build-folder'
import type { SiteBuild } from '../src/build/site'
import { tagSlug } from '../src/worker/slug'
import { connectHeapReader } from './lib/inspector'
import {
  cleanupAll,
  ensureDebianPackages,
  installSignalHandlers,
  rssKiB,
  run,
  start,
  stop,
} from './lib/procs'
import { seedKv, serveKiosque } from './lib/serve'

/**
 * `npm run soak [-- --smoke] [--duration S] [--connections C] [--max-growth MiB] [--max-heap-growth MiB]`
 *
 * A bounded soak of the bundled worker in workerd (Miniflare, on 127.0.0.1 only): wrk sends a
 * mix of every kind of route (posts, homes, listings, tags, pages, collections, feeds, sitemap,
 * robots, 404s and hostile paths, redirects, ?lang= and ?notice=off) with a variety of
 * Accept-Language headers and language cookies, for `--duration` seconds over `--connections`
 * connections, after one warm-up pass over the mix. It reports the request rate, p50/p99/max
 * latency, every status seen, the workerd process's resident memory (RSS, /proc) once a second,
 * and the isolate's V8 heap after a forced full GC (inspector) ten times over the run.
 *
 * It fails (exit 1) on any error: a status outside 200, 301, 302, 304, 307, 308 and 404, a
 * socket error or a timeout. It fails on memory growth, measured after the warm-up pass:
 * - the isolate heap after a full GC at the end may not exceed the one at the start by more
 *   than `--max-heap-growth` MiB (default 8): that is what the worker itself retains;
 * - the highest RSS of the last quarter of the run may not exceed the RSS at the end of the
 *   first quarter by more than `--max-growth` MiB (default 64; the isolate's page cache is
 *   capped at 32 MiB). The forced GCs keep V8 from deferring collection, which would otherwise
 *   grow the RSS with garbage (a 60 s run without them went from 97 to 280 MiB while the heap
 *   it retained stayed near 6 MiB).
 *
 * Defaults: 60 s, 100 connections; `--smoke`: 5 s, 10 connections.
 */

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string' },
    'max-growth': { type: 'string', default: '64' },
    'max-heap-growth': { type: 'string', default: '8' },
    content: { type: 'string', default: 'content' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
})
if (args.help) {
  console.log(
    'usage: npm run soak -- [--smoke] [--duration 60] [--connections 100] [--max-growth 64] [--max-heap-growth 8] [--content content]',
  )
  process.exit(0)
}
const positive = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`)
  return n
}
const duration = Math.round(positive(args.duration, args.smoke ? 5 : 60, 'duration'))
const connections = Math.round(positive(args.connections, args.smoke ? 10 : 100, 'connections'))
const maxGrowthMiB = positive(args['max-growth'], 64, 'max-growth')
const maxHeapGrowthMiB = positive(args['max-heap-growth'], 8, 'max-heap-growth')

const OUT = resolve('bench/out/soak')
const EXPECTED = new Set([200, 301, 302, 304, 307, 308, 404])
const LANGUAGES: (string | undefined)[] = [
  undefined,
  'fr',
  'en',
  'en-GB,en;q=0.9',
  'fr-CA,fr;q=0.8,en;q=0.5',
  'de-DE,de;q=0.9',
  '*',
  'pt-BR;q=0.9, en;q=0.1',
]

interface Target {
  path: string
  headers: Record<string, string>
}

/** The request mix: every route of the site, each with several language preferences. */
function targets(build: SiteBuild): Target[] {
  const { site, posts, pages = [] } = build.manifest
  const visible = posts.filter((p) => site.future || Date.parse(p.date) <= Date.now())
  const tags = [...new Set(visible.flatMap((p) => p.tags))].slice(0, 6)
  const paths = [
    ...visible.map((p) => encodeURI(p.url)),
    ...pages.map((p) => encodeURI(p.url)),
    ...site.languages.flatMap((lang) => {
      const prefix = lang === site.defaultLang ? '' : `/${lang}`
      return [
        `${prefix}/`,
        `${prefix}/page2/`,
        `${prefix}/feed.xml`,
        `${prefix}/feed.atom`,
        `${prefix}/feed.json`,
      ]
    }),
    ...tags.map((t) => encodeURI(`/tag/${tagSlug(t)}/`)),
    '/sitemap.xml',
    '/robots.txt',
    // 404s: unknown pages, hostile paths, a page past the last.
    '/no/such/page',
    '/%3Cscript%3Ealert(1)%3C/script%3E',
    '/page99999999999/',
    '/%C3%28',
    // Redirects: forgiveness, canonical listings, _redirects, translation links, choices.
    encodeURI((visible[0]?.url ?? '/').toUpperCase()),
    '/page1/',
    '/levain',
    '/ancien-blog/2017/09/12/ouverture-du-fournil.html',
    '/ref/levain',
    `${encodeURI(visible[0]?.url ?? '/')}?lang=en`,
    `${encodeURI(visible[0]?.url ?? '/')}?notice=off`,
    '/?lang=en',
  ]
  const out: Target[] = []
  paths.forEach((path, i) => {
    for (let j = 0; j < 3; j++) {
      const lang = LANGUAGES[(i + j * 3) % LANGUAGES.length]
      const headers: Record<string, string> = {}
      if (lang !== undefined) headers['Accept-Language'] = lang
      if ((i + j) % 5 === 0) headers.Cookie = 'kiosque_lang=en'
      if ((i + j) % 7 === 0) headers.Cookie = 'kiosque_notice=off; kiosque_lang=fr'
      out.push({ path, headers })
    }
  })
  return out
}

/** The wrk script: each connection walks the mix from its own offset; statuses are counted. */
function luaScript(list: Target[]): string {
  const lua = (s: string) => JSON.stringify(s)
  const entries = list.map(
    (t) =>
      `  { ${lua(t.path)}, { ${Object.entries(t.headers)
        .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
        .join(', ')} } },`,
  )
  return `local targets = {
${entries.join('\n')}
}
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counts = {}
  cursor = (id * 7919) % #targets
end
function request()
  cursor = cursor % #targets + 1
  local t = targets[cursor]
  return wrk.format("GET", t[1], t[2])
end
function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    if c then for k, v in pairs(c) do all[k] = (all[k] or 0) + v end end
  end
  local parts = {}
  for k, v in pairs(all) do parts[#parts + 1] = string.format("%q:%d", k, v) end
  local e = summary.errors
  io.write("SOAK_RESULT {")
  io.write(string.format('"requests":%d,"duration_us":%d,', summary.requests, summary.duration))
  io.write(string.format('"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},', e.connect, e.read, e.write, e.timeout))
  io.write(string.format('"latency_us":{"p50":%d,"p99":%d,"max":%d},', latency:percentile(50), latency:percentile(99), latency.max))
  io.write('"statuses":{' .. table.concat(parts, ",") .. "}}\\n")
end
`
}

interface WrkFigures {
  requests: number
  duration_us: number
  errors: { connect: number; read: number; write: number; timeout: number }
  latency_us: { p50: number; p99: number; max: number }
  statuses: Record<string, number>
}

async function main(): Promise<number> {
  installSignalHandlers()
  ensureDebianPackages([{ command: 'wrk', pkg: 'wrk' }])
  await rm(OUT, { recursive: true, force: true })
  await mkdir(OUT, { recursive: true })

  const build = await buildFolder({ content: args.content, out: join(OUT, 'dist'), drafts: false })
  const noAssets = join(OUT, 'no-assets')
  await mkdir(noAssets, { recursive: true })
  await run(
    resolve('node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', join(OUT, 'worker'), '--assets', noAssets],
    { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  await seedKv(join(OUT, 'dist', 'kv.json'), join(OUT, 'kv'))
  const served = await serveKiosque({
    bundle: join(OUT, 'worker', 'index.js'),
    version: build.version,
    kvPersist: join(OUT, 'kv'),
    cachePersist: join(OUT, 'cache'),
    inspector: true,
  })
  try {
    const mix = targets(build)
    const script = join(OUT, 'soak.lua')
    await writeFile(script, luaScript(mix))
    console.log(
      `soak: ${duration} s, ${connections} connections, ${mix.length} requests in the mix, workerd pid ${served.pid}, ${served.directUrl.href}`,
    )
    // One pass over the mix first, so that the run starts with every page rendered and cached.
    for (const target of mix)
      await (
        await fetch(new URL(target.path, served.directUrl), {
          headers: target.headers,
          redirect: 'manual',
        })
      ).arrayBuffer()
    const heap = await connectHeapReader(await served.mf.getInspectorURL(), 'kiosque').catch(
      () => undefined,
    )
    if (!heap) throw new Error('cannot read the isolate heap through the inspector')
    const poke = () => fetch(new URL('/robots.txt', served.directUrl)).then((r) => r.arrayBuffer())
    // The isolate's V8 heap after a full GC: what the worker retains, whatever V8 and the
    // allocator keep in reserve (which the RSS also shows).
    const retainedMiB = async () => {
      await heap.collectGarbage(poke)
      return (await heap.usage()).usedBytes / 1048576
    }
    const memory: Sample[] = []
    const heapSeries: Sample[] = []
    const t0 = performance.now()
    const sample = () =>
      memory.push({ s: (performance.now() - t0) / 1000, mib: rssKiB(served.pid) / 1024 })
    const sampleHeap = async () =>
      heapSeries.push({ s: (performance.now() - t0) / 1000, mib: await retainedMiB() })
    sample()
    await sampleHeap()
    const sampler = setInterval(sample, 1000)
    let heapBusy = false
    const heapSampler = setInterval(
      () => {
        if (heapBusy) return
        heapBusy = true
        void sampleHeap()
          .catch(() => undefined)
          .finally(() => {
            heapBusy = false
          })
      },
      Math.max(1, Math.round(duration / 10)) * 1000,
    )
    const wrk = start('wrk', [
      '-t1',
      `-c${connections}`,
      `-d${duration}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      served.directUrl.href,
    ])
    let stdout = ''
    let stderr = ''
    wrk.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    wrk.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    // Bounded even if wrk hangs.
    const guard = setTimeout(() => void stop(wrk), (duration + 30) * 1000)
    const code = await new Promise<number | null>((done) => wrk.on('exit', (c) => done(c)))
    clearTimeout(guard)
    clearInterval(sampler)
    clearInterval(heapSampler)
    sample()
    while (heapBusy) await new Promise((r) => setTimeout(r, 50))
    await sampleHeap()
    heap.close()
    const line = /SOAK_RESULT (\{.*\})/.exec(stdout)?.[1]
    if (!line) throw new Error(`wrk failed (exit ${code}): ${stderr}${stdout}`)
    const figures = JSON.parse(line) as WrkFigures
    return await report(figures, memory, heapSeries)
  } finally {
    await served.close()
  }
}

interface Sample {
  s: number
  mib: number
}

async function report(figures: WrkFigures, memory: Sample[], heap: Sample[]): Promise<number> {
  const seconds = figures.duration_us / 1e6
  const unexpected = Object.entries(figures.statuses).filter(([s]) => !EXPECTED.has(Number(s)))
  const socketErrors = Object.values(figures.errors).reduce((a, b) => a + b, 0)
  const errors = unexpected.reduce((n, [, count]) => n + count, 0) + socketErrors
  const quarter = Math.max(1, Math.floor(memory.length / 4))
  const baseline = memory[quarter]?.mib ?? memory[0]?.mib ?? 0
  const peakLate = Math.max(...memory.slice(-quarter).map((m) => m.mib))
  const growth = peakLate - baseline
  const heapGrowth = (heap.at(-1)?.mib ?? 0) - (heap[0]?.mib ?? 0)
  const result = {
    requests: figures.requests,
    seconds: Number(seconds.toFixed(1)),
    reqPerSec: Math.round(figures.requests / seconds),
    latencyMs: {
      p50: figures.latency_us.p50 / 1000,
      p99: figures.latency_us.p99 / 1000,
      max: figures.latency_us.max / 1000,
    },
    statuses: figures.statuses,
    socketErrors: figures.errors,
    errors,
    memoryMiB: memory.map((m) => ({ s: Number(m.s.toFixed(1)), rss: Number(m.mib.toFixed(1)) })),
    memoryGrowthMiB: Number(growth.toFixed(1)),
    maxGrowthMiB,
    heapAfterGcMiB: heap.map((m) => ({
      s: Number(m.s.toFixed(1)),
      used: Number(m.mib.toFixed(2)),
    })),
    heapGrowthMiB: Number(heapGrowth.toFixed(2)),
    maxHeapGrowthMiB,
  }
  console.log(
    [
      `requests   ${result.requests} in ${result.seconds} s: ${result.reqPerSec} req/s`,
      `latency    p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, max ${result.latencyMs.max.toFixed(2)} ms`,
      `statuses   ${Object.entries(figures.statuses)
        .sort()
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}`,
      `errors     ${errors} (unexpected statuses ${JSON.stringify(Object.fromEntries(unexpected))}, sockets ${JSON.stringify(figures.errors)})`,
      `memory     workerd RSS (MiB) ${result.memoryMiB.map((m) => m.rss).join(' ')}`,
      `growth     ${result.memoryGrowthMiB} MiB after warm-up (limit ${maxGrowthMiB} MiB)`,
      `heap       isolate V8 heap after full GC (MiB) ${result.heapAfterGcMiB.map((m) => m.used).join(' ')}`,
      `           grew ${result.heapGrowthMiB} MiB (limit ${maxHeapGrowthMiB} MiB)`,
    ].join('\n'),
  )
  await writeFile(join(OUT, 'results.json'), `${JSON.stringify(result, null, 2)}\n`)
  if (result.requests === 0) console.error('soak failed: no request completed')
  if (errors > 0) console.error(`soak failed: ${errors} error(s)`)
  if (growth > maxGrowthMiB) console.error(`soak failed: RSS grew ${growth.toFixed(1)} MiB`)
  if (heapGrowth > maxHeapGrowthMiB)
    console.error(`soak failed: the isolate heap grew ${heapGrowth.toFixed(2)} MiB`)
  const failed =
    errors > 0 || growth > maxGrowthMiB || heapGrowth > maxHeapGrowthMiB || result.requests === 0
  return failed ? 1 : 0
}

main()
  .then(async (code) => {
    await cleanupAll()
    process.exit(code)
  })
  .catch(async (error) => {
    console.error(error)
    await cleanupAll()
    process.exit(1)
  })
