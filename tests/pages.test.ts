import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContentError } from '../src/build/diagnostics'
import { buildSite, type ContentTree, emptyTree } from '../src/build/site'
import type { PostSummary } from '../src/model/types'
import { type ServedSite, serveContent } from './support/site'

const SITE_URL = 'https://kiosque.example'

let site: ServedSite
let pages: PostSummary[]
const page = (url: string) => pages.find((p) => p.url === url) as PostSummary
beforeAll(async () => {
  site = await serveContent('content', { name: 'pages' })
  pages = site.build.manifest.pages
})
afterAll(() => site?.close())

const html = async (path: string, init?: { headers?: Record<string, string> }) => {
  const res = await site.fetch(path, init)
  expect(res.status, path).toBe(200)
  return res.text()
}

describe('standalone pages', () => {
  it('serves Markdown files outside _posts at their path with .html, in their language', async () => {
    expect(page('/a-propos.html')).toMatchObject({ kind: 'page', lang: 'fr', langRef: 'about' })
    expect(page('/en/about.html')).toMatchObject({ kind: 'page', lang: 'en', langRef: 'about' })
    const fr = await site.fetch('/a-propos.html')
    expect(fr.headers.get('content-language')).toBe('fr')
    const body = await fr.text()
    expect(body).toContain('<h1>À propos du Fournil Commun</h1>')
    expect(body).toContain('<html lang="fr">')
    expect(body).not.toContain('Publié le')
    expect(body).toContain('<meta property="og:type" content="website"/>')
  })

  it('gives pages hreflang alternates, x-default and the switcher, like posts', async () => {
    const body = await html('/a-propos.html')
    expect(body).toContain(`<link rel="alternate" hreflang="en" href="${SITE_URL}/en/about.html"/>`)
    expect(body).toContain(
      `<link rel="alternate" hreflang="x-default" href="${SITE_URL}/a-propos.html"/>`,
    )
    expect(body).toContain(
      'href="/en/about.html?lang=en" hreflang="en" lang="en" dir="ltr">English</a>',
    )
    const english = await html('/en/about.html')
    expect(english).toContain(
      `<link rel="alternate" hreflang="fr" href="${SITE_URL}/a-propos.html"/>`,
    )
  })

  it('shows the "also available in" notice on pages too', async () => {
    const body = await html('/a-propos.html', { headers: { 'accept-language': 'en' } })
    expect(body).toContain('This post is also available in English.')
  })

  it('keeps files without front matter static, as Jekyll does', async () => {
    expect(site.build.assets).toContain('favicon.svg')
    expect(pages.some((p) => p.source === 'favicon.svg')).toBe(false)
  })
})

