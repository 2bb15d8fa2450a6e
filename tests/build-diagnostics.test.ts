import { describe, expect, it } from 'vitest'
import { type Diagnostic, foldDiagnostics } from '../src/build/diagnostics'

const warning = (n: number, code?: string): Diagnostic => ({
  path: `_communaute/${n}.md`,
  line: 2,
  col: 1,
  message: `no title ${n}`,
  severity: 'warning',
  ...(code && { code }),
})
const many = (count: number, code?: string) =>
  Array.from({ length: count }, (_, i) => warning(i + 1, code))
const more = (n: number) => `… and ${n} more like this (run with --verbose to list them all)`

describe('foldDiagnostics: a kind seen more than 5 times prints its first 3 and a count', () => {
  it.each<[string, Diagnostic[], string[]]>([
    [
      '5 of a kind: all',
      many(5, 'no-title'),
      many(5).map((d) => `${d.path}:2:1: warning: ${d.message}`),
    ],
    [
      '259 of a kind: 3 and a count',
      many(259, 'no-title'),
      [
        '_communaute/1.md:2:1: warning: no title 1',
        '_communaute/2.md:2:1: warning: no title 2',
        '_communaute/3.md:2:1: warning: no title 3',
        more(256),
      ],
    ],
    [
      'without a code: never folded',
      many(7),
      many(7).map((d) => `${d.path}:2:1: warning: ${d.message}`),
    ],
    [
      'kinds folded apart, in the order met',
      [...many(6, 'a'), warning(100), ...many(6, 'b').map((d) => ({ ...d, line: 9 }))],
      [
        '_communaute/1.md:2:1: warning: no title 1',
        '_communaute/2.md:2:1: warning: no title 2',
        '_communaute/3.md:2:1: warning: no title 3',
        more(3),
        '_communaute/100.md:2:1: warning: no title 100',
        '_communaute/1.md:9:1: warning: no title 1',
        '_communaute/2.md:9:1: warning: no title 2',
        '_communaute/3.md:9:1: warning: no title 3',
        more(3),
      ],
    ],
  ])('%s', (_name, items, expected) => {
    expect(foldDiagnostics(items)).toEqual(expected)
  })
})
