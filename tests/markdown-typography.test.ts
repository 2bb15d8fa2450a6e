import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { typeset, typographyFor } from '../src/worker/markdown/typography'

/** Typesets a whole text run with nothing around it. */
const run = (text: string, lang: string, before = '', after = ''): string =>
  typeset(text, before, after, typographyFor(lang), { doubleOpen: false })

describe('typeset: kramdown smart quotes and symbols (English)', () => {
  it.each([
    ['double quotes', '"Hello"', '“Hello”'],
    ['single quotes', "'Hello'", '‘Hello’'],
    ['apostrophe', "it's", 'it’s'],
    ['apostrophe after a closing quote', `"Custer"'s`, '“Custer”’s'],
    ['nested quotes', `He said, "'Quoted' words."`, 'He said, “‘Quoted’ words.”'],
    ['nested quotes, the other way', `'"Quoted" words.'`, '‘“Quoted” words.’'],
    ['decade', "the '80s", 'the ’80s'],
    ['quote before punctuation closes', `"Yes", he said`, '“Yes”, he said'],
    ['quote after an opening bracket opens', `("yes")`, '(“yes”)'],
    ['quote after a dash opens', `a -"b"`, 'a -“b”'],
    ['em dash, en dash, ellipsis', 'a---b--c...', 'a—b–c…'],
    ['four dots', 'a....', 'a….'],
    ['guillemets without spaces', '<<1>>', '«1»'],
    ['guillemets with spaces keep them, unbreakable', '<< a >>', '«\u00a0a\u00a0»'],
    ['Unicode letters', `"été" l'œuf`, '“été” l’œuf'],
  ])('%s', (_name, input, expected) => {
    expect(run(input, 'en')).toBe(expected)
  })

  it.each([
    ['after emphasis, a quote before a space closes', '" et', 'o', ' et', '” et'],
    ['a quote before emphasis opens', '"', ' ', '*so', '“'],
    ['a quote before strong opens', '"', '', '__so', '“'],
    ['after a code span, apostrophe s', "'s", 'e', '', '’s'],
  ])('context: %s', (_name, input, before, after, expected) => {
    expect(run(input, 'en', before, after)).toBe(expected)
  })
})

describe('typeset: page languages', () => {
  it.each([
    ['en', '"a" \'b\'', '“a” ‘b’'],
    ['en-GB', '"a"', '“a”'],
    ['de', '"a" \'b\'', '„a“ ‘b’'],
    ['de-AT', '"a"', '„a“'],
    ['es', '"a"', '«a»'],
    ['it', '"a"', '«a»'],
    ['fr', '"a" \'b\'', '«\u00a0a\u00a0» ‘b’'],
    ['fr-CA', '"a"', '«\u00a0a\u00a0»'],
    ['nl', '"a"', '“a”'],
    ['', '"a"', '“a”'],
  ])('%s', (lang, input, expected) => {
    expect(run(input, lang)).toBe(expected)
  })
})

