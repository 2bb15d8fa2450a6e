import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostSummary } from '../src/model/types'
import { type ServedSite, serveContent, visiblePosts } from './support/site'

const SITE_URL = 'https://kiosque.example'

/** Every `<link rel="alternate" hreflang>` of a page, as hreflang → absolute URL. */
function alternates(html: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const [, lang = '', href = ''] of html.matchAll(
    /<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g,
  )) {
    out.set(lang, href)
  }
  return out
}

function attr(html: string, tag: string, name: string): string | undefined {
  const element = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? ''
  return new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1]
}

let site: ServedSite
let posts: PostSummary[]
let fr: PostSummary // a French post with an English translation
let en: PostSummary // its translation
let frOnly: PostSummary // a French post without translation
beforeAll(async () => {
  site = await serveContent('content', { name: 'negotiation' })
  posts = visiblePosts(site.build)
  fr = posts.find((p) => p.lang === 'fr' && p.langRef === 'levain') as PostSummary
  en = posts.find((p) => p.lang === 'en' && p.langRef === 'levain') as PostSummary
  frOnly = posts.find((p) => p.lang === 'fr' && !p.langRef) as PostSummary
})
afterAll(() => site?.close())

describe('GET / chooses the language: ?lang, then the cookie, then Accept-Language, then the default', () => {
  it.each([
    // name, query, cookie, Accept-Language, status, Location, remembered choice
    ['a crawler without Accept-Language', '', '', null, 200, null, null],
    ['English', '', '', 'en', 302, '/en/', null],
    ['British English', '', '', 'en-GB,en;q=0.9', 302, '/en/', null],
    ['Canadian French', '', '', 'fr-CA', 200, null, null],
    ['an unsupported language', '', '', 'de', 200, null, null],
    ['German, then English', '', '', 'de, en;q=0.5', 302, '/en/', null],
    ['English preferred by q', '', '', 'fr;q=0.4, en;q=0.8', 302, '/en/', null],
    ['a wildcard', '', '', '*', 200, null, null],
    ['English excluded', '', '', 'en;q=0, *', 200, null, null],
    ['French excluded', '', '', 'fr;q=0, *;q=0.5', 302, '/en/', null],
    ['a cookie over the header', '', 'kiosque_lang=en', 'fr', 302, '/en/', null],
    ['a French cookie over an English header', '', 'kiosque_lang=fr', 'en', 200, null, null],
    ['an invalid cookie', '', 'kiosque_lang=%3Cscript%3E', 'en', 302, '/en/', null],
    ['a cookie for an unknown language', '', 'kiosque_lang=de', 'en', 302, '/en/', null],
    ['?lang=en', '?lang=en', '', 'fr', 302, '/en/', 'en'],
    ['?lang=fr over an English cookie', '?lang=fr', 'kiosque_lang=en', 'en', 302, '/', 'fr'],
    ['?lang=EN in capitals', '?lang=EN', '', null, 302, '/en/', 'en'],
    ['an unknown ?lang', '?lang=xx', '', 'en', 302, '/en/', null],
    ['a hostile ?lang', '?lang=%22%3E%3Cscript%3E', '', null, 200, null, null],
  ])('%s', async (_name, query, cookie, acceptLanguage, status, location, remembered) => {
    const headers: Record<string, string> = {}
    if (cookie) headers.cookie = cookie
    if (acceptLanguage !== null) headers['accept-language'] = acceptLanguage
    const res = await site.fetch(`/${query}`, { headers })
    expect(res.status).toBe(status)
    expect(res.headers.get('location')).toBe(location)
    const setCookie = res.headers.get('set-cookie')
    if (remembered) {
      expect(setCookie).toMatch(
        new RegExp(
          `^kiosque_lang=${remembered}; Max-Age=31536000; Path=/; HttpOnly; Secure; SameSite=Lax$`,
        ),
      )
    } else {
      expect(setCookie).toBeNull()
      expect(res.headers.get('vary')).toBe('Accept-Language, Cookie')
    }
    if (status === 200) {
      expect(res.headers.get('content-language')).toBe('fr')
      expect(attr(await res.text(), 'html', 'lang')).toBe('fr')
    }
  })
})

