import type { MarkedToken, Token } from 'marked'

/** True for an array of marked tokens (the `content` of a footnote definition, for example). */
export function isTokenArray(value: unknown): value is Token[] {
  return Array.isArray(value)
}

/** The tokens of one inline run: a paragraph's, a heading's or a table cell's. */
export type InlineRun = Token[]

/**
 * Calls `visit` on every block token of a document in document order, descending into
 * blockquotes, list items and footnote definitions, and `visitRun` on each run of inline tokens.
 */
export function forEachBlock(
  tokens: Token[],
  visit: (token: MarkedToken) => void,
  visitRun: (run: InlineRun) => void = () => {},
): void {
  for (const token of tokens) {
    // Tokens.Generic's `type: string` defeats narrowing: extension tokens are handled first.
    if (token.type === 'footnote') {
      const content: unknown = token.content
      if (isTokenArray(content)) forEachBlock(content, visit, visitRun)
      continue
    }
    const block = token as MarkedToken
    visit(block)
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        visitRun(block.tokens)
        break
      case 'text': // the text of a tight list item
        if (block.tokens) visitRun(block.tokens)
        break
      case 'blockquote':
        forEachBlock(block.tokens, visit, visitRun)
        break
      case 'list':
        for (const item of block.items) forEachBlock(item.tokens, visit, visitRun)
        break
      case 'table':
        for (const cell of block.header) visitRun(cell.tokens)
        for (const row of block.rows) for (const cell of row) visitRun(cell.tokens)
        break
    }
  }
}
