import { Marked, type Token, Tokenizer, type Tokens } from 'marked'

// Deeper block nesting is never real content: marked recurses once per level (10,000 `>` overflow
// the stack) and re-lexes the remaining text at each level (1,000 nested list levels take ~8 s).
const MAX_BLOCK_DEPTH = 32
let blockDepth = 0

/** Runs one of marked's recursive block tokenizers, or declines past MAX_BLOCK_DEPTH. */
function nested<T>(tokenize: () => T): T | undefined {
  // Declining (undefined, not false, which would fall back to marked) leaves the line as text.
  if (blockDepth >= MAX_BLOCK_DEPTH) return undefined
  blockDepth++
  try {
    return tokenize()
  } finally {
    blockDepth--
  }
}

/** True for an image token, or a link whose only content is an image (`[![alt](src)](href)`). */
function isFigureMedia(token: Token | undefined): boolean {
  if (token?.type === 'image') return true
  return token?.type === 'link' && token.tokens?.length === 1 && token.tokens[0]?.type === 'image'
}

/** True for the line break between the image and its caption, trailing spaces allowed. */
function isLineBreak(token: Token | undefined): boolean {
  if (token?.type === 'br') return true // two trailing spaces or a backslash make a hard break
  return token?.type === 'text' && /^[ \t]*\n[ \t]*$/.test(token.raw)
}

/** The media and caption tokens when a paragraph is exactly an image line plus an italic line. */
function figureParts(tokens: Token[]): [Token, Token[]] | undefined {
  const parts = [...tokens]
  // A trailing space after the closing `_` becomes its own text token.
  while (parts.length > 0 && parts.at(-1)?.type === 'text' && parts.at(-1)?.raw.trim() === '') {
    parts.pop()
  }
  const [media, lineBreak, caption] = parts
  if (parts.length !== 3 || !media || !caption || caption.type !== 'em') return undefined
  return isFigureMedia(media) && isLineBreak(lineBreak) ? [media, caption.tokens ?? []] : undefined
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** Escapes text for the last-resort fallback output. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => escapes[char] ?? char)
}

// One dedicated instance, configured once: the global `marked` stays untouched for other code.
const md = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  tokenizer: {
    blockquote(src: string): Tokens.Blockquote | undefined {
      return nested(() => Tokenizer.prototype.blockquote.call(this, src))
    },
    list(src: string): Tokens.List | undefined {
      return nested(() => Tokenizer.prototype.list.call(this, src))
    },
  },
  renderer: {
    paragraph(paragraph: Tokens.Paragraph): string | false {
      const parts = figureParts(paragraph.tokens)
      if (!parts) return false // false: marked's own <p> rendering
      const [media, caption] = parts
      const image = this.parser.parseInline([media])
      const text = this.parser.parseInline(caption)
      return `<figure>${image}<figcaption>${text}</figcaption></figure>\n`
    },
  },
})

/** Renders a post's Markdown to HTML: GFM, authors' raw HTML kept, captions under images. */
export function renderMarkdown(markdown: string): string {
  // CommonMark requires NUL to become U+FFFD; marked would pass it through to the HTML.
  const source = markdown.replaceAll('\0', '\uFFFD')
  try {
    return md.parse(source, { async: false })
  } catch {
    // Only hostile input gets here (e.g. ~10,000 nested `*` overflow marked's inline recursion):
    // show the source rather than fail the whole page.
    return `<pre>${escapeHtml(source)}</pre>\n`
  }
}
