/**
 * Hostile requests against the bundled worker in workerd: visitors are untrusted (paths, query
 * strings, headers, methods). Every answer must have a correct status, never a 5xx of the
 * worker's making, come in bounded time (each test has its own timeout; no timing assertion),
 * reflect nothing unescaped, and carry the security headers.
 *
 * Not repeated here: Accept-Language and language cookies (negotiation.test.ts), KV faults
 * (caching.test.ts), the `_redirects` matcher's own cases (redirects.test.ts).
 */

import type { Response } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../src/model/security'
import type { PostSummary } from '../src/model/types'
import { type RawResponse, rawRequest } from './support/raw-http'
import { type ServedSite, serveContent, visiblePosts } from './support/site'

const SITE_URL = 'https://kiosque.example'
/** The sample French post with an English translation (`lang-ref: levain`). */
const FR_POST = '/blog/2018/04/03/notre-levain.html'
/** Per-test bound: a hostile request must be answered well within it. */
const BOUND = 15_000

let site: ServedSite
let origin: URL
let posts: PostSummary[]
let fr: PostSummary // a French post with an English translation
let tagPath: string
let authorPath: string
beforeAll(async () => {
  site = await serveContent('content', { name: 'hostile', kvFaults: true })
  origin = await site.mf.ready
  posts = visiblePosts(site.build)
  fr = posts.find((p) => p.lang === 'fr' && p.langRef === 'levain') as PostSummary
  if (fr.url !== FR_POST) throw new Error(`the sample levain post moved to ${fr.url}`)
  const html = await (await site.fetch(encodeURI(fr.url))).text()
  tagPath = /href="(\/tag\/[^"]+\/)"/.exec(html)?.[1] ?? ''
  authorPath = /href="(\/author\/[^"]+\/)"/.exec(html)?.[1] ?? ''
  if (!tagPath || !authorPath) throw new Error('the sample post should link a tag and its author')
})
afterAll(() => site?.close())

const raw = (method: string, target: string, headers: Record<string, string> = {}) =>
  rawRequest(origin, method, target, headers)

/** Every kind of route the worker answers, by a name for test titles. */
function routes(): [string, string][] {
  return [
    ['a post', encodeURI(fr.url)],
    ['the home', '/'],
    ['a home in another language', '/en/'],
    ['a second listing page', '/page2/'],
    ['a tag', tagPath],
    ['an author', authorPath],
    ['a page', '/a-propos.html'],
    ['a collection', '/recettes/'],
    ['the RSS feed', '/feed.xml'],
    ['an Atom feed', '/en/feed.atom'],
    ['a JSON feed', '/feed.json'],
    ['the sitemap', '/sitemap.xml'],
    ['robots.txt', '/robots.txt'],
    ['a 404', '/no/such/page'],
    ['a translation link', '/ref/levain'],
    ['a _redirects rule', '/levain'],
    ['URL forgiveness', encodeURI(fr.url.toUpperCase())],
    ['a canonical listing redirect', '/page1/'],
    ['a static file', '/img/blog/ag-2019.svg'],
    ['the theme stylesheet', site.build.manifest.site.stylesheet],
  ]
}

/** Fails when a response carries what it must not: a 5xx, markup from the request, a bad redirect. */
function expectSafe(status: number, location: string | null | undefined, body: string): void {
  expect(status).toBeLessThan(500)
  for (const marker of ['<script>alert', 'onerror=alert', '<svg onload', '"><img', 'evil.example'])
    expect(body).not.toContain(marker)
  if (location) {
    // A same-site path: one slash, no backslash a browser would read as one, printable ASCII.
    expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/)
    expect(new URL(location, SITE_URL).origin).toBe(SITE_URL)
  }
}

