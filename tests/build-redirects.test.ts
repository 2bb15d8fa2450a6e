import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DiagnosticList, formatDiagnostic } from '../src/build/diagnostics'
import {
  isDynamicSource,
  MAX_DYNAMIC_REDIRECTS,
  MAX_STATIC_REDIRECTS,
  parseRedirects,
} from '../src/build/redirects'
import type { RedirectRule } from '../src/model/types'
import { hostileString } from './support/hostile-string'

const PATH = 'content/_redirects'

function parse(text: string) {
  const diagnostics = new DiagnosticList()
  const rules = parseRedirects(PATH, text, diagnostics)
  return { rules, messages: diagnostics.items.map(formatDiagnostic) }
}

const rule = (from: string, to: string, status = 301, force = false): RedirectRule => ({
  from,
  to,
  status: status as RedirectRule['status'],
  force,
})

describe('parseRedirects: rules read', () => {
  it.each<[string, string, RedirectRule[]]>([
    ['default status 301', '/old /new', [rule('/old', '/new')]],
    ['explicit status', '/old /new 302', [rule('/old', '/new', 302)]],
    [
      'every redirect status',
      '/a /1 303\n/b /2 307\n/c /3 308',
      [rule('/a', '/1', 303), rule('/b', '/2', 307), rule('/c', '/3', 308)],
    ],
    ['force flag', '/old /new 301!', [rule('/old', '/new', 301, true)]],
    [
      'absolute destination',
      '/x https://other.example/y 308',
      [rule('/x', 'https://other.example/y', 308)],
    ],
    [
      'http destination, any case',
      '/x HTTP://other.example/',
      [rule('/x', 'HTTP://other.example/')],
    ],
    ['query and fragment in destination', '/x /y?a=1&b=2#top', [rule('/x', '/y?a=1&b=2#top')]],
    [
      '= in an absolute destination',
      '/x https://o.example/?a=b 302',
      [rule('/x', 'https://o.example/?a=b', 302)],
    ],
    ['splat', '/news/* /blog/:splat', [rule('/news/*', '/blog/:splat')]],
    ['prefix splat', '/news* /blog', [rule('/news*', '/blog')]],
    [
      'placeholders',
      '/p/:year/:slug /:year/:slug.html 307',
      [rule('/p/:year/:slug', '/:year/:slug.html', 307)],
    ],
    [
      'placeholders and splat',
      '/:lang/old/* /:lang/new/:splat',
      [rule('/:lang/old/*', '/:lang/new/:splat')],
    ],
    [
      'comments and blank lines',
      '# moved\n\n   # indented\n\t\n/a /b # why\n/c /d 302 #x',
      [rule('/a', '/b'), rule('/c', '/d', 302)],
    ],
    ['tabs and runs of spaces', '/a\t\t/b   \t303  ', [rule('/a', '/b', 303)]],
    [
      'CRLF and CR line ends',
      '/a /b\r\n/c /d\r/e /f\r\n',
      [rule('/a', '/b'), rule('/c', '/d'), rule('/e', '/f')],
    ],
    ['BOM', '\uFEFF/a /b', [rule('/a', '/b')]],
    ['source decoded, destination encoded', '/caf%C3%A9 /café', [rule('/café', '/caf%C3%A9')]],
    ['non-ASCII source kept', '/été /ete', [rule('/été', '/ete')]],
    ['protocol-relative destination kept (collapsed when matched)', '/a //b', [rule('/a', '//b')]],
    ['empty file', '', []],
  ])('%s', (_name, text, expected) => {
    const { rules, messages } = parse(text)
    expect(messages).toEqual([])
    expect(rules).toEqual(expected)
  })
})

