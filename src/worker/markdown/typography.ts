// Typography for one run of prose text, as kramdown (Jekyll's renderer) does it, plus French
// spacing. Markdown structure never reaches here: the caller hands over the text of one marked
// text token (never code, HTML or a URL token) with the characters around it as context.

/** How one page language sets its text. */
export interface TypographyRules {
  /** Opening and closing double quotes: kramdown's `ldquo` and `rdquo`. */
  doubleQuotes: readonly [string, string]
  /** French spacing before `; : ! ?` and inside « ». */
  french: boolean
}

/** What a paragraph remembers between its text runs. */
export interface QuoteState {
  /** A double quote was opened and not yet closed, so an ambiguous `"` closes it. */
  doubleOpen: boolean
}

const NBSP = '\u00a0'
const NNBSP = '\u202f'

// Only double quotes change with the language: `'` is far more often an apostrophe (’) than a
// quote, so single quotes stay ‘ ’ everywhere rather than risk a ‹ or ‚ in place of an apostrophe.
const DOUBLE_QUOTES: Record<string, readonly [string, string]> = {
  fr: ['«', '»'], // the spaces inside come from the French spacing rules below
  de: ['„', '“'],
  es: ['«', '»'],
  it: ['«', '»'],
}
const ENGLISH_QUOTES = ['“', '”'] as const

/** The typography rules for a page language: a BCP 47 tag, of which only the language counts. */
export function typographyFor(lang: string | undefined): TypographyRules {
  const base = (lang ?? '').toLowerCase().split('-')[0] ?? ''
  return { doubleQuotes: DOUBLE_QUOTES[base] ?? ENGLISH_QUOTES, french: base === 'fr' }
}

