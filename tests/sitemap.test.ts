import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { robotsTxt, type SitemapUrl, sitemapXml } from '../src/worker/sitemap'
import { xmlChars } from '../src/worker/xml'
import { hostileString } from './support/hostile-string'
import { childrenNamed, only, parseXml, textOf } from './support/xml-parse'

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`

const FR = 'https://example.org/blog/2018/07/27/interet.html'
const EN = 'https://example.org/en/blog/2018/07/27/interest.html'

describe('sitemapXml', () => {
  it.each<[string, SitemapUrl[], string]>([
    ['no URL', [], `${HEAD}\n</urlset>\n`],
    [
      'a page without lastmod nor translations',
      [{ loc: 'https://example.org/', alternates: [] }],
      `${HEAD}
  <url>
    <loc>https://example.org/</loc>
  </url>
</urlset>
`,
    ],
    [
      'a translated page with x-default, lastmod in UTC without milliseconds',
      [
        {
          loc: FR,
          lastmod: '2018-07-27T10:05:00.000+02:00',
          alternates: [
            { hreflang: 'fr', href: FR },
            { hreflang: 'en', href: EN },
            { hreflang: 'x-default', href: FR },
          ],
        },
      ],
      `${HEAD}
  <url>
    <loc>${FR}</loc>
    <lastmod>2018-07-27T08:05:00Z</lastmod>
    <xhtml:link rel="alternate" hreflang="fr" href="${FR}"/>
    <xhtml:link rel="alternate" hreflang="en" href="${EN}"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="${FR}"/>
  </url>
</urlset>
`,
    ],
    [
      'URLs with & and quotes are escaped',
      [
        {
          loc: "https://example.org/?a=1&b='2'",
          alternates: [{ hreflang: 'pt-br', href: 'https://example.org/pt-br/?a=1&b="2"' }],
        },
      ],
      `${HEAD}
  <url>
    <loc>https://example.org/?a=1&amp;b=&apos;2&apos;</loc>
    <xhtml:link rel="alternate" hreflang="pt-br" href="https://example.org/pt-br/?a=1&amp;b=&quot;2&quot;"/>
  </url>
</urlset>
`,
    ],
  ])('%s', (_name, urls, expected) => {
    expect(sitemapXml(urls)).toBe(expected)
  })

  it('is well-formed and gives back every value for any input', () => {
    const urlArb = fc.record({
      loc: hostileString(),
      lastmod: fc.option(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        { nil: undefined },
      ),
      alternates: fc.array(fc.record({ hreflang: hostileString(8), href: hostileString() }), {
        maxLength: 3,
      }),
    })
    fc.assert(
      fc.property(fc.array(urlArb, { maxLength: 4 }), (urls) => {
        const set = parseXml(sitemapXml(urls))
        const elements = childrenNamed(set, 'url')
        expect(elements).toHaveLength(urls.length)
        urls.forEach((url, i) => {
          const el = elements[i]
          if (!el) throw new Error('missing <url>')
          expect(textOf(only(el, 'loc'))).toBe(xmlChars(url.loc))
          expect(childrenNamed(el, 'lastmod')).toHaveLength(url.lastmod === undefined ? 0 : 1)
          expect(childrenNamed(el, 'xhtml:link').map((l) => l.attrs)).toEqual(
            url.alternates.map((a) => ({
              rel: 'alternate',
              hreflang: xmlChars(a.hreflang),
              href: xmlChars(a.href),
            })),
          )
        })
      }),
    )
  })
})

describe('robotsTxt', () => {
  it.each<[string, string, string]>([
    [
      'allows everything and names the sitemap',
      'https://example.org/sitemap.xml',
      'User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n',
    ],
    [
      'a line break cannot add a directive',
      'https://example.org/s.xml\nDisallow: /',
      'User-agent: *\nAllow: /\n\nSitemap: https://example.org/s.xmlDisallow: /\n',
    ],
    [
      'CR and other controls removed too',
      'https://example.org/s.xml\r\u0000',
      'User-agent: *\nAllow: /\n\nSitemap: https://example.org/s.xml\n',
    ],
  ])('%s', (_name, url, expected) => {
    expect(robotsTxt(url)).toBe(expected)
  })
})
