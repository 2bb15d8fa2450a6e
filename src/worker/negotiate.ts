// Language negotiation for incoming requests. Pure functions: no I/O, safe in workerd.
import type { Lang } from '../model/types'

/** One Accept-Language range: `tag` lower-cased ('*' allowed) and its weight `q` in [0, 1]. */
export interface LanguageRange {
  tag: string
  q: number
}

// Browsers send a few hundred bytes at most; reading a bounded window keeps the cost of a
// hostile header constant whatever its length.
const MAX_HEADER_CHARS = 4096
const MAX_ENTRIES = 32
// RFC 5646 §4.4.1 recommends 35 characters as the longest tag worth storing.
const MAX_VALUE_CHARS = 35

// Linear: subtags are delimited by '-', so a match can only be split one way.
const TAG_RE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/
// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
const QVALUE_RE = /^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$/
const VALUE_RE = /^[A-Za-z0-9-]+$/

const COMMA = 0x2c

/** Strips RFC 9110 optional whitespace (SP / HTAB) only: other Unicode spaces are not OWS. */
function trimOws(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && isOws(s.charCodeAt(start))) start++
  while (end > start && isOws(s.charCodeAt(end - 1))) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09
}

/** The primary language subtag of a lower-cased tag ('pt-br' → 'pt'). */
function primarySubtag(tag: string): string {
  const dash = tag.indexOf('-')
  return dash < 0 ? tag : tag.slice(0, dash)
}

/** Parses one list element (`en-GB;q=0.8`), or undefined when it is malformed. */
function parseEntry(entry: string): LanguageRange | undefined {
  const parts = entry.split(';')
  const tag = trimOws(parts[0] ?? '')
  // Syntax is checked before lower-casing: 'K' (Kelvin sign) would otherwise become ASCII 'k'.
  if (tag !== '*' && !TAG_RE.test(tag)) return undefined
  let q = 1
  for (let i = 1; i < parts.length; i++) {
    const param = parts[i] ?? ''
    const eq = param.indexOf('=')
    if (eq < 0) continue
    // Parameter names are case-insensitive; spaces around '=' are tolerated though not in the RFC.
    if (trimOws(param.slice(0, eq)).toLowerCase() !== 'q') continue
    const value = trimOws(param.slice(eq + 1))
    // A weight we cannot read makes the whole entry untrustworthy, so it is dropped.
    if (!QVALUE_RE.test(value)) return undefined
    q = Number(value)
    break // the first q parameter is authoritative
  }
  return { tag: tag.toLowerCase(), q }
}

/** Parses a header keeping q=0 ranges, which lookup needs as exclusions. */
function parseRanges(header: string | null | undefined): LanguageRange[] {
  if (typeof header !== 'string' || header.length === 0) return []
  let text = header
  if (text.length > MAX_HEADER_CHARS) {
    text = header.slice(0, MAX_HEADER_CHARS)
    // Drop the entry cut in half by the window ('en-GB' cut to 'en-G' would still parse),
    // unless the cut fell exactly on a comma.
    if (header.charCodeAt(MAX_HEADER_CHARS) !== COMMA) {
      text = text.slice(0, text.lastIndexOf(',') + 1)
    }
  }
  const ranges: LanguageRange[] = []
  let entries = 0
  let pos = 0
  // Walk comma by comma instead of split(): we stop after MAX_ENTRIES without scanning the rest.
  while (pos < text.length && entries < MAX_ENTRIES) {
    let end = text.indexOf(',', pos)
    if (end < 0) end = text.length
    const entry = text.slice(pos, end)
    pos = end + 1
    // Empty list elements ('en,,fr') are legal (RFC 9110 §5.6.1) and do not use up the budget.
    if (trimOws(entry) === '') continue
    entries++
    const range = parseEntry(entry)
    if (range !== undefined) ranges.push(range)
  }
  // Array.prototype.sort is stable (ES2019), so equal weights keep header order.
  return ranges.sort((a, b) => b.q - a.q)
}

/** Parses an Accept-Language header into ranges sorted by q descending (stable for ties), q=0 entries dropped. */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  return parseRanges(header).filter((range) => range.q > 0)
}

