import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostSummary } from '../src/model/types'
import { type ServedSite, serveContent, visiblePosts } from './support/site'
import { parseXml } from './support/xml-parse'

const SITE_URL = 'https://kiosque.example'

let site: ServedSite
let posts: PostSummary[]
beforeAll(async () => {
  site = await serveContent('content', { name: 'reader' })
  posts = visiblePosts(site.build)
})
afterAll(() => site?.close())

const html = async (path: string) => {
  const res = await site.fetch(path)
  expect(res.status, path).toBe(200)
  return res.text()
}
const byLang = (lang: string) => posts.filter((p) => p.lang === lang)

describe('feeds', () => {
  it.each([
    ['/feed.atom', 'fr', 'application/atom+xml'],
    ['/en/feed.atom', 'en', 'application/atom+xml'],
    ['/feed.xml', 'fr', 'application/rss+xml'],
    ['/en/feed.xml', 'en', 'application/rss+xml'],
  ])(
    '%s is a well-formed %s feed with full content and absolute URLs',
    async (path, lang, type) => {
      const res = await site.fetch(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(`${type}; charset=UTF-8`)
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=600/)
      const body = await res.text()
      expect(() => parseXml(body)).not.toThrow()
      const newest = byLang(lang)[0] as PostSummary
      expect(body).toContain(`${SITE_URL}${encodeURI(newest.url)}`)
      // Full content: the rendered body, not only the excerpt.
      expect(body).toMatch(/&lt;p&gt;|<!\[CDATA\[<p>/)
      for (const [, url = ''] of body.matchAll(/(?:href|url)="([^"]+)"/g))
        expect(url).toMatch(/^https?:\/\//)
      for (const other of byLang(lang === 'fr' ? 'en' : 'fr'))
        expect(body).not.toContain(encodeURI(other.url))
    },
  )

  it.each([
    ['/feed.json', 'fr'],
    ['/en/feed.json', 'en'],
  ])('%s is a JSON Feed 1.1 of the %s posts', async (path, lang) => {
    const res = await site.fetch(path)
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=UTF-8')
    const feed = (await res.json()) as {
      version: string
      language: string
      items: { url: string; content_html: string }[]
    }
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.language).toBe(lang)
    expect(feed.items.map((i) => i.url)).toEqual(
      byLang(lang).map((p) => `${SITE_URL}${encodeURI(p.url)}`),
    )
    expect(feed.items.every((i) => i.content_html.includes('<p>'))).toBe(true)
  })

  it('is announced in the head of every page', async () => {
    for (const path of ['/', '/en/', encodeURI((posts[0] as PostSummary).url)]) {
      const page = await html(path)
      const prefix = path.startsWith('/en/') ? '/en' : ''
      expect(page).toContain(`type="application/atom+xml"`)
      expect(page).toContain(`href="${SITE_URL}${prefix}/feed.atom"`)
      expect(page).toContain(`href="${SITE_URL}${prefix}/feed.json"`)
      expect(page).toContain(`href="${SITE_URL}${prefix}/feed.xml"`)
    }
  })
})

describe('sitemap and robots', () => {
  it('lists every published post and listing page, with hreflang alternates', async () => {
    const res = await site.fetch('/sitemap.xml')
    expect(res.headers.get('content-type')).toBe('application/xml; charset=UTF-8')
    const xml = await res.text()
    expect(() => parseXml(xml)).not.toThrow()
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])
    for (const post of posts) expect(locs).toContain(`${SITE_URL}${encodeURI(post.url)}`)
    expect(locs).toContain(`${SITE_URL}/`)
    expect(locs).toContain(`${SITE_URL}/en/`)
    expect(locs).toContain(`${SITE_URL}/page2/`)
    const fr = posts.find((p) => p.langRef === 'levain' && p.lang === 'fr') as PostSummary
    const en = posts.find((p) => p.langRef === 'levain' && p.lang === 'en') as PostSummary
    expect(xml).toContain(
      `<xhtml:link rel="alternate" hreflang="en" href="${SITE_URL}${encodeURI(en.url)}"/>`,
    )
    expect(xml).toContain(
      `<xhtml:link rel="alternate" hreflang="x-default" href="${SITE_URL}${encodeURI(fr.url)}"/>`,
    )
    expect(xml).not.toContain('centenaire')
  })

  it('robots.txt names the sitemap', async () => {
    const res = await site.fetch('/robots.txt')
    expect(res.headers.get('content-type')).toBe('text/plain; charset=UTF-8')
    expect(await res.text()).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`)
  })
})

describe('tags and authors', () => {
  it.each([
    ['/tag/cooperative/', 'fr', 'coopérative', 'Articles étiquetés « coopérative »'],
    ['/tag/circuit-court/', 'fr', 'circuit court', 'Articles étiquetés « circuit court »'],
    ['/en/tag/fermentation/', 'en', 'fermentation', 'Posts tagged “fermentation”'],
  ])(
    '%s lists the %s posts tagged %s, slugged the Jekyll latin way',
    async (path, lang, tag, title) => {
      const page = await html(path)
      expect(page).toContain(`<h1>${title}</h1>`)
      const tagged = byLang(lang).filter((p) => p.tags.includes(tag))
      expect(tagged.length).toBeGreaterThan(0)
      for (const post of byLang(lang)) {
        const link = `href="${encodeURI(post.url)}"`
        if (tagged.includes(post)) expect(page).toContain(link)
        else expect(page).not.toContain(link)
      }
    },
  )

  it('links tags from posts to their tag page', async () => {
    const post = byLang('fr').find((p) => p.tags.includes('coopérative')) as PostSummary
    expect(await html(encodeURI(post.url))).toContain(
      '<a href="/tag/cooperative/" rel="tag">coopérative</a>',
    )
  })

  it('lists an author’s posts on their page, linked from each post', async () => {
    const author = byLang('fr').find((p) => p.author === 'Inès Lacombe') as PostSummary
    const page = await html('/author/ines-lacombe/')
    expect(page).toContain('<h1>Articles de Inès Lacombe</h1>')
    expect(page).toContain(encodeURI(author.url))
    expect(await html(encodeURI(author.url))).toContain(
      '<a href="/author/ines-lacombe/" rel="author">Inès Lacombe</a>',
    )
  })

  it.each(['/tag/nope/', '/tag/cooperative/page9/', '/en/tag/gouvernance/'])(
    '%s is a 404',
    async (path) => {
      expect((await site.fetch(path)).status).toBe(404)
    },
  )

  it('redirects /tag/<slug> without a slash, as Jekyll sites link it', async () => {
    const res = await site.fetch('/tag/cooperative')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/tag/cooperative/')
  })
})

describe('pagination by paginate_path', () => {
  it('pages the French home at /page2/ with rel prev and next', async () => {
    const first = await html('/')
    expect(first).toContain(`<link rel="next" href="${SITE_URL}/page2/"/>`)
    expect(first).toContain('<a rel="next" href="/page2/">')
    const second = await html('/page2/')
    expect(second).toContain(`<link rel="prev" href="${SITE_URL}/"/>`)
    expect(second).toContain('<a rel="prev" href="/">')
    const perPage = site.build.manifest.site.perPage
    expect(second).toContain(encodeURI((byLang('fr')[perPage] as PostSummary).url))
  })

  it.each(['/page0/', '/page-1/', '/page99999/', '/pageabc/', '/page/2/'])(
    '%s is a 404',
    async (path) => {
      expect((await site.fetch(path)).status).toBe(404)
    },
  )
})

describe('SEO and social metadata of a post', () => {
  const post = () => posts.find((p) => p.langRef === 'levain' && p.lang === 'fr') as PostSummary

  it('has a canonical link, a meta description and OpenGraph article tags with absolute URLs', async () => {
    const page = await html(encodeURI(post().url))
    const url = `${SITE_URL}${encodeURI(post().url)}`
    expect(page).toContain(`<link rel="canonical" href="${url}"/>`)
    expect(page).toContain(`<meta name="description" content="`)
    expect(page).toContain('<meta property="og:type" content="article"/>')
    expect(page).toContain(`<meta property="og:url" content="${url}"/>`)
    expect(page).toContain(
      `<meta property="og:image" content="${SITE_URL}/img/blog/levain-bocal.svg"/>`,
    )
    expect(page).toContain(`<meta property="article:published_time" content="${post().date}"/>`)
    for (const tag of post().tags)
      expect(page).toContain(`<meta property="article:tag" content="${tag}"/>`)
  })

  it('has a Twitter card naming the author’s account', async () => {
    const page = await html(encodeURI(post().url))
    expect(page).toContain('<meta name="twitter:card" content="summary_large_image"/>')
    expect(page).toContain('<meta name="twitter:creator" content="@fournilcommun"/>')
  })

  it('has a JSON-LD BlogPosting', async () => {
    const page = await html(encodeURI(post().url))
    const json = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page)?.[1] ?? '{}'
    const data = JSON.parse(json) as Record<string, unknown>
    expect(data['@type']).toBe('BlogPosting')
    expect(data.headline).toBe(post().title)
    expect(data.datePublished).toBe(post().date)
    expect(data.inLanguage).toBe('fr')
    expect(data.url).toBe(`${SITE_URL}${encodeURI(post().url)}`)
  })
})

