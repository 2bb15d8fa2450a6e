/**
 * What the build publishes must be what the worker matches: for any date, title, slug,
 * categories and template, `expandPermalink` gives a sanitized absolute path, and the worker's
 * decoding of the link the site writes for it (`encodeURI`) gives that path back.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expandPermalink, type UrlPlaceholders, unlinkableCharacter } from '../src/build/permalink'
import { hostileString } from './support/hostile-string'

/** The worker's reading of a request path (src/worker/index.tsx `requestPath`). */
function requestPath(link: string): string {
  return decodeURIComponent(new URL(link, 'https://x').pathname)
}

const PLACEHOLDERS = [
  ':year',
  ':month',
  ':day',
  ':i_month',
  ':i_day',
  ':short_year',
  ':hour',
  ':minute',
  ':second',
  ':y_day',
  ':short_month',
  ':long_month',
  ':week',
  ':short_day',
  ':title',
  ':slug',
  ':name',
  ':categories',
  ':lang',
  ':collection',
  ':output_ext',
]

// Template text an author writes around placeholders: path characters, dots, dashes, and the
// odd character a URL path holds only escaped.
const literal = fc.string({
  unit: fc.constantFrom(
    'a',
    'b',
    'z',
    '0',
    '9',
    '-',
    '_',
    '.',
    '/',
    '~',
    '!',
    '(',
    "'",
    'é',
    ' ',
    '%',
  ),
  maxLength: 6,
})
const template = fc.oneof(
  fc.constantFrom('date', 'pretty', 'ordinal', 'weekdate', 'none'),
  fc
    .array(fc.oneof(fc.constantFrom(...PLACEHOLDERS), literal), { minLength: 1, maxLength: 8 })
    .map((parts) => `/${parts.join('')}`),
)

const date = fc.record({
  year: fc.integer({ min: 1970, max: 2099 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
})

const placeholders: fc.Arbitrary<UrlPlaceholders> = fc.record({
  date,
  title: hostileString(20),
  basename: hostileString(20),
  slug: fc.option(hostileString(12), { nil: undefined }),
  categories: fc.array(hostileString(8), { maxLength: 3 }),
  lang: fc.constantFrom('fr', 'en', 'pt-br'),
  collection: fc.constantFrom('posts', 'recettes'),
  outputExt: fc.constantFrom('.html', ''),
})

describe('expandPermalink: properties', () => {
  it('gives a sanitized absolute path: one leading slash, no empty, . or .. segment inside', () => {
    fc.assert(
      fc.property(template, placeholders, (t, doc) => {
        const url = expandPermalink(t, doc)
        expect(url.startsWith('/')).toBe(true)
        expect(url).not.toMatch(/\/\/|\.\.|\/\.\/|\/\.$/)
      }),
      { numRuns: 3000 },
    )
  })

  it('is matched back by the worker from the link the site writes, or refused by the build', () => {
    fc.assert(
      fc.property(template, placeholders, (t, doc) => {
        const url = expandPermalink(t, doc)
        // The build stops on these (tests/hostile-content.test.ts): `?` and `#` end a link's path.
        if (unlinkableCharacter(url) !== undefined) return
        expect(requestPath(encodeURI(url))).toBe(url)
      }),
      { numRuns: 3000 },
    )
  })
})
