import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { GeneratedPost } from '../generate'
import { writeHugoSite } from '../hugo'
import type { CpuProfile } from './inspector'
import { run } from './procs'

const TSX = resolve('node_modules/.bin/tsx')

/** Times `tsx src/cli/build.ts` (a fresh process, as a user runs it) on the site. */
export async function timeKiosqueBuild(
  site: string,
  out: string,
  profileDir?: string,
): Promise<{ ms: number; stdout: string; profile?: string }> {
  const args = ['src/cli/build.ts', '--content', site, '--out', out]
  if (!profileDir) {
    const result = await run(TSX, args)
    return { ms: result.ms, stdout: result.stdout.trim() }
  }
  // The same build under V8's sampling profiler, for the analysis of where the time goes.
  await rm(profileDir, { recursive: true, force: true })
  await mkdir(profileDir, { recursive: true })
  const result = await run(process.execPath, [
    '--cpu-prof',
    '--cpu-prof-dir',
    profileDir,
    '--import',
    'tsx',
    ...args,
  ])
  const file = (await readdir(profileDir)).find((f) => f.endsWith('.cpuprofile'))
  return {
    ms: result.ms,
    stdout: result.stdout.trim(),
    ...(file ? { profile: join(profileDir, file) } : {}),
  }
}

/** Writes the matching Hugo site and times `hugo` building it. */
export async function timeHugoBuild(
  site: string,
  hugoDir: string,
  posts: GeneratedPost[],
): Promise<{ ms: number; pages: number; version: string }> {
  await writeHugoSite(site, hugoDir, posts)
  const publicDir = resolve(hugoDir, '..', 'hugo-public')
  await rm(publicDir, { recursive: true, force: true })
  const version = (await run('hugo', ['version'])).stdout.trim()
  const result = await run('hugo', ['--quiet', '--source', hugoDir, '--destination', publicDir])
  const pages = await countFiles(publicDir, '.html')
  return { ms: result.ms, pages, version }
}

async function countFiles(dir: string, ext: string): Promise<number> {
  let n = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) n++
  }
  return n
}