/** RFC 4647 §3.4 lookup: the best available language for the ranges, or undefined. */
export function lookupLanguage(
  ranges: readonly LanguageRange[],
  available: readonly Lang[],
): Lang | undefined {
  const lowered = available.map((lang) => lang.toLowerCase())
  // 'en;q=0' rules out en and its sub-tags (en-gb…) wherever we would guess; '*;q=0' adds nothing
  // because the wildcard only ever matches when it is listed with a positive weight.
  const excluded = ranges
    .filter((range) => range.q === 0 && range.tag !== '*')
    .map((range) => range.tag.toLowerCase())
  const allowed = (lang: string): boolean =>
    !excluded.some((tag) => lang === tag || lang.startsWith(`${tag}-`))
  const pick = (test: (lang: string) => boolean): Lang | undefined => {
    const index = lowered.findIndex((lang) => test(lang) && allowed(lang))
    return index < 0 ? undefined : available[index]
  }

  for (const range of ranges) {
    if (!(range.q > 0)) continue // also skips NaN from hand-built ranges
    const tag = range.tag.toLowerCase()
    if (tag === '*') {
      const any = pick(() => true)
      if (any !== undefined) return any
      continue
    }
    // A language named outright with a positive weight wins even if a q=0 range also covers it.
    const exact = lowered.indexOf(tag)
    if (exact >= 0) return available[exact]
    let prefix = tag
    for (let dash = prefix.lastIndexOf('-'); dash > 0; dash = prefix.lastIndexOf('-')) {
      prefix = prefix.slice(0, dash)
      // RFC 4647 §3.4: a trailing singleton ('x', 'u'…) is meaningless alone; drop it too.
      while (prefix.length >= 2 && prefix.charCodeAt(prefix.length - 2) === 0x2d) {
        prefix = prefix.slice(0, -2)
      }
      const candidate = prefix
      const found = pick((lang) => lang === candidate)
      if (found !== undefined) return found
    }
    // Last resort for this range, as browsers do: same primary subtag ('pt-pt' → 'pt-br').
    const primary = primarySubtag(tag)
    const sibling = pick((lang) => primarySubtag(lang) === primary)
    if (sibling !== undefined) return sibling
  }
  return undefined
}

/** Normalizes a user-supplied language value to one of the available languages, or undefined (never throws). */
export function matchLanguage(
  value: string | null | undefined,
  available: readonly Lang[],
): Lang | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  // Checked before lower-casing, for the same Kelvin-sign reason as in parseEntry.
  if (trimmed.length > MAX_VALUE_CHARS || !VALUE_RE.test(trimmed)) return undefined
  const wanted = trimmed.toLowerCase()
  const primary = primarySubtag(wanted)
  if (primary === '') return undefined
  let sibling: Lang | undefined
  let siblingLower: string | undefined
  let ambiguous = false
  for (const lang of available) {
    const lower = lang.toLowerCase()
    if (lower === wanted) return lang
    if (primarySubtag(lower) !== primary || lower === siblingLower) continue
    // 'en' with both en-gb and en-us on offer is ambiguous: better to fall through than guess.
    if (sibling === undefined) {
      sibling = lang
      siblingLower = lower
    } else {
      ambiguous = true
    }
  }
  return ambiguous ? undefined : sibling
}

/** Chooses the language of a request: explicit choice (query), then cookie, then Accept-Language, then the default. */
export function negotiateLanguage(
  input: { query?: string | null; cookie?: string | null; acceptLanguage?: string | null },
  available: readonly Lang[],
  defaultLang: Lang,
): { lang: Lang; source: 'query' | 'cookie' | 'header' | 'default' } {
  const fromQuery = matchLanguage(input.query, available)
  if (fromQuery !== undefined) return { lang: fromQuery, source: 'query' }
  const fromCookie = matchLanguage(input.cookie, available)
  if (fromCookie !== undefined) return { lang: fromCookie, source: 'cookie' }
  // A missing header (typically a crawler) yields no ranges, hence the default.
  const fromHeader = lookupLanguage(parseRanges(input.acceptLanguage), available)
  if (fromHeader !== undefined) return { lang: fromHeader, source: 'header' }
  return { lang: defaultLang, source: 'default' }
}
