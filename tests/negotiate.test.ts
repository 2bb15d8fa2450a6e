import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type LanguageRange,
  lookupLanguage,
  matchLanguage,
  negotiateLanguage,
  parseAcceptLanguage,
} from '../src/worker/negotiate'

const TAG_RE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/
const SITE = ['fr', 'en', 'pt-br']

type Source = 'query' | 'cookie' | 'header' | 'default'
type Case = [
  name: string,
  input: { acceptLanguage?: string | null; cookie?: string | null; query?: string | null },
  available: string[],
  defaultLang: string,
  lang: string,
  source: Source,
]

const h = (acceptLanguage: string | null): { acceptLanguage: string | null } => ({ acceptLanguage })

describe('negotiateLanguage', () => {
  const cases: Case[] = [
    // Ordinary browser headers
    ['en-GB then en', h('en-GB,en;q=0.9'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['fr-CA truncates to fr', h('fr-CA'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['unknown language gives default', h('de'), ['fr', 'en'], 'fr', 'fr', 'default'],
    ['second choice', h('de-DE,de;q=0.9,en;q=0.8'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['higher q wins over order', h('en;q=0.5,fr;q=0.8'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['equal q keeps header order', h('fr;q=0.7,en;q=0.7'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['equal q keeps header order (2)', h('en;q=0.7,fr;q=0.7'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['case-insensitive region', h('pt-BR'), SITE, 'fr', 'pt-br', 'header'],
    ['sibling region as last resort', h('pt-PT,en;q=0.1'), SITE, 'fr', 'pt-br', 'header'],
    [
      'truncation beats sibling',
      h('zh-Hant-TW'),
      ['zh-hans', 'zh-hant'],
      'en',
      'zh-hant',
      'header',
    ],
    ['drops trailing singleton', h('en-a-bbb-x-priv'), ['en', 'fr'], 'fr', 'en', 'header'],
    ['uppercase tag', h('FR'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['spaces and tabs', h(' \tde ; q=0.9 ,\t fr ;q=0.8 '), ['en', 'fr'], 'en', 'fr', 'header'],
    ['empty entries', h('en,,fr'), ['fr', 'en'], 'fr', 'en', 'header'],
    [
      'other parameters ignored',
      h('en;level=1;q=0.5,fr;q=0.4'),
      ['fr', 'en'],
      'fr',
      'en',
      'header',
    ],
    // Wildcard and exclusion
    ['* alone', h('*'), ['fr', 'en'], 'en', 'fr', 'header'],
    ['*;q=0.5 with fr;q=0', h('*;q=0.5, fr;q=0'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['* with en;q=0', h('*, en;q=0'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['q=0 only gives default', h('fr;q=0'), ['fr', 'en'], 'en', 'en', 'default'],
    [
      'q=0 excludes sub-tags from fallback',
      h('en-GB, en;q=0'),
      ['en-us', 'fr'],
      'fr',
      'fr',
      'default',
    ],
    ['* with everything excluded', h('*, fr;q=0, en;q=0'), ['fr', 'en'], 'en', 'en', 'default'],
    // Odd q-values
    [
      'q=1.0000 is invalid (4 digits)',
      h('fr;q=1.0000,en;q=0.1'),
      ['fr', 'en'],
      'fr',
      'en',
      'header',
    ],
    ['q=0. is zero', h('fr;q=0.,en;q=0.1'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['q=.5 is invalid', h('fr;q=.5,en;q=0.1'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['q=1e0 is invalid', h('fr;q=1e0,en;q=0.1'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['q=1.5 is invalid', h('fr;q=1.5,en;q=0.1'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['q=abc is invalid', h('fr;q=abc,en;q=0.1'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['Q=0.5 uppercase name', h('fr;Q=0.5,en;q=0.6'), ['fr', 'en'], 'fr', 'en', 'header'],
    ['q = 0.5 with spaces', h('fr;q = 0.5,en;q=0.4'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['q=1. is one', h('en;q=0.9,fr;q=1.'), ['en', 'fr'], 'en', 'fr', 'header'],
    // Hostile headers
    ['128 KB header', h('en;q=0.5,'.repeat(14_564)), ['fr', 'en'], 'fr', 'en', 'header'],
    [
      '10,000 entries: only the first 32 count',
      h(`${'de,'.repeat(32)}${'fr,'.repeat(9_968)}`),
      ['en', 'fr'],
      'en',
      'en',
      'default',
    ],
    [
      'entry cut by the 4096-char window is dropped, not read as en-G',
      h(`fr;q=0.1,${' '.repeat(4083)}en-GB`),
      ['en-g', 'fr'],
      'en-g',
      'fr',
      'header',
    ],
    ['one over-long entry', h(`${' '.repeat(5000)}en`), ['fr', 'en'], 'fr', 'fr', 'default'],
    ['semicolons only', h(';;;;'), ['fr', 'en'], 'en', 'en', 'default'],
    ['commas only', h(',,,,,,'), ['fr', 'en'], 'en', 'en', 'default'],
    ['NUL bytes', h('\0en\0,fr\0;q=0.5,\0'), ['fr', 'en'], 'fr', 'fr', 'default'],
    ['unicode tags', h('français,日本語,en-ÜS,de'), ['fr', 'en', 'de'], 'en', 'de', 'header'],
    ['Kelvin sign does not become k', h('\u212Ao'), ['ko'], 'en', 'en', 'default'],
    ['lone surrogates', h('\uD800en,en\uDC00,fr;q=0.5'), ['en', 'fr'], 'en', 'fr', 'header'],
    ['empty header', h(''), ['fr', 'en'], 'en', 'en', 'default'],
    ['missing header (crawler)', {}, ['fr', 'en'], 'en', 'en', 'default'],
    ['null header', h(null), ['fr', 'en'], 'en', 'en', 'default'],
    // Query and cookie
    [
      'query beats cookie and header',
      { query: 'en', cookie: 'fr', acceptLanguage: 'pt-BR' },
      SITE,
      'fr',
      'en',
      'query',
    ],
    [
      'cookie beats header',
      { cookie: 'pt-br', acceptLanguage: 'en' },
      SITE,
      'fr',
      'pt-br',
      'cookie',
    ],
    ['query is trimmed and lower-cased', { query: '  PT-BR ' }, SITE, 'fr', 'pt-br', 'query'],
    ['query by primary subtag', { query: 'pt' }, SITE, 'fr', 'pt-br', 'query'],
    ['query with unknown region', { query: 'en-US' }, SITE, 'fr', 'en', 'query'],
    ['path traversal query ignored', { query: '../', cookie: 'en' }, SITE, 'fr', 'en', 'cookie'],
    [
      'markup query ignored',
      { query: '<script>', acceptLanguage: 'en' },
      SITE,
      'fr',
      'en',
      'header',
    ],
    [
      'unknown query ignored',
      { query: 'xx', cookie: 'xx', acceptLanguage: 'de' },
      SITE,
      'fr',
      'fr',
      'default',
    ],
    ['markup cookie ignored', { cookie: '<script>alert(1)</script>' }, SITE, 'en', 'en', 'default'],
    ['empty query and cookie ignored', { query: '', cookie: '  ' }, SITE, 'en', 'en', 'default'],
    ['over-long query ignored', { query: `en${'-a'.repeat(20)}` }, SITE, 'fr', 'fr', 'default'],
    [
      'ambiguous primary subtag ignored',
      { query: 'en' },
      ['en-gb', 'en-us'],
      'en-gb',
      'en-gb',
      'default',
    ],
    ['default outside available', h('de'), ['fr'], 'en', 'en', 'default'],
  ]

  it.each(cases)('%s', (_name, input, available, defaultLang, lang, source) => {
    expect(negotiateLanguage(input, available, defaultLang)).toEqual({ lang, source })
  })
})

describe('parseAcceptLanguage', () => {
  const cases: [header: string | null | undefined, expected: LanguageRange[]][] = [
    [
      'en-GB,en;q=0.9,*;q=0.1',
      [
        { tag: 'en-gb', q: 1 },
        { tag: 'en', q: 0.9 },
        { tag: '*', q: 0.1 },
      ],
    ],
    [
      'fr;q=0.5,de;q=0.5,en',
      [
        { tag: 'en', q: 1 },
        { tag: 'fr', q: 0.5 },
        { tag: 'de', q: 0.5 },
      ],
    ],
    ['fr;q=0, en;q=0.000', []],
    ['ZH-Hant-TW;q=0.123', [{ tag: 'zh-hant-tw', q: 0.123 }]],
    ['en;q=0.8;q=0.1', [{ tag: 'en', q: 0.8 }]],
    ['en;q=0.1234', []],
    ['en;q=-1,fr;q=2', []],
    ['en_US,123,toolongtag,en-,-en,en--gb', []],
    ['en;q="0.5"', []],
    [
      'en;foo,fr;bar=baz',
      [
        { tag: 'en', q: 1 },
        { tag: 'fr', q: 1 },
      ],
    ],
    [null, []],
    [undefined, []],
    ['', []],
  ]

  it.each(cases)('%j', (header, expected) => {
    expect(parseAcceptLanguage(header)).toEqual(expected)
  })

  it('keeps an entry ending exactly at the 4096-char window when a comma follows', () => {
    const header = `${' '.repeat(4091)}en-GB,fr`
    expect(header.charAt(4096)).toBe(',')
    expect(parseAcceptLanguage(header)).toEqual([{ tag: 'en-gb', q: 1 }])
  })

  it('reads at most 32 non-empty entries', () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `en-x${i}`)
    const ranges = parseAcceptLanguage(tags.join(', '))
    expect(ranges.map((r) => r.tag)).toEqual(tags.slice(0, 32))
  })
})

describe('lookupLanguage', () => {
  const cases: [ranges: LanguageRange[], available: string[], expected: string | undefined][] = [
    [[{ tag: 'EN-gb', q: 1 }], ['fr', 'en'], 'en'],
    [[{ tag: 'en', q: 1 }], ['fr', 'en-GB'], 'en-GB'],
    [[{ tag: 'x-private', q: 1 }], ['x', 'en'], 'x'],
    [[{ tag: 'en', q: 0 }], ['en'], undefined],
    [[{ tag: 'en', q: Number.NaN }], ['en'], undefined],
    [
      [
        { tag: 'en', q: 1 },
        { tag: 'en', q: 0 },
      ],
      ['fr', 'en'],
      'en',
    ],
    [[{ tag: '*', q: 1 }], [], undefined],
    [[], ['en'], undefined],
  ]

  it.each(cases)('%j in %j', (ranges, available, expected) => {
    expect(lookupLanguage(ranges, available)).toBe(expected)
  })
})

describe('matchLanguage', () => {
  const cases: [value: string | null | undefined, expected: string | undefined][] = [
    ['fr', 'fr'],
    ['FR', 'fr'],
    [' pt-BR\n', 'pt-br'],
    ['pt', 'pt-br'],
    ['pt-pt', 'pt-br'],
    ['en-gb', 'en'],
    ['de', undefined],
    ['-', undefined],
    ['-fr', undefined],
    ['fr_FR', undefined],
    ['../fr', undefined],
    ['%66r', undefined],
    ['\u212Ao', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ]

  it.each(cases)('%j', (value, expected) => {
    expect(matchLanguage(value, [...SITE, 'ko'])).toBe(expected)
  })
})

// --- Properties ---------------------------------------------------------------------------------

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')
const alnum = [...letters, ...'0123456789'.split('')]
const primaryArb = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 8 })
const subtagArb = fc.string({ unit: fc.constantFrom(...alnum), minLength: 1, maxLength: 8 })
const langArb = fc
  .tuple(primaryArb, fc.array(subtagArb, { maxLength: 3 }))
  .map(([primary, rest]) => [primary, ...rest].join('-'))
const tagArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant('*') },
  { weight: 9, arbitrary: langArb },
)
const qArb = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 0, max: 1000 }).map((n) => {
    const text = (n / 1000).toFixed(3)
    return n === 1000 ? text : text.replace(/0+$/, '')
  }),
)
const owsArb = fc.constantFrom('', ' ', '\t', '  ')
const entryArb = fc.record({ tag: tagArb, q: qArb, ws: owsArb })
const wellFormedArb = fc
  .array(entryArb, { maxLength: 40 })
  .map((entries) =>
    entries.map((e) => `${e.ws}${e.tag}${e.q === undefined ? '' : `;q=${e.q}`}${e.ws}`),
  )
  .map((entries) => entries.join(','))
// Lone surrogates included, unlike unit 'binary'.
const utf16Arb = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 200,
})
const hostileArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  utf16Arb,
  wellFormedArb,
  fc.string({
    unit: fc.constantFrom('en', 'fr', ';', ',', '=', 'q', '0', '.', '1', ' ', '*', '-'),
  }),
)
// Mixed case on purpose: lookups must still return the entry exactly as given.
const availableArb = fc.array(
  fc.oneof(fc.constantFrom('fr', 'en', 'en-gb', 'pt-br', 'zh-hant'), langArb),
  { maxLength: 6 },
)

function checkRanges(ranges: LanguageRange[]): void {
  for (const range of ranges) {
    expect(range.tag).toMatch(TAG_RE)
    expect(range.q).toBeGreaterThan(0)
    expect(range.q).toBeLessThanOrEqual(1)
  }
  for (let i = 1; i < ranges.length; i++) {
    expect((ranges[i - 1] as LanguageRange).q).toBeGreaterThanOrEqual(
      (ranges[i] as LanguageRange).q,
    )
  }
}

describe('properties', () => {
  it('parseAcceptLanguage never throws and returns valid, sorted ranges', () => {
    fc.assert(
      fc.property(hostileArb, (header) => {
        checkRanges(parseAcceptLanguage(header))
      }),
      { numRuns: 2000 },
    )
  })

  it('parses well-formed headers exactly (up to 32 entries)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 32 }), (entries) => {
        const header = entries
          .map((e) => `${e.ws}${e.tag}${e.q === undefined ? '' : `;q=${e.q}`}${e.ws}`)
          .join(',')
        const expected = entries
          .map((e) => ({ tag: e.tag.toLowerCase(), q: e.q === undefined ? 1 : Number(e.q) }))
          .filter((r) => r.q > 0)
          .sort((a, b) => b.q - a.q)
        expect(parseAcceptLanguage(header)).toEqual(expected)
      }),
    )
  })

  it('lookupLanguage returns undefined or a member of available', () => {
    fc.assert(
      fc.property(hostileArb, availableArb, (header, available) => {
        const lang = lookupLanguage(parseAcceptLanguage(header), available)
        expect(lang === undefined || available.includes(lang)).toBe(true)
      }),
    )
  })

  it('lookupLanguage honours an exact match for the first range', () => {
    fc.assert(
      fc.property(
        availableArb.filter((a) => a.length > 0),
        fc.nat(),
        wellFormedArb,
        (available, n, rest) => {
          const wanted = available[n % available.length] as string
          const lang = lookupLanguage(parseAcceptLanguage(`${wanted},${rest}`), available)
          expect(lang?.toLowerCase()).toBe(wanted.toLowerCase())
        },
      ),
    )
  })

  it('matchLanguage returns undefined or a member of available', () => {
    fc.assert(
      fc.property(fc.oneof(hostileArb, tagArb), availableArb, (value, available) => {
        const lang = matchLanguage(value, available)
        expect(lang === undefined || available.includes(lang)).toBe(true)
      }),
    )
  })

  it('negotiateLanguage returns a member of available or the default', () => {
    const inputArb = fc.record(
      {
        query: fc.option(fc.oneof(hostileArb, tagArb)),
        cookie: fc.option(fc.oneof(hostileArb, tagArb)),
        acceptLanguage: fc.option(hostileArb),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(inputArb, availableArb, tagArb, (input, available, defaultLang) => {
        const { lang, source } = negotiateLanguage(input, available, defaultLang)
        expect(available.includes(lang) || (lang === defaultLang && source === 'default')).toBe(
          true,
        )
      }),
      { numRuns: 1000 },
    )
  })
})