describe('security headers on every response', () => {
  const expected = () => ({
    'content-security-policy': contentSecurityPolicy(site.build.manifest.site),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'SAMEORIGIN',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
  })

  function expectHeaders(headers: Headers, name: string) {
    for (const [header, value] of Object.entries(expected()))
      expect(headers.get(header), `${name}: ${header}`).toBe(value)
    expect(headers.get('permissions-policy'), name).toMatch(
      /(^|, )camera=\(\).*microphone=\(\)|geolocation=\(\)/,
    )
  }

  it('has a policy naming the hosts the sample posts embed', () => {
    const policy = contentSecurityPolicy(site.build.manifest.site)
    expect(policy).toContain("script-src 'self' speakerdeck.com;")
    expect(policy).toContain("frame-src 'self' https://www.youtube-nocookie.com speakerdeck.com;")
    expect(policy).toContain("frame-ancestors 'self'; base-uri 'self'; form-action 'self'")
    expect(policy).toContain("object-src 'none'")
  })

  it.each([
    ...[
      ['a post'],
      ['the home'],
      ['a tag'],
      ['a page'],
      ['the RSS feed'],
      ['an Atom feed'],
      ['the sitemap'],
      ['robots.txt'],
      ['a 404'],
      ['a translation link'],
      ['a _redirects rule'],
      ['URL forgiveness'],
      ['a canonical listing redirect'],
      ['a static file'],
      ['the theme stylesheet'],
    ].map(([name]) => [name as string, 'GET', {}] as const),
    ['a 405', 'POST', {}] as const,
    ['a 304', 'GET', { 'if-none-match': '*' }] as const,
  ])(
    '%s',
    async (name, method, headers) => {
      const path =
        name === 'a 405' || name === 'a 304'
          ? encodeURI(fr.url)
          : (routes().find(([n]) => n === name)?.[1] ?? '')
      const res = await site.fetch(path, { method, headers })
      expectHeaders(res.headers, `${name} (${res.status})`)
    },
    BOUND,
  )

  it.each(['error', 'timeout'])(
    'a 503 when KV reads give %s',
    async (mode) => {
      // A post not read yet: the catalog is in memory, the record must come from KV.
      const cold = posts.filter((p) => p.lang === 'fr' && p !== fr)[mode === 'error' ? 0 : 1]
      const res = await site.fetch(encodeURI(cold?.url ?? ''), {
        headers: { 'x-test-kv-fault': mode },
      })
      expect(res.status).toBe(503)
      expectHeaders(res.headers, '503')
    },
    BOUND,
  )

  it('a 500', async () => {
    const kv = await site.mf.getKVNamespace('POSTS')
    const victim = posts.find((p) => p.lang === 'en' && !p.langRef) as PostSummary
    const record = await kv.get(victim.key, 'text')
    await kv.put(victim.key, '{"broken": true}')
    try {
      const res = await site.fetch(encodeURI(victim.url))
      expect(res.status).toBe(500)
      expectHeaders(res.headers, '500')
    } finally {
      await kv.put(victim.key, record ?? '')
    }
  })
})

describe('cookies are only set on responses no cache may keep', () => {
  it('every response that sets a cookie is private, no-store; every cacheable one sets none', async () => {
    const targets = [
      ...routes().map(([, path]) => path),
      `${encodeURI(fr.url)}?lang=en`,
      `${encodeURI(fr.url)}?notice=off`,
      '/?lang=en',
      '/en/?lang=fr',
      '/ref/levain?lang=en',
      '/a-propos.html?lang=en',
      `${tagPath}?lang=en`,
      '/feed.xml?lang=en',
      '/no/such/page?lang=en',
    ]
    let cookies = 0
    for (const path of targets) {
      const res = await site.fetch(path, { headers: { 'accept-language': 'en' } })
      const control = res.headers.get('cache-control') ?? ''
      if (res.headers.get('set-cookie') !== null) {
        cookies++
        expect(control, path).toBe('private, no-store')
      } else if (/public|max-age=[1-9]/.test(control)) {
        expect(res.headers.get('set-cookie'), path).toBeNull()
      }
    }
    expect(cookies).toBeGreaterThanOrEqual(6)
  }, 60_000)
})

