/**
 * How alike two word sequences are, measured as Python's `difflib.SequenceMatcher(None, a, b)
 * .ratio()` measures it: 2·M / T, where M counts the words in matching runs and T the words of
 * both sides. The matching runs are difflib's (the longest run first, then recursively on each
 * side of it), with its automatic junk heuristic: in a second sequence of 200 words or more, a
 * word that occurs more than 1% of the time (plus one) cannot start a run. Reproducing difflib
 * exactly, rather than another diff, keeps the figure comparable with what people compute in
 * Python, and the table test pins values computed with CPython.
 */

/** One run of equal words: `a[a..a+size]` equals `b[b..b+size]`. */
export interface MatchingBlock {
  a: number
  b: number
  size: number
}

/** A run of differing words: `a[aStart..aEnd]` was replaced by `b[bStart..bEnd]`. */
export interface Difference {
  aStart: number
  aEnd: number
  bStart: number
  bEnd: number
}

/** Word positions in `b` by word, less the popular ones (difflib's `b2j` after `bpopular`). */
interface IndexedB {
  positions: Map<string, number[]>
}

function indexB(b: readonly string[]): IndexedB {
  const positions = new Map<string, number[]>()
  b.forEach((word, j) => {
    const list = positions.get(word)
    if (list) list.push(j)
    else positions.set(word, [j])
  })
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1
    for (const [word, list] of positions) if (list.length > limit) positions.delete(word)
  }
  return { positions }
}

/** difflib's `find_longest_match`: the longest run, earliest in `a`, then earliest in `b`. */
function longestMatch(
  a: readonly string[],
  b: readonly string[],
  index: IndexedB,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): MatchingBlock {
  let besti = alo
  let bestj = blo
  let bestsize = 0
  let runs = new Map<number, number>()
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>()
    for (const j of index.positions.get(a[i] as string) ?? []) {
      if (j < blo) continue
      if (j >= bhi) break
      const k = (runs.get(j - 1) ?? 0) + 1
      next.set(j, k)
      if (k > bestsize) {
        besti = i - k + 1
        bestj = j - k + 1
        bestsize = k
      }
    }
    runs = next
  }
  // Popular words never start a run, but a run grows over them where both sides agree: with
  // no isjunk, difflib's junk set is empty, so its extension passes only test equality.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti--
    bestj--
    bestsize++
  }
  while (
    besti + bestsize < ahi &&
    bestj + bestsize < bhi &&
    a[besti + bestsize] === b[bestj + bestsize]
  ) {
    bestsize++
  }
  return { a: besti, b: bestj, size: bestsize }
}

/** difflib's `get_matching_blocks`, without its closing dummy block; adjacent runs merged. */
export function matchingBlocks(a: readonly string[], b: readonly string[]): MatchingBlock[] {
  const index = indexB(b)
  const found: MatchingBlock[] = []
  // An explicit stack, as difflib has, so that long texts never overflow the call stack.
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]]
  for (let range = queue.pop(); range; range = queue.pop()) {
    const [alo, ahi, blo, bhi] = range
    const m = longestMatch(a, b, index, alo, ahi, blo, bhi)
    if (m.size === 0) continue
    found.push(m)
    if (alo < m.a && blo < m.b) queue.push([alo, m.a, blo, m.b])
    if (m.a + m.size < ahi && m.b + m.size < bhi) queue.push([m.a + m.size, ahi, m.b + m.size, bhi])
  }
  found.sort((x, y) => x.a - y.a || x.b - y.b || x.size - y.size)
  const merged: MatchingBlock[] = []
  for (const block of found) {
    const last = merged.at(-1)
    if (last && last.a + last.size === block.a && last.b + last.size === block.b) {
      last.size += block.size
    } else merged.push({ ...block })
  }
  return merged
}

/** The ratio of `matchingBlocks` to the total length, 1 when both are empty, as difflib says. */
export function ratioOf(blocks: readonly MatchingBlock[], a: number, b: number): number {
  const total = a + b
  if (total === 0) return 1
  const matches = blocks.reduce((sum, block) => sum + block.size, 0)
  return (2 * matches) / total
}

/** `difflib.SequenceMatcher(None, a, b).ratio()`: how alike two word sequences are, 0 to 1. */
export function similarity(a: readonly string[], b: readonly string[]): number {
  return ratioOf(matchingBlocks(a, b), a.length, b.length)
}

/** The gaps between matching runs: what was replaced, deleted or inserted, in order. */
export function differences(blocks: readonly MatchingBlock[], a: number, b: number): Difference[] {
  const gaps: Difference[] = []
  let i = 0
  let j = 0
  for (const block of [...blocks, { a, b, size: 0 }]) {
    if (i < block.a || j < block.b)
      gaps.push({ aStart: i, aEnd: block.a, bStart: j, bEnd: block.b })
    i = block.a + block.size
    j = block.b + block.size
  }
  return gaps
}
