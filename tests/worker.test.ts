import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostSummary } from '../src/model/types'
import { buildContent, type ServedSite, serveContent, visiblePosts } from './support/site'

/** The value of an attribute of the first element matching `tag`, read from raw HTML. */
function attr(html: string, tag: string, name: string): string | undefined {
  const element = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? ''
  return new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1]
}

describe('the sample blog (content/)', () => {
  let site: ServedSite
  let posts: PostSummary[]
  beforeAll(async () => {
    site = await serveContent('content', { name: 'content' })
    posts = visiblePosts(site.build)
  })
  afterAll(() => site?.close())

  it('publishes at least 8 posts in French, English and Arabic, with lang-ref pairs', () => {
    expect(posts.length).toBeGreaterThanOrEqual(8)
    expect(new Set(posts.map((p) => p.lang))).toEqual(new Set(['fr', 'en', 'ar']))
    const refs = posts.filter((p) => p.langRef).map((p) => p.langRef)
    const pairs = new Set(refs.filter((r, i) => refs.indexOf(r) !== i))
    expect(pairs.size).toBeGreaterThanOrEqual(3)
  })

  it('serves every post at its permalink, in its language', async () => {
    for (const post of posts) {
      const res = await site.fetch(encodeURI(post.url))
      const html = await res.text()
      expect(res.status, post.url).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i)
      expect(res.headers.get('content-language'), post.url).toBe(post.lang)
      expect(attr(html, 'html', 'lang'), post.url).toBe(post.lang)
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
      expect(html).toContain(`<h1>${post.title.replace(/'/g, '&#39;')}</h1>`)
    }
  })

  it.each([
    ['/', 'fr'],
    ['/en/', 'en'],
  ])(
    'GET %s lists the %s posts, newest first, with date, description and tags',
    async (path, lang) => {
      const res = await site.fetch(path)
      const html = await res.text()
      expect(res.status).toBe(200)
      expect(res.headers.get('content-language')).toBe(lang)
      expect(attr(html, 'html', 'lang')).toBe(lang)
      const own = posts.filter((p) => p.lang === lang).slice(0, site.build.manifest.site.perPage)
      const positions = own.map((p) => html.indexOf(`href="${encodeURI(p.url)}"`))
      expect(positions.every((at) => at > 0)).toBe(true)
      expect([...positions].sort((a, b) => a - b)).toEqual(positions)
      const first = own[0] as PostSummary
      expect(html).toContain(`<time datetime="${first.date}">`)
      for (const tag of first.tags) expect(html).toContain(`rel="tag">${tag}</a>`)
      const others = posts.filter((p) => p.lang !== lang)
      for (const other of others) expect(html).not.toContain(`href="${encodeURI(other.url)}"`)
    },
  )

  it('paginates the home page by _config.yml paginate', async () => {
    const { perPage } = site.build.manifest.site
    const french = posts.filter((p) => p.lang === 'fr')
    const pages = Math.ceil(french.length / perPage)
    if (pages < 2)
      throw new Error('the sample content should have more French posts than one page holds')
    const second = await site.fetch('/page2/')
    expect(second.status).toBe(200)
    expect(await second.text()).toContain(encodeURI((french[perPage] as PostSummary).url))
    expect((await site.fetch(`/page${pages + 1}/`)).status).toBe(404)
    expect((await site.fetch('/page1/')).headers.get('location')).toBe('/')
  })

  it('renders Markdown with GFM, raw HTML embeds, captions, lists under paragraphs and non-breaking spaces', async () => {
    const bodies = await Promise.all(
      posts.map(async (p) => (await site.fetch(encodeURI(p.url))).text()),
    )
    const all = bodies.join('\n')
    expect(all).toMatch(/<iframe [^>]*src="https:\/\/www\.youtube-nocookie\.com\/embed\//)
    expect(all).toMatch(/<script async [^>]*src="\/\/speakerdeck\.com\/assets\/embed\.js"/)
    expect(all).toMatch(
      /<figure><img [^>]*src="\/img\/blog\/[^"]+"[^>]*><figcaption>[^<]+©[^<]+<\/figcaption><\/figure>/,
    )
    expect(all).toMatch(/<p>[^<]*:<\/p>\s*<ul>\s*<li>/)
    expect(all).toContain('<table>')
    expect(all).toMatch(/<pre><code class="hljs language-js"><span class="hljs-/)
    expect(all).toContain('\u00a0')
    expect(all).toContain('&nbsp;')
  })

  it('links translations to each other', async () => {
    const translated = posts.filter((p) => p.langRef)
    for (const post of translated) {
      const html = await (await site.fetch(encodeURI(post.url))).text()
      const others = translated.filter((p) => p.langRef === post.langRef && p.url !== post.url)
      for (const other of others) {
        expect(html).toContain(
          `hreflang="${other.lang}" href="https://kiosque.example${encodeURI(other.url)}"`,
        )
      }
    }
  })

  it('never serves drafts, unpublished or future posts', async () => {
    const { build: everything } = await buildContent('content', 'content-drafts', { drafts: true })
    const hidden = everything.manifest.posts.filter((p) => !posts.some((q) => q.url === p.url))
    expect(hidden.length).toBeGreaterThanOrEqual(2)
    for (const post of hidden)
      expect((await site.fetch(encodeURI(post.url))).status, post.url).toBe(404)
    expect(site.build.skipped).toEqual({ unpublished: 1 })
    expect(site.build.scheduled).toBe(1)
  })

  it('serves static files and hides _-prefixed ones', async () => {
    const svg = await site.fetch('/img/blog/ag-2019.svg')
    expect(svg.status).toBe(200)
    expect(await svg.text()).toBe(readFileSync('content/img/blog/ag-2019.svg', 'utf8'))
    expect((await site.fetch('/_notes.md')).status).toBe(404)
    expect((await site.fetch('/_config.yml')).status).toBe(404)
  })

  it.each([
    ['/nope', 'fr', 'Page introuvable'],
    ['/en/nope', 'en', 'Page not found'],
    ['/blog/2099/01/01/centenaire-du-four.html', 'fr', 'Page introuvable'],
  ])('GET %s is a 404 page in %s', async (path, lang, text) => {
    const res = await site.fetch(path)
    const html = await res.text()
    expect(res.status).toBe(404)
    expect(res.headers.get('content-language')).toBe(lang)
    expect(attr(html, 'html', 'lang')).toBe(lang)
    expect(html).toContain(text)
  })

  it('escapes what comes from the request', async () => {
    const res = await site.fetch('/%3Cscript%3Ealert(1)%3C%2Fscript%3E?q=%22%3E%3Cimg%20src=x%3E')
    const html = await res.text()
    expect(res.status).toBe(404)
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<img src=x>')
  })
})

