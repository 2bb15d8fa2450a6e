import type { MarkedToken, Token } from 'marked'
import { forEachBlock } from './blocks'
import { type QuoteState, type TypographyRules, typeset } from './typography'

// Inline HTML elements whose content is code or raw text, as kramdown's HTML parser treats them.
const RAW_OPEN = /^<(code|kbd|samp|var|pre|script|style|math|textarea)(?=[\s>/])[^>]*(?<!\/)>$/i
const RAW_CLOSE = /^<\/(code|kbd|samp|var|pre|script|style|math|textarea)\s*>$/i

// How many characters of the following source the rules look at (`"**x`, `'s `, `...`).
const LOOKAHEAD = 4

/** The state of one inline run while it is typeset. */
interface RunState {
  rules: TypographyRules
  quotes: QuoteState
  /** The last character written, for spacing across tokens (`*Bravo*!`). */
  previous: string
  /** How many raw-text elements (`<code>`, `<kbd>`, …) are open. */
  rawDepth: number
}

/**
 * Applies the page language's typography to the prose of a lexed document, in place: text tokens
 * only, never code, raw HTML, URLs, image alt text or link targets.
 */
export function typesetTokens(tokens: Token[], rules: TypographyRules): void {
  forEachBlock(
    tokens,
    () => {},
    (run) => {
      typesetRun(run, { rules, quotes: { doubleOpen: false }, previous: '', rawDepth: 0 }, '')
    },
  )
}

/** Typesets one list of inline tokens; `after` is the source that follows the list. */
function typesetRun(tokens: Token[], state: RunState, after: string): void {
  for (const [index, token] of tokens.entries()) {
    const next = (tokens[index + 1]?.raw ?? after).slice(0, LOOKAHEAD)
    typesetInline(token as MarkedToken, state, next)
  }
}

/** Typesets one inline token and moves `state.previous` past it. */
function typesetInline(token: MarkedToken, state: RunState, next: string): void {
  switch (token.type) {
    case 'text':
      // `escaped` marks text inside raw HTML that marked passes through verbatim.
      if (state.rawDepth === 0 && !token.escaped && !token.tokens) {
        token.text = typeset(token.text, state.previous, next, state.rules, state.quotes)
      }
      state.previous = token.text.slice(-1)
      return
    case 'escape':
    case 'codespan':
      state.previous = token.text.slice(-1)
      return
    case 'br':
      state.previous = '\n'
      return
    case 'html':
      if (RAW_OPEN.test(token.text)) state.rawDepth++
      else if (RAW_CLOSE.test(token.text) && state.rawDepth > 0) state.rawDepth--
      return
    case 'em':
    case 'strong':
    case 'del':
      typesetRun(token.tokens, state, next)
      return
    case 'link':
      // An autolink's text is its URL.
      if (token.autolink) state.previous = token.text.slice(-1)
      else typesetRun(token.tokens, state, next)
      return
    default:
      // Images (alt text stays as written, as in kramdown) and extension tokens (footnote marks).
      state.previous = ''
  }
}
