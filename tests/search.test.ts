import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServedSite, serveContent } from './support/site'

let site: ServedSite
beforeAll(async () => {
  site = await serveContent('content', { name: 'search' })
})
afterAll(() => site?.close())

async function page(path: string, status = 200): Promise<string> {
  const res = await site.fetch(path)
  expect(res.status, path).toBe(status)
  return res.text()
}

describe('search pages in workerd', () => {
  it('answers /search in the default language, titles, dates and marked snippets', async () => {
    const res = await site.fetch('/search?q=degustation+evenement')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-language')).toBe('fr')
    const body = await res.text()
    expect(body).toContain('<html lang="fr">')
    expect(body).toContain('Retour sur le Salon du pain de Villeurbanne')
    expect(body).toContain('<mark>dégustations</mark>')
    expect(body).toMatch(/<time datetime="2021-05-02/)
    expect(body).toContain('<meta name="robots" content="noindex"/>')
  })

  it('answers /<lang>/search in that language, with its posts only', async () => {
    const res = await site.fetch('/en/search?q=bread')
    expect(res.headers.get('content-language')).toBe('en')
    const body = await res.text()
    expect(body).toContain('<html lang="en">')
    expect(body).toContain('results for “bread”')
    expect(body).not.toContain('href="/blog/')
  })

  it('answers /ar/search right to left, letter forms unified', async () => {
    const res = await site.fetch(`/ar/search?q=${encodeURIComponent('مزرعه')}`)
    expect(res.headers.get('content-language')).toBe('ar')
    const body = await res.text()
    expect(body).toContain('<html lang="ar" dir="rtl">')
    expect(body).toContain('من أين يأتي طحيننا؟')
    expect(body).toContain('<mark>مزرعة</mark>')
  })

  it('shows the form alone for an empty query, and says when nothing matches', async () => {
    const empty = await page('/search')
    expect(empty).toContain('<input type="search" name="q"')
    expect(empty).not.toContain('class="results"')
    expect(await page('/search?q=zanzibar')).toContain('Aucun résultat pour « zanzibar ».')
    expect(await page('/en/search?q=zanzibar')).toContain('Nothing matches “zanzibar”.')
  })

  it('paginates the results, perPage to a page', async () => {
    const first = await page('/search?q=pain')
    const count = Number(/(\d+) résultats/.exec(first)?.[1])
    expect(count).toBeGreaterThan(5)
    expect(first).toContain('href="/search?q=pain&amp;page=2"')
    const second = await page('/search?q=pain&page=2')
    expect(second).toContain('rel="prev"')
    // A page past the end shows the last one, never a 5xx.
    expect(await page('/search?q=pain&page=9999')).toContain('rel="prev"')
  })

  it('gives a 400 page in the page language for malformed encoding', async () => {
    expect(await page('/search?q=%E0%A4%A', 400)).toContain('encodage invalide')
    const en = await site.fetch('/en/search?q=%FF')
    expect(en.status).toBe(400)
    expect(en.headers.get('content-language')).toBe('en')
    expect(await en.text()).toContain('invalid encoding')
  })

  it.each([
    ['huge', `q=${'pain '.repeat(20_000)}`],
    ['regex', `q=${encodeURIComponent('(a+)+$ .* [^x] \\d{1,99999}')}`],
    ['operators', `q=${encodeURIComponent('pain AND NOT four OR -levain "x" title:*')}`],
    ['HTML', `q=${encodeURIComponent('<script>alert(1)</script><img src=x onerror=alert(1)>')}`],
    ['NUL', 'q=pain%00four'],
    ['lone surrogate', 'q=%ED%A0%80'],
    ['many params', `${'q=a&'.repeat(500)}page=abc`],
  ])('survives a hostile query: %s', async (_, query) => {
    const res = await site.fetch(`/search?${query}`)
    expect(res.status).toBeLessThan(500)
    const body = await res.text()
    expect(body).not.toContain('<script>alert')
    expect(body).not.toContain('<img src=x')
  })

  it('reflects the query escaped, capped at 200 characters', async () => {
    const body = await page(`/search?q=${encodeURIComponent(`"><b>x</b>${'y'.repeat(400)}`)}`)
    expect(body).not.toContain('<b>x</b>')
    expect(body).toContain('&quot;&gt;&lt;b&gt;x&lt;/b&gt;')
    expect(body).not.toContain('y'.repeat(200))
  })

  it('answers a repeated query from the cache, under its normalized terms', async () => {
    const first = await site.fetch('/search?q=levains')
    expect(first.headers.get('x-kiosque-search')).toBe('computed')
    const a = await first.text()
    const again = await site.fetch('/search?q=LEVAIN')
    expect(again.headers.get('x-kiosque-search')).toBe('cached')
    expect((await again.text()).replace(/LEVAIN/g, 'levains')).toBe(a)
  })

  it('serves an OpenSearch description per language, linked from every page', async () => {
    const res = await site.fetch('/en/opensearch.xml')
    expect(res.headers.get('content-type')).toContain('application/opensearchdescription+xml')
    const xml = await res.text()
    expect(xml).toContain('template="https://kiosque.example/en/search?q={searchTerms}"')
    expect(xml).toContain('<Language>en</Language>')
    expect(await (await site.fetch('/opensearch.xml')).text()).toContain(
      'https://kiosque.example/search?q={searchTerms}',
    )
    const home = await page('/en/')
    expect(home).toContain('rel="search" type="application/opensearchdescription+xml"')
    expect(home).toContain('href="/en/opensearch.xml"')
    expect(home).toContain('action="/en/search"')
  })

  it('records search_url in the manifest for layouts of the site', () => {
    expect(site.build.manifest.site.searchUrl).toBe('/search')
  })
})

describe('scheduled posts in search', () => {
  it('finds a post scheduled at build time once its date has passed, without a republish', async () => {
    // Built as of 2020: the 2023 post was scheduled then; the worker's clock says it is out now.
    const early = await serveContent('content', {
      name: 'search-early',
      now: Date.parse('2020-01-01T00:00:00Z'),
    })
    try {
      expect(early.build.scheduled).toBeGreaterThan(0)
      const body = await (await early.fetch('/search?q=farines')).text()
      expect(body).toMatch(/où viennent nos farines/)
      // The 2099 post is indexed but stays hidden until its date.
      expect(await (await early.fetch('/search?q=centenaire')).text()).not.toContain(
        'Le four a cent ans',
      )
    } finally {
      await early.close()
    }
  })
})
