import type { Context } from 'hono'
import { cacheControl, isNotModified } from './http-cache'
import { noticeHtml, withNotice } from './lang-notice'
import { PageCache, type RenderedPage } from './page-cache'
import { noticeDismissed, visitorLanguage } from './visitor'

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
  c: Context,
  key: string,
  render: () => Promise<RenderedPage>,
): Promise<{ page: RenderedPage; source: PageSource }> {
  const epoch: string = c.var.catalog.epoch
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

/**
 * Answers with a page: validators, Cache-Control for its kind, a 304 when the client's copy is
 * current, and for posts the per-visitor "also available in" notice added after the caches.
 */
export async function sendPage(
  c: Context,
  page: RenderedPage,
  source: PageSource,
  vary = false,
): Promise<Response> {
  const headers = new Headers({
    'Content-Type': page.contentType ?? 'text/html; charset=UTF-8',
    'Content-Language': page.lang,
    'Cache-Control': cacheControl(page.kind, secondsUntilChange(c)),
    'X-Kiosque-Cache': source,
  })
  if (page.lastModified) headers.set('Last-Modified', page.lastModified)
  const notice = noticeFor(c, page)
  const etag = notice ? `${page.etag.slice(0, -1)}-${notice.lang}"` : page.etag
  headers.set('ETag', etag)
  // A post's body depends on the visitor's languages through the notice.
  if (vary || Object.keys(page.translations).length > 0)
    headers.set('Vary', 'Accept-Language, Cookie')
  if (page.status === 200 && isNotModified(c.req.raw.headers, etag, page.lastModified)) {
    headers.delete('Content-Type')
    return new Response(null, { status: 304, headers })
  }
  const response = new Response(page.html, { status: page.status, headers })
  if (!notice) return response
  return withNotice(
    response,
    await noticeHtml(
      c.var.catalog.site,
      notice.lang,
      notice.url,
      new URL(c.req.url).pathname,
      page.lang,
    ),
  )
}

/** The notice a visitor should see on a page: when they prefer a language it has a translation in. */
function noticeFor(c: Context, page: RenderedPage): { lang: string; url: string } | undefined {
  const langs = Object.keys(page.translations)
  // Without the catalog (KV down) there is no site to word the notice with.
  if (langs.length === 0 || noticeDismissed(c) || !c.get('catalog')) return undefined
  const preferred = visitorLanguage(c, [page.lang, ...langs], page.lang)
  if (preferred.source === 'default' || preferred.lang === page.lang) return undefined
  const url = page.translations[preferred.lang]
  return url ? { lang: preferred.lang, url } : undefined
}

/** Seconds until a scheduled post appears, when one is due: no page may be kept past it. */
function secondsUntilChange(c: Context): number | undefined {
  const next = c.get('catalog')?.nextChange as number | undefined
  return next === undefined ? undefined : Math.max(0, (next - Date.now()) / 1000)
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

function waitUntil(c: Context, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise)
  } catch {
    // No execution context (e.g. app.request in a unit test): the write simply completes later.
  }
}
