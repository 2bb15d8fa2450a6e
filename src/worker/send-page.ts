import type { Context } from 'hono'
import type { AppEnv } from './bindings'
import type { PageSource } from './cached-page'
import { cacheControl, isNotModified } from './http-cache'
import { noticeHtml, withNotice } from './lang-notice'
import { noticeFor } from './notice-choice'
import type { RenderedPage } from './page-cache'

/**
 * Answers with a page: validators, Cache-Control for its kind, a 304 when the client's copy is
 * current, and for posts the per-visitor "also available in" notice added after the caches.
 */
export async function sendPage(
  c: Context<AppEnv>,
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

/** Seconds until a scheduled post appears, when one is due: no page may be kept past it. */
function secondsUntilChange(c: Context<AppEnv>): number | undefined {
  // No catalog when a copy is served because KV could not be read.
  const next = c.get('catalog')?.nextChange
  return next === undefined ? undefined : Math.max(0, (next - Date.now()) / 1000)
}
