import GithubSlugger, { slug } from 'github-slugger'
import type { MarkedToken, Token, Tokens } from 'marked'
import { forEachBlock } from './blocks'

/** A heading of a rendered post, for a table of contents: `text` is plain text, not HTML. */
export interface Heading {
  depth: number
  id: string
  text: string
}

// Named entities an author may type in a heading; others are kept as written.
const ENTITIES: Record<string, string> = {
  '&nbsp;': '\u00a0',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&#39;': "'",
}

/** The plain text of inline tokens: their text without markup, tags or footnote marks. */
export function plainText(tokens: Token[]): string {
  let text = ''
  for (const token of tokens as MarkedToken[]) {
    switch (token.type) {
      case 'text':
        text += token.tokens ? plainText(token.tokens) : token.text
        break
      case 'escape':
      case 'codespan':
        text += token.text
        break
      case 'br':
        text += ' '
        break
      case 'em':
      case 'strong':
      case 'del':
      case 'link':
        text += plainText(token.tokens)
        break
    }
  }
  return text.replace(/&(?:[a-z]+|#39);/g, (entity) => ENTITIES[entity] ?? entity)
}

/** The headings of a lexed document in order, each with its source text (before typography). */
export function findHeadings(tokens: Token[]): [Tokens.Heading, string][] {
  const found: [Tokens.Heading, string][] = []
  forEachBlock(tokens, (token) => {
    if (token.type === 'heading') found.push([token, plainText(token.tokens)])
  })
  return found
}

/**
 * Gives each heading GitHub's id for its source text, unique in the document (`-1`, `-2`, …),
 * and its plain text as displayed (after typography).
 */
export function identifyHeadings(found: [Tokens.Heading, string][]): Map<Tokens.Heading, Heading> {
  const slugger = new GithubSlugger()
  const headings = new Map<Tokens.Heading, Heading>()
  for (const [token, source] of found) {
    // GitHub gives a heading of punctuation only an empty id; an id must not be empty.
    const id = slugger.slug(slug(source) === '' ? 'section' : source)
    headings.set(token, { depth: token.depth, id, text: plainText(token.tokens).trim() })
  }
  return headings
}
