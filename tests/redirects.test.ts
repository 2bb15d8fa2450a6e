import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DiagnosticList } from '../src/build/diagnostics'
import { parseRedirects } from '../src/build/redirects'
import type { RedirectRule } from '../src/model/types'
import { compileRedirects, matchRedirect } from '../src/worker/redirects'
import { hostileString } from './support/hostile-string'

const rule = (from: string, to: string, status = 301, force = false): RedirectRule => ({
  from,
  to,
  status: status as RedirectRule['status'],
  force,
})

const RULES: RedirectRule[] = [
  rule('/old', '/new'),
  rule('/old/', '/new/', 302),
  rule('/news/*', '/blog/:splat'),
  rule('/posts/:year/:slug', '/:year/:slug.html', 308),
  rule('/a/:x', '/b/:x/:unknown', 302),
  rule('/prefix*', '/p'),
  rule('/café', '/cafe'),
  rule('/go/*', 'https://other.example/:splat', 302, true),
  rule('/open/*', '/:splat'),
  rule('/q/:id', '/search?q=:id#:id'),
  rule('/x/:y', '/dynamic-first'),
  rule('/x/z', '/never'),
  rule('/s/t', '/static-first'),
  rule('/s/:u', '/dynamic-second'),
  rule('/ids/:id/:id_2', '/:id_2/:id'),
  rule('/:lang/old/*', '/:lang/new/:splat', 307),
]

describe('matchRedirect', () => {
  it.each<[string, string, [string, number, boolean] | undefined]>([
    // Static rules: exact, case- and trailing-slash-sensitive.
    ['static', '/old', ['/new', 301, false]],
    ['trailing slash is its own rule', '/old/', ['/new/', 302, false]],
    ['case counts', '/OLD', undefined],
    ['no prefix match', '/old/x', undefined],
    ['decoded non-ASCII path', '/café', ['/cafe', 301, false]],
    ['not found', '/nothing', undefined],
    ['root', '/', undefined],
    // Splat.
    ['splat may be empty', '/news/', ['/blog/', 301, false]],
    ['splat needs its prefix', '/news', undefined],
    ['splat spans segments', '/news/2019/01/x.html', ['/blog/2019/01/x.html', 301, false]],
    ['prefix splat, empty', '/prefix', ['/p', 301, false]],
    ['prefix splat, inside a segment', '/prefixes/x', ['/p', 301, false]],
    ['splat with a placeholder', '/fr/old/a/b', ['/fr/new/a/b', 307, false]],
    [
      'force and absolute destination',
      '/go/a b/c?',
      ['https://other.example/a%20b/c%3F', 302, true],
    ],
    // Placeholders.
    ['placeholders', '/posts/2019/hello', ['/2019/hello.html', 308, false]],
    ['placeholder takes one segment only', '/posts/2019/hello/', undefined],
    ['placeholder is never empty', '/posts/2019/', undefined],
    ['unknown name in destination left as is', '/a/v', ['/b/v/:unknown', 302, false]],
    ['names sharing a prefix', '/ids/1/2', ['/2/1', 301, false]],
    // Encoding of what is captured.
    ['sub-delimiters kept', '/posts/2019/c++', ['/2019/c++.html', 308, false]],
    ['% re-encoded', '/posts/2019/100%', ['/2019/100%25.html', 308, false]],
    ['# and ? re-encoded', '/posts/2019/a#b?c', ['/2019/a%23b%3Fc.html', 308, false]],
    ['non-ASCII re-encoded', '/news/日本', ['/blog/%E6%97%A5%E6%9C%AC', 301, false]],
    ['line break re-encoded', '/news/a\nb', ['/blog/a%0Ab', 301, false]],
    ['lone surrogate becomes U+FFFD', '/news/\uD83D', ['/blog/%EF%BF%BD', 301, false]],
    [
      'in the query, & and = are escaped',
      '/q/a&b=c',
      ['/search?q=a%26b%3Dc#a%26b%3Dc', 301, false],
    ],
    // Open redirects.
    ['no protocol-relative location', '/open//evil.example', ['/evil.example', 301, false]],
    ['backslash cannot become a slash', '/open/\\evil.example', ['/%5Cevil.example', 301, false]],
    ['many slashes collapsed', '/open///a//b', ['/a/b', 301, false]],
    // Order: the first rule in the file wins, static or dynamic.
    ['dynamic rule above a static one wins', '/x/z', ['/dynamic-first', 301, false]],
    ['static rule above a dynamic one wins', '/s/t', ['/static-first', 301, false]],
    ['the dynamic rule still applies elsewhere', '/s/v', ['/dynamic-second', 301, false]],
  ])('%s: %j', (_name, path, expected) => {
    const match = matchRedirect(RULES, path)
    expect(match).toEqual(
      expected && { location: expected[0], status: expected[1], force: expected[2] },
    )
  })

  it('reads what the build parsed', () => {
    const text = '/old-blog/:year/* /blog/:year/:splat 301!\n/about.html /about/'
    const rules = parseRedirects('_redirects', text, new DiagnosticList())
    expect(matchRedirect(rules, '/old-blog/2019/x.html')).toEqual({
      location: '/blog/2019/x.html',
      status: 301,
      force: true,
    })
    expect(matchRedirect(rules, '/about.html')?.location).toBe('/about/')
  })

  it('matches among 2,000 static and 100 dynamic rules', () => {
    const many = [
      ...Array.from({ length: 100 }, (_, i) => rule(`/d${i}/:x/*`, `/t/:x/:splat`)),
      ...Array.from({ length: 2000 }, (_, i) => rule(`/s/${i}`, `/t/${i}`)),
    ]
    const matcher = compileRedirects(many)
    expect(matcher.match('/s/1999')?.location).toBe('/t/1999')
    expect(matcher.match('/s/2000')).toBeUndefined()
    expect(matcher.match('/d99/a/b/c')?.location).toBe('/t/a/b/c')
  })
})

