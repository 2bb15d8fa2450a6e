import { type DefaultTreeAdapterTypes as Html, parse, parseFragment } from 'parse5'

/**
 * What a reader sees of a page, for comparing two renderings of it: its `<title>`, its
 * `<html lang>`, and the words of its `<body>`. Pages are parsed as a browser parses them
 * (parse5 follows the HTML standard), so an unclosed `<p>` or a stray tag ends up where a
 * browser puts it.
 */
export interface PageFacts {
  /** The `<title>`, whitespace collapsed; '' when there is none. */
  title: string
  /** The `<html lang>` attribute as written, trimmed; '' when there is none. */
  lang: string
  /** The visible words of `<body>`, normalized (see `wordsOf`). */
  words: string[]
  /** The words of the element marked `data-kiosque-content` (a post's body), if the page has one. */
  content?: string[]
}

/** The attribute Kiosque's post view puts on the element that holds the rendered Markdown. */
export const CONTENT_ATTRIBUTE = 'data-kiosque-content'

/** Elements whose text a reader never sees. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object'])

/**
 * Elements that start a new line when rendered, so that `<p>a</p><p>b</p>` reads "a b" while
 * `<em>a</em>b` reads "ab", as on screen.
 */
const BLOCKS = new Set(
  (
    'address article aside blockquote br dd details dialog div dl dt fieldset figcaption figure ' +
    'footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol option p pre section summary ' +
    'table tbody td tfoot th thead tr ul caption legend img input select textarea button'
  ).split(' '),
)

/**
 * Typographic variants that say the same thing: Jekyll's kramdown turns `'`, `"`, `--` and `...`
 * into curly quotes, dashes and an ellipsis, while other renderers keep them or choose others.
 */
const TYPOGRAPHY: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u201b\u2032\u2039\u203a]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  // Invisible characters: the zero-width space and joiners, the soft hyphen, the BOM.
  [/\u200b|\u200c|\u200d|\u2060|\u00ad|\ufeff/g, ''],
]

/**
 * Text as compared: Unicode NFC, typographic quotes, dashes and ellipses made plain, and lower
 * case, since a capitalized label (a heading style, a template's button) reads the same to a
 * person. Every Unicode space, NBSP included, counts as a space when the text is split.
 */
export function normalizeText(text: string): string {
  let out = text.normalize('NFC')
  for (const [pattern, plain] of TYPOGRAPHY) out = out.replace(pattern, plain)
  return out.toLowerCase()
}

/**
 * The words of a text: runs of letters and digits, and each punctuation mark on its own, so that
 * French spacing (`« mot »` or `«mot»`, `mot :` or `mot:`) makes no difference.
 */
export function wordsOf(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu) ?? []
}

function isElement(node: Html.Node): node is Html.Element {
  return 'tagName' in node
}

function attribute(element: Html.Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value
}

/** The text a reader sees under `root`, with a space where a block starts or ends. */
function visibleText(root: Html.ParentNode): string {
  const parts: string[] = []
  // An explicit stack: hostile pages nest elements deeper than the call stack goes.
  const stack: (Html.Node | ' ')[] = [...root.childNodes].reverse()
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === ' ') {
      parts.push(' ')
    } else if (node.nodeName === '#text') {
      parts.push((node as Html.TextNode).value)
    } else if (isElement(node)) {
      if (HIDDEN.has(node.tagName) || attribute(node, 'hidden') !== undefined) continue
      const block = BLOCKS.has(node.tagName)
      if (block) stack.push(' ')
      for (let i = node.childNodes.length - 1; i >= 0; i--)
        stack.push(node.childNodes[i] as Html.Node)
      if (block) stack.push(' ')
    }
  }
  return parts.join('')
}

/** The first element, in document order, for which `match` holds. */
function findElement(
  root: Html.ParentNode,
  match: (element: Html.Element) => boolean,
): Html.Element | undefined {
  const stack: Html.Node[] = [...root.childNodes].reverse()
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isElement(node)) continue
    if (match(node)) return node
    for (let i = node.childNodes.length - 1; i >= 0; i--)
      stack.push(node.childNodes[i] as Html.Node)
  }
  return undefined
}

/** The title, lang and visible words of a whole HTML page. */
export function readPage(html: string): PageFacts {
  const document = parse(html)
  const root = findElement(document, (e) => e.tagName === 'html')
  const body = root && findElement(root, (e) => e.tagName === 'body')
  const title = root && findElement(root, (e) => e.tagName === 'title')
  const content = body && findElement(body, (e) => attribute(e, CONTENT_ATTRIBUTE) !== undefined)
  return {
    title: title ? visibleTextOfTitle(title) : '',
    lang: (root && attribute(root, 'lang')?.trim()) ?? '',
    words: body ? wordsOf(visibleText(body)) : [],
    ...(content && { content: wordsOf(visibleText(content)) }),
  }
}

/** The visible words of an HTML fragment, such as what Jekyll's `{{ content }}` gives. */
export function fragmentWords(html: string): string[] {
  return wordsOf(visibleText(parseFragment(html)))
}

/** `<title>` holds raw text, never hidden: its text node, whitespace collapsed. */
function visibleTextOfTitle(title: Html.Element): string {
  return title.childNodes
    .map((n) => (n.nodeName === '#text' ? (n as Html.TextNode).value : ''))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}