describe('reading aids', () => {
  it('shows reading time, the excerpt on listings, neighbours and related posts', async () => {
    const list = byLang('fr')
    const middle = list[1] as PostSummary
    const page = await html(encodeURI(middle.url))
    expect(page).toContain(`${middle.readingMinutes} min de lecture`)
    expect(page).toContain(`<a rel="next" href="${encodeURI((list[0] as PostSummary).url)}">`)
    expect(page).toContain(`<a rel="prev" href="${encodeURI((list[2] as PostSummary).url)}">`)
    const home = await html('/')
    for (const p of list.slice(0, site.build.manifest.site.perPage)) {
      expect(p.excerpt).toBeTruthy()
      expect(home).toContain(
        `<p>${(p.excerpt ?? '').replace(/'/g, '&#39;').replace(/"/g, '&quot;')}</p>`,
      )
    }
  })

  it('relates posts of the same language by shared tags', async () => {
    const cooperative = byLang('fr').filter((p) => p.tags.includes('coopérative'))
    expect(cooperative.length).toBeGreaterThanOrEqual(2)
    const [a, b] = cooperative as [PostSummary, PostSummary]
    const page = await html(encodeURI(a.url))
    const related = /<aside class="related"[\s\S]*?<\/aside>/.exec(page)?.[0] ?? ''
    expect(related).toContain(`href="${encodeURI(b.url)}"`)
    for (const en of byLang('en')) expect(related).not.toContain(encodeURI(en.url))
  })
})

