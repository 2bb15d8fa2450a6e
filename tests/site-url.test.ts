import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { absoluteUrl, sitePath, siteUrl } from '../src/worker/site-url'
import { hostileString } from './support/hostile-string'

const ROOT = { url: 'https://site.org', baseurl: '' }
const BLOG = { url: 'https://site.org', baseurl: '/blog' }
const DEV = { url: 'http://127.0.0.1:8787', baseurl: '' }

describe('siteUrl: a site path on the configured origin', () => {
  it.each<[string, typeof ROOT, string, string]>([
    ['the home', ROOT, '/', 'https://site.org/'],
    ['a permalink', ROOT, '/blog/2019/01/15/x.html', 'https://site.org/blog/2019/01/15/x.html'],
    ['under baseurl', BLOG, '/2019/x.html', 'https://site.org/blog/2019/x.html'],
    ['the home under baseurl', BLOG, '/', 'https://site.org/blog/'],
    [
      'a decoded path is encoded',
      ROOT,
      '/été/a b.html',
      'https://site.org/%C3%A9t%C3%A9/a%20b.html',
    ],
    ['a literal % is encoded', ROOT, '/100%.html', 'https://site.org/100%25.html'],
    [
      'a tag slug holding escapes',
      ROOT,
      '/tag/%E6%97%A5/',
      'https://site.org/tag/%25E6%2597%25A5/',
    ],
    ['a lone surrogate is U+FFFD', ROOT, '/\uD83D.html', 'https://site.org/%EF%BF%BD.html'],
  ])('%s: %s', (_name, site, path, expected) => {
    expect(siteUrl(site, path)).toBe(expected)
  })
})

describe('sitePath: the href of a site path', () => {
  it.each<[string, typeof ROOT, string, string]>([
    ['the home', ROOT, '/', '/'],
    ['the home under baseurl', BLOG, '/', '/blog/'],
    ['a permalink under baseurl', BLOG, '/en/x.html', '/blog/en/x.html'],
    ['encoded', BLOG, '/a b/', '/blog/a%20b/'],
  ])('%s: %s', (_name, site, path, expected) => {
    expect(sitePath(site, path)).toBe(expected)
  })
})

describe('absoluteUrl: an author-given URL made absolute, as Jekyll’s absolute_url', () => {
  it.each<[string, typeof ROOT, string, string | undefined]>([
    ['an https URL is kept', ROOT, 'https://cdn.example/x.png', 'https://cdn.example/x.png'],
    ['an http URL is kept', ROOT, 'http://cdn.example/x.png', 'http://cdn.example/x.png'],
    ['under baseurl too', BLOG, 'https://cdn.example/x.png', 'https://cdn.example/x.png'],
    ['letter case of the scheme', ROOT, 'HTTPS://cdn.example/x.png', 'https://cdn.example/x.png'],
    [
      'protocol-relative takes the site’s scheme',
      ROOT,
      '//cdn.example/x.png',
      'https://cdn.example/x.png',
    ],
    ['protocol-relative on http', DEV, '//cdn.example/x.png', 'http://cdn.example/x.png'],
    ['a site path', ROOT, '/img/x.png', 'https://site.org/img/x.png'],
    ['a site path under baseurl', BLOG, '/img/x.png', 'https://site.org/blog/img/x.png'],
    ['a relative path is from the root', BLOG, 'img/x.png', 'https://site.org/blog/img/x.png'],
    ['spaces are encoded', ROOT, '/img/a b.png', 'https://site.org/img/a%20b.png'],
    ['escapes are kept', ROOT, '/img/a%20b.png', 'https://site.org/img/a%20b.png'],
    ['a lone % is encoded', ROOT, '/img/100%.png', 'https://site.org/img/100%25.png'],
    ['non-ASCII is encoded', ROOT, '/img/été.png', 'https://site.org/img/%C3%A9t%C3%A9.png'],
    ['padding is trimmed', ROOT, '  /img/x.png\n', 'https://site.org/img/x.png'],
    [
      'a query is kept',
      ROOT,
      'https://cdn.example/x.png?w=800&h=1',
      'https://cdn.example/x.png?w=800&h=1',
    ],
    ['empty', ROOT, '', undefined],
    ['blank', ROOT, '   ', undefined],
    ['javascript:', ROOT, 'javascript:alert(1)', undefined],
    ['data:', ROOT, 'data:image/png;base64,AAAA', undefined],
    ['mailto:', ROOT, 'mailto:a@b.c', undefined],
    ['an http URL without a host', ROOT, 'https://', undefined],
    ['a host with a space', ROOT, 'https://a b/x.png', undefined],
    ['markup', ROOT, '"><script>x</script>', 'https://site.org/%22%3E%3Cscript%3Ex%3C/script%3E'],
    ['a lone surrogate', ROOT, '/\uD83D.png', 'https://site.org/%EF%BF%BD.png'],
  ])('%s: %j', (_name, site, value, expected) => {
    expect(absoluteUrl(site, value)).toBe(expected)
  })

  it('never throws, and gives an http(s) URL or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), fc.string({ unit: 'grapheme' })), (value) => {
        const url = absoluteUrl(BLOG, value)
        if (url === undefined) return
        expect(url).toMatch(/^https?:\/\/[^/\s]+/)
        expect(url).not.toMatch(/\s|"|<|>/)
        // The site's own origin never gets a second origin glued on.
        expect(url).not.toMatch(/^https:\/\/site\.org.*https?:\/\//i)
      }),
    )
  })
})
