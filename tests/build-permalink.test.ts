import { describe, expect, it } from 'vitest'
import type { DateParts } from '../src/build/dates'
import {
  expandPermalink,
  slugifyDefault,
  slugifyPretty,
  type UrlPlaceholders,
  unknownPlaceholders,
} from '../src/build/permalink'

// 2018-07-27 is a Friday, day 208 of the year.
const JULY_27: DateParts = { year: 2018, month: 7, day: 27, hour: 10, minute: 5, second: 9 }
const JUNE_4: DateParts = { year: 2019, month: 6, day: 4, hour: 0, minute: 0, second: 0 }
const JAN_5_2005: DateParts = { year: 2005, month: 1, day: 5, hour: 23, minute: 0, second: 0 }

function doc(overrides: Partial<UrlPlaceholders> = {}): UrlPlaceholders {
  return {
    date: JULY_27,
    title: 'Retour-EIG',
    categories: [],
    lang: 'fr',
    collection: 'posts',
    outputExt: '.html',
    ...overrides,
  }
}

describe('expandPermalink: templates and Jekyll styles', () => {
  it.each([
    [
      'Kiosque default',
      '/blog/:year/:month/:day/:title.html',
      doc(),
      '/blog/2018/07/27/Retour-EIG.html',
    ],
    ['style date, no category', 'date', doc(), '/2018/07/27/Retour-EIG.html'],
    [
      'style date, category en',
      'date',
      doc({ categories: ['en'] }),
      '/en/2018/07/27/Retour-EIG.html',
    ],
    ['style pretty', 'pretty', doc(), '/2018/07/27/Retour-EIG/'],
    [
      'style pretty with categories',
      'pretty',
      doc({ categories: ['en', 'tech'] }),
      '/en/tech/2018/07/27/Retour-EIG/',
    ],
    ['style none', 'none', doc(), '/Retour-EIG.html'],
    ['style none with category', 'none', doc({ categories: ['en'] }), '/en/Retour-EIG.html'],
    ['style ordinal (day 208)', 'ordinal', doc(), '/2018/208/Retour-EIG.html'],
    [
      'style ordinal pads the day of year',
      'ordinal',
      doc({ date: JAN_5_2005 }),
      '/2005/005/Retour-EIG.html',
    ],
    [
      'style ordinal on Dec 31 of a leap year',
      'ordinal',
      doc({ date: { ...JUNE_4, year: 2020, month: 12, day: 31 } }),
      '/2020/366/Retour-EIG.html',
    ],
    [
      'categories lower-cased',
      '/:categories/:title/',
      doc({ categories: ['EN', 'Tech'] }),
      '/en/tech/Retour-EIG/',
    ],
    [
      'categories de-duplicated after lower-casing',
      '/:categories/:title/',
      doc({ categories: ['Tech', 'tech'] }),
      '/tech/Retour-EIG/',
    ],
    [
      'empty categories leave no double slash',
      '/blog/:categories/:title/',
      doc(),
      '/blog/Retour-EIG/',
    ],
    [
      'i_month and i_day unpadded',
      '/:year/:i_month/:i_day/:title/',
      doc({ date: JUNE_4 }),
      '/2019/6/4/Retour-EIG/',
    ],
    [
      'month and day padded',
      '/:year/:month/:day/:title/',
      doc({ date: JUNE_4 }),
      '/2019/06/04/Retour-EIG/',
    ],
    ['short_year', '/:short_year/:title/', doc(), '/18/Retour-EIG/'],
    ['short_year padded', '/:short_year/:title/', doc({ date: JAN_5_2005 }), '/05/Retour-EIG/'],
    [
      'hour, minute, second',
      '/:year/:hour/:minute/:second/:title/',
      doc(),
      '/2018/10/05/09/Retour-EIG/',
    ],
    ['slug is the lower-case default slugify of the title', '/:slug/', doc(), '/retour-eig/'],
    [
      'front-matter slug replaces :title, case kept',
      '/:title/',
      doc({ slug: 'Mon Titre Été' }),
      '/Mon-Titre-Été/',
    ],
    [
      'front-matter slug replaces :slug, lower-cased',
      '/:slug/',
      doc({ slug: 'Mon Titre Été' }),
      '/mon-titre-été/',
    ],
    [
      'front-matter slug: punctuation in :slug',
      '/:slug/',
      doc({ slug: 'v1.2_release!(beta)' }),
      '/v1-2-release-beta/',
    ],
    [
      'title is pretty-slugified',
      '/:title.html',
      doc({ title: 'Bilan 2019 (été)' }),
      '/Bilan-2019-(été).html',
    ],
    [
      'lang and collection',
      '/:lang/:collection/:title:output_ext',
      doc(),
      '/fr/posts/Retour-EIG.html',
    ],
    [
      '`:name_` is `:name` followed by an underscore',
      '/:year_:title.html',
      doc(),
      '/2018_Retour-EIG.html',
    ],
    ['no leading slash: one is added', 'blog/:title.html', doc(), '/blog/Retour-EIG.html'],
    ['double slashes squeezed', '/blog//:year///:title.html', doc(), '/blog/2018/Retour-EIG.html'],
    ['`..` in the template sanitized', '/blog/../:title.html', doc(), '/blog/Retour-EIG.html'],
    ['`./` in the template removed', '/blog/./:title.html', doc(), '/blog/Retour-EIG.html'],
    ['`..` in a title sanitized', '/:title.html', doc({ title: 'a..b' }), '/a/b.html'],
    ['`../../` climbing sanitized', '/blog/../../:title/', doc(), '/blog/Retour-EIG/'],
    ['`..` kept out of a slug', '/blog/:title/', doc({ slug: '../etc' }), '/blog/-etc/'],
    [
      'literal text kept',
      '/archives/:year-:month/:title.html',
      doc(),
      '/archives/2018-07/Retour-EIG.html',
    ],
  ])('%s: %s', (_name, template, placeholders, expected) => {
    expect(expandPermalink(template, placeholders)).toBe(expected)
  })
})