// A path segment that is literal in a source: not empty, no `/`, no `*`, not a placeholder.
const literalSegment = hostileString(8).filter(
  (s) => s !== '' && !/[/*]/.test(s) && !/^:[A-Za-z]\w*$/.test(s),
)
// What a placeholder can capture: a non-empty segment.
const value = hostileString(8).filter((s) => s !== '' && !s.includes('/'))

describe('matchRedirect: properties', () => {
  it('a rule without placeholders matches its own source, and only with that trailing slash', () => {
    fc.assert(
      fc.property(
        fc.array(literalSegment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<RedirectRule['status']>(301, 302, 303, 307, 308),
        fc.boolean(),
        (segments, status, force) => {
          const from = `/${segments.join('/')}`
          const matcher = compileRedirects([
            rule('/other', '/x'),
            rule(from, '/target', status, force),
          ])
          expect(matcher.match(from)).toEqual({ location: '/target', status, force })
          expect(matcher.match(`${from}/`)).toBeUndefined()
        },
      ),
    )
  })

  it('placeholders substitute exactly the captured values into the destination', () => {
    fc.assert(
      fc.property(literalSegment, value, value, (prefix, a, b) => {
        const match = matchRedirect([rule(`/${prefix}/:a/:b`, '/x/:b/:a')], `/${prefix}/${a}/${b}`)
        expect(match).toBeDefined()
        const location = match?.location ?? ''
        // A Location header must be printable ASCII.
        expect(location).toMatch(/^[\x21-\x7e]+$/)
        const [, x, gotB, gotA, ...more] = location.split('/')
        const wellFormed = (s: string) => s.replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
        expect([x, more]).toEqual(['x', []])
        expect(decodeURIComponent(gotA ?? '')).toBe(wellFormed(a))
        expect(decodeURIComponent(gotB ?? '')).toBe(wellFormed(b))
      }),
    )
  })

  it('a splat gives back the rest of the path, and never a protocol-relative location', () => {
    fc.assert(
      fc.property(hostileString(20), (rest) => {
        const match = matchRedirect([rule('/from/*', '/:splat')], `/from/${rest}`)
        const location = match?.location ?? ''
        expect(location).toMatch(/^\/(?!\/)[\x21-\x7e]*$/)
        const expected = `/${rest}`.replace(/\/{2,}/g, '/').replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
        expect(decodeURIComponent(location)).toBe(expected)
      }),
    )
  })
})