describe('parseRedirects: problems, at path:line:col', () => {
  const W = `${PATH}`
  it.each<[string, string, string[], RedirectRule[]]>([
    // Unsupported: warned about and ignored.
    [
      'source with a host',
      'https://other.example/* https://example.org/:splat 301',
      [`${W}:1:1: warning: a source with a host (domain-level redirect) is not supported: ignored`],
      [],
    ],
    [
      'source with another scheme',
      '/a /b\n  ftp://x/ /b',
      [`${W}:2:3: warning: a source with a host (domain-level redirect) is not supported: ignored`],
      [rule('/a', '/b')],
    ],
    [
      'rewrite',
      '/spa/*   /index.html 200',
      [`${W}:1:22: warning: a rewrite (status 200) is not supported: rule ignored`],
      [],
    ],
    [
      'forced rewrite',
      '/app/* /app/index.html 200!',
      [`${W}:1:24: warning: a rewrite (status 200) is not supported: rule ignored`],
      [],
    ],
    [
      'custom 404',
      '/x/* /x/404.html 404',
      [`${W}:1:18: warning: a custom 404 page (status 404) is not supported: rule ignored`],
      [],
    ],
    [
      'query condition',
      '/store id=:id /blog/:id 301',
      [`${W}:1:8: warning: query-parameter conditions such as id=:id are not supported: ignored`],
      [],
    ],
    [
      'query in source',
      '/a?b=1 /c',
      [`${W}:1:1: warning: a query string in the source is not supported: rule ignored`],
      [],
    ],
    [
      'country condition',
      '/ /anz 302 Country=au,nz',
      [`${W}:1:12: warning: conditions such as Country=au,nz are not supported: rule ignored`],
      [],
    ],
    [
      'language condition without status',
      '/ /fr Language=fr',
      [`${W}:1:7: warning: conditions such as Language=fr are not supported: rule ignored`],
      [],
    ],
    [
      'duplicate source',
      '/a /b\n/a /c\n /a /d',
      [
        `${W}:2:1: warning: duplicate source /a: the rule on line 1 applies, this one is ignored`,
        `${W}:3:2: warning: duplicate source /a: the rule on line 1 applies, this one is ignored`,
      ],
      [rule('/a', '/b')],
    ],
    [
      'placeholder inside a segment: kept, matched literally',
      '/post-:id /p',
      [`${W}:1:1: warning: "post-:id" is matched literally: a placeholder must be a whole segment`],
      [rule('/post-:id', '/p')],
    ],
    // Malformed: skipped with a warning, as Cloudflare and Netlify skip them.
    [
      'missing destination',
      '/a',
      [
        `${W}:1:3: warning: missing destination: write "source destination [status]", e.g. "/old /new 301"; this line is ignored`,
      ],
      [],
    ],
    [
      'missing destination, indented on line 3',
      '/a /b\n\n   /old   # gone',
      [
        `${W}:3:8: warning: missing destination: write "source destination [status]", e.g. "/old /new 301"; this line is ignored`,
      ],
      [rule('/a', '/b')],
    ],
    [
      'relative destination',
      '/a b',
      [
        `${W}:1:4: warning: the destination must start with / or http(s)://, got "b"; this line is ignored`,
      ],
      [],
    ],
    [
      'other scheme in destination',
      '/a mailto:x@example.org',
      [
        `${W}:1:4: warning: the destination must start with / or http(s)://, got "mailto:x@example.org"; this line is ignored`,
      ],
      [],
    ],
    [
      'comment instead of destination',
      '/a #b',
      [
        `${W}:1:3: warning: missing destination: write "source destination [status]", e.g. "/old /new 301"; this line is ignored`,
      ],
      [],
    ],
    [
      'condition-like destination',
      '/a x=1',
      [`${W}:1:4: warning: query-parameter conditions such as x=1 are not supported: ignored`],
      [],
    ],
    [
      'source not a path',
      'a /b',
      [
        `${W}:1:1: warning: the source must be a path starting with /, got "a"; this line is ignored`,
      ],
      [],
    ],
    [
      'unknown status',
      '/a /b 299',
      [
        `${W}:1:7: warning: invalid status "299": use 301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!); this line is ignored`,
      ],
      [],
    ],
    [
      '410 is not a redirect',
      '/a /b 410',
      [
        `${W}:1:7: warning: invalid status "410": use 301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!); this line is ignored`,
      ],
      [],
    ],
    [
      'status not a number',
      '/a /b permanent',
      [
        `${W}:1:7: warning: invalid status "permanent": use 301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!); this line is ignored`,
      ],
      [],
    ],
    [
      'four digits',
      '/a /b 3011',
      [
        `${W}:1:7: warning: invalid status "3011": use 301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!); this line is ignored`,
      ],
      [],
    ],
    [
      '! alone',
      '/a /b !',
      [
        `${W}:1:7: warning: invalid status "!": use 301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!); this line is ignored`,
      ],
      [],
    ],
    [
      '! before the code',
      '/a /b !301',
      [
        `${W}:1:7: warning: invalid status "!301": use 301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!); this line is ignored`,
      ],
      [],
    ],
    [
      'extra token',
      '/a /b 301 later',
      [
        `${W}:1:11: warning: unexpected "later": a rule is "source destination [status]"; this line is ignored`,
      ],
      [],
    ],
    [
      'splat not at the end',
      '/a/*/b /c',
      [
        `${W}:1:1: warning: * may only end the source: it matches the rest of the path; this line is ignored`,
      ],
      [],
    ],
    [
      'placeholder captured twice',
      '/a/:x/:x /b',
      [`${W}:1:1: warning: :x is captured twice in the source; this line is ignored`],
      [],
    ],
    [
      ':splat and *',
      '/a/:splat/* /b',
      [`${W}:1:1: warning: :splat is captured twice in the source; this line is ignored`],
      [],
    ],
    [
      'bad percent-encoding',
      '/a%E0%A4%A /b',
      [`${W}:1:1: warning: invalid percent-encoding in "/a%E0%A4%A"; this line is ignored`],
      [],
    ],
    [
      'lone surrogate in destination',
      '/a /\uD83D',
      [`${W}:1:4: warning: invalid character in destination; this line is ignored`],
      [],
    ],
    [
      'errors do not stop the next lines',
      '/a\n/b /c',
      [
        `${W}:1:3: warning: missing destination: write "source destination [status]", e.g. "/old /new 301"; this line is ignored`,
      ],
      [rule('/b', '/c')],
    ],
  ])('%s', (_name, text, expected, rules) => {
    const result = parse(text)
    expect(result.messages).toEqual(expected)
    expect(result.rules).toEqual(rules)
  })
})

