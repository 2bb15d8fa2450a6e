import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { type GeneratedPost, generateSite, mulberry32 } from './generate'
import {
  type PublishFigures,
  timeHugoBuild,
  timeKiosqueBuild,
  timePublish,
  topFunctions,
} from './lib/build-bench'
import { connectHeapReader, type HeapReader } from './lib/inspector'
import { startNginx } from './lib/nginx'
import {
  cleanupAll,
  cpuMs,
  ensureDebianPackages,
  installSignalHandlers,
  machineBusyMs,
  rssKiB,
  rssParts,
  run,
  selfCpuMs,
  withForeignCpu,
} from './lib/procs'
import { bundleBenchWorker, measureRenders, type RenderFigures } from './lib/render-bench'
import { markdownTables, type Results, type Scenario, svgChart, type Target } from './lib/results'
import { bundleGrowth, measureSearch, type SearchFigures } from './lib/search-bench'
import { type Served, seedKv, serveBare, serveKiosque } from './lib/serve'
import { runWrk } from './lib/wrk'

/**
 * `npm run bench [-- --smoke] [--posts N] [--duration S] [--connections C] [--threads T]`
 *
 * Generates a synthetic multilingual site, times Kiosque's build against Hugo's and an
 * incremental publish, then serves the site from workerd (Miniflare) and loads it with wrk over
 * loopback, side by side with a bare worker (the ceiling) and nginx serving the same pages as
 * static files. Also measures CPU per Markdown render inside workerd, the bundle's gzipped size
 * and the isolate's memory over a long run. Writes results.json, results.svg and prints a
 * Markdown table. See bench/README.md for the method behind each figure.
 */

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    posts: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    threads: { type: 'string' },
    'soak-requests': { type: 'string' },
    seed: { type: 'string', default: '1' },
    socket: { type: 'string', default: 'direct' },
    results: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
})

if (args.help) {
  console.log(
    'usage: npm run bench -- [--smoke] [--posts 10000] [--duration 10] [--connections 50] [--threads 1]\n' +
      '                       [--soak-requests 100000] [--seed 1] [--socket direct|entry] [--results DIR] [--cpu-prof]',
  )
  process.exit(0)
}

const smoke = args.smoke
const num = (value: string | undefined, fallback: number, name: string) => {
  const n = value === undefined ? fallback : Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`)
  return n
}
const posts = Math.round(num(args.posts, smoke ? 300 : 10_000, 'posts'))
const duration = num(args.duration, smoke ? 1 : 10, 'duration')
const connections = Math.round(num(args.connections, smoke ? 10 : 50, 'connections'))
const threads = Math.round(num(args.threads, 1, 'threads'))
const soakRequests = Math.round(
  num(args['soak-requests'], smoke ? 3_000 : posts * 10, 'soak-requests'),
)
const seed = Math.round(num(args.seed, 1, 'seed'))
const socket = args.socket === 'entry' ? 'entry' : 'direct'
if (args.socket !== 'direct' && args.socket !== 'entry')
  throw new Error('--socket is direct or entry')
const resultsDir = resolve(args.results ?? (smoke ? 'bench/out' : 'bench'))

const OUT = resolve('bench/out')
const SITE = join(OUT, 'site')
const DIST = join(OUT, 'dist')
const SCRATCH = join(OUT, 'scratch')
const IDENTITY = { 'Accept-Encoding': 'identity' }

const notes: string[] = []
const log = (message: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`)