describe('slugifyPretty: Jekyll `slugify(mode: "pretty", cased: true)`', () => {
  // Jekyll: SLUGIFY_PRETTY_REGEXP = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/ → '-', then one
  // leading and one trailing '-' removed. The kept set starts with `._~`: `_` is kept.
  it.each([
    ['spaces', 'Retour EIG', 'Retour-EIG'],
    ['runs of spaces and tabs', 'a  \t b', 'a-b'],
    ['leading and trailing spaces', '  Démo  ', 'Démo'],
    ['accents kept', 'été à Paris', 'été-à-Paris'],
    ['combining marks kept', 'cafe\u0301 noir', 'cafe\u0301-noir'],
    ['non-Latin letters kept', '日本語 タイトル', '日本語-タイトル'],
    ['apostrophe kept', "l'été", "l'été"],
    ['underscore and pretty punctuation kept', 'v1.2_release!(beta)', 'v1.2_release!(beta)'],
    ['every kept punctuation', "a._~!$&'()+,;=@b", "a._~!$&'()+,;=@b"],
    ['slash, question mark, hash replaced', 'a / b ? c # d', 'a-b-c-d'],
    ['percent and trailing punctuation', 'hausse de 50%', 'hausse-de-50'],
    ['quotes and colon replaced', 'Le "pain" : bilan', 'Le-pain-bilan'],
    ['leading and trailing dashes', '--x--', 'x'],
    ['newline replaced', 'a\nb', 'a-b'],
    ['only punctuation', '?#%', ''],
    ['letter case kept', 'Demo-Day-EIG3', 'Demo-Day-EIG3'],
  ])('%s: %j → %j', (_name, input, expected) => {
    expect(slugifyPretty(input)).toBe(expected)
  })

  it.each([
    ['Retour EIG', 'retour-eig'],
    ['Été À Paris', 'été-à-paris'],
  ])('cased = false lower-cases: %j → %j', (input, expected) => {
    expect(slugifyPretty(input, false)).toBe(expected)
  })
})

describe('slugifyDefault: Jekyll `slugify` default mode', () => {
  it.each([
    ['Retour EIG', 'retour-eig'],
    ['v1.2_release!(beta)', 'v1-2-release-beta'],
    ["L'été à Paris", 'l-été-à-paris'],
    ['Demo-Day-EIG3', 'demo-day-eig3'],
    ['  --x--  ', 'x'],
  ])('%j → %j', (input, expected) => {
    expect(slugifyDefault(input)).toBe(expected)
  })
})

describe('unknownPlaceholders', () => {
  it.each([
    ['/blog/:year/:month/:day/:title.html', []],
    ['pretty', []],
    ['date', []],
    ['none', []],
    ['ordinal', []],
    ['/:categories/:i_month/:i_day/:short_year/:slug/:lang/:name/', []],
    ['/:year_:title/', []],
    ['/blog/:foo/:title.html', [':foo']],
    ['/:titel/:yaer/', [':titel', ':yaer']],
  ])('%s → %j', (template, expected) => {
    expect(unknownPlaceholders(template)).toEqual(expected)
  })
})
