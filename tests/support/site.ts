import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { Miniflare, type RequestInit } from 'miniflare'
import { scanContent } from '../../src/build/scan'
import { buildSite, type KvEntry, type SiteBuild } from '../../src/build/site'
import { writeBuild } from '../../src/build/write'
import { BUNDLE_DIR, TEST_DIR } from './paths'

/** A content folder built and served by the bundled worker in workerd. */
export interface ServedSite {
  build: SiteBuild
  mf: Miniflare
  /** Fetches a site path (or absolute URL) from the worker. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

const ORIGIN = 'https://kiosque.test'

/** The compatibility date of wrangler.toml, so tests run the worker as it is deployed. */
export function compatibilityDate(): string {
  const toml = readFileSync(resolve('wrangler.toml'), 'utf8')
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1]
  if (!date) throw new Error('wrangler.toml has no compatibility_date')
  return date
}

/**
 * Builds `contentDir` with the real build into `.test/<name>`, fills a Miniflare KV namespace
 * from the written `kv.json`, and serves the bundled worker with the built static assets.
 */
export async function serveContent(
  contentDir: string,
  options: { name?: string; now?: number; drafts?: boolean } = {},
): Promise<ServedSite> {
  const out = join(TEST_DIR, options.name ?? basename(contentDir))
  const build = buildSite(await scanContent(contentDir), {
    now: options.now ?? Date.now(),
    drafts: options.drafts ?? false,
  })
  await writeBuild(build, contentDir, out)
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(BUNDLE_DIR, 'index.js'),
    compatibilityDate: compatibilityDate(),
    kvNamespaces: ['POSTS'],
    bindings: { CONTENT_VERSION: build.version },
    assets: { directory: join(out, 'assets'), routerConfig: { has_user_worker: true } },
  })
  const kv = await mf.getKVNamespace('POSTS')
  const entries = JSON.parse(await readFile(join(out, 'kv.json'), 'utf8')) as KvEntry[]
  for (const { key, value } of entries) await kv.put(key, value)
  return {
    build,
    mf,
    fetch: (path, init) => mf.dispatchFetch(new URL(path, ORIGIN), { redirect: 'manual', ...init }),
    close: () => mf.dispose(),
  }
}
