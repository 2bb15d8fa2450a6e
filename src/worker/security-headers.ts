import type { Context, MiddlewareHandler } from 'hono'
import { securityHeaders as headersOf } from '../model/security'
import type { SiteSettings } from '../model/types'
import type { AppEnv } from './bindings'

type PolicySettings = Pick<SiteSettings, 'csp' | 'hsts'>

export interface SecurityHeadersOptions {
  /**
   * The settings the policy is built from: by default the site of the request's catalog. When
   * even the manifest cannot be read (a 503), the default policy applies.
   */
  site?: (c: Context<AppEnv>) => PolicySettings | undefined
  /** Headers set over the computed ones; `null` removes one. */
  override?: Record<string, string | null>
}

const DEFAULTS: Required<SecurityHeadersOptions> = {
  // No catalog when the manifest could not be read.
  site: (c) => c.get('catalog')?.site,
  override: {},
}

// What a cacheable response may never carry, and what a response that sets a cookie must say.
const PRIVATE = 'private, no-store'

/**
 * Adds the security headers (CSP from the site's config and content, HSTS, nosniff, referrer,
 * permissions and framing policies) to every response, errors and redirects included, and
 * keeps any response that sets a cookie out of shared caches.
 * @example app.use(securityHeaders())
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler<AppEnv> {
  const { site, override } = { ...DEFAULTS, ...options }
  const computed = new WeakMap<PolicySettings, [string, string | null][]>()
  const fallback = list(headersOf({}), override)
  return async function securityHeaders(c, next) {
    await next()
    const settings = site(c)
    let headers = settings ? computed.get(settings) : fallback
    if (!headers && settings) {
      headers = list(headersOf(settings), override)
      computed.set(settings, headers)
    }
    let res = c.res
    try {
      apply(res.headers, headers ?? fallback)
    } catch {
      // A response with immutable headers (one passed through from fetch) is copied first.
      res = new Response(res.body, res)
      apply(res.headers, headers ?? fallback)
      c.res = res
    }
  }
}

function list(
  headers: Record<string, string>,
  override: Record<string, string | null>,
): [string, string | null][] {
  return Object.entries({ ...headers, ...override })
}

function apply(target: Headers, headers: [string, string | null][]): void {
  for (const [name, value] of headers) {
    if (value === null) target.delete(name)
    else target.set(name, value)
  }
  if (target.has('Set-Cookie') && target.get('Cache-Control') !== PRIVATE) {
    target.set('Cache-Control', PRIVATE)
  }
}