describe('post URLs are authoritative', () => {
  it.each(['en', 'en-US,en;q=0.9', '*'])(
    'Accept-Language %s never redirects a French post',
    async (al) => {
      const res = await site.fetch(encodeURI(fr.url), { headers: { 'accept-language': al } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-language')).toBe('fr')
    },
  )

  it.each([
    ['its translation', () => fr, 'en', () => en.url],
    ['the home of that language when it has no translation', () => frOnly, 'en', () => '/en/'],
    ['itself, cleaned, when it is already in that language', () => fr, 'fr', () => fr.url],
    ['its French version from the English one', () => en, 'fr', () => fr.url],
  ])('?lang on a post redirects to %s and remembers the choice', async (_n, from, lang, to) => {
    const res = await site.fetch(`${encodeURI(from().url)}?lang=${lang}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(encodeURI(to()))
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^kiosque_lang=${lang};`))
  })
})

describe('/ref/<lang-ref> links to the best translation for the visitor', () => {
  it.each([
    ['no preference: the default language', {}, () => fr.url],
    ['an English browser', { 'accept-language': 'en-GB' }, () => en.url],
    ['a German browser: the default language', { 'accept-language': 'de' }, () => fr.url],
    ['an English cookie', { cookie: 'kiosque_lang=en', 'accept-language': 'fr' }, () => en.url],
  ])('%s', async (_n, headers, to) => {
    const res = await site.fetch('/ref/levain', { headers })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(encodeURI(to()))
    expect(res.headers.get('vary')).toBe('Accept-Language, Cookie')
  })

  it('answers an unknown group with a 404', async () => {
    expect((await site.fetch('/ref/no-such-group')).status).toBe(404)
  })
})

describe('hreflang, x-default and the language switcher', () => {
  it('links every post to itself and each existing translation, reciprocally, with absolute URLs from _config.yml', async () => {
    const pages = new Map<string, Map<string, string>>()
    for (const post of posts) {
      const res = await site.fetch(encodeURI(post.url), { headers: { host: 'evil.example' } })
      pages.set(`${SITE_URL}${encodeURI(post.url)}`, alternates(await res.text()))
    }
    for (const post of posts) {
      const self = `${SITE_URL}${encodeURI(post.url)}`
      const links = pages.get(self) as Map<string, string>
      const group = posts.filter((p) => p.langRef !== undefined && p.langRef === post.langRef)
      const versions = group.length > 0 ? group : [post]
      expect(links.get(post.lang), post.url).toBe(self)
      for (const version of versions)
        expect(links.get(version.lang)).toBe(`${SITE_URL}${encodeURI(version.url)}`)
      // No alternate for a language that has no translation.
      expect(links.size, post.url).toBe(versions.length + 1)
      const xDefault = versions.find((v) => v.lang === 'fr') ?? versions[0]
      expect(links.get('x-default')).toBe(`${SITE_URL}${encodeURI((xDefault as PostSummary).url)}`)
      for (const [lang, href] of links) {
        if (lang === 'x-default') continue
        expect(pages.get(href)?.get(post.lang), `${href} links back to ${post.url}`).toBe(self)
      }
    }
  })

  it('links the homes of every language to each other, with x-default to the default home', async () => {
    const root = alternates(await (await site.fetch('/')).text())
    const english = alternates(await (await site.fetch('/en/')).text())
    expect(Object.fromEntries(root)).toEqual({
      fr: `${SITE_URL}/`,
      en: `${SITE_URL}/en/`,
      ar: `${SITE_URL}/ar/`,
      'x-default': `${SITE_URL}/`,
    })
    expect(english).toEqual(root)
  })

  it('shows a switcher with real translations only', async () => {
    const translated = await (await site.fetch(encodeURI(fr.url))).text()
    const nav = /<nav aria-label="Langue">([\s\S]*?)<\/nav>/.exec(translated)?.[1] ?? ''
    expect(nav).toContain(
      `href="${encodeURI(en.url)}?lang=en" hreflang="en" lang="en" dir="ltr">English</a>`,
    )
    expect(nav).toContain('aria-current="page">Français</a>')
    const alone = await (await site.fetch(encodeURI(frOnly.url))).text()
    expect(alone).not.toContain('<nav aria-label="Langue">')
  })

  it('sets og:locale and og:locale:alternate', async () => {
    const html = await (await site.fetch(encodeURI(fr.url))).text()
    expect(html).toContain('<meta property="og:locale" content="fr_FR"/>')
    expect(html).toContain('<meta property="og:locale:alternate" content="en_US"/>')
    const alone = await (await site.fetch(encodeURI(frOnly.url))).text()
    expect(alone).not.toContain('og:locale:alternate')
  })

  it('formats dates for the page language', async () => {
    const opening = posts.filter((p) => p.langRef === 'ouverture')
    const frHtml = await (
      await site.fetch(encodeURI((opening.find((p) => p.lang === 'fr') as PostSummary).url))
    ).text()
    const enHtml = await (
      await site.fetch(encodeURI((opening.find((p) => p.lang === 'en') as PostSummary).url))
    ).text()
    expect(frHtml).toContain('12 septembre 2017')
    expect(enHtml).toContain('September 12, 2017')
  })
})

describe('the "also available in" notice', () => {
  it('is added for a visitor whose language has a translation, in their language, after the cache', async () => {
    const plain = await site.fetch(encodeURI(fr.url))
    const res = await site.fetch(encodeURI(fr.url), { headers: { 'accept-language': 'en' } })
    const html = await res.text()
    expect(res.headers.get('x-kiosque-cache')).toBe('memory')
    expect(html).toContain(
      `<aside class="notice" lang="en" dir="ltr" aria-label="Also available in"><a href="${encodeURI(en.url)}?lang=en" hreflang="en">This post is also available in English.</a>`,
    )
    expect(res.headers.get('etag')).toBe(`${(plain.headers.get('etag') ?? '').slice(0, -1)}-en"`)
    expect(res.headers.get('vary')).toBe('Accept-Language, Cookie')
    expect(await plain.text()).not.toContain('class="notice"')
  })

  it('speaks French to a French visitor on an English post', async () => {
    const html = await (
      await site.fetch(encodeURI(en.url), { headers: { cookie: 'kiosque_lang=fr' } })
    ).text()
    expect(html).toContain('Cet article existe en français.')
  })

  it('is not shown without a translation, without a preference, or once dismissed', async () => {
    const cases: [PostSummary, Record<string, string>][] = [
      [frOnly, { 'accept-language': 'en' }],
      [fr, {}],
      [fr, { 'accept-language': 'fr' }],
      [fr, { 'accept-language': 'en', cookie: 'kiosque_notice=off' }],
    ]
    for (const [post, headers] of cases) {
      const html = await (await site.fetch(encodeURI(post.url), { headers })).text()
      expect(html, JSON.stringify(headers)).not.toContain('class="notice"')
    }
  })

  it('is dismissed with ?notice=off, remembered in a cookie, and redirected to the clean URL', async () => {
    const res = await site.fetch(`${encodeURI(fr.url)}?notice=off`, {
      headers: { 'accept-language': 'en' },
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(encodeURI(fr.url))
    expect(res.headers.get('set-cookie')).toMatch(/^kiosque_notice=off;/)
  })
})

describe('hostile language headers', () => {
  it.each([
    ['16 KB of entries', 'en;q=0.5,'.repeat(1_800)],
    ['10,000 entries', Array.from({ length: 10_000 }, (_, i) => `x${i % 9}`).join(',')],
    ['malformed entries', ';;;,,,=,q=,en;q=abc,fr;q=2'],
    ['odd q-values', 'en;q=1.0000, fr;q=0., de;q=.5, es;q=1e0'],
    ['Latin-1 bytes', 'en\u00e9, fr\u00ff;q=\u00bd, \u00a0'],
  ])('%s: never an error', async (_name, header) => {
    for (const path of ['/', encodeURI(fr.url), '/ref/levain']) {
      const res = await site.fetch(path, {
        headers: { 'accept-language': header, cookie: `kiosque_lang=${'e'.repeat(5000)}` },
      })
      expect(res.status, path).toBeLessThan(400)
    }
  })

  it('128 KB of Accept-Language is read within its bounds: the first entries decide', async () => {
    const res = await site.fetch('/', {
      headers: { 'accept-language': 'en;q=0.5,'.repeat(14_000) },
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/en/')
  })
})

describe('redirects never leave the site', () => {
  it.each([
    '//evil.example/',
    '/\\evil.example/',
    '/%2F%2Fevil.example/',
    '/%5Cevil.example/?lang=en',
    '/ref/%2F%2Fevil.example',
    '/ref/..%2F..%2Fevil',
    '/?lang=//evil.example',
    '/?lang=https://evil.example',
    '/en/?lang=%2F%2Fevil.example',
    '/page/1//',
    '/EN/',
    '//en/',
  ])('%s', async (path) => {
    const res = await site.fetch(
      `https://kiosque.test${path.startsWith('//') ? `/${path.slice(1)}` : path}`,
      {
        headers: { host: 'evil.example' },
      },
    )
    expect(res.status).toBeLessThan(500)
    const location = res.headers.get('location')
    if (location !== null) {
      expect(location).toMatch(/^\/(?![/\\])/)
      expect(location).not.toContain('evil')
    }
  })

  it('builds absolute URLs from _config.yml, never from the Host header', async () => {
    const html = await (
      await site.fetch(encodeURI(fr.url), { headers: { host: 'evil.example' } })
    ).text()
    expect(html).not.toContain('evil.example')
    expect(html).toContain(`<link rel="canonical" href="${SITE_URL}${encodeURI(fr.url)}"/>`)
  })
})

describe('site options', () => {
  let scratch: string
  let custom: ServedSite
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kiosque-negotiation-'))
    const dir = join(scratch, 'content')
    await cp('content', dir, { recursive: true })
    const config = await readFile(join(dir, '_config.yml'), 'utf8')
    await writeFile(join(dir, '_config.yml'), `${config}\nkiosque:\n  list_untranslated: true\n`)
    await cp('content', dir, { recursive: true, filter: () => true, force: false })
    await writeFile(
      join(dir, '_data', 'i18n.yml').replace('/_data/i18n.yml', '/_data-placeholder'),
      '',
    )
    await rm(join(dir, '_data-placeholder'), { force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, '_data'), { recursive: true }))
    await writeFile(
      join(dir, '_data', 'i18n.yml'),
      'fr:\n  latest_posts: Nos dernières fournées\nen:\n  read_more: Keep reading\n',
    )
    custom = await serveContent(dir, { name: 'negotiation-options' })
  })
  afterAll(async () => {
    await custom?.close()
    await rm(scratch, { recursive: true, force: true })
  })

  it('lists untranslated posts of other languages, marked with their language, when list_untranslated is on', async () => {
    const html = await (await custom.fetch('/en/')).text()
    const untranslated = visiblePosts(custom.build).filter((p) => p.lang === 'fr' && !p.langRef)
    const first = untranslated[0] as PostSummary
    expect(html).toContain(`<a href="${encodeURI(first.url)}" lang="fr" dir="ltr">`)
    expect(html).toContain('<span class="lang-badge">French</span>')
    expect(html).not.toContain(`href="${encodeURI(fr.url)}"`)
  })

  it('keeps listings to their own language by default', async () => {
    const html = await (await site.fetch('/en/')).text()
    expect(html).not.toContain('class="lang-badge"')
  })

  it('uses interface strings from _data/i18n.yml over the built-in ones', async () => {
    expect(await (await custom.fetch('/')).text()).toContain('<h1>Nos dernières fournées</h1>')
    expect(await (await site.fetch('/')).text()).toContain('<h1>Derniers articles</h1>')
  })
})