describe('a real multilingual Jekyll blog (tests/fixtures/jekyll-blog)', () => {
  let site: ServedSite
  beforeAll(async () => {
    site = await serveContent('tests/fixtures/jekyll-blog', { name: 'jekyll-blog' })
  })
  afterAll(() => site?.close())

  const golden = readFileSync('tests/fixtures/jekyll-blog.urls.txt', 'utf8').trim().split('\n')

  it('publishes exactly the posts Jekyll publishes, at the URLs Jekyll gives them', () => {
    const urls = visiblePosts(site.build)
      .map((p) => encodeURI(p.url))
      .sort()
    expect(urls).toEqual([...golden].sort())
  })

  it.each(golden)('serves %s', async (url) => {
    const res = await site.fetch(url)
    expect(res.status).toBe(200)
    const lang = url.startsWith('/en/') ? 'en' : 'fr'
    expect(res.headers.get('content-language')).toBe(lang)
  })

  it('pages the blog at paginate_path (blog/page:num), its first page at / and /blog/ redirected there', async () => {
    const second = await site.fetch('/blog/page2/')
    expect(second.status).toBe(200)
    expect(await second.text()).toContain(
      '<link rel="prev" href="https://entrepreneur-interet-general.etalab.gouv.fr/"/>',
    )
    const folder = await site.fetch('/blog/')
    expect(folder.status).toBe(301)
    expect(folder.headers.get('location')).toBe('/')
  })

  it('serves no draft and no unpublished post', async () => {
    for (const path of [
      '/blog/2020/03/12/teletravail.html',
      '/blog/appel-a-candidatures-eig5.html',
    ]) {
      expect((await site.fetch(path)).status).toBe(404)
    }
  })
})
