/** What kind of response a route gives, which decides how long clients may keep it. */
export type CacheKind =
  | 'post'
  | 'list'
  | 'feed'
  | 'not-found'
  | 'redirect'
  | 'negotiated'
  | 'private'
  | 'error'

// Posts change only on publish, lists on every publish; both revalidate cheaply with ETags.
const CACHE_CONTROL: Record<CacheKind, string> = {
  post: 'public, max-age=300, stale-while-revalidate=86400',
  list: 'public, max-age=60, stale-while-revalidate=3600',
  feed: 'public, max-age=600, stale-while-revalidate=3600',
  'not-found': 'public, max-age=60',
  redirect: 'public, max-age=3600',
  negotiated: 'private, max-age=0, must-revalidate',
  private: 'private, no-store',
  error: 'no-store',
}

/**
 * The Cache-Control header for a kind of response. `capSeconds` bounds the freshness, for pages
 * that change when a scheduled post appears.
 */
export function cacheControl(kind: CacheKind, capSeconds?: number): string {
  const value = CACHE_CONTROL[kind]
  if (capSeconds === undefined) return value
  const maxAge = Number(/max-age=(\d+)/.exec(value)?.[1] ?? 0)
  if (maxAge <= capSeconds) return value
  return value
    .replace(/max-age=\d+/, `max-age=${Math.max(0, Math.floor(capSeconds))}`)
    .replace(/, stale-while-revalidate=\d+/, '')
}

/** A strong ETag for a body: the first 128 bits of its SHA-256, quoted. */
export async function strongEtag(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
  const hex = [...new Uint8Array(digest).slice(0, 16)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
  return `"${hex}"`
}

// A real If-None-Match lists a handful of tags; anything longer is not worth parsing.
const MAX_IF_NONE_MATCH = 2048

/**
 * RFC 9110 §13.1.2 and §13.1.3: true when the client's copy is current and a 304 is due.
 * If-None-Match wins over If-Modified-Since; malformed values never match.
 */
export function isNotModified(
  headers: Headers,
  etag: string,
  lastModified: string | undefined,
): boolean {
  const inm = headers.get('if-none-match')
  if (inm !== null) {
    if (inm.length > MAX_IF_NONE_MATCH) return false
    if (inm.trim() === '*') return true
    // Weak comparison, as §13.1.2 requires for If-None-Match.
    const opaque = etag.replace(/^W\//, '')
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
  }
  const ims = headers.get('if-modified-since')
  if (ims === null || lastModified === undefined || ims.length > 64) return false
  const since = parseHttpDate(ims)
  const modified = Date.parse(lastModified)
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since
}

// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must read.
const HTTP_DATE =
  /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/

/**
 * An HTTP date in ms, NaN for anything else: `Date.parse` alone takes `99999` or `3000` for
 * dates, and a client must not get a 304 for a value the RFC says to ignore.
 */
function parseHttpDate(value: string): number {
  const text = value.trim()
  if (!HTTP_DATE.test(text)) return Number.NaN
  return Date.parse(text.endsWith('GMT') ? text : `${text} GMT`)
}

/** An ISO date as an HTTP date (`Sat, 27 Jul 2018 00:00:00 GMT`). */
export function httpDate(iso: string): string | undefined {
  const time = Date.parse(iso)
  return Number.isFinite(time) ? new Date(time).toUTCString() : undefined
}
