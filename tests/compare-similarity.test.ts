import { describe, expect, it } from 'vitest'
import { differences, matchingBlocks, similarity } from '../src/compare/similarity'

const words = (text: string) => (text === '' ? [] : text.split(' '))
/** `w0 w1 …` cycling through `mod` words, stepping by `step`: many repeats, for autojunk. */
const cycle = (n: number, mod: number, step: number) =>
  Array.from({ length: n }, (_, i) => `w${(i * step) % mod}`)
/** Prose where "the" is every `every`-th word: one popular word among unique ones. */
const prose = (n: number, every: number) =>
  Array.from({ length: n }, (_, i) => (i % every === 0 ? 'the' : `w${i}`))

// Expected values computed with CPython 3.11's difflib:
//   difflib.SequenceMatcher(None, a, b).ratio()   (autojunk on, its default)
describe('similarity is difflib.SequenceMatcher(None, a, b).ratio()', () => {
  const cases: [string, string[], string[], number][] = [
    ['two empty sequences', [], [], 1],
    ['one empty side', words('a'), [], 0],
    ['the other empty side', [], words('a'), 0],
    ['identical', words('a b c d'), words('a b c d'), 1],
    ['shifted by one', words('a b c d'), words('b c d e'), 0.75],
    ['one word inserted', words('a b x c d'), words('a b c d'), 0.8888888888888888],
    [
      'one word replaced',
      words('the cat sat on the mat'),
      words('the cat sat on a mat'),
      0.8333333333333334,
    ],
    ['nothing in common', words('a b c'), words('d e f'), 0],
    ['a run inside', words('x a b c y'), words('a b c'), 0.75],
    ['repeats', words('a a a b'), words('a b b b'), 0.5],
    [
      'the longest run first, then each side of it',
      words('le chat est sur le tapis et le chien dort'),
      words('le chien dort et le chat est sur le tapis'),
      0.6,
    ],
    // 199 words in b: below difflib's 200, no word is junk.
    ['199 repeating words, no autojunk', cycle(199, 7, 1), cycle(199, 7, 3), 0.20603015075376885],
    // From 200 words in b, a word seen more than n/100 + 1 times never starts a run.
    ['200 repeating words, autojunk', cycle(200, 7, 1), cycle(200, 7, 3), 0.005],
    ['210 repeating words, autojunk', cycle(210, 7, 1), cycle(210, 7, 3), 0.004761904761904762],
    // A run still grows over popular words where both sides agree: difflib extends a match
    // of size 0 at the start over 200 equal junk words.
    ['only popular words', Array(200).fill('the'), Array(200).fill('the'), 1],
    ['popular words between unique ones', prose(300, 3), prose(300, 3), 1],
    [
      'a word inserted in 300',
      prose(300, 3),
      [...prose(300, 3).slice(0, 150), 'x', ...prose(300, 3).slice(150)],
      0.9983361064891847,
    ],
    [
      'every tenth word dropped',
      prose(250, 3),
      prose(250, 3).filter((_, i) => i % 10 !== 5),
      0.9473684210526315,
    ],
    ['reversed, popular words alternate', prose(200, 2), prose(200, 2).reverse(), 0.015],
  ]
  it.each(cases)('%s', (_, a, b, expected) => {
    expect(similarity(a, b)).toBe(expected)
  })
})

describe('matching blocks and the differences between them', () => {
  it('gives difflib get_matching_blocks() without its closing dummy', () => {
    // difflib: [Match(a=0, b=0, size=2), Match(a=3, b=2, size=2), Match(a=5, b=4, size=0)]
    expect(matchingBlocks(words('a b x c d'), words('a b c d'))).toEqual([
      { a: 0, b: 0, size: 2 },
      { a: 3, b: 2, size: 2 },
    ])
  })
  it('lists what was replaced, deleted and inserted, in order', () => {
    const a = words('a b x c d e')
    const b = words('a b c d y e z')
    expect(differences(matchingBlocks(a, b), a.length, b.length)).toEqual([
      { aStart: 2, aEnd: 3, bStart: 2, bEnd: 2 },
      { aStart: 5, aEnd: 5, bStart: 4, bEnd: 5 },
      { aStart: 6, aEnd: 6, bStart: 6, bEnd: 7 },
    ])
  })
  it('compares a long text (100,000 words) as difflib does, without exhausting the stack', () => {
    const a = prose(100_000, 7)
    const b = a.filter((_, i) => i % 1000 !== 0)
    expect(similarity(a, b)).toBe(0.9994997498749375)
  })
})
