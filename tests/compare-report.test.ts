import { describe, expect, it } from 'vitest'
import { failure } from '../src/compare/kiosque-server'
import {
  comparePage,
  excerpt,
  type Observed,
  type PageResult,
  type Reference,
} from '../src/compare/page-comparison'
import { formatReport, meetsMinimum, summarize, summaryLine } from '../src/compare/report'
import type { PageFacts } from '../src/compare/visible-text'

const words = (text: string) => text.split(' ')
const facts = (over: Partial<PageFacts> = {}): PageFacts => ({
  title: 'Un titre · Site',
  lang: 'fr',
  words: words('site un titre le texte du billet pied'),
  ...over,
})
const post = (over: Partial<Reference> = {}): Reference => ({
  url: '/blog/x.html',
  post: true,
  declaredLang: null,
  facts: facts(),
  content: words('le texte du billet'),
  ...over,
})
const served = (over: Partial<PageFacts> = {}): Observed => ({
  status: 200,
  facts: facts({ content: words('le texte du billet'), ...over }),
})

describe('comparePage: what differs on one page', () => {
  const cases: [string, Reference, Observed, 'posts' | 'all', Partial<PageResult>][] = [
    ['the same post', post(), served(), 'posts', { alike: true, similarity: 1, differences: [] }],
    [
      'a URL Kiosque does not serve',
      post(),
      { status: 404 },
      'posts',
      {
        alike: false,
        similarity: null,
        differences: [{ kind: 'missing', jekyll: '200', kiosque: '404' }],
      },
    ],
    [
      'a redirect where Jekyll has a page',
      post(),
      { status: 301, location: '/blog/x' },
      'posts',
      { alike: false, differences: [{ kind: 'status', jekyll: '200', kiosque: '301 → /blog/x' }] },
    ],
    [
      'another language than the page declares',
      post({ declaredLang: 'en' }),
      served({ lang: 'fr' }),
      'posts',
      {
        alike: false,
        differences: [{ kind: 'lang', jekyll: 'en', kiosque: 'fr' }],
        jekyllHtmlLang: 'fr',
      },
    ],
    [
      "the declared language where Jekyll's layout writes a fixed one",
      post({ declaredLang: 'en' }),
      served({ lang: 'en' }),
      'posts',
      { alike: true, differences: [], jekyllHtmlLang: 'fr' },
    ],
    [
      'language tags compare without case',
      post({ declaredLang: 'pt-BR' }),
      served({ lang: 'pt-br' }),
      'posts',
      { alike: true },
    ],
    [
      'no language known on the Jekyll side',
      post({ facts: facts({ lang: '' }) }),
      served({ lang: 'en' }),
      'posts',
      { alike: true },
    ],
    [
      'text below 97% alike',
      post({ content: words('a b c d e f g h i j') }),
      served({ content: words('a b c d e f g h i x') }),
      'posts',
      {
        alike: false,
        similarity: 0.9,
        differences: [{ kind: 'text', jekyll: '10 words', kiosque: '90% alike' }],
        excerpts: [{ jekyll: '… g h i [j]', kiosque: '… g h i [x]' }],
      },
    ],
    [
      'a page served without the post content element',
      post(),
      { status: 200, facts: facts() },
      'posts',
      {
        alike: false,
        differences: [{ kind: 'text', jekyll: 'a post', kiosque: 'a page without post content' }],
      },
    ],
    [
      'titles are compared for whole pages only',
      post(),
      served({ title: 'Autre' }),
      'all',
      {
        alike: false,
        differences: [{ kind: 'title', jekyll: 'Un titre · Site', kiosque: 'Autre' }],
      },
    ],
    [
      'titles compare typography and case aside',
      post({ facts: facts({ title: 'L’été — “chaud”' }) }),
      served({ title: 'l\'Été - "chaud"' }),
      'all',
      { alike: true },
    ],
  ]
  it.each(cases)('%s', (_, reference, observed, scope, expected) => {
    expect(comparePage(reference, observed, scope)).toMatchObject(expected)
  })
})

describe('excerpt: the differing words in context', () => {
  const text = words('a b c d e f g h i j k l m n o p q r s t u v w x y z')
  const cases: [number, number, string][] = [
    [0, 1, '[a] b c d …'],
    [5, 6, '… c d e [f] g h i …'],
    [5, 5, '… c d e [] f g h …'],
    [25, 26, '… w x y [z]'],
    [2, 20, 'a b [c d e f g h … o p q r s t] u v w …'],
  ]
  it.each(cases)('words %i to %i', (from, to, expected) => {
    expect(excerpt(text, from, to)).toBe(expected)
  })
})

