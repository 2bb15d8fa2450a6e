import { Marked, Renderer, type Tokens } from 'marked'
import markedFootnote from 'marked-footnote'
import { figureParts } from './markdown/figure'
import { findHeadings, type Heading, identifyHeadings } from './markdown/headings'
import { highlight } from './markdown/highlight'
import { escapeHtml } from './markdown/html'
import { labelsFor } from './markdown/labels'
import { isExternal, siteOrigin, withLazyLoading, withNoopener } from './markdown/links'
import { nestingLimits } from './markdown/nesting'
import { typesetTokens } from './markdown/typeset-tokens'
import { typographyFor } from './markdown/typography'

/** What `renderMarkdown` returns: the post's HTML. */
export interface RenderedMarkdown {
  html: string
}

/** Renders Markdown for one page language and site. */
interface MarkdownRenderer {
  render(source: string): RenderedMarkdown
}

/** Builds the renderer for a page language and a site origin: one marked instance. */
function createRenderer(lang: string, origin: string | undefined): MarkdownRenderer {
  const labels = labelsFor(lang)
  const typography = typographyFor(lang)
  // Set before each rendering, read by the heading renderer of that same (synchronous) render.
  let found = new Map<Tokens.Heading, Heading>()
  const marked = new Marked({ gfm: true, breaks: false, async: false, tokenizer: nestingLimits })
  marked.use(
    // GFM's markup: <sup> marks, a <section class="footnotes"> with back-references.
    markedFootnote({ description: labels.footnotes, backRefLabel: labels.backToReference }),
    {
      renderer: {
        heading(token: Tokens.Heading): string | false {
          const heading = found.get(token)
          if (!heading) return false
          const id = escapeHtml(heading.id)
          const text = this.parser.parseInline(token.tokens)
          // After the text, never around it: a heading may hold a link, and links do not nest.
          const anchor =
            token.depth >= 2 && token.depth <= 4
              ? ` <a class="anchor" href="#${id}" aria-label="${escapeHtml(labels.anchor(heading.text))}">#</a>`
              : ''
          return `<h${token.depth} id="${id}">${text}${anchor}</h${token.depth}>\n`
        },
        paragraph(paragraph: Tokens.Paragraph): string | false {
          const parts = figureParts(paragraph.tokens)
          if (!parts) return false // false: marked's own <p> rendering
          const [media, caption] = parts
          const image = this.parser.parseInline([media])
          const text = this.parser.parseInline(caption)
          return `<figure>${image}<figcaption>${text}</figcaption></figure>\n`
        },
        code(token: Tokens.Code): string | false {
          const lang = token.lang?.match(/^\S*/)?.[0] ?? ''
          const code = token.text.replace(/\n$/, '')
          const html = !token.escaped && lang && code ? highlight(code, lang) : undefined
          if (html === undefined) return false // marked's plain, escaped <pre><code>
          return `<pre><code class="hljs language-${escapeHtml(lang)}">${html}\n</code></pre>\n`
        },
        link(token: Tokens.Link): string {
          const html = Renderer.prototype.link.call(this, token)
          return isExternal(token.href, origin) ? withNoopener(html) : html
        },
        image(token: Tokens.Image): string {
          return withLazyLoading(Renderer.prototype.image.call(this, token))
        },
        table(token: Tokens.Table): string {
          // A focusable box that scrolls a wide table sideways, so keyboard users can scroll it
          // too (WCAG 2.1.1, axe's scrollable-region-focusable); the table keeps its semantics.
          const table = Renderer.prototype.table.call(this, token)
          return `<div class="table-scroll" tabindex="0">${table}</div>\n`
        },
      },
    },
  )
  return {
    render(source: string): RenderedMarkdown {
      // marked.parse's steps, without hooks: with any hook set, marked re-masks every inline run
      // (its `emStrongMask` path), which costs about a fifth of the rendering time.
      const tokens = marked.lexer(source)
      // Ids come from the source text (as on GitHub), the displayed text after typography.
      const sources = findHeadings(tokens)
      typesetTokens(tokens, typography)
      found = identifyHeadings(sources)
      // marked-footnote's walkTokens moves the footnotes section to the end.
      const walk = marked.defaults.walkTokens
      if (walk) marked.walkTokens(tokens, walk)
      return { html: marked.parser(tokens) }
    },
  }
}

// One renderer per page language and site (a handful), configured once; the global `marked`
// stays untouched for other code. Bounded in case of unexpected variety in `lang`.
const MAX_RENDERERS = 16
const renderers = new Map<string, MarkdownRenderer>()

/** Renders a post's Markdown to HTML for a page in `lang`. */
export function renderMarkdown(
  markdown: string,
  options: { lang?: string; siteUrl?: string } = {},
): RenderedMarkdown {
  const lang = (options.lang ?? '').toLowerCase()
  const origin = siteOrigin(options.siteUrl)
  const key = `${lang}\n${origin ?? ''}`
  let renderer = renderers.get(key)
  if (!renderer) {
    if (renderers.size >= MAX_RENDERERS) renderers.clear()
    renderer = createRenderer(lang, origin)
    renderers.set(key, renderer)
  }
  // CommonMark requires NUL to become U+FFFD; marked would pass it through to the HTML.
  const source = markdown.replaceAll('\0', '\uFFFD')
  try {
    return renderer.render(source)
  } catch {
    // Only hostile input gets here (e.g. ~10,000 nested `*` overflow marked's inline recursion):
    // show the source rather than fail the whole page. marked-footnote keeps per-render state
    // that an exception can leave half-set, so this renderer is replaced by a fresh one.
    renderers.delete(key)
    return { html: `<pre>${escapeHtml(source)}</pre>\n` }
  }
}
