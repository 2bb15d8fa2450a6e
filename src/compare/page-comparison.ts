import { differences, matchingBlocks, ratioOf } from './similarity'
import { normalizeText, type PageFacts } from './visible-text'

/** `all`: every HTML page Jekyll writes, whole; `posts`: only posts, only their content. */
export type Scope = 'posts' | 'all'

/** How alike the text must be for a page to count as alike: 97% of its words in matching runs. */
export const ALIKE_TEXT = 0.97

/** A page of Jekyll's build, read. */
export interface Reference {
  /** Its URL path, percent-encoded as a server is asked for it. */
  url: string
  post: boolean
  /** The language its front matter or defaults declare, if any. */
  declaredLang: string | null
  /** Its `<title>`, `<html lang>` and body text. */
  facts: PageFacts
  /** For a post: the words of what Jekyll's `{{ content }}` gives. */
  content?: string[]
}

/** What Kiosque answered for a URL. */
export interface Observed {
  status: number
  /** Where a redirect goes. */
  location?: string
  /** The page read, when it answered 200 with HTML. */
  facts?: PageFacts
}

export type DifferenceKind = 'missing' | 'status' | 'lang' | 'title' | 'text'

export interface PageDifference {
  kind: DifferenceKind
  jekyll: string
  kiosque: string
}

/** One page compared. */
export interface PageResult {
  url: string
  post: boolean
  alike: boolean
  /** The share of words in matching runs, 0 to 1; null when Kiosque served no page to read. */
  similarity: number | null
  differences: PageDifference[]
  /** Where the words differ first: a few words of context, Jekyll's side then Kiosque's. */
  excerpts: { jekyll: string; kiosque: string }[]
  /** Jekyll's `<html lang>` when it contradicts the language the page declares. */
  jekyllHtmlLang?: string
}

/** Compares one page Jekyll wrote with what Kiosque serves at its URL. */
export function comparePage(reference: Reference, observed: Observed, scope: Scope): PageResult {
  const base = { url: reference.url, post: reference.post, similarity: null, excerpts: [] }
  if (observed.status === 404 || observed.status === 410) {
    const found = { kind: 'missing', jekyll: '200', kiosque: String(observed.status) } as const
    return { ...base, alike: false, differences: [found] }
  }
  if (observed.status !== 200 || !observed.facts) {
    const kiosque = observed.location
      ? `${observed.status} → ${observed.location}`
      : String(observed.status)
    return { ...base, alike: false, differences: [{ kind: 'status', jekyll: '200', kiosque }] }
  }
  const served = observed.facts
  const found: PageDifference[] = []

  // The language a page declares is the one it is in, and the one Kiosque promises to serve; a
  // layout that writes a fixed <html lang> on every page is the site's slip, not the reference.
  const expected = reference.declaredLang ?? reference.facts.lang
  if (expected && expected.toLowerCase() !== served.lang.toLowerCase()) {
    found.push({ kind: 'lang', jekyll: expected, kiosque: served.lang || '(none)' })
  }
  const htmlLang = reference.facts.lang
  const contradicts =
    reference.declaredLang !== null &&
    htmlLang !== '' &&
    htmlLang.toLowerCase() !== reference.declaredLang.toLowerCase()

  if (scope === 'all' && titleKey(reference.facts.title) !== titleKey(served.title)) {
    found.push({ kind: 'title', jekyll: reference.facts.title, kiosque: served.title })
  }

  const jekyllWords = scope === 'posts' ? (reference.content ?? []) : reference.facts.words
  const kiosqueWords = scope === 'posts' ? served.content : served.words
  let similarity = 0
  let excerpts: PageResult['excerpts'] = []
  if (kiosqueWords === undefined) {
    found.push({ kind: 'text', jekyll: 'a post', kiosque: 'a page without post content' })
  } else {
    const blocks = matchingBlocks(jekyllWords, kiosqueWords)
    similarity = ratioOf(blocks, jekyllWords.length, kiosqueWords.length)
    if (similarity < ALIKE_TEXT) {
      const percent = `${Math.floor(similarity * 100)}% alike`
      found.push({ kind: 'text', jekyll: `${jekyllWords.length} words`, kiosque: percent })
    }
    excerpts = differences(blocks, jekyllWords.length, kiosqueWords.length)
      .slice(0, 3)
      .map((gap) => ({
        jekyll: excerpt(jekyllWords, gap.aStart, gap.aEnd),
        kiosque: excerpt(kiosqueWords, gap.bStart, gap.bEnd),
      }))
  }
  return {
    ...base,
    alike: found.length === 0,
    similarity,
    differences: found,
    excerpts,
    ...(contradicts && { jekyllHtmlLang: htmlLang }),
  }
}

/** Titles compare as text does, typography and case aside. */
function titleKey(title: string): string {
  return normalizeText(title).replace(/\s+/g, ' ').trim()
}

const CONTEXT = 3
const LONGEST = 12

/** The words `from..to` with a few words of context, `[…]` around the differing ones. */
export function excerpt(words: readonly string[], from: number, to: number): string {
  const before = words.slice(Math.max(0, from - CONTEXT), from)
  const changed = words.slice(from, to)
  const shown =
    changed.length > LONGEST
      ? [...changed.slice(0, LONGEST / 2), '…', ...changed.slice(-LONGEST / 2)]
      : changed
  const after = words.slice(to, to + CONTEXT)
  return [
    from > CONTEXT ? '…' : '',
    ...before,
    `[${shown.join(' ')}]`,
    ...after,
    to + CONTEXT < words.length ? '…' : '',
  ]
    .filter((w) => w !== '')
    .join(' ')
}
