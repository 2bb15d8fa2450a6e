import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Miniflare, type MiniflareOptions } from 'miniflare'
import { childrenOf, onCleanup } from './procs'

/** A worker served by workerd on 127.0.0.1 through Miniflare's own sockets. */
export interface Served {
  /** Miniflare's entry socket (`await mf.ready`): Miniflare's entry worker, then this worker. */
  entryUrl: URL
  /** A socket of workerd's straight to this worker (`unsafeDirectSockets`), as in production. */
  directUrl: URL
  /** PID of the workerd process that runs it. */
  pid: number
  mf: Miniflare
  close(): Promise<void>
}

/** wrangler.toml's compatibility date and flags, so the benchmark runs the worker as deployed. */
export function compatibility(): { compatibilityDate: string; compatibilityFlags: string[] } {
  const toml = readFileSync(resolve('wrangler.toml'), 'utf8')
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1]
  if (!date) throw new Error('wrangler.toml has no compatibility_date')
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? ''
  return {
    compatibilityDate: date,
    compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string),
  }
}

const claimed = new Set<number>()

/**
 * Starts Miniflare on 127.0.0.1 (free ports) with one worker, and finds the workerd process it
 * spawned. The worker gets a direct socket besides Miniflare's entry socket; request logging,
 * which would add work to every request, is off.
 */
export async function serve(options: MiniflareOptions & { name?: string }): Promise<Served> {
  const before = new Set(childrenOf(process.pid).map((c) => c.pid))
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    logRequests: false,
    // A fixed request.cf: by default Miniflare would fetch one from Cloudflare at start-up.
    cf: { colo: 'LOC', country: 'FR' },
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
    ...options,
  } as MiniflareOptions)
  const close = onCleanup(() => mf.dispose())
  const entryUrl = await mf.ready
  const directUrl = await mf.unsafeGetDirectURL(options.name)
  const workerd = childrenOf(process.pid).find(
    (c) => c.comm === 'workerd' && !before.has(c.pid) && !claimed.has(c.pid),
  )
  if (!workerd) {
    await close()
    throw new Error('cannot find the workerd process Miniflare started')
  }
  claimed.add(workerd.pid)
  return {
    entryUrl,
    directUrl,
    pid: workerd.pid,
    mf,
    close: async () => {
      claimed.delete(workerd.pid)
      await close()
    },
  }
}

interface KvEntry {
  key: string
  value: string
}

/**
 * Fills an on-disk KV store (Miniflare's `kvPersist` folder) with a build's `kv.json`, through a
 * small seeding worker inside workerd: 10,000 puts from Node through Miniflare's proxy take
 * about a minute, from inside workerd a few seconds. A folder already seeded with the same
 * entries is reused.
 */
export async function seedKv(
  kvJson: string,
  persistDir: string,
): Promise<{ ms: number; reused: boolean }> {
  const t0 = performance.now()
  const marker = join(persistDir, 'seeded.json')
  const text = await readFile(kvJson, 'utf8')
  const signature = `${text.length}:${text.slice(-200)}`
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === signature)
    return { ms: performance.now() - t0, reused: true }
  await rm(persistDir, { recursive: true, force: true })
  await mkdir(persistDir, { recursive: true })
  const entries = JSON.parse(text) as KvEntry[]
  const seeder = await serve({
    modules: true,
    script: SEED_WORKER,
    compatibilityDate: compatibility().compatibilityDate,
    kvNamespaces: ['POSTS'],
    kvPersist: persistDir,
  })
  try {
    let batch: KvEntry[] = []
    let bytes = 0
    const send = async () => {
      if (batch.length === 0) return
      const response = await seeder.mf.dispatchFetch('http://seed.invalid/', {
        method: 'POST',
        body: JSON.stringify(batch),
      })
      const answer = await response.text()
      if (!response.ok) throw new Error(`seeding KV failed: ${response.status} ${answer}`)
      batch = []
      bytes = 0
    }
    for (const entry of entries) {
      batch.push(entry)
      bytes += entry.value.length
      if (batch.length >= 200 || bytes > 4_000_000) await send()
    }
    await send()
  } finally {
    await seeder.close()
  }
  await writeFile(marker, signature)
  return { ms: performance.now() - t0, reused: false }
}

const SEED_WORKER = `export default {
  async fetch(request, env) {
    const entries = await request.json()
    await Promise.all(entries.map((e) => env.POSTS.put(e.key, e.value)))
    return new Response(String(entries.length))
  },
}`

/** The Kiosque worker bundle, serving a seeded KV folder. */
export function serveKiosque(options: {
  bundle: string
  version: string
  kvPersist: string
  cachePersist: string
  inspector?: boolean
}): Promise<Served> {
  const { compatibilityDate, compatibilityFlags } = compatibility()
  return serve({
    name: 'kiosque',
    modules: true,
    scriptPath: options.bundle,
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
    compatibilityDate,
    compatibilityFlags,
    kvNamespaces: ['POSTS'],
    kvPersist: options.kvPersist,
    // On disk, as the Cache API lives outside the isolate in production too.
    cachePersist: options.cachePersist,
    bindings: { CONTENT_VERSION: options.version },
    ...(options.inspector ? { inspectorPort: 0 } : {}),
  })
}

/** The ceiling: a module worker that returns one constant HTML page, doing nothing else. */
export function serveBare(html: string): Promise<Served> {
  const { compatibilityDate, compatibilityFlags } = compatibility()
  return serve({
    name: 'bare',
    modules: true,
    script: `const HTML = ${JSON.stringify(html)}
export default {
  fetch() {
    return new Response(HTML, { headers: { 'Content-Type': 'text/html; charset=UTF-8' } })
  },
}`,
    compatibilityDate,
    compatibilityFlags,
  })
}
