import type { SiteSettings } from '../model/types'

// The one home of the URLs Kiosque writes for a site: hrefs, canonical links, hreflang, OpenGraph, JSON-LD, feeds and the
// sitemap all go through here, so that they agree. The origin is always the site's configured
// `url`, never the request's Host header.

type Site = Pick<SiteSettings, 'url' | 'baseurl'>

// A lone surrogate makes encodeURI throw: it becomes U+FFFD, as the build does for permalinks.
const LONE_SURROGATE = /\p{Cs}/gu
const SCHEME = /^[a-z][a-z0-9+.-]*:/i

/**
 * The href of a site path: the site's `baseurl`, then the path percent-encoded.
 * @example sitePath({ url: 'https://x.org', baseurl: '/blog' }, '/a b/') // '/blog/a%20b/'
 */
export function sitePath(site: Site, path: string): string {
  return encodeURI(`${site.baseurl}${path}`.replace(LONE_SURROGATE, '\uFFFD'))
}

/**
 * The absolute URL of a site path (a decoded permalink such as `/blog/été.html`): the site's
 * origin, then its `baseurl`, then the path percent-encoded.
 * @example siteUrl({ url: 'https://x.org', baseurl: '/blog' }, '/a b/') // 'https://x.org/blog/a%20b/'
 */
export function siteUrl(site: Site, path: string): string {
  return site.url + sitePath(site, path)
}

/**
 * An author-given URL (`image:` in front matter) made absolute, as Jekyll's `absolute_url`
 * filter does: an http(s) URL is kept, `//cdn/x.png` takes the site's scheme, and a path,
 * relative or not, is a site path. Escapes already in the value are kept. Undefined for a
 * value that cannot be an http(s) URL (`javascript:`, `data:`, an unparsable one), which is
 * then left out rather than published.
 * @example absoluteUrl(site, 'https://cdn.example/x.png') // 'https://cdn.example/x.png'
 */
export function absoluteUrl(site: Site, value: string): string | undefined {
  const text = value.trim().replace(LONE_SURROGATE, '\uFFFD')
  if (text === '') return undefined
  try {
    if (text.startsWith('//')) return httpOnly(new URL(text, site.url))
    if (SCHEME.test(text)) return httpOnly(new URL(text))
    const path = text.startsWith('/') ? text : `/${text}`
    // Encode what is not yet encoded: `/a b.png` and `/a%20b.png` give the same URL.
    const encoded = path
      .split(/(%[0-9A-Fa-f]{2})/)
      .map((part, i) => (i % 2 === 1 ? part : encodeURI(part)))
      .join('')
    return httpOnly(new URL(site.url + encodeURI(site.baseurl) + encoded))
  } catch {
    return undefined
  }
}

function httpOnly(url: URL): string | undefined {
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
}
