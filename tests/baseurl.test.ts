/**
 * A site with a `baseurl` (tests/fixtures/baseurl-site, `baseurl: /blog/`) is served under that
 * sub-path, as `jekyll serve` serves it, and every link Kiosque writes carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServedSite, serveContent } from './support/site'
import { parseXml } from './support/xml-parse'

const ORIGIN = 'https://ruche.example'
const POST = '/blog/2024/01/premiere-recolte.html'
const EN_POST = '/blog/en/2024/01/first-harvest.html'
const UNDER_BLOG = /^(https:\/\/ruche\.example)?\/blog\//

let site: ServedSite
beforeAll(async () => {
  site = await serveContent('tests/fixtures/baseurl-site', { name: 'baseurl-site' })
})
afterAll(() => site?.close())

const html = async (path: string, headers: Record<string, string> = {}) => {
  const res = await site.fetch(path, { headers })
  expect(res.status, path).toBe(200)
  return res.text()
}

/** Every URL a page links to: href and src attributes, and the content of og:/twitter: URLs. */
function linksOf(page: string): string[] {
  return [...page.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1] ?? '')
}

describe('a site with baseurl /blog', () => {
  it('keeps site.url the origin and baseurl apart in the manifest', () => {
    expect(site.build.manifest.site.url).toBe(ORIGIN)
    expect(site.build.manifest.site.baseurl).toBe('/blog')
    // Permalinks stay as Jekyll's page.url has them, without the baseurl.
    expect(site.build.manifest.posts.map((p) => p.url).sort()).toEqual([
      '/2024/01/premiere-recolte.html',
      '/2024/02/essaimage.html',
      '/2024/03/hivernage.html',
      '/en/2024/01/first-harvest.html',
    ])
  })

  it.each([
    ['/blog/', 'fr'],
    ['/blog/en/', 'en'],
    ['/blog/index.html', 'fr'],
    ['/blog/en/index.html', 'en'],
    ['/blog/page2/', 'fr'],
    [POST, 'fr'],
    [EN_POST, 'en'],
    ['/blog/2024/02/essaimage.html', 'fr'],
    ['/blog/a-propos.html', 'fr'],
    ['/blog/en/about.html', 'en'],
    ['/blog/tag/miel/', 'fr'],
    ['/blog/en/tag/honey/', 'en'],
  ])('serves %s in %s, every site link under /blog/', async (path, lang) => {
    const page = await html(path)
    expect(page).toContain(`<html lang="${lang}">`)
    const canonical = path.replace(/index\.html$/, '')
    expect(page).toContain(`<link rel="canonical" href="${ORIGIN}${canonical}"/>`)
    for (const link of linksOf(page)) {
      if (link.startsWith('#') || /^https:\/\/(cdn|beekeeping)\.example\//.test(link)) continue
      // Kiosque's links are root-relative or absolute; the authors' may be relative.
      if (link.startsWith('/') || link.startsWith('http')) expect(link, path).toMatch(UNDER_BLOG)
      expect(new URL(link, `${ORIGIN}${path}`).href, path).toMatch(
        /^https:\/\/ruche\.example\/blog\//,
      )
    }
  })

  it('writes the post links of listings, tags, pagination and the menu under /blog/', async () => {
    const home = await html('/blog/')
    expect(home).toContain('href="/blog/2024/03/hivernage.html"')
    expect(home).toContain('href="/blog/tag/miel/" rel="tag"')
    expect(home).toContain('<a rel="next" href="/blog/page2/">')
    expect(home).toContain(`<link rel="next" href="${ORIGIN}/blog/page2/"/>`)
    expect(home).toContain('href="/blog/a-propos.html"')
    expect(home).toContain('<a class="brand" href="/blog/">')
    expect(home).toContain(`<link rel="alternate" hreflang="en" href="${ORIGIN}/blog/en/"/>`)
  })

  it('links translations, the switcher and JSON-LD under /blog/', async () => {
    const page = await html(POST)
    expect(page).toContain(`<link rel="alternate" hreflang="en" href="${ORIGIN}${EN_POST}"/>`)
    expect(page).toContain(`href="${EN_POST}?lang=en"`)
    expect(page).toContain(`"url":"${ORIGIN}${POST}"`)
    expect(page).toContain(
      `"publisher":{"@type":"Organization","name":"Carnet de la ruche","url":"${ORIGIN}/blog/"}`,
    )
  })

  it.each([
    [POST, 'https://cdn.example/img/recolte.jpg'],
    ['/blog/2024/02/essaimage.html', 'https://cdn.example/img/essaim.jpg'],
    ['/blog/2024/03/hivernage.html', `${ORIGIN}/blog/img/cadres.svg`],
  ])('gives %s the og:image %s, an absolute image kept as written', async (path, image) => {
    const page = await html(path)
    expect(page).toContain(`<meta property="og:image" content="${image}"/>`)
    expect(page).toContain(`<meta name="twitter:image" content="${image}"/>`)
    expect(page).toContain(`"image":"${image}"`)
  })

  it.each([
    ['/blog/contact.html', 'fr', 'Carnet de la ruche'],
    ['/blog/en/contact.html', 'en', 'The Hive Notebook'],
  ])('names %s, a page with no title, by the site’s title in %s', async (path, lang, title) => {
    const page = await html(path)
    expect(page).toContain(`<html lang="${lang}">`)
    expect(page).toContain(`<title>${title}</title>`)
    expect(page).toContain(`<meta property="og:title" content="${title}"/>`)
    expect(page).toContain(`<meta name="twitter:title" content="${title}"/>`)
    expect(page).toContain(`<h1>${title}</h1>`)
    expect(page).toContain(`"headline":"${title}"`)
    // Its translation is still linked, by language.
    expect(page).toContain('hreflang="fr"')
    expect(page).toContain('hreflang="en"')
    expect(page).not.toMatch(/<title>\s*<\/title>|<h1><\/h1>|content=""/)
  })

  it('renders submenus as nested lists in disclosures, marked where the current page is', async () => {
    const home = await html('/blog/')
    const menu = /<ul class="menu">.*?<\/nav>/s.exec(home)?.[0] ?? ''
    expect(menu).toBe(
      '<ul class="menu"><li><a href="/blog/" aria-current="page">Accueil</a></li>' +
        '<li><details><summary>Le rucher</summary><ul class="submenu">' +
        '<li><a href="/blog/a-propos.html">À propos</a></li>' +
        '<li><a href="/blog/contact.html">Contact</a></li></ul></details></li></ul></nav>',
    )
    const contact = await html('/blog/contact.html')
    expect(contact).toContain('<details><summary class="current">Le rucher</summary>')
    expect(contact).toContain('<a href="/blog/contact.html" aria-current="page">Contact</a>')
    // A parent with its own page links it first in its submenu.
    const about = await html('/blog/en/about.html')
    expect(/<ul class="menu">.*?<\/nav>/s.exec(about)?.[0]).toBe(
      '<ul class="menu"><li><a href="/blog/en/">Home</a></li>' +
        '<li><details><summary class="current">About</summary><ul class="submenu">' +
        '<li><a href="/blog/en/about.html" aria-current="page">About</a></li>' +
        '<li><a href="/blog/en/contact.html">Contact</a></li>' +
        '<li><a href="https://beekeeping.example/">Beekeeping (external)</a></li>' +
        '</ul></details></li></ul></nav>',
    )
  })

  it('serves the theme stylesheet and static files under /blog/', async () => {
    const { stylesheet } = site.build.manifest.site
    expect(await html('/blog/')).toContain(`<link rel="stylesheet" href="/blog${stylesheet}"/>`)
    const css = await site.fetch(`/blog${stylesheet}`)
    expect(css.status).toBe(200)
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await css.text()).length).toBeGreaterThan(1000)
    const svg = await site.fetch('/blog/img/cadres.svg')
    expect(svg.status).toBe(200)
    expect(await svg.text()).toContain('<svg')
  })

  it.each([
    ['/', 302, '/blog/'],
    ['/blog', 301, '/blog/'],
    ['/blog/?lang=en', 302, '/blog/en/'],
    ['/blog/2024/01/Premiere-Recolte.html', 301, POST],
    ['/blog/2024/01/premiere-recolte', 301, POST],
    ['/blog/en', 301, '/blog/en/'],
    ['/blog/ancienne-recolte', 301, POST],
    [`${POST}?lang=en`, 302, EN_POST],
    ['/blog/ref/harvest?lang=en', 302, EN_POST],
  ])('redirects %s with %i to %s', async (path, status, location) => {
    const res = await site.fetch(path)
    expect(res.status).toBe(status)
    expect(res.headers.get('location')).toBe(location)
  })

  it('sends a visitor whose language is English from /blog/ to /blog/en/', async () => {
    const res = await site.fetch('/blog/', { headers: { 'accept-language': 'en' } })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/blog/en/')
  })

  it.each([
    '/2024/01/premiere-recolte.html',
    '/en/',
    '/img/cadres.svg',
    '/feed.xml',
    '/sitemap.xml',
    '/_kiosque/kiosque.css',
    '/blogx/',
    '/blog/nope.html',
  ])(
    'answers %s, outside the site or missing, with a 404 linking home under /blog/',
    async (path) => {
      const res = await site.fetch(path)
      expect(res.status).toBe(404)
      const page = await res.text()
      expect(page).toContain('href="/blog/"')
    },
  )

  it('links the notice and its dismissal under /blog/', async () => {
    const page = await html(POST, { 'accept-language': 'en' })
    expect(page).toContain(`href="${EN_POST}?lang=en" hreflang="en"`)
    expect(page).toContain(`href="${POST}?notice=off"`)
  })

  it.each(['/blog/feed.xml', '/blog/feed.atom', '/blog/feed.json'])(
    '%s links posts and images under the origin and /blog/, keeping absolute images',
    async (path) => {
      const body = await html(path)
      if (path.endsWith('.json')) {
        const feed = JSON.parse(body) as {
          home_page_url: string
          feed_url: string
          items: { url: string; image?: string }[]
        }
        expect(feed.home_page_url).toBe(`${ORIGIN}/blog/`)
        expect(feed.feed_url).toBe(`${ORIGIN}/blog/feed.json`)
        expect(feed.items.map((i) => i.image)).toEqual([
          `${ORIGIN}/blog/img/cadres.svg`,
          'https://cdn.example/img/essaim.jpg',
          'https://cdn.example/img/recolte.jpg',
        ])
        for (const item of feed.items) expect(item.url).toMatch(/^https:\/\/ruche\.example\/blog\//)
        return
      }
      expect(() => parseXml(body)).not.toThrow()
      const images = [...body.matchAll(/<media:content url="([^"]*)"/g)].map((m) => m[1])
      expect(images).toEqual([
        `${ORIGIN}/blog/img/cadres.svg`,
        'https://cdn.example/img/essaim.jpg',
        'https://cdn.example/img/recolte.jpg',
      ])
      expect(body).not.toMatch(/ruche\.example(?!\/blog\/)/)
      expect(body).toContain(`${ORIGIN}${POST}`)
      // The authors' own links, written for the sub-path, resolved against each post's URL.
      expect(body).toContain(`${ORIGIN}/blog/img/cadres.svg`)
      expect(body).toMatch(
        /href=(&quot;|")https:\/\/ruche\.example\/blog\/2024\/01\/premiere-recolte\.html/,
      )
    },
  )

  it('lists every URL of the sitemap under the origin and /blog/', async () => {
    const body = await html('/blog/sitemap.xml')
    expect(() => parseXml(body)).not.toThrow()
    const urls = [...body.matchAll(/(?:<loc>|href=")(https?:[^<"]*)/g)].map((m) => m[1] ?? '')
    expect(urls.length).toBeGreaterThan(8)
    for (const url of urls) expect(url).toMatch(/^https:\/\/ruche\.example\/blog\//)
    expect(urls).toContain(`${ORIGIN}${POST}`)
    expect(await html('/blog/robots.txt')).toContain(`Sitemap: ${ORIGIN}/blog/sitemap.xml`)
  })
})