describe("parseRedirects: Cloudflare's limits", () => {
  const statics = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => `/s${i + from} /t`).join('\n')
  const dynamics = (n: number) => Array.from({ length: n }, (_, i) => `/d${i}/* /t`).join('\n')

  it('accepts 2,000 static and 100 dynamic rules', () => {
    const { rules, messages } = parse(
      `${statics(MAX_STATIC_REDIRECTS)}\n${dynamics(MAX_DYNAMIC_REDIRECTS)}`,
    )
    expect(messages).toEqual([])
    expect(rules).toHaveLength(2100)
  })

  it.each<[string, string, string]>([
    [
      'static',
      statics(2003),
      `${PATH}:2001:1: more than 2000 static redirects, Cloudflare's limit: merge some`,
    ],
    [
      'dynamic',
      `${dynamics(101)}\n/x/:y /z`,
      `${PATH}:101:1: more than 100 dynamic redirects (rules with a placeholder or *), Cloudflare's limit: merge some`,
    ],
  ])('one error past the %s limit', (_kind, text, message) => {
    const { rules, messages } = parse(text)
    expect(messages).toEqual([message])
    expect(rules.length).toBeLessThanOrEqual(2000)
  })

  it.each<[string, boolean]>([
    ['/a', false],
    ['/a/b.html', false],
    ['/post-:id', false],
    ['/a/:b', true],
    ['/:lang/', true],
    ['/a/*', true],
    ['/a*', true],
  ])('%s is dynamic: %s', (from, dynamic) => {
    expect(isDynamicSource(from)).toBe(dynamic)
  })
})

describe('parseRedirects: any text', () => {
  const token = fc.oneof(
    fc.constantFrom(
      '/a',
      '/a/*',
      '/:x/:y',
      '/b',
      'https://x.example/:splat',
      '301',
      '302!',
      '200',
      '404',
      'id=1',
      'Country=fr',
      '#',
      '*',
      '!',
      ':x',
      '%E0',
    ),
    hostileString(8),
  )
  const line = fc.array(token, { maxLength: 5 }).map((tokens) => tokens.join(' '))
  const file = fc.oneof(
    hostileString(80),
    fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n')),
  )

  it('never throws, and every rule it returns is well-formed', () => {
    fc.assert(
      fc.property(file, (text) => {
        const diagnostics = new DiagnosticList()
        const rules = parseRedirects(PATH, text, diagnostics)
        for (const r of rules) {
          expect(r.from.startsWith('/')).toBe(true)
          expect(r.to).toMatch(/^(\/|https?:\/\/)[\x21-\x7e]*$/i)
          expect([301, 302, 303, 307, 308]).toContain(r.status)
        }
        for (const d of diagnostics.items) {
          expect(d.line).toBeGreaterThanOrEqual(1)
          expect(d.col).toBeGreaterThanOrEqual(1)
        }
      }),
    )
  })
})
