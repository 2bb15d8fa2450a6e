// Reading aids computed once at build time, so no request pays for them.

const WORDS_PER_MINUTE = 200
const EXCERPT_MAX = 280

/** Markdown reduced to its words: no code, no HTML, no link targets, no markup characters. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\^[^\]]*\]/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[*+-]|\d+[.)]|\|)\s?/gm, '')
    .replace(/[*_~|]+/g, ' ')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/[ \t]+/g, ' ')
    .trim()
}

/** Minutes a reader needs for a post, at 200 words a minute, at least one. */
export function readingMinutes(markdown: string): number {
  const words = plainText(markdown)
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE))
}

/**
 * The first paragraph of a post as plain text, cut at a word boundary: what listings, feeds and
 * meta descriptions show when the author wrote no `description`.
 */
export function firstParagraph(markdown: string): string | undefined {
  for (const block of markdown.split(/\n\s*\n/)) {
    const trimmed = block.trim()
    // Headings, images alone, raw HTML, lists, tables, quotes and code are not an excerpt.
    if (!trimmed || /^(#|!\[|<|[*+-]\s|\d+[.)]\s|\||>|```|~~~|\{%)/.test(trimmed)) continue
    const text = plainText(trimmed).replace(/\s+/g, ' ')
    if (text.length < 2) continue
    if (text.length <= EXCERPT_MAX) return text
    const cut = text.slice(0, EXCERPT_MAX)
    return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_MAX / 2)).replace(/[\s,;:.]+$/, '')}…`
  }
  return undefined
}