async function main(): Promise<void> {
  const began = performance.now()
  installSignalHandlers()
  ensureDebianPackages([
    { command: 'wrk', pkg: 'wrk' },
    { command: 'hugo', pkg: 'hugo' },
    { command: 'nginx', pkg: 'nginx-light' },
  ])
  await mkdir(SCRATCH, { recursive: true })
  const loadAtStart = os.loadavg()

  log(`generating ${posts} posts (seed ${seed}) in ${SITE}`)
  const site = await generateSite(SITE, { posts, seed })
  const bySize = [...site.posts].sort((a, b) => a.bodyBytes - b.bodyBytes)
  const medianPost = bySize[Math.floor(bySize.length / 2)] as GeneratedPost
  const largestPost = bySize[bySize.length - 1] as GeneratedPost

  log('timing the Kiosque build')
  const kiosqueRun = await withForeignCpu(() => timeKiosqueBuild(SITE, DIST))
  const kiosque = kiosqueRun.result
  log(`  ${(kiosque.ms / 1000).toFixed(2)} s: ${kiosque.stdout.split('\n').at(-1)}`)
  let profile: Awaited<ReturnType<typeof topFunctions>> | undefined
  if (args['cpu-prof']) {
    const profiled = await timeKiosqueBuild(SITE, join(OUT, 'dist-profiled'), join(OUT, 'profile'))
    if (profiled.profile) {
      profile = await topFunctions(profiled.profile)
      log(`  profile: ${profiled.profile}`)
    }
  }
  log('timing Hugo on the same posts')
  const hugoRun = await withForeignCpu(() => timeHugoBuild(SITE, join(OUT, 'hugo'), site.posts))
  const hugo = hugoRun.result
  log(`  ${(hugo.ms / 1000).toFixed(2)} s, ${hugo.pages} pages`)

  log('timing an incremental publish after editing one post')
  const publishRun = await withForeignCpu(() => timePublish(SITE, join(OUT, 'publish'), medianPost))
  const publish = { ...publishRun.result, foreignCpuPercent: publishRun.foreignCpuPercent }
  log(
    `  ${(publish.incrementalMs / 1000).toFixed(2)} s, ${publish.keysUploaded} keys of ${publish.totalKeys}`,
  )

  log('bundling the worker (wrangler deploy --dry-run --outdir)')
  const bundle = await bundleWorker(join(OUT, 'worker'))
  log(`  ${bundle.bytes} bytes, ${bundle.gzipBytes} gzipped`)

  const build = JSON.parse(await readFile(join(DIST, 'build.json'), 'utf8')) as { version: string }
  log('seeding KV (reused when unchanged)')
  const seeded = await seedKv(join(DIST, 'kv.json'), join(OUT, 'kv'))
  log(`  ${seeded.reused ? 'reused' : 'seeded'} in ${(seeded.ms / 1000).toFixed(1)} s`)

  const pathsFile = join(SCRATCH, 'post-paths.txt')
  const shuffled = shuffle(
    site.posts.map((p) => p.url),
    seed,
  )
  await writeFile(pathsFile, `${shuffled.join('\n')}\n`)

  const serving = await measureServing(bundle.path, build.version, medianPost, shuffled, pathsFile)
  const memory = await measureMemory(bundle.path, build.version, pathsFile)
  // Profiled unminified, so that the profile names the functions (wrangler.toml may minify).
  const coldProfile = args['cpu-prof']
    ? await profileColdPass(
        (await bundleWorker(join(OUT, 'worker-unminified'), ['--minify=false'])).path,
        build.version,
        pathsFile,
      )
    : undefined

  log('measuring CPU per render inside workerd')
  const renderBundle = await bundleBenchWorker('render-worker', join(OUT, 'render'))
  const bodyOf = async (p: GeneratedPost) =>
    (await readFile(join(SITE, p.path), 'utf8')).replace(/^---\n[\s\S]*?\n---\n/, '')
  const renders = await measureRenders(
    renderBundle,
    [
      { label: 'median post', markdown: await bodyOf(medianPost), lang: medianPost.lang },
      { label: 'largest post', markdown: await bodyOf(largestPost), lang: largestPost.lang },
    ],
    smoke ? { rounds: 3, targetMs: 40 } : { rounds: 9, targetMs: 300 },
  )

  log('measuring search query CPU inside workerd, cold and warm')
  const search: SearchFigures = {
    ...(await measureSearch({
      kvJson: join(DIST, 'kv.json'),
      dir: join(OUT, 'search'),
      seed,
      count: smoke ? 40 : 400,
    })),
    bundleGrowth: await bundleGrowth(join(SCRATCH, 'search-base'), bundle.gzipBytes),
  }
  log(
    `  ${search.lang}: cold median ${search.cold.medianMs} ms, p99 ${search.cold.p99Ms} ms; warm median ${search.warm.medianMs} ms, p99 ${search.warm.p99Ms} ms`,
  )

  const results: Results = {
    schema: 1,
    date: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    options: { posts, duration, connections, threads, soakRequests, seed, socket },
    machine: machine(loadAtStart),
    source: await sourceInfo(),
    versions: await versions(hugo.version),
    site: {
      posts: site.posts.length,
      byLang: countBy(site.posts, (p) => p.lang),
      inTranslationGroups: site.posts.filter((p) => p.langRef).length,
      markdownBytes: site.posts.reduce((n, p) => n + p.bodyBytes, 0),
      bodyBytes: {
        min: bySize[0]?.bodyBytes,
        median: medianPost.bodyBytes,
        p90: bySize[Math.floor(bySize.length * 0.9)]?.bodyBytes,
        max: largestPost.bodyBytes,
      },
      medianPost: {
        url: medianPost.url,
        bodyBytes: medianPost.bodyBytes,
        pageBytes: serving.pageBytes,
      },
      largestPost: { url: largestPost.url, bodyBytes: largestPost.bodyBytes },
    },
    build: {
      method:
        'wall time of one process each: `tsx src/cli/build.ts --content … --out …` (scan, parse, validate, write kv.json) vs `hugo --quiet` (renders every page with a minimal layout); files warm in the page cache',
      kiosqueMs: Math.round(kiosque.ms),
      hugoMs: Math.round(hugo.ms),
      hugoPages: hugo.pages,
      kiosqueForeignCpuPercent: kiosqueRun.foreignCpuPercent,
      hugoForeignCpuPercent: hugoRun.foreignCpuPercent,
      ratio: kiosque.ms / hugo.ms,
      ...(profile ? { kiosqueProfileTopSelf: profile } : {}),
    },
    publish: { ...publish },
    serving: {
      method: `wrk -t${threads} -c${connections} -d${duration}s over 127.0.0.1 (${socket} socket); scenarios one after another in one run, each against the same workerd process`,
      scenarios: serving.scenarios,
      skipped: serving.skipped,
      ...(coldProfile ? { coldPassProfileTopSelf: coldProfile } : {}),
    },
    render: {
      method:
        'bench/render-worker.ts bundled with wrangler, in workerd: POST a body with ?k=K; per render = (median request time with K renders − median with 0) / K, warm; cross-checked with Date.now() inside the worker and with Node',
      figures: renders,
    },
    bundle,
    memory,
    search,
    targets: [],
    notes,
    durationSeconds: Math.round((performance.now() - began) / 1000),
  }
  results.targets = [
    ...targets(results, serving.scenarios, renders, publish, bundle, memory),
    ...searchTargets(search),
  ]

  await mkdir(resultsDir, { recursive: true })
  await writeFile(join(resultsDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(join(resultsDir, 'results.svg'), svgChart(results))
  console.log()
  console.log(report(results, renders, publish))
  console.log(
    `\nwrote ${join(resultsDir, 'results.json')} and results.svg in ${results.durationSeconds} s`,
  )
}

/** Bundles the worker as `wrangler deploy` would upload it, and measures it gzipped. */
async function bundleWorker(dir: string, extraArgs: string[] = []) {
  await rm(dir, { recursive: true, force: true })
  const noAssets = join(SCRATCH, 'no-assets')
  await mkdir(noAssets, { recursive: true })
  const result = await run(
    resolve('node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', dir, '--assets', noAssets, ...extraArgs],
    { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  const path = join(dir, 'index.js')
  const code = await readFile(path)
  const wranglerLine = /Total Upload:[^\n]*/.exec(result.stdout)?.[0]?.trim() ?? ''
  return {
    method: 'wrangler deploy --dry-run --outdir; index.js gzipped with zlib at level 9',
    path,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    wrangler: wranglerLine,
  }
}

interface ServingFigures {
  scenarios: Scenario[]
  skipped: { id: string; reason: string }[]
  pageBytes: number
}

async function measureServing(
  bundlePath: string,
  version: string,
  medianPost: GeneratedPost,
  shuffled: string[],
  pathsFile: string,
): Promise<ServingFigures> {
  const cacheDir = join(OUT, 'cache-serving')
  await rm(cacheDir, { recursive: true, force: true })
  log('starting the Kiosque worker and the bare worker in workerd')
  const kiosque = await serveKiosque({
    bundle: bundlePath,
    version,
    kvPersist: join(OUT, 'kv'),
    cachePersist: cacheDir,
  })
  const base = (s: Served, which: 'direct' | 'entry' = socket) =>
    which === 'direct' ? s.directUrl : s.entryUrl
  const at = (path: string, s: Served = kiosque, which: 'direct' | 'entry' = socket) =>
    new URL(path, base(s, which)).href

  const postResponse = await fetch(at(medianPost.url), { headers: IDENTITY })
  const pageHtml = await postResponse.text()
  if (postResponse.status !== 200)
    throw new Error(`${medianPost.url} answered ${postResponse.status}`)
  const pageBytes = Buffer.byteLength(pageHtml)
  const etag = postResponse.headers.get('etag')
  const bare = await serveBare(pageHtml)

  const scenarios: Scenario[] = []
  const skipped: { id: string; reason: string }[] = []
  const kiosquePids = () => [kiosque.pid]
  const barePids = () => [bare.pid]

  // Warm both isolates (JIT, catalog) before anything is timed.
  for (const url of [base(bare).href, at(medianPost.url), at('/')]) {
    await runWrk({ url, threads, connections, duration: 1, scratch: SCRATCH, name: 'warm-up' })
  }

  log('serving scenarios')
  scenarios.push(
    await scenario({
      id: 'bare',
      label: 'bare worker (ceiling)',
      server: 'bare',
      socket,
      url: base(bare).href,
      pids: barePids,
    }),
  )
  const source = async (url: string, headers: Record<string, string> = {}) => {
    const r = await fetch(url, { headers: { ...IDENTITY, ...headers } })
    await r.arrayBuffer()
    return { status: r.status, source: r.headers.get('x-kiosque-cache') ?? 'n/a' }
  }
  const cachedSource = (await source(at(medianPost.url))).source
  scenarios.push(
    await scenario({
      id: 'post-cached',
      label: 'post page, repeated',
      server: 'kiosque',
      socket,
      url: at(medianPost.url),
      pids: kiosquePids,
      note: `median post, ${pageBytes} B page; X-Kiosque-Cache of a repeated request: ${cachedSource}`,
    }),
  )
  // One pass over every post, in a shuffled order: each URL once, so each request misses the
  // caches (counted from X-Kiosque-Cache), reads KV and renders.
  const cold = await scenario({
    id: 'post-cold',
    label: 'post page, cold render',
    server: 'kiosque',
    socket,
    url: at('/'),
    pids: kiosquePids,
    pathsFile,
    stopAfter: shuffled.length,
    maxSeconds: smoke ? 60 : 600,
  })
  const rendered = cold.counts['source:render'] ?? 0
  cold.note = `${shuffled.length} distinct posts, one pass; ${rendered} of ${cold.requests} requests rendered (X-Kiosque-Cache: render)`
  scenarios.push(cold)

  for (const [id, label, path] of [
    ['home', 'home page /', '/'],
    ['home-en', 'English home /en/', '/en/'],
  ] as const) {
    const probe = await source(at(path))
    if (probe.status !== 200) {
      skipped.push({ id, reason: `${path} answered ${probe.status}` })
      continue
    }
    scenarios.push(
      await scenario({
        id,
        label,
        server: 'kiosque',
        socket,
        url: at(path),
        pids: kiosquePids,
        note: `X-Kiosque-Cache of a repeated request: ${(await source(at(path))).source}`,
      }),
    )
  }
  const tag = 'levain'
  for (const [id, label, candidates] of [
    ['feed', 'feed', ['/feed.xml', '/atom.xml', '/rss.xml', '/index.xml', '/feed/']],
    [
      'tag',
      'tag page',
      [`/tags/${tag}/`, `/tag/${tag}/`, `/tags/${tag}.html`, `/blog/tags/${tag}/`],
    ],
  ] as const) {
    let found: string | undefined
    const tried: string[] = []
    for (const path of candidates) {
      const probe = await source(at(path))
      tried.push(`${path} ${probe.status}`)
      if (probe.status === 200) {
        found = path
        break
      }
    }
    if (!found) {
      skipped.push({ id, reason: `no such route: ${tried.join(', ')}` })
      continue
    }
    scenarios.push(
      await scenario({
        id,
        label: `${label} ${found}`,
        server: 'kiosque',
        socket,
        url: at(found),
        pids: kiosquePids,
        note: `X-Kiosque-Cache of a repeated request: ${(await source(at(found))).source}`,
      }),
    )
  }
  if (etag) {
    const check = await fetch(at(medianPost.url), {
      headers: { ...IDENTITY, 'If-None-Match': etag },
    })
    await check.arrayBuffer()
    if (check.status === 304) {
      scenarios.push(
        await scenario({
          id: 'revalidate-304',
          label: 'post page, 304 revalidation',
          server: 'kiosque',
          socket,
          url: at(medianPost.url),
          pids: kiosquePids,
          headers: { 'If-None-Match': etag },
          note: `If-None-Match: ${etag}`,
        }),
      )
    } else
      skipped.push({
        id: 'revalidate-304',
        reason: `If-None-Match with the page's ETag answered ${check.status}`,
      })
  } else skipped.push({ id: 'revalidate-304', reason: 'n/a: the worker sends no ETag' })

  // The same two through Miniflare's entry socket (its entry worker runs before each request).
  const other = socket === 'direct' ? 'entry' : 'direct'
  scenarios.push(
    await scenario({
      id: `bare-${other}`,
      label: `bare worker, ${other} socket`,
      server: 'bare',
      socket: other,
      url: base(bare, other).href,
      pids: barePids,
    }),
    await scenario({
      id: `post-cached-${other}`,
      label: `post page, repeated, ${other} socket`,
      server: 'kiosque',
      socket: other,
      url: at(medianPost.url, kiosque, other),
      pids: kiosquePids,
    }),
    await scenario({
      id: 'bare-again',
      label: 'bare worker, again at the end',
      server: 'bare',
      socket,
      url: base(bare).href,
      pids: barePids,
    }),
  )

  log('fetching every page once from the worker for nginx')
  const docroot = join(OUT, 'nginx', 'docroot')
  await rm(docroot, { recursive: true, force: true })
  const pages = ['/', '/en/', ...shuffled]
  for (let i = 0; i < pages.length; i += 16) {
    await Promise.all(
      pages.slice(i, i + 16).map(async (path) => {
        const r = await fetch(at(path), { headers: IDENTITY })
        const body = Buffer.from(await r.arrayBuffer())
        if (r.status !== 200) return
        const file = join(docroot, path.endsWith('/') ? `${path}index.html` : path)
        await mkdir(dirname(file), { recursive: true })
        await writeFile(file, body)
      }),
    )
  }
  await kiosque.close()
  await bare.close()

  log('nginx serving the same pages as static files')
  const nginx = await startNginx(join(OUT, 'nginx'), docroot)
  try {
    const nginxAt = (path: string) => new URL(path, nginx.url).href
    scenarios.push(
      await scenario({
        id: 'nginx-post',
        label: 'nginx: post page (static)',
        server: 'nginx',
        url: nginxAt(medianPost.url),
        pids: nginx.pids,
      }),
      await scenario({
        id: 'nginx-posts-rotating',
        label: 'nginx: every post in turn',
        server: 'nginx',
        url: nginxAt('/'),
        pids: nginx.pids,
        pathsFile,
      }),
      await scenario({
        id: 'nginx-home',
        label: 'nginx: home page /',
        server: 'nginx',
        url: nginxAt('/'),
        pids: nginx.pids,
      }),
    )
  } finally {
    await nginx.close()
  }

  // Ratios: against the bare worker on the same socket, the mean of its runs.
  const bareRate = (which: string | undefined) => {
    const runs = scenarios.filter(
      (s) => s.server === 'bare' && (s.socket ?? socket) === (which ?? socket),
    )
    return runs.reduce((n, s) => n + s.reqPerSec, 0) / Math.max(1, runs.length)
  }
  for (const s of scenarios) s.ratio = s.reqPerSec / bareRate(s.socket)
  return { scenarios, skipped, pageBytes }
}

async function scenario(def: {
  id: string
  label: string
  server: Scenario['server']
  socket?: 'direct' | 'entry'
  url: string
  pids: () => number[]
  headers?: Record<string, string>
  pathsFile?: string
  stopAfter?: number
  maxSeconds?: number
  note?: string
}): Promise<Scenario> {
  const sumCpu = (pids: number[]) => pids.reduce((n, pid) => n + cpuMs(pid), 0)
  const pids = def.pids()
  const busy0 = machineBusyMs()
  const self0 = selfCpuMs()
  const server0 = sumCpu(pids)
  const t0 = performance.now()
  const w = await runWrk({
    url: def.url,
    threads,
    connections,
    duration: def.stopAfter ? (def.maxSeconds ?? 600) : duration,
    headers: { ...(def.headers ?? {}) },
    ...(def.pathsFile ? { pathsFile: def.pathsFile } : {}),
    ...(def.stopAfter ? { stopAfter: def.stopAfter, inspect: true } : {}),
    scratch: SCRATCH,
    name: def.id,
  })
  const wallMs = performance.now() - t0
  const serverMs = sumCpu(pids) - server0
  const selfMs = selfCpuMs() - self0
  const foreign = Math.max(0, machineBusyMs() - busy0 - selfMs - serverMs)
  const errors = Object.fromEntries(Object.entries(w.errors).filter(([, n]) => n > 0))
  const result: Scenario = {
    id: def.id,
    label: def.label,
    server: def.server,
    ...(def.socket ? { socket: def.socket } : {}),
    target: new URL(def.url).pathname,
    reqPerSec: w.reqPerSec,
    ratio: Number.NaN,
    p50Ms: w.p50,
    p90Ms: w.p90,
    p99Ms: w.p99,
    maxMs: w.max,
    requests: w.requests,
    seconds: w.seconds,
    bytesPerRequest: Math.round(w.bytesPerRequest),
    serverCpuMsPerRequest: serverMs / Math.max(1, w.requests),
    foreignCpuPercent: (foreign / (wallMs * os.cpus().length)) * 100,
    errors,
    counts: w.counts,
    ...(def.note ? { note: def.note } : {}),
  }
  log(
    `  ${def.label}: ${Math.round(w.reqPerSec)} req/s, p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms, ` +
      `${result.serverCpuMsPerRequest.toFixed(3)} ms CPU/req${Object.keys(errors).length ? `, errors ${JSON.stringify(errors)}` : ''}`,
  )
  if (result.foreignCpuPercent > 10)
    notes.push(
      `${def.id}: other processes kept ${result.foreignCpuPercent.toFixed(0)}% of the machine busy during the run`,
    )
  return result
}

/** A new isolate with an empty Cache API of its own and the inspector on, over the built KV. */
async function freshInspectedIsolate(bundlePath: string, version: string, cacheName: string) {
  const cachePersist = join(OUT, cacheName)
  await rm(cachePersist, { recursive: true, force: true })
  return serveKiosque({
    bundle: bundlePath,
    version,
    kvPersist: join(OUT, 'kv'),
    cachePersist,
    inspector: true,
  })
}

/** A fresh isolate serving 100,000 requests (10 passes over 10,000 posts), its memory sampled. */
async function measureMemory(bundlePath: string, version: string, pathsFile: string) {
  log(`memory: ${soakRequests} requests over every post, RSS and V8 heap sampled`)
  const kiosque = await freshInspectedIsolate(bundlePath, version, 'cache-soak')
  let heap: HeapReader | undefined
  try {
    const url = socket === 'direct' ? kiosque.directUrl : kiosque.entryUrl
    await (await fetch(new URL('/', url), { headers: IDENTITY })).arrayBuffer()
    heap = await connectHeapReader(await kiosque.mf.getInspectorURL(), 'kiosque').catch(
      () => undefined,
    )
    if (!heap)
      notes.push('memory: the isolate heap could not be read through the inspector; RSS only')
    const poke = () => fetch(new URL('/', url), { headers: IDENTITY }).then((r) => r.arrayBuffer())
    const heapAfterGc = async () => {
      if (!heap) return undefined
      await heap.collectGarbage(poke)
      return (await heap.usage()).usedBytes
    }
    // t: seconds since the load started; the first sample is taken before it. Each sample forces
    // a full GC in the isolate (a few ms every few seconds), so the heap figure is what it retains.
    const samples: {
      t: number
      rssKiB: number
      rssAnonKiB: number
      rssFileKiB: number
      heapAfterGcBytes?: number
    }[] = []
    let t0 = performance.now()
    const sample = async () => {
      const retained = await heapAfterGc().catch(() => undefined)
      samples.push({
        t: Math.round((performance.now() - t0) / 100) / 10,
        rssKiB: rssKiB(kiosque.pid),
        rssAnonKiB: rssParts(kiosque.pid).anonKiB,
        rssFileKiB: rssParts(kiosque.pid).fileKiB,
        ...(retained === undefined ? {} : { heapAfterGcBytes: retained }),
      })
    }
    const startGc = await heapAfterGc().catch(() => undefined)
    t0 = performance.now()
    await sample()
    let sampling = true
    const interval = smoke ? 250 : 2000
    const sampler = (async () => {
      while (sampling) {
        await new Promise((done) => setTimeout(done, interval))
        if (sampling) await sample()
      }
    })()
    const w = await runWrk({
      url: url.href,
      threads,
      connections,
      duration: smoke ? 60 : 1800,
      pathsFile,
      stopAfter: soakRequests,
      scratch: SCRATCH,
      name: 'soak',
    })
    sampling = false
    await sampler
    await sample()
    const endGc = await heapAfterGc().catch(() => undefined)
    // Flat: after the first quarter of the run (first renders, caches filling up to their
    // bounds), the median of the last quarter's samples is within 10% of the second quarter's.
    const growthOf = (pick: (s: (typeof samples)[number]) => number | undefined) => {
      const quarter = (q: number) =>
        samples
          .filter((s) => s.t > 0 && s.t >= (q * w.seconds) / 4 && s.t < ((q + 1) * w.seconds) / 4)
          .map(pick)
          .filter((v): v is number => v !== undefined)
      const med = (xs: number[]) =>
        [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
      const second = med(quarter(1))
      const last = med([
        ...quarter(3),
        ...samples
          .slice(-1)
          .map(pick)
          .filter((v): v is number => v !== undefined),
      ])
      return { second, last, growth: (last - second) / second }
    }
    const rss = growthOf((s) => s.rssKiB)
    const heapGrowth = growthOf((s) => s.heapAfterGcBytes)
    const flatness = (g: number) => (Number.isFinite(g) ? g <= 0.1 : null)
    return {
      method:
        'a fresh workerd (Miniflare) serving wrk requests over every post in turn; every few seconds, the RSS of the workerd process (/proc; it also holds Miniflare’s KV and Cache API simulators) and the isolate’s V8 heap after a forced full GC (inspector: HeapProfiler.collectGarbage, Runtime.getHeapUsage). Flat: the median of the last quarter of the run within 10% of the second quarter’s',
      requests: w.requests,
      seconds: w.seconds,
      reqPerSec: w.reqPerSec,
      sources: w.counts,
      errors: w.errors,
      samples,
      heapAfterGcStartBytes: startGc,
      heapAfterGcEndBytes: endGc,
      heapMedianSecondQuarterBytes: heapGrowth.second,
      heapMedianLastQuarterBytes: heapGrowth.last,
      heapGrowthAfterWarmup: heapGrowth.growth,
      heapFlat: flatness(heapGrowth.growth),
      rssMedianSecondQuarterKiB: rss.second,
      rssMedianLastQuarterKiB: rss.last,
      rssGrowthAfterWarmup: rss.growth,
      rssFlat: flatness(rss.growth),
    }
  } finally {
    heap?.close()
    await kiosque.close()
  }
}

/** `--cpu-prof`: V8's profile of the isolate during a cold pass over the posts, top self times. */
async function profileColdPass(bundlePath: string, version: string, pathsFile: string) {
  log('profiling a cold pass inside the isolate (inspector, Profiler.start/stop)')
  const kiosque = await freshInspectedIsolate(bundlePath, version, 'cache-profile')
  const heap = await connectHeapReader(await kiosque.mf.getInspectorURL(), 'kiosque').catch(
    () => undefined,
  )
  try {
    if (!heap) return undefined
    const url = socket === 'direct' ? kiosque.directUrl : kiosque.entryUrl
    await (await fetch(new URL('/', url), { headers: IDENTITY })).arrayBuffer()
    await heap.startProfiler()
    const w = await runWrk({
      url: url.href,
      threads,
      connections,
      duration: 600,
      pathsFile,
      stopAfter: Math.min(posts, 3000),
      scratch: SCRATCH,
      name: 'profile',
    })
    const profile = await heap.stopProfiler()
    await writeFile(join(OUT, 'profile', 'cold-pass.cpuprofile'), JSON.stringify(profile)).catch(
      async () => {
        await mkdir(join(OUT, 'profile'), { recursive: true })
        await writeFile(join(OUT, 'profile', 'cold-pass.cpuprofile'), JSON.stringify(profile))
      },
    )
    const { busyMs, top } = await topFunctions(profile, 20)
    // The isolate's own JavaScript time per request; the rest of workerd's CPU per request is
    // HTTP, the runtime's native work and Miniflare's KV and Cache API simulators.
    return {
      requests: w.requests,
      sources: w.counts,
      isolateBusyMsPerRequest: busyMs / Math.max(1, w.requests),
      top,
    }
  } finally {
    heap?.close()
    await kiosque.close()
  }
}

function targets(
  results: Results,
  scenarios: Scenario[],
  renders: RenderFigures[],
  publish: PublishFigures,
  bundle: { gzipBytes: number },
  memory: {
    heapFlat: boolean | null
    heapGrowthAfterWarmup: number
    rssFlat: boolean | null
    rssGrowthAfterWarmup: number
  },
): Target[] {
  const cached = scenarios.find((s) => s.id === 'post-cached')
  const [medianRender, largestRender] = renders
  const build = results.build as { kiosqueMs: number; hugoMs: number }
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`
  return [
    {
      name: 'cached post vs bare worker',
      target: '≥ 90% of bare req/s',
      value: cached ? pct(cached.ratio) : 'n/a',
      met: cached ? cached.ratio >= 0.9 : null,
    },
    {
      name: 'render, median post',
      target: '≤ 0.5 ms CPU',
      value: medianRender ? `${medianRender.msPerRender.toFixed(3)} ms` : 'n/a',
      met: medianRender ? medianRender.msPerRender <= 0.5 : null,
      ...(medianRender ? { note: `${medianRender.bodyBytes} B of Markdown` } : {}),
    },
    {
      name: 'render, largest post',
      target: '≤ 3 ms CPU',
      value: largestRender ? `${largestRender.msPerRender.toFixed(3)} ms` : 'n/a',
      met: largestRender ? largestRender.msPerRender <= 3 : null,
      ...(largestRender ? { note: `${largestRender.bodyBytes} B of Markdown` } : {}),
    },
    {
      name: `full build of ${posts} posts`,
      target: 'faster than Hugo',
      value: `${(build.kiosqueMs / 1000).toFixed(2)} s vs Hugo ${(build.hugoMs / 1000).toFixed(2)} s`,
      met: build.kiosqueMs < build.hugoMs,
    },
    {
      name: 'incremental publish, keys',
      target: '≤ 10 keys',
      value: `${publish.keysUploaded} keys`,
      met: publish.keysUploaded <= 10,
    },
    {
      name: 'incremental publish, time',
      target: '≤ 1 s',
      value: `${(publish.incrementalMs / 1000).toFixed(2)} s`,
      met: publish.incrementalMs <= 1000,
    },
    {
      name: 'worker bundle',
      target: '≤ 150 KiB gzipped',
      value: `${(bundle.gzipBytes / 1024).toFixed(1)} KiB`,
      met: bundle.gzipBytes <= 150 * 1024,
    },
    {
      name: 'memory',
      target: 'flat',
      value: `isolate heap after GC ${signed(memory.heapGrowthAfterWarmup)}, workerd RSS ${signed(memory.rssGrowthAfterWarmup)} (last vs second quarter)`,
      met: memory.heapFlat === null ? memory.rssFlat : memory.heapFlat && memory.rssFlat !== false,
    },
  ]
}

function searchTargets(search: SearchFigures): Target[] {
  const at = `${search.docs} ${search.lang} documents`
  const timing = (name: string, value: number, max: number): Target => ({
    name,
    target: `≤ ${max} ms CPU`,
    value: `${value.toFixed(2)} ms`,
    met: value <= max,
    note: at,
  })
  const growth = search.bundleGrowth
  return [
    timing('search query, cold isolate, median', search.cold.medianMs, 5),
    timing('search query, cold isolate, p99', search.cold.p99Ms, 20),
    timing('search query, warm isolate, median', search.warm.medianMs, 5),
    timing('search query, warm isolate, p99', search.warm.p99Ms, 20),
    {
      name: 'worker bundle growth with search',
      target: '≤ 30 KB gzipped',
      value: growth ? `${(growth.growthBytes / 1000).toFixed(1)} KB` : 'n/a',
      met: growth ? growth.growthBytes <= 30_000 : null,
      note: growth ? `against ${growth.base}` : 'git archive failed',
    },
  ]
}

function signed(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : 'n/a'
}

function report(results: Results, renders: RenderFigures[], publish: PublishFigures): string {
  const b = results.build as {
    kiosqueMs: number
    hugoMs: number
    hugoPages: number
    kiosqueForeignCpuPercent: number
    hugoForeignCpuPercent: number
  }
  const busy = (pct: number | undefined) =>
    pct === undefined ? '' : ` [other processes: ${pct.toFixed(0)}% of the machine]`
  const m = results.memory as {
    requests: number
    samples: { rssKiB: number; heapAfterGcBytes?: number }[]
  }
  const mib = (kib: number) => (kib / 1024).toFixed(0)
  const lines = [
    `## Kiosque benchmark (${results.mode}, ${results.date.slice(0, 16)}Z)`,
    '',
    markdownTables(results),
    '',
    `Build: Kiosque ${(b.kiosqueMs / 1000).toFixed(2)} s${busy(b.kiosqueForeignCpuPercent)}, Hugo ${(b.hugoMs / 1000).toFixed(2)} s (${b.hugoPages} pages)${busy(b.hugoForeignCpuPercent)}; ratio ${(b.kiosqueMs / b.hugoMs).toFixed(2)}.`,
    `Publish after a one-post edit: ${(publish.incrementalMs / 1000).toFixed(2)} s, ${publish.keysUploaded} of ${publish.totalKeys} keys (build.json diff ${publish.buildJsonDiff})${publish.dryRun ? `; dry run ${(publish.dryRun.ms / 1000).toFixed(2)} s: "${publish.dryRun.line}"` : ''}${busy(publish.foreignCpuPercent)}.`,
    ...renders.map(
      (r) =>
        `Render, ${r.label} (${r.bodyBytes} B): ${r.msPerRender.toFixed(3)} ms in workerd (worker clock ${r.workerClockMs.toFixed(3)} ms, Node ${r.nodeMs.toFixed(3)} ms)${r.firstRenderMs !== undefined ? `; first render in a fresh isolate ${r.firstRenderMs} ms` : ''}${busy(r.foreignCpuPercent)}.`,
    ),
    `Bundle: ${(results.bundle as { bytes: number }).bytes} B, ${(results.bundle as { gzipBytes: number }).gzipBytes} B gzipped.`,
    `Memory over ${m.requests} requests: workerd RSS ${m.samples.map((s) => mib(s.rssKiB)).join(' ')} MiB` +
      (m.samples.some((s) => s.heapAfterGcBytes !== undefined)
        ? `; isolate heap after GC ${m.samples.map((s) => ((s.heapAfterGcBytes ?? Number.NaN) / 1048576).toFixed(1)).join(' ')} MiB`
        : '') +
      '.',
    ...results.notes.map((n) => `Note: ${n}`),
  ]
  return lines.join('\n')
}

/** The commit measured (BENCH_SOURCE_COMMIT when run outside a git checkout, e.g. a snapshot). */
async function sourceInfo(): Promise<Record<string, unknown>> {
  const head = await run('git', ['rev-parse', 'HEAD'], { allowFailure: true }).catch(
    () => undefined,
  )
  if (head?.code === 0) {
    const status = await run(
      'git',
      ['status', '--porcelain', '--', 'src', 'wrangler.toml', 'package-lock.json'],
      {
        allowFailure: true,
      },
    )
    return { commit: head.stdout.trim(), uncommittedChangesInSrc: status.stdout.trim().length > 0 }
  }
  return { commit: process.env.BENCH_SOURCE_COMMIT ?? 'unknown', snapshot: true }
}

function machine(loadAtStart: number[]) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    kernel: os.release(),
    loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100),
  }
}

async function versions(hugo: string): Promise<Record<string, string>> {
  const pkg = (name: string) =>
    (
      JSON.parse(readFileSync(resolve('node_modules', name, 'package.json'), 'utf8')) as {
        version: string
      }
    ).version
  const first = async (command: string, args: string[]) => {
    const r = await run(command, args, { allowFailure: true })
    return `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? ''
  }
  return {
    node: process.version,
    wrangler: pkg('wrangler'),
    workerd: pkg('workerd'),
    miniflare: pkg('miniflare'),
    hono: pkg('hono'),
    marked: pkg('marked'),
    hugo,
    nginx: await first('nginx', ['-v']),
    wrk: await first('wrk', ['-v']),
  }
}

function shuffle<T>(items: T[], seed: number): T[] {
  const rng = mulberry32(seed ^ 0x5eed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1
  return counts
}

try {
  await main()
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await cleanupAll()
}
