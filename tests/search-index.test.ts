import { beforeAll, describe, expect, it } from 'vitest'
import { scanContent } from '../src/build/scan'
import { buildSite, type ContentTree, type SiteBuild } from '../src/build/site'
import { docId, queryTerms, shardOf, terms } from '../src/model/search'
import type { Lang } from '../src/model/types'
import { catalogOf } from '../src/worker/catalog'
import { rankedIds, readSearchQuery, snippet, visibleDocs } from '../src/worker/search'

const NOW = Date.parse('2026-01-01T00:00:00Z')

let tree: ContentTree
let build: SiteBuild
let withDrafts: SiteBuild
beforeAll(async () => {
  tree = await scanContent('content')
  build = buildSite(tree, { now: NOW, drafts: false })
  withDrafts = buildSite(tree, { now: NOW, drafts: true, draftsByToken: true })
})

/** The sources of the documents a query finds, best first, as the worker ranks and filters them. */
async function find(lang: Lang, query: string, now = NOW, site = build): Promise<string[]> {
  const values = new Map(site.entries.map((e) => [e.key, e.value]))
  const read = async <T>(key: string): Promise<T> => JSON.parse(values.get(key) ?? 'null') as T
  const catalog = catalogOf(site.manifest, now)
  const root = catalog.search[lang]
  if (!root) throw new Error(`no index for ${lang}`)
  const { ids } = await rankedIds(site.version, lang, root, queryTerms(query, lang), read)
  const visible = visibleDocs(catalog)
  return ids.flatMap((id) => {
    const doc = visible.get(id)
    return doc ? [doc.source] : []
  })
}

describe('text analysis', () => {
  it.each([
    ['fr', 'Événements', 'evenement'],
    ['fr', 'farines', 'Farine'],
    ['fr', 'ASSEMBLÉE', 'assemblee'],
    ['en', 'doors', 'door'],
    ['en', 'Ovens', 'oven'],
    ['de', 'Häuser', 'hauser'],
    ['es', 'canciones', 'canción'],
    ['it', 'canzoni', 'canzone'],
    // Arabic: alef with hamza or madda, taa marbuta, alef maqsura, tatweel, harakat.
    ['ar', 'أحمد', 'احمد'],
    ['ar', 'إسلام', 'اسلام'],
    ['ar', 'آمن', 'امن'],
    ['ar', 'مدرسة', 'مدرسه'],
    ['ar', 'مستشفى', 'مستشفي'],
    ['ar', 'كـتـاب', 'كتاب'],
    ['ar', 'كِتَابٌ', 'كتاب'],
    // No stemmer: normalized exact terms, accents still folded.
    ['nl', 'Café', 'cafe'],
  ])('%s: %s and %s are one term', (lang, a, b) => {
    expect(terms(a, lang)).toEqual(terms(b, lang))
    expect(terms(a, lang)).toHaveLength(1)
  })

  it('drops stop words, per language', () => {
    expect(terms('le pain et la farine', 'fr')).toEqual(terms('pain farine', 'fr'))
    expect(terms('the bread and the flour', 'en')).toEqual(terms('bread flour', 'en'))
  })

  it('keeps exact terms for a language without a stemmer', () => {
    expect(terms('huizen huis', 'nl')).toEqual(['huizen', 'huis'])
  })

  it('caps a query at 200 characters and 12 terms; operators and regex are plain text', () => {
    expect(queryTerms('mot '.repeat(500), 'fr')).toHaveLength(1)
    const many = Array.from({ length: 30 }, (_, i) => `w${i}x`).join(' ')
    expect(queryTerms(many, 'en')).toHaveLength(12)
    expect(queryTerms('a'.repeat(300), 'en')).toEqual([])
    expect(queryTerms('(pain|four)* AND -levain .* [a-z]+ "x"', 'fr')).toEqual(
      terms('pain four and levain a z x', 'fr'),
    )
  })

  it('reads malformed percent-encoding as no query, and strips NUL', () => {
    expect(readSearchQuery('https://x/search?q=%E0%A4%A', 'fr')).toBeUndefined()
    expect(readSearchQuery('https://x/search?q=%FF', 'fr')).toBeUndefined()
    expect(readSearchQuery('https://x/search?q=pain%00four&page=2', 'fr')).toMatchObject({
      text: 'pain four',
      page: 2,
    })
    expect(readSearchQuery('https://x/search?q=a+b&page=-1', 'fr')?.page).toBe(1)
    expect(readSearchQuery('https://x/search?q=a%3Db=c', 'en')?.text).toBe('a=b=c')
  })

  it('marks the matched words of a snippet, in their written form', () => {
    const parts = snippet(
      'Le Salon du pain: un événement, des événements.',
      'fr',
      queryTerms('evenement', 'fr'),
    )
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['événement', 'événements'])
    expect(parts.map((p) => p.text).join('')).toBe(
      'Le Salon du pain: un événement, des événements.',
    )
  })

  it('spreads terms over shards by hash', () => {
    expect(shardOf('pain', 1)).toBe(0)
    expect(
      new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((t) => shardOf(t, 8))).size,
    ).toBeGreaterThan(3)
    expect(docId('/a.html')).not.toBe(docId('/b.html'))
  })
})