describe('collections', () => {
  it('serves documents at the collection permalink, or their own', async () => {
    expect(page('/recettes/pain-de-campagne.html')).toMatchObject({
      kind: 'doc',
      collection: 'recettes',
      lang: 'fr',
    })
    expect(page('/en/recipes/country-loaf.html')).toMatchObject({ kind: 'doc', lang: 'en' })
    const body = await html('/recettes/pain-de-campagne.html')
    expect(body).toContain('<h1>Pain de campagne au levain</h1>')
    expect(body).toContain(`hreflang="en" href="${SITE_URL}/en/recipes/country-loaf.html"`)
  })

  it.each([
    ['/recettes/', 'fr', ['/recettes/brioche-des-rois.html', '/recettes/pain-de-campagne.html']],
    ['/en/recettes/', 'en', ['/en/recipes/country-loaf.html']],
  ])('lists the documents of %s in %s, newest first', async (path, lang, urls) => {
    const body = await html(path)
    expect(body).toContain(`<html lang="${lang}">`)
    expect(body).toContain('<h1>Recettes</h1>')
    const positions = urls.map((u) => body.indexOf(`href="${u}"`))
    expect(positions.every((p) => p > 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('keeps documents out of the blog listings and feeds', async () => {
    expect(await html('/')).not.toContain('pain-de-campagne')
    expect(await html('/feed.xml')).not.toContain('pain-de-campagne')
  })
})

describe('links across kinds', () => {
  it.each([
    ['/ref/about', {}, '/a-propos.html'],
    ['/ref/about', { 'accept-language': 'en' }, '/en/about.html'],
    ['/ref/recette-campagne', { 'accept-language': 'en-GB' }, '/en/recipes/country-loaf.html'],
    ['/a-propos.html?lang=en', {}, '/en/about.html'],
    ['/recettes/pain-de-campagne.html?lang=en', {}, '/en/recipes/country-loaf.html'],
    ['/recettes/brioche-des-rois.html?lang=en', {}, '/en/'],
  ])('%s %j redirects to %s', async (path, headers, location) => {
    const res = await site.fetch(path, { headers })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(location)
  })

  it('lists pages, documents and collection listings in the sitemap', async () => {
    const xml = await html('/sitemap.xml')
    for (const p of pages) expect(xml).toContain(`<loc>${SITE_URL}${p.url}</loc>`)
    expect(xml).toContain(`<loc>${SITE_URL}/recettes/</loc>`)
    expect(xml).toContain(`<loc>${SITE_URL}/en/recettes/</loc>`)
  })
})

describe('navigation from _data/nav.yml', () => {
  it.each([
    [
      '/',
      'Menu',
      [
        '<a href="/" aria-current="page">Accueil</a>',
        '<a href="/recettes/">Recettes</a>',
        '<a href="/a-propos.html">À propos</a>',
      ],
    ],
    [
      '/en/',
      'Menu',
      ['<a href="/en/" aria-current="page">Home</a>', '<a href="/en/about.html">About</a>'],
    ],
  ])('%s shows the menu of its language', async (path, label, items) => {
    const body = await html(path)
    const nav = new RegExp(`<nav aria-label="${label}">([\\s\\S]*?)</nav>`).exec(body)?.[1] ?? ''
    for (const item of items) expect(nav).toContain(item)
  })
})

describe('checks across kinds', () => {
  const file = (path: string, text: string) => ({
    path,
    displayPath: `content/${path}`,
    text,
    mtimeMs: 0,
  })
  const tree = (files: Record<string, string>): ContentTree => {
    const t: ContentTree = emptyTree()
    for (const [path, text] of Object.entries(files)) {
      if (path === '_config.yml') t.config = file(path, text)
      else if (path.includes('_posts/')) t.posts.push(file(path, text))
      else if (path.startsWith('_')) t.collections.push(file(path, text))
      else t.pages.push(file(path, text))
    }
    return t
  }
  const errors = (files: Record<string, string>) => {
    try {
      buildSite(tree(files), { now: Date.UTC(2024, 0, 1), drafts: false })
      return []
    } catch (error) {
      if (!(error instanceof ContentError)) throw error
      return error.diagnostics.map((d) => `${d.path}:${d.line}:${d.col}: ${d.message}`)
    }
  }
  const config =
    'lang: fr\ncollections:\n  defis:\n    output: true\n    permalink: /defis/:year/:title.html\n'

  it.each([
    [
      'a page taking a post URL',
      {
        '_posts/2019-01-01-x.md': '---\ntitle: X\n---\n',
        'x.md': '---\ntitle: Page\npermalink: /2019/01/01/x.html\n---\n',
      },
      'content/x.md:3:12: URL /2019/01/01/x.html is already the URL of content/_posts/2019-01-01-x.md',
    ],
    [
      'a document and a page sharing a lang-ref in one language',
      {
        '_defis/2019-05-01-d.md': '---\ntitle: D\nlang-ref: r\n---\n',
        'p.md': '---\ntitle: P\nlang-ref: r\n---\n',
      },
      'content/_defis/2019-05-01-d.md:3:11: lang-ref "r" is already used by content/p.md:3:11 in language fr',
    ],
  ])('%s is an error with its position', (_name, files, expected) => {
    const found = errors({ '_config.yml': config, ...files })
    expect(
      found.some((e) => e.startsWith(expected)),
      found.join('\n'),
    ).toBe(true)
  })

  it('serves collection documents only when the collection has output: true', () => {
    const build = buildSite(
      tree({
        '_config.yml': 'lang: fr\ncollections: [notes]\n',
        '_notes/a.md': '---\ntitle: A\n---\n',
      }),
      {
        now: 0,
        drafts: false,
      },
    )
    expect(build.manifest.pages).toEqual([])
  })

  it('warns about and skips Liquid pages and pages taking a generated URL', () => {
    const build = buildSite(
      tree({
        '_config.yml': 'lang: fr\n',
        'liquid.md':
          '---\ntitle: L\n---\n{% for post in site.posts %}{{ post.title }}{% endfor %}\n',
        'index.md': '---\ntitle: Accueil\n---\nBienvenue\n',
      }),
      { now: 0, drafts: false },
    )
    expect(build.manifest.pages).toEqual([])
    expect(build.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'content/liquid.md: not served: a Liquid template, which Kiosque does not render yet; Jekyll renders it, and Kiosque will once it renders Liquid',
      'content/index.md: not served: Kiosque generates / itself (a home page or a feed)',
    ])
  })
})

// tests/fixtures/paginator-site: Jekyll 4.3 with jekyll-paginate-v2 writes /blog/, /blog/page2/,
// /en/blog/ and /en/blog/page2/ from the Liquid listings blog/index.html and en/blog/index.html.
describe('paginated Liquid listings (jekyll-paginate-v2), until Liquid is rendered', () => {
  let paginated: ServedSite
  beforeAll(async () => {
    paginated = await serveContent('tests/fixtures/paginator-site', { name: 'paginator-site' })
  })
  afterAll(() => paginated?.close())

  it.each([
    ['/blog/', '/'],
    ['/blog/page2/', '/page2/'],
    ['/en/blog/', '/en/'],
    ['/en/blog/page2/', '/en/page2/'],
  ])('%s redirects (302) to Kiosque’s listing %s, which is served', async (from, to) => {
    const res = await paginated.fetch(from)
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('location') ?? '', 'https://x.example').pathname).toBe(to)
    expect((await paginated.fetch(to)).status).toBe(200)
  })

  it('says so at the page’s pagination key', () => {
    expect(
      paginated.build.warnings
        .filter((w) => w.code === 'paginator')
        .map((w) => `${w.path.replace(/^.*paginator-site\//, '')}:${w.line}:${w.col}`),
    ).toEqual(['blog/index.html:5:3', 'en/blog/index.html:5:3'])
  })
})
