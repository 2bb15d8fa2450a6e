import type { Context } from 'hono'
import type { AppEnv } from './bindings'
import { PageCache, type RenderedPage } from './page-cache'

/** Where a page came from, reported in `X-Kiosque-Cache` for operators and benchmarks. */
export type PageSource = 'memory' | 'cache-api' | 'render'

// One cache per isolate: 32 MiB of pages at most, well inside the isolate's 128 MB.
const pages = new PageCache(32 * 1024 * 1024, 10_000)
// The Cache API needs a URL; this origin is never fetched.
const CACHE_ORIGIN = 'https://page-cache.kiosque.invalid/'
// Keys hold the content version, so entries never go stale; a week bounds their footprint.
const CACHE_API_TTL = 7 * 24 * 3600

/**
 * Gets a page from the isolate's LRU, else from the Cache API, else renders and stores it in both.
 * A copy rendered for another set of visible posts (a scheduled post has appeared since) is a miss.
 */
export async function cachedPage(
  c: Context<AppEnv>,
  key: string,
  render: () => Promise<RenderedPage>,
): Promise<{ page: RenderedPage; source: PageSource }> {
  const { epoch } = c.var.catalog
  const memoryKey = `${key}@${epoch}`
  const inMemory = pages.get(memoryKey)
  if (inMemory) return { page: inMemory, source: 'memory' }
  const stored = await cachedCopy(key)
  if (stored?.page.epoch === epoch) {
    pages.set(memoryKey, stored.page)
    return stored
  }
  const page = await render()
  pages.set(memoryKey, page)
  const cache = defaultCache()
  if (cache) {
    const response = new Response(JSON.stringify(page), {
      headers: {
        'Content-Type': 'application/json',
        'Cache-Control': `public, max-age=${CACHE_API_TTL}`,
      },
    })
    waitUntil(
      c,
      cache.put(cacheRequest(key), response).catch(() => undefined),
    )
  }
  return { page, source: 'render' }
}

/**
 * The page the colo's Cache API holds for this key, whatever posts were visible when it was
 * rendered: what a cold isolate serves when KV cannot be read.
 */
export async function cachedCopy(
  key: string,
): Promise<{ page: RenderedPage; source: PageSource } | undefined> {
  const stored = await defaultCache()
    ?.match(cacheRequest(key))
    .catch(() => undefined)
  if (!stored) return undefined
  return { page: (await stored.json()) as RenderedPage, source: 'cache-api' }
}

function cacheRequest(key: string): Request {
  return new Request(CACHE_ORIGIN + encodeURIComponent(key))
}

function defaultCache(): Cache | undefined {
  try {
    return typeof caches === 'undefined'
      ? undefined
      : // workerd's CacheStorage has `default`; a DOM lib pulled in by a dependency's types hides it.
        (caches as unknown as { default: Cache }).default
  } catch {
    return undefined
  }
}

function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise)
  } catch {
    // No execution context (e.g. app.request in a unit test): the write simply completes later.
  }
}