describe('queries on the sample content', () => {
  it.each([
    // Stemming: a singular finds the plural.
    ['fr', 'farine', '_posts/2023-02-18-farines-locales.md'],
    ['fr', 'levains', '_posts/18-04-03-notre-levain.md'],
    // Accents folded.
    ['fr', 'evenement', '_posts/2021-05-02-Retour-sur-le-Salon-du-Pain.md'],
    ['fr', 'ASSEMBLEE generale', '_posts/19-03-14-Assemblee-Generale-2019.md'],
    ['en', 'door', 'en/_posts/2017-09-12-opening-the-bakehouse.md'],
    ['en', 'oven', 'en/_posts/2025-03-21-rebuilding-the-oven-floor.md'],
    ['en', 'cargo bikes', 'en/_posts/2022-08-30-cargo-bike-deliveries.md'],
    // Arabic: exact terms, its letter forms unified (harakat, taa marbuta).
    ['ar', 'طحين', 'ar/_posts/2023-02-18-tahin-mahalli.md'],
    ['ar', 'مزرعه', 'ar/_posts/2023-02-18-tahin-mahalli.md'],
    ['ar', 'المَخْزن', 'ar/_posts/2023-02-18-tahin-mahalli.md'],
    // Collection documents and pages are indexed too.
    ['fr', 'campagne', '_recettes/2021-03-02-pain-de-campagne.md'],
  ])('%s "%s" finds %s', async (lang, query, source) => {
    expect(await find(lang, query)).toContain(source)
  })

  it('ranks a title match first', async () => {
    expect((await find('en', 'cargo bike'))[0]).toBe(
      'en/_posts/2022-08-30-cargo-bike-deliveries.md',
    )
  })

  it('keeps languages apart: French results never list English posts', async () => {
    for (const query of ['pain', 'four', 'farine', 'levain', 'bread', 'oven', 'Fournil']) {
      const fr = await find('fr', query)
      expect(
        fr.every((s) => !s.startsWith('en/') && !s.startsWith('ar/')),
        query,
      ).toBe(true)
      const en = await find('en', query)
      expect(
        en.every((s) => s.startsWith('en/') || s.startsWith('_recettes/')),
        query,
      ).toBe(true)
    }
    expect(await find('en', 'levain')).toEqual([])
  })

  it('finds a scheduled post from its date on, and never a draft', async () => {
    const scheduled = '_posts/2099-01-01-centenaire-du-four.md'
    expect(await find('fr', 'centenaire four')).not.toContain(scheduled)
    expect(await find('fr', 'centenaire four', Date.parse('2099-01-02T00:00:00Z'))).toContain(
      scheduled,
    )
    // Built with drafts: a preview shows them, search never does.
    expect(await find('fr', 'sarrasin viennoiserie', NOW, withDrafts)).toEqual([])
  })

  it('says nothing for a word no post has', async () => {
    expect(await find('fr', 'zanzibar')).toEqual([])
    expect(await find('fr', '')).toEqual([])
  })
})