describe('typeset: French spacing', () => {
  it.each([
    [
      'space before ; ! ? becomes narrow and unbreakable',
      'a ; b ! c ?',
      'a\u202f; b\u202f! c\u202f?',
    ],
    ['space before : becomes unbreakable', 'a : b', 'a\u00a0: b'],
    ['tabs and runs of spaces too', 'a \t ?', 'a\u202f?'],
    ['missing space before ; ! ? added', 'a; b! c?', 'a\u202f; b\u202f! c\u202f?'],
    ['missing space before : added', 'Note: b', 'Note\u00a0: b'],
    ['after a closing bracket or quote', '(a)! «b»?', '(a)\u202f! «\u00a0b\u00a0»\u202f?'],
    ['run of marks: one space', 'Quoi?!? Non!!!', 'Quoi\u202f?!? Non\u202f!!!'],
    ['guillemets', '«a» « b »', '«\u00a0a\u00a0» «\u00a0b\u00a0»'],
    ['straight quotes become guillemets', 'Il dit "oui".', 'Il dit «\u00a0oui\u00a0».'],
    ['spaced straight quotes', '" oui " et " non "', '«\u00a0oui\u00a0» et «\u00a0non\u00a0»'],
    ['existing U+00A0 kept', 'a\u00a0! «\u00a0b\u00a0»', 'a\u00a0! «\u00a0b\u00a0»'],
    ['existing U+202F kept', 'a\u202f!', 'a\u202f!'],
    ['existing thin space kept', 'a\u2009!', 'a\u2009!'],
    ['&nbsp; kept', 'a&nbsp;! «&nbsp;b&nbsp;»', 'a&nbsp;! «&nbsp;b&nbsp;»'],
    ['&#160; kept', 'a&#160;!', 'a&#160;!'],
    ['times and ratios', '10:30 et 1:2', '10:30 et 1:2'],
    ['URLs', 'https://a.fr/?x=1;y=2!z et www.b.fr/c:d', 'https://a.fr/?x=1;y=2!z et www.b.fr/c:d'],
    ['URL dashes', 'https://a.fr/a--b...c', 'https://a.fr/a--b...c'],
    ['entities', '&amp; &eacute;!', '&amp; &eacute;\u202f!'],
    ['marks inside a word', 'page?lang=fr a!b c;d', 'page?lang=fr a!b c;d'],
    ['emoticon', 'ok :)', 'ok\u00a0:)'],
    ['mark alone at the start', '! a', '! a'],
  ])('%s', (_name, input, expected) => {
    expect(run(input, 'fr')).toBe(expected)
  })

  it.each([
    ['a mark after emphasis gets its space', '!', 'o', '', '\u202f!'],
    ['a mark after a space in the previous run', '!', ' ', '', '!'],
    ['a trailing space before a mark in the next run', 'a ', '', '!', 'a\u202f'],
    ['an opening guillemet before emphasis', '« ', '', '*a', '«\u00a0'],
    ['an opening guillemet touching emphasis', '«', '', '*a', '«\u00a0'],
    ['a closing guillemet after emphasis', '»', 'a', '', '\u00a0»'],
    ['the neighbours are never changed', 'b', 'a ', ' !', 'b'],
  ])('context: %s', (_name, input, before, after, expected) => {
    expect(run(input, 'fr', before, after)).toBe(expected)
  })
})

describe('typeset: robustness', () => {
  const pieces = [
    'a',
    'é',
    ' ',
    '\t',
    '\n',
    '"',
    "'",
    '-',
    '.',
    '<',
    '>',
    ';',
    ':',
    '!',
    '?',
    '«',
    '»',
    '\u00a0',
    '\u202f',
    '&nbsp;',
    '&amp;',
    'https://a.fr/x',
    '*',
    '1',
  ]
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''))
  const langs = fc.constantFrom('en', 'fr', 'de', 'it')

  it('never throws, keeps entities and URLs, leaks no mask character', () => {
    fc.assert(
      fc.property(text, text, text, langs, (input, before, after, lang) => {
        const output = run(input, lang, before, after)
        for (const kept of input.match(/&\w+;|https:\/\/a\.fr\/x/g) ?? []) {
          expect(output).toContain(kept)
        }
        expect(output).not.toMatch(/[\uE000\uE001]/)
      }),
      { numRuns: 2000 },
    )
  })

  it('is idempotent: typesetting typeset text changes nothing', () => {
    fc.assert(
      fc.property(text, langs, (input, lang) => {
        const once = run(input, lang)
        expect(run(once, lang)).toBe(once)
      }),
      { numRuns: 2000 },
    )
  })

  it('leaves text holding private-use characters alone', () => {
    expect(run('"a"\uE000', 'fr')).toBe('"a"\uE000')
  })

  it.each([
    ['spaces', `a${' '.repeat(1_000_000)}b`],
    ['spaces then a mark', `a${' '.repeat(1_000_000)}!`],
    ['dashed word', 'a-'.repeat(500_000)],
    ['quotes', '"'.repeat(1_000_000)],
    ['marks', `a${'!'.repeat(1_000_000)}`],
    ['entities', '&amp;'.repeat(200_000)],
    ['URL-like', 'http://a'.repeat(125_000)],
    ['guillemets', '«»'.repeat(500_000)],
  ])('1 MB of %s in linear time', (_name, input) => {
    const start = performance.now()
    for (const lang of ['fr', 'en']) run(input, lang)
    expect(performance.now() - start).toBeLessThan(5_000)
  })
})