/** The self time of a .cpuprofile's functions, the heaviest first. */
export async function topFunctions(
  profile: string | CpuProfile,
  count = 12,
): Promise<{ busyMs: number; top: { fn: string; selfMs: number; percent: number }[] }> {
  const data =
    typeof profile === 'string'
      ? (JSON.parse(await readFile(profile, 'utf8')) as CpuProfile)
      : profile
  const byId = new Map(data.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let total = 0
  data.samples.forEach((id, i) => {
    const node = byId.get(id)
    const dt = (data.timeDeltas[i] ?? 0) / 1000
    total += dt
    if (!node) return
    const { functionName, url, lineNumber } = node.callFrame
    // Time the isolate spent waiting (for I/O, for requests) is not work.
    if (functionName === '(idle)') {
      total -= dt
      return
    }
    const where = url ? `${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + dt)
  })
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, ms]) => ({
      fn,
      selfMs: Math.round(ms),
      percent: Math.round((ms / total) * 1000) / 10,
    }))
  return { busyMs: Math.round(total), top }
}

/** Keys of a build's `build.json`. */
async function buildKeys(out: string): Promise<string[]> {
  const record = JSON.parse(await readFile(join(out, 'build.json'), 'utf8')) as { keys: string[] }
  return record.keys
}

export interface PublishFigures {
  method: string
  /** Wall time of the publish after the one-post edit, in ms. */
  incrementalMs: number
  /** Keys that publish uploaded (or would upload). */
  keysUploaded: number
  totalKeys: number
  /** Keys of the second build that the first did not have (`dist/build.json`). */
  buildJsonDiff: number
  firstPublishMs?: number
  firstPublishKeys?: number
  dryRun?: { ms: number; wouldUpload: number | null; line: string }
  notes: string[]
  /** Share of the machine other processes used meanwhile (set by the caller). */
  foreignCpuPercent?: number
}

const STAND_IN = `#!/usr/bin/env node
// The benchmark's stand-in for wrangler (KIOSQUE_WRANGLER): it records each call and the number
// of keys in each bulk-put file, uploads nothing, and answers \`kv key list\` with an empty list.
import { appendFileSync, readFileSync } from 'node:fs'
const args = process.argv.slice(2)
let keys = null
if (args[0] === 'kv' && args[1] === 'bulk' && args[2] === 'put') keys = JSON.parse(readFileSync(args[3], 'utf8')).length
appendFileSync(process.env.BENCH_WRANGLER_LOG, JSON.stringify({ args, keys }) + '\\n')
if (args[0] === 'kv' && args[1] === 'key' && args[2] === 'list') process.stdout.write('[]\\n')
`

/**
 * Times a publish after editing one post. The real `src/cli/deploy.ts` runs twice with a
 * stand-in for wrangler (README: KIOSQUE_WRANGLER), which records what would go to Cloudflare:
 * once to publish the whole site (and leave deploy.ts's own record of the uploaded keys), then,
 * after the edit, once more. The second run's uploaded keys are counted from the bulk-put files
 * deploy.ts handed to wrangler. `deploy --dry-run` is also timed after the edit, and its "would
 * upload N of M keys" line parsed. Without that support, it falls back to timing a rebuild and
 * diffing the keys of `dist/build.json` between the two builds.
 */
export async function timePublish(
  site: string,
  work: string,
  post: GeneratedPost,
): Promise<PublishFigures> {
  await rm(work, { recursive: true, force: true })
  await mkdir(work, { recursive: true })
  const out = join(work, 'dist')
  const state = join(work, 'state')
  const log = join(work, 'wrangler-calls.jsonl')
  const standIn = join(work, 'wrangler-stand-in.mjs')
  await writeFile(standIn, STAND_IN)
  await chmod(standIn, 0o755)
  const toml = await readFile('wrangler.toml', 'utf8')
  const config = join(work, 'wrangler.toml')
  await writeFile(config, toml.replace(/^(id\s*=\s*)"[^"]*"/m, '$1"bench-stand-in-namespace"'))
  const env = { ...process.env, KIOSQUE_WRANGLER: standIn, BENCH_WRANGLER_LOG: log }
  const deploy = (extra: string[]) =>
    run(
      TSX,
      [
        'src/cli/deploy.ts',
        '--content',
        site,
        '--out',
        out,
        '--config',
        config,
        '--state-dir',
        state,
        ...extra,
      ],
      { env, allowFailure: true },
    )
  const calls = async () =>
    (await readFile(log, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { args: string[]; keys: number | null })
  const uploadedSince = async (from: number) =>
    (await calls()).slice(from).reduce((n, c) => n + (c.keys ?? 0), 0)

  const notes: string[] = []
  const file = join(site, post.path)
  const original = await readFile(file, 'utf8')
  try {
    const first = await deploy([])
    const firstKeys = await buildKeys(out).catch(() => [] as string[])
    if (first.code !== 0) {
      notes.push(
        `deploy.ts with a stand-in wrangler failed (${(first.stderr || first.stdout).trim().split('\n').slice(-2).join(' ')}): fell back to a rebuild and the build.json diff`,
      )
      return await rebuildFallback(site, work, file, original, notes)
    }
    const firstUploaded = await uploadedSince(0)
    await writeFile(file, `${original}\nEdited by the benchmark to time an incremental publish.\n`)
    const dry = await deploy(['--dry-run'])
    const dryLine = /would upload[^\n]*/i.exec(dry.stdout)?.[0] ?? ''
    const wouldUpload = /would upload (\d+)/i.exec(dryLine)?.[1]
    const before = (await calls()).length
    const second = await deploy([])
    if (second.code !== 0) throw new Error(`deploy failed after the edit: ${second.stderr}`)
    const secondKeys = await buildKeys(out)
    const known = new Set(firstKeys)
    return {
      method:
        'src/cli/deploy.ts run twice with a stand-in wrangler (KIOSQUE_WRANGLER): full publish, edit one post, publish again; keys counted in the bulk-put files it was given',
      incrementalMs: second.ms,
      keysUploaded: await uploadedSince(before),
      totalKeys: secondKeys.length,
      buildJsonDiff: secondKeys.filter((k) => !known.has(k)).length,
      firstPublishMs: first.ms,
      firstPublishKeys: firstUploaded,
      dryRun: {
        ms: dry.ms,
        wouldUpload: wouldUpload === undefined ? null : Number(wouldUpload),
        line: dryLine.trim(),
      },
      notes,
    }
  } finally {
    await writeFile(file, original)
  }
}

async function rebuildFallback(
  site: string,
  work: string,
  file: string,
  original: string,
  notes: string[],
): Promise<PublishFigures> {
  const out = join(work, 'dist-fallback')
  await timeKiosqueBuild(site, out)
  const before = new Set(await buildKeys(out))
  await writeFile(file, `${original}\nEdited by the benchmark to time an incremental publish.\n`)
  const rebuilt = await timeKiosqueBuild(site, out)
  const after = await buildKeys(out)
  const diff = after.filter((k) => !before.has(k)).length
  return {
    method:
      'rebuild after a one-post edit; keys to upload = keys of dist/build.json the previous build lacked',
    incrementalMs: rebuilt.ms,
    keysUploaded: diff,
    totalKeys: after.length,
    buildJsonDiff: diff,
    notes,
  }
}
