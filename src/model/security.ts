/**
 * The security headers of every response, as pure functions of the site settings: the worker
 * sends them on what it answers, and the build writes them into the static assets' `_headers`,
 * so that both say exactly the same. See SECURITY.md for the reasoning behind each directive.
 */
import type { CspSources, HstsPolicy, SiteSettings } from './types'

/** HSTS when `_config.yml` says nothing: a year, subdomains included, not preloaded. */
export const DEFAULT_HSTS: HstsPolicy = {
  maxAge: 31_536_000,
  includeSubdomains: true,
  preload: false,
}

/**
 * The Content-Security-Policy: same-origin by default, any https image, and the script and
 * frame hosts the content uses. The default theme has no inline script or style, and its one
 * `<script type="application/ld+json">` is data that CSP does not block.
 * @example contentSecurityPolicy({ csp: { scriptSrc: [], frameSrc: ['https://player.vimeo.com'], imgSrc: [] } })
 */
export function contentSecurityPolicy(site: Pick<SiteSettings, 'csp'>): string {
  const extra: CspSources = site.csp ?? { scriptSrc: [], frameSrc: [], imgSrc: [] }
  const directive = (name: string, base: string[], more: string[] = []) =>
    `${name} ${[...new Set([...base, ...more])].join(' ')}`
  return [
    directive('default-src', ["'self'"]),
    directive('img-src', ["'self'", 'https:', 'data:'], extra.imgSrc),
    directive('media-src', ["'self'", 'https:']),
    directive('style-src', ["'self'"]),
    directive('script-src', ["'self'"], extra.scriptSrc),
    directive('frame-src', ["'self'"], extra.frameSrc),
    directive('frame-ancestors', ["'self'"]),
    directive('base-uri', ["'self'"]),
    directive('form-action', ["'self'"]),
    directive('object-src', ["'none'"]),
  ].join('; ')
}

/** The Strict-Transport-Security value, or undefined when the site turned it off. */
export function strictTransportSecurity(site: Pick<SiteSettings, 'hsts'>): string | undefined {
  const hsts = site.hsts ?? DEFAULT_HSTS
  if (hsts === false) return undefined
  return [
    `max-age=${hsts.maxAge}`,
    ...(hsts.includeSubdomains ? ['includeSubDomains'] : []),
    ...(hsts.preload ? ['preload'] : []),
  ].join('; ')
}

/** Browser features no page of a blog needs. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ')

/**
 * Every security header, by name, for a site: the worker adds them to each response and the
 * build to each static asset.
 * @example securityHeaders(manifest.site)['X-Frame-Options'] // 'SAMEORIGIN'
 */
export function securityHeaders(site: Pick<SiteSettings, 'csp' | 'hsts'>): Record<string, string> {
  const hsts = strictTransportSecurity(site)
  return {
    'Content-Security-Policy': contentSecurityPolicy(site),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'X-Frame-Options': 'SAMEORIGIN',
    ...(hsts ? { 'Strict-Transport-Security': hsts } : {}),
  }
}