describe('links that never break', () => {
  const post = () => posts.find((p) => /[A-Z]/.test(p.url)) as PostSummary

  it.each([
    ['another letter case', (u: string) => u.toLowerCase()],
    ['no .html', (u: string) => u.replace(/\.html$/, '')],
    ['a trailing slash', (u: string) => u.replace(/\.html$/, '/')],
    ['upper case and no .html', (u: string) => u.toUpperCase().replace(/\.HTML$/, '')],
  ])('a permalink with %s gets a 301 to the canonical URL', async (_name, change) => {
    const res = await site.fetch(encodeURI(change(post().url)))
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(encodeURI(post().url))
  })

  it.each([
    [
      '/ancien-blog/2017/09/12/ouverture-du-fournil.html',
      301,
      '/blog/2017/09/12/ouverture-du-fournil.html',
    ],
    ['/levain', 302, '/ref/levain'],
    ['/en/bakehouse', 308, '/en/blog/2017/09/12/opening-the-bakehouse.html'],
    ['/agenda/2020/11', 307, '/blog/2020/11/'],
  ])('_redirects sends %s with a %i to %s', async (path, status, location) => {
    const res = await site.fetch(path)
    expect(res.status).toBe(status)
    expect(res.headers.get('location')).toBe(location)
  })

  it.each([
    ['/index.html', '/', 'fr'],
    ['/en/index.html', '/en/', 'en'],
  ])('%s, the home as Jekyll writes it, is the page of %s, in %s', async (path, home, lang) => {
    const alias = await site.fetch(path, { headers: { 'accept-language': 'en, fr;q=0.5' } })
    expect(alias.status).toBe(200)
    // Never negotiated: a link to /index.html means the default language's home.
    expect(alias.headers.get('vary')).toBeNull()
    expect(alias.headers.get('content-language')).toBe(lang)
    const page = await alias.text()
    expect(page).toContain(`<html lang="${lang}">`)
    expect(page).toContain(`<link rel="canonical" href="${SITE_URL}${home}"/>`)
    expect(page).toBe(await html(home))
    expect(alias.headers.get('etag')).toBe((await site.fetch(home)).headers.get('etag'))
  })

  it.each([
    ['/page2/index.html', '/page2/'],
    ['/en/page2/index.html', '/en/page2/'],
    ['/tag/cooperative/index.html', '/tag/cooperative/'],
  ])('%s, another listing as Jekyll writes it, gets a 301 to %s', async (path, location) => {
    const res = await site.fetch(path)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(location)
  })

  it('reports a full-URL rule of _redirects as a warning at build time', () => {
    expect(site.build.warnings.map((w) => `${w.path}:${w.line}:${w.col}`)).toContain(
      'content/_redirects:6:1',
    )
  })

  it('serves the theme stylesheet as a hashed static asset cached for a year', async () => {
    const { stylesheet } = site.build.manifest.site
    expect(stylesheet).toMatch(/^\/_kiosque\/kiosque\.[0-9a-f]{12}\.css$/)
    expect(await html('/')).toContain(`<link rel="stylesheet" href="${stylesheet}"/>`)
    const css = await site.fetch(stylesheet)
    expect(css.status).toBe(200)
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await css.text()).toBe(await readFile('src/theme/kiosque.css', 'utf8'))
  })
})