// Entities and URLs are masked by one private-use character each while the rules run, so that
// `&amp;` never gets a space before its `;` and `https://a--b` keeps its dashes. A no-break space
// entity gets its own mask, which the rules treat as the space it already is. Entities are masked
// first, so a URL may hold one (`?a=1&amp;b=2`) without the rules seeing its `;`.
const MASK_SPACE = '\uE000'
const MASK_ENTITY = '\uE001'
const MASK_URL = '\uE002'
const HAS_MASK = /[\uE000-\uE002]/
// Bounded repeats keep these linear on hostile input such as `a-a-a-…` (no quadratic rescans).
const ENTITY = /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][\dA-Fa-f]{1,6});/g
const URL =
  /\b(?:[A-Za-z][A-Za-z\d+.-]{0,31}:\/\/|www\.)[^\s\uE000<>"'«»“”‘’]*[^\s\uE000<>"'«»“”‘’.,;:!?)]/g
const SPACE_ENTITY = /^&(?:nbsp|NonBreakingSpace|thinsp|ThinSpace|#160|#x0*a0|#8239|#x0*202f);$/i

/** Text with its entities and URLs masked, and what the masks stand for, in order. */
interface Masked {
  text: string
  entities: string[]
  urls: string[]
}

/** Masks the entities, then the URLs, of `text`. */
function mask(text: string): Masked {
  const entities: string[] = []
  const urls: string[] = []
  // Most text holds neither: skip those passes.
  const withoutEntities = !text.includes('&')
    ? text
    : text.replace(ENTITY, (entity) => {
        entities.push(entity)
        return SPACE_ENTITY.test(entity) ? MASK_SPACE : MASK_ENTITY
      })
  const masked =
    !withoutEntities.includes('://') && !withoutEntities.includes('www.')
      ? withoutEntities
      : withoutEntities.replace(URL, (url) => {
          urls.push(url)
          return MASK_URL
        })
  return { text: masked, entities, urls }
}

/** Puts back what `mask` took out: URLs first, since they may hold masked entities. */
function unmask(text: string, { entities, urls }: Masked): string {
  if (entities.length === 0 && urls.length === 0) return text
  let url = 0
  let entity = 0
  return text
    .replace(/\uE002/g, () => urls[url++] ?? '')
    .replace(/[\uE000\uE001]/g, () => entities[entity++] ?? '')
}

/** Typesets one text run; `before` is the last character written before it, `after` the source
 * text that follows it (a few characters are enough). */
export function typeset(
  text: string,
  before: string,
  after: string,
  rules: TypographyRules,
  state: QuoteState,
): string {
  // An author's own private-use characters would be mistaken for masks: leave such text alone.
  if (HAS_MASK.test(text)) return text
  const masked = mask(text)
  const context = [mask(before).text, mask(after).text] as const
  let result = smartQuotesAndSymbols(masked.text, ...context, rules, state)
  if (rules.french) result = frenchSpacing(result, ...context)
  return unmask(result, masked)
}

// kramdown's typographic symbols (parser/kramdown/typographic_symbol.rb): `<< ` and ` >>` keep
// their space as a no-break one, as kramdown's HTML converter does.
const SYMBOLS: Record<string, string> = {
  '---': '—',
  '--': '–',
  '...': '…',
  '<< ': `«${NBSP}`,
  ' >>': `${NBSP}»`,
  '<<': '«',
  '>>': '»',
}
const SYMBOL_OR_QUOTE = /---|--|\.\.\.|<< | >>|<<|>>|["']/g

type Quote = 'lsquo' | 'rsquo' | 'ldquo' | 'rdquo'
type Piece = Quote | { text: string }

// kramdown's smart-quote rules (parser/kramdown/smart_quotes.rb, from RubyPants), tried in order
// at the quote, or at the character before it when that character was not consumed by an earlier
// rule. Unlike kramdown, letters are Unicode letters, and no-break spaces count as spaces.
const WORD = String.raw`[\p{L}\p{N}_]`
const SPACE = String.raw`[\s\uE000]`
const PUNCT = '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]'
const open = (quote: string): Quote => (quote === '"' ? 'ldquo' : 'lsquo')
const close = (quote: string): Quote => (quote === '"' ? 'rdquo' : 'rsquo')
const QUOTE_RULES: [RegExp, (m: RegExpExecArray) => Piece[]][] = [
  [/(["'])(?=[_*]{1,2}\S)/uy, (m) => [open(m[1] ?? '')]],
  [new RegExp(`(["'])(?=${PUNCT}(?!\\.\\.)\\B)`, 'uy'), (m) => [close(m[1] ?? '')]],
  // Double sets of quotes: He said, "'Quoted' words in a larger quote."
  [new RegExp(`(${SPACE}?)"'(?=${WORD})`, 'uy'), (m) => [{ text: m[1] ?? '' }, 'ldquo', 'lsquo']],
  [new RegExp(`(${SPACE}?)'"(?=${WORD})`, 'uy'), (m) => [{ text: m[1] ?? '' }, 'lsquo', 'ldquo']],
  // Decade abbreviations: the '80s.
  [new RegExp(`(${SPACE}?)'(?=\\d\\ds)`, 'uy'), (m) => [{ text: m[1] ?? '' }, 'rsquo']],
  [
    new RegExp(`(${SPACE})(["'])(?=${WORD})`, 'uy'),
    (m) => [{ text: m[1] ?? '' }, open(m[2] ?? '')],
  ],
  // kramdown's class, less the quotes themselves, which would be left straight.
  [/([^\s\uE000\\[{("'-])(["'])/uy, (m) => [{ text: m[1] ?? '' }, close(m[2] ?? '')]],
  // <i>Custer</i>'s Last Stand.
  [new RegExp(`(["'])(?=\\s|s(?!${WORD})|$)`, 'uy'), (m) => [close(m[1] ?? '')]],
  // Any remaining quote opens. kramdown's `(.?)` here can capture a quote and leave it straight.
  [/([^"']?)'/uy, (m) => [{ text: m[1] ?? '' }, 'lsquo']],
  [/([^"']?)"/uy, (m) => [{ text: m[1] ?? '' }, 'ldquo']],
]
const SPACE_OR_NOTHING = /^[\s\uE000]?$/u
const WORD_AT = new RegExp(WORD, 'uy')

/** True when the quote at `index` follows a space (or nothing) and does not start a word. */
function isSpaced(source: string, index: number, before: string): boolean {
  const previous = index > 0 ? source[index - 1] : before.slice(-1)
  WORD_AT.lastIndex = index + 1
  return SPACE_OR_NOTHING.test(previous ?? '') && !WORD_AT.test(source)
}

/** Replaces straight quotes and kramdown's typographic symbols in `text`. */
function smartQuotesAndSymbols(
  text: string,
  before: string,
  after: string,
  rules: TypographyRules,
  state: QuoteState,
): string {
  // The rules look ahead into the following source, as kramdown's scanner does.
  const source = text + after
  let out = ''
  let pos = 0
  SYMBOL_OR_QUOTE.lastIndex = 0
  for (let m = SYMBOL_OR_QUOTE.exec(source); m; m = SYMBOL_OR_QUOTE.exec(source)) {
    const found = m[0]
    if (m.index + found.length > text.length) break
    if (found !== '"' && found !== "'") {
      out += source.slice(pos, m.index) + (SYMBOLS[found] ?? found)
      pos = m.index + found.length
    } else if (found === '"' && isSpaced(source, m.index, before)) {
      // A `"` after a space and before no word (`" oui "`, French style, or `" oui ".`) gives
      // kramdown's rules nothing to go on (they open it): it opens a quote unless one is open.
      out += source.slice(pos, m.index) + mark(state.doubleOpen ? 'rdquo' : 'ldquo', rules)
      state.doubleOpen = !state.doubleOpen
      pos = m.index + 1
    } else {
      // kramdown's rules start at the preceding character when it is still unconsumed text.
      const start = m.index > pos && source[m.index - 1] !== '\\' ? m.index - 1 : m.index
      out += source.slice(pos, start)
      const [length, pieces] = applyQuoteRules(source, start, text.length, state)
      for (const piece of pieces) out += typeof piece === 'string' ? mark(piece, rules) : piece.text
      pos = start + length
    }
    SYMBOL_OR_QUOTE.lastIndex = pos
  }
  return out + text.slice(pos)
}

/** The first kramdown rule that matches at `start` within `end`: its length and its pieces. */
function applyQuoteRules(
  source: string,
  start: number,
  end: number,
  state: QuoteState,
): [number, Piece[]] {
  for (const [rule, pieces] of QUOTE_RULES) {
    rule.lastIndex = start
    const m = rule.exec(source)
    if (!m || start + m[0].length > end) continue
    const result = pieces(m)
    for (const piece of result) {
      if (piece === 'ldquo') state.doubleOpen = true
      if (piece === 'rdquo') state.doubleOpen = false
    }
    return [m[0].length, result]
  }
  return [1, [{ text: source[start] ?? '' }]] // unreachable: the last rules match any quote
}

/** The character for a quote in the page's language. */
function mark(quote: Quote, rules: TypographyRules): string {
  if (quote === 'ldquo') return rules.doubleQuotes[0]
  if (quote === 'rdquo') return rules.doubleQuotes[1]
  return quote === 'lsquo' ? '‘' : '’'
}

// French spacing (Imprimerie nationale, Lexique des règles typographiques): U+202F NARROW NO-BREAK
// SPACE before ; ! ?, and U+00A0 NO-BREAK SPACE before : and inside « ». The narrow space is what
// French typesetting puts before ; ! ? (an "espace fine insécable"); the colon and the guillemets
// take a full-width space ("espace mot insécable"). Both keep the mark on the word's line.
// An author's ordinary spaces are converted; a missing space is added only where the mark ends a
// word (followed by a space or the end), so 10:30, http://, ?lang=fr and !important are left alone.
// An existing no-break or thin space (or &nbsp;) is kept as written and never doubled.
const WORD_END = /^[\p{L}\p{N}\p{M})\]»”’…%°\uE001\uE002]$/u
// \s holds U+00A0, U+202F and the thin spaces; U+E000 is a masked &nbsp;.
const SPACE_CHAR = /^[\s\uE000]$/
const BREAK_AFTER = /^[\s\uE000)\]»”’"'.,…]$/
const HAS_FRENCH_MARK = /[;:!?«»]/
// Whitespace runs and marks, found by plain character classes; each is then judged by the
// characters around it. One left-to-right pass, so linear even on hostile runs.
const CANDIDATE = /[ \t\n]+|[;!?]+|[:«»]/g

/** The French spacing for one candidate, judged on the original text, or undefined for none. */
function frenchSpace(match: string, previous: string, next: string): string | undefined {
  switch (match[0]) {
    case '«':
      return next !== '' && !SPACE_CHAR.test(next) ? `«${NBSP}` : undefined
    case '»':
      return previous !== '' && previous !== '«' && !SPACE_CHAR.test(previous)
        ? `${NBSP}»`
        : undefined
    case ':':
      // A colon before » ends a word too: » gets its own space (and a second pass finds nothing).
      return WORD_END.test(previous) && (next === '' || next === '»' || SPACE_CHAR.test(next))
        ? `${NBSP}:`
        : undefined
    case ';':
    case '!':
    case '?':
      return WORD_END.test(previous) && (next === '' || BREAK_AFTER.test(next))
        ? NNBSP + match
        : undefined
    default: // a run of spaces
      if (previous === '«') return NBSP
      if (next === ';' || next === '!' || next === '?') return NNBSP
      return next === ':' || next === '»' ? NBSP : undefined
  }
}

/** Applies French spacing to `text`, seeing (but never changing) its neighbours. */
function frenchSpacing(text: string, before: string, after: string): string {
  const prefix = before.slice(-1)
  const suffix = after.slice(0, 1)
  const padded = prefix + text + suffix
  if (!HAS_FRENCH_MARK.test(padded)) return text
  const end = padded.length - suffix.length
  let out = ''
  let pos = prefix.length
  CANDIDATE.lastIndex = prefix.length
  for (let m = CANDIDATE.exec(padded); m; m = CANDIDATE.exec(padded)) {
    const stop = m.index + m[0].length
    if (stop > end) break // what reaches into the next run is that run's to judge
    const spaced = frenchSpace(m[0], padded[m.index - 1] ?? '', padded[stop] ?? '')
    if (spaced === undefined) continue
    out += padded.slice(pos, m.index) + spaced
    pos = stop
  }
  return out + padded.slice(pos, end)
}
