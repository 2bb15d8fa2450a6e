import { PREVIEW_COOKIE, PREVIEW_PARAM, verifyPreviewToken } from '../model/preview-token'
import type { ContentVersion } from '../model/types'

/**
 * Whether a request's host is one of Cloudflare's preview URLs of this worker:
 * `<version prefix or alias>-<worker>.<subdomain>.workers.dev`. The live site answers on
 * `<worker>.<subdomain>.workers.dev` or on its own domains, which never match, so a version
 * promoted as it is stops being a preview by itself. Without the worker's name, nothing is one.
 */
export function isPreviewHost(host: string, worker: string | undefined): boolean {
  if (!worker) return false
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
  const suffix = `-${worker.toLowerCase()}.`
  const at = name.indexOf(suffix)
  if (at < 1) return false
  const prefix = name.slice(0, at)
  const rest = name.slice(at + suffix.length)
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(prefix) && /^[a-z0-9-]+\.workers\.dev$/.test(rest)
}

/** The preview token a request carries: in `?preview=`, else in the preview cookie. */
export function presentedToken(
  url: URL,
  cookie: string | undefined,
): { token: string; from: 'query' | 'cookie' } | undefined {
  const query = url.searchParams.get(PREVIEW_PARAM)
  if (query !== null) return { token: query.slice(0, 100), from: 'query' }
  for (const part of (cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === PREVIEW_COOKIE) return { token: value.join('=').slice(0, 100), from: 'cookie' }
  }
  return undefined
}

/** The expiry (seconds) of a valid token for this content version, else undefined. */
export function checkToken(
  secret: string | undefined,
  version: ContentVersion,
  token: string,
  now: number,
): Promise<number | undefined> {
  return secret ? verifyPreviewToken(secret, version, token, now) : Promise.resolve(undefined)
}

/**
 * The cookie that keeps a preview open: host-only (no Domain), so scoped to the preview host,
 * HttpOnly, Secure, SameSite=Lax, expiring with the token.
 */
export function previewCookie(token: string, expires: number, now: number): string {
  const maxAge = Math.max(0, Math.floor(expires - now / 1000))
  return `${PREVIEW_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`
}