describe('drafts and scheduling', () => {
  let scratch: string
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kiosque-reader-'))
  })
  afterAll(() => rm(scratch, { recursive: true, force: true }))

  it('shows drafts and future posts with --drafts', async () => {
    const drafts = await serveContent('content', { name: 'reader-drafts', drafts: true })
    try {
      const draft = drafts.build.manifest.posts.find((p) =>
        p.source.startsWith('_drafts/'),
      ) as PostSummary
      const future = drafts.build.manifest.posts.find((p) =>
        p.date.startsWith('2099'),
      ) as PostSummary
      expect((await drafts.fetch(encodeURI(draft.url))).status).toBe(200)
      expect((await drafts.fetch(encodeURI(future.url))).status).toBe(200)
    } finally {
      await drafts.close()
    }
  })

  it('publishes a future-dated post on its date, without a new publish, capping max-age until then', async () => {
    const dir = join(scratch, 'content')
    await cp('content', dir, { recursive: true })
    // Whole seconds, as the front matter writes them; far enough ahead for a loaded machine.
    const due = new Date(Math.ceil((Date.now() + 12_000) / 1000) * 1000)
    const stamp = due
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' +0000')
    await writeFile(
      join(dir, '_posts', `${due.toISOString().slice(0, 10)}-bientot.md`),
      `---\ntitle: Bientôt\ndate: ${stamp}\n---\nCe billet paraît tout seul.\n`,
    )
    const scheduled = await serveContent(dir, { name: 'reader-scheduled' })
    try {
      const post = scheduled.build.manifest.posts.find((p) => p.title === 'Bientôt') as PostSummary
      const askedAt = Date.now()
      const before = await scheduled.fetch('/')
      const maxAge = Number(/max-age=(\d+)/.exec(before.headers.get('cache-control') ?? '')?.[1])
      // Never cached past the moment the post appears.
      expect(maxAge).toBeLessThanOrEqual(Math.ceil((due.getTime() - askedAt) / 1000))
      expect(before.headers.get('cache-control')).not.toContain('stale-while-revalidate')
      expect(await before.text()).not.toContain('Bientôt')
      expect((await scheduled.fetch(encodeURI(post.url))).status).toBe(404)
      await new Promise((r) => setTimeout(r, Math.max(0, due.getTime() - Date.now()) + 1100))
      expect((await scheduled.fetch(encodeURI(post.url))).status).toBe(200)
      expect(await (await scheduled.fetch('/')).text()).toContain('Bientôt')
    } finally {
      await scheduled.close()
    }
  }, 40_000)
})
