/** The sitemap (sitemaps.org 0.9 with hreflang alternates) and robots.txt, as plain strings. */
import { rfc3339 } from './datetime'
import { escapeXml as x } from './xml'

/** One page of the sitemap: its absolute URL, when it last changed, its language versions. */
export interface SitemapUrl {
  loc: string
  /** ISO 8601 instant. */
  lastmod?: string
  /** Every language version, the page itself included, and `x-default` when there is one. */
  alternates: { hreflang: string; href: string }[]
}

/** A sitemaps.org 0.9 urlset with one `<xhtml:link rel="alternate">` per language version. */
export function sitemapXml(urls: SitemapUrl[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' +
      ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
  ]
  for (const url of urls) {
    lines.push('  <url>', `    <loc>${x(url.loc)}</loc>`)
    // W3C Datetime is a profile of ISO 8601 that RFC 3339 in UTC satisfies.
    if (url.lastmod !== undefined) lines.push(`    <lastmod>${rfc3339(url.lastmod)}</lastmod>`)
    for (const a of url.alternates) {
      lines.push(
        `    <xhtml:link rel="alternate" hreflang="${x(a.hreflang)}" href="${x(a.href)}"/>`,
      )
    }
    lines.push('  </url>')
  }
  lines.push('</urlset>', '')
  return lines.join('\n')
}

/** A robots.txt that allows every crawler everywhere and names the sitemap. */
export function robotsTxt(sitemapUrl: string): string {
  // A line break in the URL would start a new robots.txt directive: remove every control char.
  const url = sitemapUrl.replace(/\p{Cc}/gu, '')
  return `User-agent: *\nAllow: /\n\nSitemap: ${url}\n`
}