const result = (url: string, over: Partial<PageResult>): PageResult => ({
  url,
  post: true,
  alike: true,
  similarity: 1,
  differences: [],
  excerpts: [],
  ...over,
})
const results: PageResult[] = [
  result('/blog/a.html', {}),
  result('/blog/b.html', {
    alike: false,
    similarity: 0.95,
    differences: [{ kind: 'text', jekyll: '100 words', kiosque: '95% alike' }],
    excerpts: [{ jekyll: '… un [deux] trois', kiosque: '… un [2] trois' }],
  }),
  result('/blog/caf%C3%A9.html', {
    alike: false,
    similarity: null,
    differences: [{ kind: 'missing', jekyll: '200', kiosque: '404' }],
  }),
  result('/en/blog/c.html', {
    alike: false,
    similarity: 0.5,
    differences: [
      { kind: 'lang', jekyll: 'en', kiosque: 'fr' },
      { kind: 'text', jekyll: '10 words', kiosque: '50% alike' },
    ],
    excerpts: [{ jekyll: '[hello]', kiosque: '[bonjour]' }],
  }),
  result('/en/blog/d.html', { jekyllHtmlLang: 'fr' }),
]

describe('the report', () => {
  it('counts pages alike, missing and differing by kind', () => {
    expect(summarize(results, 'posts')).toEqual({
      scope: 'posts',
      compared: 5,
      alike: 2,
      missing: 1,
      differing: { status: 0, lang: 1, title: 0, text: 2 },
      jekyllLangSlips: 1,
    })
  })

  const lines: [string, PageResult[], string][] = [
    [
      'some differ',
      results,
      'compare: 2 of 5 posts alike (40%); 2 differ in text, 1 in lang; 1 missing',
    ],
    ['all alike', [results[0] as PageResult], 'compare: 1 of 1 post alike (100%)'],
    ['nothing to compare', [], 'compare: 0 of 0 posts alike (100%)'],
  ]
  it.each(lines)('summary line: %s', (_, pages, expected) => {
    expect(summaryLine(summarize(pages, 'posts'))).toBe(expected)
  })

  it('rounds the share down, so that 100% means every page', () => {
    const many = [...Array(999).fill(results[0]), results[1]] as PageResult[]
    expect(summaryLine(summarize(many, 'all'))).toBe(
      'compare: 999 of 1000 pages alike (99%); 1 differ in text',
    )
  })

  const minimums: [number, number, number, boolean][] = [
    [0, 0, 0, true],
    [0, 5, 0, true],
    [5, 5, 100, true],
    [4, 5, 80, true],
    [4, 5, 81, false],
    [999, 1000, 100, false],
  ]
  it.each(minimums)('%i of %i alike, at least %i percent: %s', (alike, compared, min, expected) => {
    const summary = { ...summarize([], 'posts'), alike, compared }
    expect(meetsMinimum(summary, min)).toBe(expected)
  })

  it('groups what differs, worst first, for a person', () => {
    expect(formatReport(results, 'posts')).toBe(
      [
        'Missing: 1 post that Jekyll publishes and Kiosque does not serve (404)',
        '  /blog/café.html',
        '',
        'Differing: 2 posts (content, status or language), least alike first',
        '   50%  /en/blog/c.html',
        '         lang: Jekyll "en" · Kiosque "fr"',
        '         Jekyll:  [hello]',
        '         Kiosque: [bonjour]',
        '   95%  /blog/b.html',
        '         Jekyll:  … un [deux] trois',
        '         Kiosque: … un [2] trois',
        '',
        "Note: on 1 post, Jekyll's <html lang> contradicts the language the page declares (lang, locale or language): the declared one is expected.",
        '',
        'compare: 2 of 5 posts alike (40%); 2 differ in text, 1 in lang; 1 missing',
      ].join('\n'),
    )
  })

  it('says so when every page is alike', () => {
    expect(formatReport([results[0] as PageResult], 'all')).toBe(
      'Every one of the 1 page is alike.\n\ncompare: 1 of 1 page alike (100%)',
    )
  })
})

describe('why Kiosque could not serve the site', () => {
  it("shows the build's first errors and how many more", () => {
    const output = [
      '> kiosque@0.1.0 dev',
      ...Array.from({ length: 12 }, (_, i) => `/s/_posts/${i}.md:1:1: missing title`),
      'build failed: 12 error(s); nothing was written',
    ]
    const message = failure(output, 'exit 1')
    expect(message.split('\n')).toEqual([
      'Kiosque cannot build this site yet (12 error(s); nothing was written), so it serves none of its pages. The first errors:',
      ...Array.from({ length: 10 }, (_, i) => `  /s/_posts/${i}.md:1:1: missing title`),
      '  … and 2 more',
    ])
  })
  it('shows the end of the output otherwise', () => {
    expect(failure(['one', 'two'], 'exit 2')).toBe(
      'npm run dev ended (exit 2) before serving. What it said:\none\ntwo',
    )
  })
})