describe('hostile paths', () => {
  it.each<[string, string, number]>([
    ['dot segments', '/../../etc/passwd', 404],
    ['encoded dot segments', '/%2e%2e/%2e%2e/etc/passwd', 404],
    ['encoded slashes', '/blog/..%2f..%2fetc%2fpasswd', 404],
    ['encoded backslashes', '/..%5c..%5cwindows%5cwin.ini', 404],
    ['out of the static files', '/img/..%2f..%2f_config.yml', 404],
    ['into the build output', '/_kiosque/..%2f..%2fkv.json', 404],
    ['a hidden file', '/_redirects', 404],
    ['a NUL byte', '/a%00b', 404],
    ['a NUL byte before .html', `${FR_POST}%00.html`, 404],
    ['a lone %', '/%', 404],
    ['invalid hex', '/%zz', 404],
    ['a truncated sequence', '/%E0%A4%A', 404],
    ['an invalid UTF-8 sequence', '/%C3%28', 404],
    ['a byte that is never UTF-8', '/%FF', 404],
    ['an encoded surrogate', '/%ED%A0%80', 404],
    ['an 8 KB path', `/${'a'.repeat(8192)}`, 404],
    ['4,000 segments', `/blog/${'x/'.repeat(4000)}`, 404],
    ['200 slashes', '/'.repeat(200), 404],
    ['a script in the path', '/%3Cscript%3Ealert(1)%3C/script%3E', 404],
    ['a script as a tag', '/tag/%3Cscript%3Ealert(1)%3C%2Fscript%3E/', 404],
    ['markup as a tag', '/tag/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/', 404],
    ['markup as an author', '/en/author/%3Csvg%20onload%3Dalert(1)%3E/', 404],
    ['markup as a translation group', '/ref/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404],
    ['a page number of zero', '/page0/', 404],
    ['a negative page number', '/page-1/', 404],
    ['a huge page number', '/page99999999999/', 404],
    ['a huge page number of a tag', '/tag/levain/page99999999999/', 404],
    ['a page number in exponent form', '/page1e3/', 404],
    ['a fractional page number', '/page2.5/', 404],
    ['a non-numeric page', '/pageNaN/', 404],
    ['a page beyond the last', '/page99/', 404],
    ['a CR LF in the path', '/ref/x%0D%0ASet-Cookie:%20a=b', 404],
  ])(
    '%s: %s',
    async (_name, path, status) => {
      const res = await site.fetch(`https://kiosque.test${path}`)
      const body = await res.text()
      expect(res.status).toBe(status)
      expectSafe(res.status, res.headers.get('location'), body)
      expect(res.headers.get('set-cookie')).toBeNull()
    },
    BOUND,
  )

  it.each([
    ['a raw script in the path', '/<script>alert(1)</script>'],
    ['raw markup and quotes in the query', '/?q="><img%20src=x%20onerror=alert(1)>'],
    ['a raw script in a post query', `${FR_POST}?x=<script>alert(1)</script>`],
    ['a raw script as ?lang', `${FR_POST}?lang=<script>alert(1)</script>`],
    ['a raw backslash', '/\\evil.example/'],
  ])(
    '%s, as sent on the wire',
    async (_name, target) => {
      const res = await raw('GET', target)
      expectSafe(res.status, res.headers.location as string | undefined, res.body)
    },
    BOUND,
  )

  it('escapes a query string reflected by the notice (only its path is ever reflected)', async () => {
    const res = await site.fetch(`${FR_POST}?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`, {
      headers: { 'accept-language': 'en' },
    })
    const html = await res.text()
    expect(html).toContain('class="notice"')
    expectSafe(res.status, null, html)
  })
})

describe('hostile headers', () => {
  const paths = () => [encodeURI(fr.url), '/', '/feed.xml', '/sitemap.xml']

  it.each<[string, Record<string, string>]>([
    ['a 32 KB Cookie', { cookie: `${'junk=x; '.repeat(4000)}kiosque_lang=en` }],
    [
      'a malformed Cookie',
      { cookie: '=;=;;kiosque_lang;kiosque_lang==en=;%ZZ=%ZZ; kiosque_notice' },
    ],
    [
      'a Cookie of Latin-1 bytes',
      { cookie: 'kiosque_lang=\u00e9\u00ff; kiosque_notice=\u00a0off' },
    ],
    ['a malformed If-None-Match', { 'if-none-match': 'W/"' }],
    ['If-None-Match without quotes', { 'if-none-match': 'abc, , ,,,' }],
    [
      '2,000 entity tags',
      { 'if-none-match': Array.from({ length: 2000 }, (_, i) => `"${i}"`).join(', ') },
    ],
    ['If-Modified-Since of the epoch', { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }],
    ['If-Modified-Since that is no date', { 'if-modified-since': '99999' }],
    ['If-Modified-Since as a year', { 'if-modified-since': '3000' }],
    ['a 10 KB If-Modified-Since', { 'if-modified-since': 'x'.repeat(10_000) }],
    ['a Range', { range: 'bytes=0-0' }],
    ['an unsatisfiable Range', { range: 'bytes=999999999-' }],
    ['a malformed Range', { range: 'bytes=a-b,-,--' }],
    ['1,000 ranges', { range: `bytes=${Array.from({ length: 1000 }, () => '0-0').join(',')}` }],
    ['a foreign X-Forwarded-Host', { 'x-forwarded-host': 'evil.example' }],
    ['a foreign Forwarded', { forwarded: 'host=evil.example;proto=http' }],
    ['X-Original-URL', { 'x-original-url': '/%3Cscript%3Ealert(1)%3C/script%3E' }],
  ])(
    '%s: a full answer, never an error',
    async (_name, headers) => {
      for (const path of paths()) {
        const res = await raw('GET', path, headers)
        expect([200, 302, 304], `${path} ${res.status}`).toContain(res.status)
        expectSafe(res.status, res.headers.location as string | undefined, res.body)
      }
    },
    BOUND,
  )

  it('ignores an If-Modified-Since that is not an HTTP date (RFC 9110 §13.1.3)', async () => {
    for (const since of ['99999', '3000', '2999-01-01', 'tomorrow 12:00', '1e20']) {
      const res = await site.fetch(encodeURI(fr.url), { headers: { 'if-modified-since': since } })
      expect(res.status, since).toBe(200)
    }
    const later = new Date(Date.parse(fr.date) + 86_400_000)
    const formats = [
      later.toUTCString(), // IMF-fixdate
      later.toUTCString().replace(/^(\w{3}), (\d\d) (\w{3}) \d\d(\d\d)/, 'Sunday, $2-$3-$4'), // RFC 850
      `${later.toUTCString().slice(0, 3)} ${later.toUTCString().slice(8, 11)} ${String(later.getUTCDate()).padStart(2)} ${later.toISOString().slice(11, 19)} ${later.getUTCFullYear()}`, // asctime
    ]
    for (const since of formats) {
      const res = await site.fetch(encodeURI(fr.url), { headers: { 'if-modified-since': since } })
      expect(res.status, since).toBe(304)
    }
  })

  it(
    'answers a Cookie header larger than the runtime reads with a 4xx, not an error',
    async () => {
      const res = await raw('GET', '/', { cookie: `a=${'b'.repeat(200_000)}` })
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
    },
    BOUND,
  )
})

describe('a foreign Host never reaches an absolute URL', () => {
  let fresh: ServedSite
  let freshOrigin: URL
  // A new instance, so that every page below is rendered for the foreign Host, not cached before.
  beforeAll(async () => {
    fresh = await serveContent('content', { name: 'hostile-host' })
    freshOrigin = await fresh.mf.ready
  })
  afterAll(() => fresh?.close())

  const hostile = {
    host: 'evil.example',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'http',
    forwarded: 'for=1.2.3.4;host=evil.example;proto=http',
  }

  it.each([
    ['a post', () => encodeURI(fr.url)],
    ['its translation', () => '/en/blog/2018/04/03/our-sourdough-starter.html'],
    ['the home', () => '/'],
    ['a home in another language', () => '/en/'],
    ['a second listing page', () => '/page2/'],
    ['a tag', () => tagPath],
    ['an author', () => authorPath],
    ['a page', () => '/a-propos.html'],
    ['a collection', () => '/recettes/'],
    ['the RSS feed', () => '/feed.xml'],
    ['an Atom feed', () => '/en/feed.atom'],
    ['a JSON feed', () => '/feed.json'],
    ['the sitemap', () => '/sitemap.xml'],
    ['robots.txt', () => '/robots.txt'],
    ['a 404', () => '/no/such/page'],
    ['a translation link', () => '/ref/levain'],
    ['a _redirects rule', () => '/levain'],
    ['URL forgiveness', () => FR_POST.toUpperCase()],
    ['a canonical listing redirect', () => '/page1/'],
  ])(
    '%s',
    async (_name, path) => {
      for (const res of [
        await rawRequest(freshOrigin, 'GET', path(), hostile),
        await responseOf(await fresh.fetch(`http://evil.example${path()}`, { headers: hostile })),
      ]) {
        expect(res.status).toBeLessThan(500)
        const everything = `${JSON.stringify(res.headers)}\n${res.body}`
        expect(everything).not.toContain('evil.example')
        const absolute = [...res.body.matchAll(/https?:\/\/[^"'<>\s]+/g)].map((m) => m[0])
        for (const url of absolute.filter((u) => u.includes('kiosque')))
          expect(url.startsWith(SITE_URL), url).toBe(true)
      }
    },
    BOUND,
  )
})

describe('methods', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND'])(
    '%s on every kind of route: 405 with Allow: GET, HEAD',
    async (method) => {
      for (const [name, path] of routes()) {
        const res = await raw(method, path, { 'content-length': '0' })
        expect(res.status, `${method} ${name}`).toBe(405)
        // Static files are answered by Workers Static Assets before the worker runs.
        if (!name.includes('static') && !name.includes('stylesheet')) {
          expect(res.headers.allow, `${method} ${name}`).toBe('GET, HEAD')
          expect(res.headers['cache-control']).toBe('no-store')
          expect(res.headers['content-security-policy']).toBeDefined()
        }
      }
    },
    30_000,
  )

  it('HEAD on every kind of route answers like GET, without a body', async () => {
    for (const [name, path] of routes()) {
      const get = await raw('GET', path)
      const head = await raw('HEAD', path)
      expect(head.status, name).toBe(get.status)
      expect(head.body, name).toBe('')
      expect(head.headers.location, name).toBe(get.headers.location)
    }
  }, 30_000)

  it(
    'an unknown method is refused by the runtime with 501 Not Implemented (RFC 9110 §9.1)',
    async () => {
      for (const [name, path] of routes().slice(0, 3)) {
        const res = await raw('BREW', path)
        expect(res.status, name).toBe(501)
      }
    },
    BOUND,
  )
})

describe('open redirects', () => {
  it.each([
    // _redirects: a splat and placeholders rebuilt from the request.
    '/ancien-blog//evil.example/x',
    '/ancien-blog/%2F%2Fevil.example/x',
    '/ancien-blog/%5C%5Cevil.example',
    '/ancien-blog/%2F%5Cevil.example',
    '/ancien-blog/https:%2F%2Fevil.example',
    '/ancien-blog/%09/evil.example',
    '/ancien-blog/%0D%0ALocation:%20https://evil.example',
    '/agenda/%2F%2Fevil.example/11',
    '/agenda/2020/%2F%2Fevil.example',
    // URL forgiveness and canonical listings: targets come from the manifest.
    `//${FR_POST.slice(1).toUpperCase()}`,
    `${FR_POST.toUpperCase()}/%2F%2Fevil.example`,
    '/%2F%2Fevil.example/page1/',
    '/tag/levain/page1/?next=//evil.example',
    '/EN/page1/',
    // ?lang= and ?notice=off on every kind of page.
    `${FR_POST}?lang=en&next=//evil.example`,
    `${FR_POST}?notice=off&lang=//evil.example`,
    `${FR_POST}?notice=off&redirect=https://evil.example`,
    '/a-propos.html?lang=%2F%2Fevil.example',
    '/a-propos.html?notice=off',
    '/?lang=en&lang=//evil.example',
    '/ref/levain?lang=en&to=//evil.example',
    '/ref/%2F%2Fevil.example?lang=en',
    '/ref/levain/..%2F..%2F%2Fevil.example',
  ])(
    '%s',
    async (path) => {
      const res = await raw('GET', path, { host: 'evil.example' })
      expectSafe(res.status, res.headers.location as string | undefined, res.body)
    },
    BOUND,
  )
})

async function responseOf(res: Response): Promise<RawResponse> {
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: await res.text(),
  }
}