describe('incremental index', () => {
  it('an edited post changes only the shards it is in', () => {
    // Enough posts for several shards: 400 posts of 20 words each.
    const filler = Array.from({ length: 400 }, (_, i) => ({
      path: `_posts/2010-01-01-filler-${i}.md`,
      displayPath: `content/_posts/2010-01-01-filler-${i}.md`,
      mtimeMs: 0,
      text: `---\ntitle: Remplissage ${i}\n---\n${Array.from({ length: 20 }, (_, j) => `mot${i}x${j}`).join(' ')}\n`,
    }))
    const large: ContentTree = { ...tree, posts: [...tree.posts, ...filler] }
    const before = buildSite(large, { now: NOW, drafts: false })
    const edit = (path: string, change: (text: string) => string) =>
      buildSite(
        {
          ...large,
          posts: large.posts.map((f) => (f.path === path ? { ...f, text: change(f.text) } : f)),
        },
        { now: NOW, drafts: false },
      )
    const changes = (after: SiteBuild, path: string) => {
      const [r0, r1] = [before.manifest.search?.fr, after.manifest.search?.fr]
      if (!r0 || !r1) throw new Error('no French index')
      expect(r1.terms).toHaveLength(r0.terms.length)
      expect(r0.terms.length).toBeGreaterThanOrEqual(4)
      const id = docId(before.manifest.posts.find((p) => p.source === path)?.url ?? '')
      const values = new Map([...before.entries, ...after.entries].map((e) => [e.key, e.value]))
      const holds = (key: string | undefined) => (values.get(key ?? '') ?? '').includes(`"${id}"`)
      const changed = r0.terms.flatMap((key, i) => (r1.terms[i] === key ? [] : [i]))
      // Every changed shard holds the post, before or after the edit.
      for (const i of changed)
        expect(holds(r0.terms[i]) || holds(r1.terms[i]), `shard ${i}`).toBe(true)
      // Other languages are untouched.
      expect(after.manifest.search?.en).toEqual(before.manifest.search?.en)
      return {
        terms: changed.length,
        texts: r0.texts.filter((key, i) => r1.texts[i] !== key).length,
      }
    }
    // One word replaced: its old and new shards change, and the post's snippet shard.
    const filler7 = '_posts/2010-01-01-filler-7.md'
    const oneWord = changes(
      edit(filler7, (t) => t.replace('mot7x3', 'zanzibar')),
      filler7,
    )
    expect(oneWord.terms).toBeGreaterThan(0)
    expect(oneWord.terms).toBeLessThanOrEqual(2)
    expect(oneWord.texts).toBe(1)
    const edited = '_posts/2020-11-03-pain-suspendu.md'
    const sentence = changes(
      edit(edited, (t) => `${t}\n\nUne phrase ajoutée sur Zanzibar.\n`),
      edited,
    )
    expect(sentence.terms).toBeGreaterThan(0)
    expect(sentence.texts).toBeLessThanOrEqual(1)
  })
})

describe('the URLs search takes', () => {
  it('refuses pages at /search and /opensearch.xml, in every language', () => {
    const file = (path: string, text: string) => ({
      path,
      displayPath: `content/${path}`,
      text,
      mtimeMs: 0,
    })
    const built = buildSite(
      {
        ...tree,
        pages: [
          file('search.md', '---\ntitle: Chercher\npermalink: /search\n---\nIci.\n'),
          file('en/search.md', '---\ntitle: Search\npermalink: /en/search\n---\nHere.\n'),
          file('os.md', '---\ntitle: OS\npermalink: /opensearch.xml\n---\nX\n'),
          file('recherche.md', '---\ntitle: Recherche\n---\nGarde.\n'),
        ],
      },
      { now: NOW, drafts: false },
    )
    const refused = built.warnings.filter((w) => w.message.includes('Kiosque generates'))
    expect(refused.map((w) => w.path)).toEqual([
      'content/search.md',
      'content/en/search.md',
      'content/os.md',
    ])
    expect(built.manifest.pages.filter((p) => p.kind === 'page').map((p) => p.url)).toEqual([
      '/recherche.html',
    ])
  })
})
