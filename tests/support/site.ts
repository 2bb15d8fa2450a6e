import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { Miniflare, type MiniflareOptions, type RequestInit, type Response } from 'miniflare'
import { buildFolder } from '../../src/build/build-folder'
import type { KvEntry, SiteBuild } from '../../src/build/site'
import type { Manifest, PostSummary } from '../../src/model/types'
import { BUNDLE_DIR, TEST_DIR } from './paths'

/** A content folder built and served by the bundled worker in workerd. */
export interface ServedSite {
  /** The build currently live. */
  build: SiteBuild
  mf: Miniflare
  /** Fetches a site path (or absolute URL) from the worker, without following redirects. */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /**
   * Publishes another content folder the way `npm run deploy` does: its KV entries first, then
   * the worker switches to its version (a new deployment: new isolates).
   */
  publish(contentDir: string, name: string): Promise<SiteBuild>
  close(): Promise<void>
}

export interface ServeOptions {
  /** Folder under `.test/` for the build output; defaults to the content folder's name. */
  name?: string
  now?: number
  drafts?: boolean
  /** Serve through the wrapper that lets a request's `x-test-kv-fault` header break KV reads. */
  kvFaults?: boolean
  /** Keep the Cache API on disk here, so that a second instance shares it (a colo's cache). */
  cachePersist?: string
}

const ORIGIN = 'https://kiosque.test'

/** The posts a build publishes that visitors can see now: scheduled ones appear on their date. */
export function visiblePosts(build: { manifest: Manifest }, now = Date.now()): PostSummary[] {
  const { posts, site } = build.manifest
  return posts.filter((p) => site.future || Date.parse(p.date) <= now)
}

/** The compatibility date of wrangler.toml, so tests run the worker as it is deployed. */
export function compatibilityDate(): string {
  const toml = readFileSync(resolve('wrangler.toml'), 'utf8')
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1]
  if (!date) throw new Error('wrangler.toml has no compatibility_date')
  return date
}

/** Builds a content folder with the commands' own build function into `.test/<name>`. */
export async function buildContent(contentDir: string, name: string, options: ServeOptions = {}) {
  const out = join(TEST_DIR, name)
  const build = await buildFolder({
    content: contentDir,
    out,
    drafts: options.drafts ?? false,
    now: options.now,
  })
  return { build, out }
}

/** Miniflare options serving a build output folder. */
export function workerOptions(
  out: string,
  version: string,
  options: ServeOptions = {},
): MiniflareOptions {
  return {
    modules: true,
    // With kvFaults, a wrapper lets a request's `x-test-kv-fault` header break KV reads.
    scriptPath: join(BUNDLE_DIR, options.kvFaults ? 'kv-faults.js' : 'index.js'),
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
    compatibilityDate: compatibilityDate(),
    kvNamespaces: ['POSTS'],
    bindings: { CONTENT_VERSION: version },
    assets: { directory: join(out, 'assets'), routerConfig: { has_user_worker: true } },
    ...(options.cachePersist ? { cachePersist: options.cachePersist } : {}),
  }
}

/** Puts a build's `kv.json` entries into the namespace, as `wrangler kv bulk put` would. */
export async function fillKv(mf: Miniflare, out: string): Promise<void> {
  const kv = await mf.getKVNamespace('POSTS')
  const entries = JSON.parse(await readFile(join(out, 'kv.json'), 'utf8')) as KvEntry[]
  for (const { key, value } of entries) await kv.put(key, value)
}

/**
 * Builds `contentDir` with the real build into `.test/<name>`, fills a Miniflare KV namespace
 * from the written `kv.json`, and serves the bundled worker with the built static assets.
 */
export async function serveContent(
  contentDir: string,
  options: ServeOptions = {},
): Promise<ServedSite> {
  const first = await buildContent(contentDir, options.name ?? basename(contentDir), options)
  const mf = new Miniflare(workerOptions(first.out, first.build.version, options))
  await fillKv(mf, first.out)
  const site: ServedSite = {
    build: first.build,
    mf,
    fetch: (path, init) => mf.dispatchFetch(new URL(path, ORIGIN), { redirect: 'manual', ...init }),
    async publish(dir, name) {
      const next = await buildContent(dir, name, options)
      await fillKv(mf, next.out)
      await mf.setOptions(workerOptions(next.out, next.build.version, options))
      site.build = next.build
      return next.build
    },
    close: () => mf.dispose(),
  }
  return site
}
