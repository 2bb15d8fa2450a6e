import { mkdir, readFile, rm, symlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { SearchRoot } from '../../src/model/search'
import type { Manifest } from '../../src/model/types'
import { mulberry32 } from '../generate'
import { run } from './procs'
import { bundleBenchWorker } from './render-bench'
import { compatibility, serve } from './serve'

/** The last commit without search: the bundle growth is measured against it. */
export const BEFORE_SEARCH = 'f95417d^'

/** What the search scenario measured. */
export interface SearchFigures {
  method: string
  lang: string
  docs: number
  queries: number
  cold: { medianMs: number; p99Ms: number }
  warm: { medianMs: number; p99Ms: number }
  /** Per language: documents, shard counts, total and largest shard bytes. */
  indexSize: Record<
    string,
    {
      docs: number
      termShards: number
      textShards: number
      bytes: number
      largestShardBytes: number
    }
  >
  bundleGrowth?: { baselineGzipBytes: number; gzipBytes: number; growthBytes: number; base: string }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}

/**
 * Query CPU in workerd on a built site: the language with the most documents, `count` queries
 * drawn (seeded) from its titles, cold and warm (see bench/search-worker.ts).
 */
export async function measureSearch(options: {
  kvJson: string
  dir: string
  seed: number
  count: number
}): Promise<Omit<SearchFigures, 'bundleGrowth'>> {
  const entries = JSON.parse(await readFile(options.kvJson, 'utf8')) as {
    key: string
    value: string
  }[]
  const values = new Map(entries.map((e) => [e.key, e.value]))
  const manifestEntry = entries.findLast((e) => e.key.startsWith('manifest:'))
  if (!manifestEntry) throw new Error(`${options.kvJson} holds no manifest`)
  const manifest = JSON.parse(manifestEntry.value) as Manifest
  const roots = Object.entries(manifest.search ?? {}) as [string, SearchRoot][]
  if (roots.length === 0) throw new Error('the manifest has no search index')
  const indexSize: SearchFigures['indexSize'] = {}
  for (const [lang, root] of roots) {
    const sizes = [...root.terms, ...root.texts].map((k) => Buffer.byteLength(values.get(k) ?? ''))
    indexSize[lang] = {
      docs: root.docs,
      termShards: root.terms.length,
      textShards: root.texts.length,
      bytes: sizes.reduce((a, b) => a + b, 0),
      largestShardBytes: Math.max(...sizes),
    }
  }
  const [lang, root] = roots.sort((a, b) => b[1].docs - a[1].docs)[0] as [string, SearchRoot]
  const random = mulberry32(options.seed)
  const titles = manifest.posts.filter((p) => p.lang === lang).map((p) => p.title)
  const queries: string[] = []
  while (queries.length < options.count && titles.length > 0) {
    const words = (titles[Math.floor(random() * titles.length)] ?? '')
      .split(/\s+/)
      .filter((w) => w.length > 3)
    if (words.length === 0) continue
    const n = 1 + Math.floor(random() * Math.min(3, words.length))
    const start = Math.floor(random() * (words.length - n + 1))
    queries.push(words.slice(start, start + n).join(' '))
  }
  // The capped worst case: twelve terms.
  queries.push(titles.slice(0, 6).join(' '))

  const bundle = await bundleBenchWorker('search-worker', options.dir)
  const served = await serve({
    name: 'search',
    modules: true,
    scriptPath: bundle,
    compatibilityDate: compatibility().compatibilityDate,
  })
  try {
    const post = async (path: string, body: unknown) => {
      const response = await fetch(new URL(path, served.directUrl), {
        method: 'POST',
        body: JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`)
      return response.json()
    }
    const keys = [...root.terms, ...root.texts]
    await post('/load', {
      lang,
      root,
      values: Object.fromEntries(keys.map((k) => [k, values.get(k) ?? ''])),
    })
    const timed = async (mode: 'cold' | 'warm') => {
      const { ms } = (await post('/run', { queries, mode })) as { ms: number[] }
      return { medianMs: round(quantile(ms, 0.5)), p99Ms: round(quantile(ms, 0.99)) }
    }
    // A first pass warms the worker's own code (JIT) for both modes alike.
    await post('/run', { queries: queries.slice(0, 20), mode: 'cold' })
    const cold = await timed('cold')
    const warm = await timed('warm')
    return {
      method:
        'bench/search-worker.ts in workerd: each query analysed, ranked over its term shards and given the snippets of its first page, timed with performance.now() inside the isolate over 10 runs (its clock ticks by the millisecond); cold = caches emptied before each query (shards parsed from their JSON text), warm = shards already parsed, result cache emptied; KV I/O is not CPU and is left out',
      lang,
      docs: root.docs,
      queries: queries.length,
      cold,
      warm,
      indexSize,
    }
  } finally {
    await served.close()
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000

/**
 * The worker's bundle growth since search: the commit before it (`git archive`, with this
 * checkout's node_modules) bundled as `wrangler deploy` would, gzipped at level 9.
 */
export async function bundleGrowth(
  dir: string,
  gzipBytes: number,
): Promise<SearchFigures['bundleGrowth']> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const archive = await run(
    'git',
    [
      'archive',
      '--format=tar',
      '-o',
      join(dir, 'base.tar'),
      BEFORE_SEARCH,
      'src',
      'wrangler.toml',
      'tsconfig.json',
      'package.json',
    ],
    { allowFailure: true },
  )
  if (archive.code !== 0) return undefined
  await run('tar', ['-xf', 'base.tar'], { cwd: dir })
  await symlink(resolve('node_modules'), join(dir, 'node_modules'))
  const noAssets = join(dir, 'no-assets')
  await mkdir(noAssets, { recursive: true })
  await run(
    resolve('node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', join(dir, 'out'), '--assets', noAssets],
    { cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  const baselineGzipBytes = gzipSync(await readFile(join(dir, 'out', 'index.js')), {
    level: 9,
  }).length
  return {
    baselineGzipBytes,
    gzipBytes,
    growthBytes: gzipBytes - baselineGzipBytes,
    base: BEFORE_SEARCH,
  }
}
