// The attributes Kiosque adds to the links and images that Markdown writes. Raw HTML is the
// author's and is never changed.

/** The origin of the site's URL, or undefined when it is missing or not an http(s) URL. */
export function siteOrigin(siteUrl: string | undefined): string | undefined {
  if (!siteUrl) return undefined
  try {
    const url = new URL(siteUrl)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

// Absolute http(s) URLs, and scheme-relative ones (`//host/…`, and `/\host` which browsers read
// the same way): the only hrefs that can leave the site.
const MAY_BE_EXTERNAL = /^\s*(?:https?:|[/\\]{2})/i

/** True when `href` leads to another origin than the site's (every http(s) URL without one). */
export function isExternal(href: string, origin: string | undefined): boolean {
  if (!MAY_BE_EXTERNAL.test(href)) return false
  try {
    return new URL(href.trim(), origin ?? 'https://site.invalid').origin !== origin
  } catch {
    return false // marked writes no <a> for an href it cannot encode either
  }
}

/** Adds `rel="noopener"` to marked's `<a href="…">` (the tab stays the same: no target). */
export function withNoopener(anchor: string): string {
  // marked percent-encodes the href, so its value holds no `"`.
  return anchor.replace(/^<a href="[^"]*"/, '$& rel="noopener"')
}

/** Adds lazy loading and asynchronous decoding to marked's `<img …>`. */
export function withLazyLoading(image: string): string {
  return image.startsWith('<img ')
    ? image.replace(/>$/, ' loading="lazy" decoding="async">')
    : image
}
