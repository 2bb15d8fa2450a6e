// Liquid in posts and collection documents, until Kiosque renders Liquid. Jekyll runs Liquid
// over the whole body before Markdown, code fences included, so this does too: what Kiosque can
// output exactly as Jekyll does is resolved (raw, comments, highlight, post_url, link, plain
// site/page values), and the rest is left out with a warning, never shown as `{%` or `{{`.
// Tokens follow Liquid 5.4 (Jekyll 4.3's): lib/liquid.rb's TemplateParser and BlockBody.

/** Where the body's constructs point when one cannot be resolved. */
export interface LiquidFinding {
  /** Offset in the body of the construct's first character. */
  offset: number
  severity: 'error' | 'warning'
  message: string
  code: string
}

/** What a body's Liquid may read: the site's config, the document, and the site's URLs. */
export interface LiquidScope {
  format: 'markdown' | 'html'
  /** `_config.yml` as parsed: `site.title`, `site.url`… */
  site: Readonly<Record<string, unknown>>
  /** The document's front matter, after defaults. */
  page: Readonly<Record<string, unknown>>
  /** What Jekyll's document drop gives that Kiosque knows: `url`, `title`, `path`. */
  document: Readonly<Record<string, string>>
  /** `{% post_url name %}`: the post's URL (with the baseurl), or undefined for no such post. */
  postUrl: (name: string) => { url: string; deprecated?: true } | 'unparsable' | undefined
  /** `{% link path %}`: the URL of the page, document or file at `path`, or undefined. */
  link: (path: string) => string | undefined
}

/** The body with its Liquid resolved, and what could not be. */
export interface LiquidResult {
  body: string
  findings: LiquidFinding[]
}

type Token =
  | { kind: 'text'; text: string; raw: string; start: number }
  | { kind: 'tag'; name: string; markup: string; raw: string; start: number }
  | { kind: 'var'; markup: string; raw: string; start: number }
  /** A `{%` or `{{` Liquid cannot read: an error, unless `{% raw %}` holds it. */
  | { kind: 'bad'; message: string; raw: string; start: number }

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; token: Token & { kind: 'var' } }
  | { kind: 'tag'; token: Token & { kind: 'tag' } }
  | { kind: 'raw'; text: string }
  | { kind: 'block'; token: Token & { kind: 'tag' }; end: Token & { kind: 'tag' }; body: Node[] }

/** Thrown inside the parse for what Liquid itself refuses (Jekyll fails on it). */
class LiquidSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message)
  }
}

// Liquid's blocks (and Jekyll's highlight); other tags of Liquid and Jekyll stand alone.
const BLOCKS = new Set([
  'raw',
  'comment',
  'highlight',
  'if',
  'unless',
  'case',
  'for',
  'tablerow',
  'capture',
  'ifchanged',
])
const TAGS = new Set([
  '#',
  'assign',
  'break',
  'continue',
  'cycle',
  'decrement',
  'increment',
  'echo',
  'include',
  'include_relative',
  'render',
  'liquid',
  'link',
  'post_url',
])
// Branch tags, valid inside the control-flow blocks only.
const BRANCHES = new Set(['else', 'elsif', 'when'])
// Tags whose output is nothing: removing them is what Liquid does.
const SILENT = new Set(['#', 'assign', 'break', 'continue', 'comment', 'capture'])
// Liquid's Block::MAX_DEPTH.
const MAX_DEPTH = 100

/** True when Jekyll would run the body through Liquid: it holds `{%` or `{{`. */
export function hasLiquid(body: string): boolean {
  return body.includes('{%') || body.includes('{{')
}

/**
 * Resolves the Liquid of a post's or document's body as far as Jekyll's output is certain.
 * @example resolveLiquid('{% raw %}{{ x }}{% endraw %}', scope).body === '{{ x }}'
 */
export function resolveLiquid(body: string, scope: LiquidScope): LiquidResult {
  const findings: LiquidFinding[] = []
  try {
    const tokens = tokenize(body)
    const endNames = new Set(tokens.flatMap((t) => (t.kind === 'tag' ? [t.name] : [])))
    const parser = new Parser(tokens, endNames)
    const nodes = parser.document()
    return { body: new Renderer(scope, findings).nodes(nodes), findings }
  } catch (e) {
    if (!(e instanceof LiquidSyntaxError)) throw e
    findings.push({
      offset: e.offset,
      severity: 'error',
      message: `${e.message}, a Liquid syntax error Jekyll fails on too`,
      code: 'liquid-syntax',
    })
    return { body: '', findings }
  }
}

/**
 * Liquid's tokens: `{%…%}`, `{{…}}` (or `{{…}` up to the first `}`), a lone `{%` or `{{`, and
 * the text between, as TemplateParser splits them; whitespace control trims the text around.
 * Scans once, remembering the next `%}` and `}`, so that a body of unclosed `{%` stays linear.
 */
function tokenize(body: string): Token[] {
  const tokens: Token[] = []
  const opening = /\{[{%]/g
  let nextTagEnd = -1
  let nextBrace = -1
  let at = 0
  for (let m = opening.exec(body); m; m = opening.exec(body)) {
    const start = m.index
    if (start > at) tokens.push(text(body.slice(at, start), at))
    let end: number
    if (m[0] === '{%') {
      if (nextTagEnd !== -2 && nextTagEnd < start + 2) nextTagEnd = body.indexOf('%}', start + 2)
      if (nextTagEnd === -1) nextTagEnd = -2
      end = nextTagEnd >= 0 ? nextTagEnd + 2 : start + 2
    } else {
      if (nextBrace !== -2 && nextBrace < start + 2) nextBrace = body.indexOf('}', start + 2)
      if (nextBrace === -1) nextBrace = -2
      end = nextBrace >= 0 ? nextBrace + (body[nextBrace + 1] === '}' ? 2 : 1) : start + 2
    }
    tokens.push(markupToken(body.slice(start, end), start))
    at = end
    opening.lastIndex = end
  }
  if (at < body.length) tokens.push(text(body.slice(at), at))
  // Whitespace control: `{%-` strips the text before, `-%}` the text after.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token?.kind !== 'text') continue
    const before = tokens[i - 1]
    const after = tokens[i + 1]
    if (before && before.kind !== 'text' && before.raw.at(-3) === '-')
      token.text = token.text.replace(/^[ \t\n\v\f\r\0]+/, '')
    if (after && after.kind !== 'text' && after.raw[2] === '-')
      token.text = token.text.replace(/[ \t\n\v\f\r\0]+$/, '')
  }
  return tokens
}

function text(raw: string, start: number): Token {
  return { kind: 'text', text: raw, raw, start }
}

const FULL_TAG = /^\{%-?[ \t\n\v\f\r]*(#|\w+)[ \t\n\v\f\r]*([\s\S]*?)-?%\}$/
const FULL_VAR = /^\{\{-?([\s\S]*?)-?\}\}$/

function markupToken(raw: string, start: number): Token {
  if (raw.startsWith('{%')) {
    const m = FULL_TAG.exec(raw)
    if (!m) return { kind: 'bad', message: `${shown(raw)} is not closed by %}`, raw, start }
    return { kind: 'tag', name: m[1] ?? '', markup: m[2] ?? '', raw, start }
  }
  const m = FULL_VAR.exec(raw)
  if (!m) return { kind: 'bad', message: `${shown(raw)} is not closed by }}`, raw, start }
  return { kind: 'var', markup: m[1] ?? '', raw, start }
}

/** A construct as a message quotes it: on one line, at most 60 characters. */
function shown(raw: string): string {
  const line = raw.replace(/\s+/g, ' ')
  return `\`${line.length > 60 ? `${line.slice(0, 57)}…` : line}\``
}

class Parser {
  #i = 0
  constructor(
    readonly tokens: Token[],
    /** Tag names met anywhere: an unknown tag with an `end` tag later is a plugin's block. */
    readonly names: ReadonlySet<string>,
  ) {}

  document(): Node[] {
    const { nodes, end } = this.body(undefined, 0)
    if (end) throw new LiquidSyntaxError(end.start, `${shown(end.raw)} closes no tag`)
    return nodes
  }

  /** Nodes up to the end of `open`'s block (or of the document), and the tag that ended them. */
  body(
    open: (Token & { kind: 'tag' }) | undefined,
    depth: number,
  ): { nodes: Node[]; end?: Token & { kind: 'tag' } } {
    if (open && depth > MAX_DEPTH)
      throw new LiquidSyntaxError(open.start, `${shown(open.raw)} is nested over 100 deep`)
    const nodes: Node[] = []
    const closing = open && `end${open.name}`
    for (let token = this.tokens[this.#i++]; token; token = this.tokens[this.#i++]) {
      if (token.kind === 'bad') throw new LiquidSyntaxError(token.start, token.message)
      if (token.kind === 'text') nodes.push({ kind: 'text', text: token.text })
      else if (token.kind === 'var') nodes.push({ kind: 'var', token })
      else if (token.name === closing) return { nodes, end: token }
      else if (open?.name === 'comment' && !this.opens(token)) continue
      else if (token.name === 'raw') nodes.push(this.raw(token))
      else if (this.opens(token)) {
        const inner = this.body(token, depth + 1)
        if (!inner.end) {
          throw new LiquidSyntaxError(
            token.start,
            `${shown(token.raw)} is never closed by {% end${token.name} %}`,
          )
        }
        nodes.push({ kind: 'block', token, end: inner.end, body: inner.nodes })
      } else if (BRANCHES.has(token.name) && open && !['highlight', 'raw'].includes(open.name)) {
        nodes.push({ kind: 'tag', token })
      } else if (token.name.startsWith('end') || BRANCHES.has(token.name)) {
        if (!open) return { nodes, end: token }
        throw new LiquidSyntaxError(
          token.start,
          `${shown(token.raw)} does not belong in ${shown(open.raw)}, closed by {% end${open.name} %}`,
        )
      } else nodes.push({ kind: 'tag', token })
    }
    return { nodes }
  }

  /** A block: Liquid's own, Jekyll's highlight, or a plugin's tag with its `end` tag later. */
  opens(token: Token & { kind: 'tag' }): boolean {
    if (BLOCKS.has(token.name)) return true
    return !TAGS.has(token.name) && !BRANCHES.has(token.name) && this.names.has(`end${token.name}`)
  }

  /** `{% raw %}`: the text up to `{% endraw %}`, as written (Liquid's Raw#parse). */
  raw(open: Token & { kind: 'tag' }): Node {
    if (!/^\s*$/.test(open.markup))
      throw new LiquidSyntaxError(open.start, `${shown(open.raw)} takes no argument`)
    let text = ''
    for (let token = this.tokens[this.#i++]; token; token = this.tokens[this.#i++]) {
      const end = /^\{%\s*(\w+)\s*(?:[\s\S]*)?%\}$/.exec(token.raw)
      if (token.kind === 'tag' && end?.[1] === 'endraw') return { kind: 'raw', text }
      text += token.raw
    }
    throw new LiquidSyntaxError(open.start, `${shown(open.raw)} is never closed by {% endraw %}`)
  }
}

// Jekyll's highlight markup: a language, then options (name, name=value, name="1 2").
const HIGHLIGHT = /^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$/

class Renderer {
  constructor(
    readonly scope: LiquidScope,
    readonly findings: LiquidFinding[],
  ) {}

  nodes(nodes: readonly Node[]): string {
    let out = ''
    for (const node of nodes) out = this.node(node, out)
    return out
  }

  /** Appends a node's output to what comes before it (a fence needs to know its line). */
  node(node: Node, before: string): string {
    switch (node.kind) {
      case 'text':
      case 'raw':
        return before + node.text
      case 'var':
        return before + this.variable(node.token)
      case 'tag':
        return before + this.tag(node.token)
      case 'block':
        if (node.token.name === 'highlight') return this.highlight(node, before)
        if (!SILENT.has(node.token.name)) {
          this.leftOut(
            node.token,
            `${shown(node.token.raw)} … ${shown(node.end.raw)}, with everything between them`,
          )
        }
        return before
    }
  }

  tag(token: Token & { kind: 'tag' }): string {
    const markup = token.markup.trim()
    if (token.name === 'post_url') {
      const found = this.scope.postUrl(markup)
      if (found === 'unparsable') {
        this.error(
          token,
          `${shown(token.raw)}: "${markup}" is no post name such as 2018-07-27-title, and Jekyll fails on it too`,
          'post-url',
        )
        return ''
      }
      if (!found) {
        this.error(
          token,
          `${shown(token.raw)}: could not find post "${markup}", and neither could Jekyll: name a post as its file is named, without the extension (en/2018-07-27-title for en/_posts/)`,
          'post-url',
        )
        return ''
      }
      if (found.deprecated) {
        this.findings.push({
          offset: token.start,
          severity: 'warning',
          message: `${shown(token.raw)} names no post exactly and is matched by its date and title, as Jekyll does with a deprecation warning: name the post as its file is named`,
          code: 'post-url-deprecated',
        })
      }
      return found.url
    }
    if (token.name === 'link') {
      if (hasLiquid(markup)) {
        this.leftOut(token, shown(token.raw))
        return ''
      }
      const url = this.scope.link(markup)
      if (url === undefined) {
        this.error(
          token,
          `${shown(token.raw)}: could not find "${markup}", and neither could Jekyll: give the path of a page, post, document or file from the site's root`,
          'link',
        )
        return ''
      }
      return url
    }
    if (SILENT.has(token.name) || BRANCHES.has(token.name)) return ''
    this.leftOut(token, shown(token.raw))
    return ''
  }

  /** `{% highlight lang %}`: a fence in Markdown, Jekyll's figure in HTML, the code rendered. */
  highlight(node: Node & { kind: 'block' }, before: string): string {
    const m = HIGHLIGHT.exec(node.token.markup.trim())
    if (!m) {
      this.error(
        node.token,
        `${shown(node.token.raw)} is not \`highlight <lang> [linenos]\`, and Jekyll fails on it too`,
        'liquid-syntax',
      )
      return before
    }
    const lang = (m[1] ?? '').toLowerCase()
    const options = (m[2] ?? '').trim()
    if (options !== '') {
      this.findings.push({
        offset: node.token.start,
        severity: 'warning',
        message: `${shown(node.token.raw)}: "${options}" is not applied (no line numbers or marked lines), the code is highlighted without them`,
        code: 'highlight-options',
      })
    }
    const code = this.nodes(node.body).replace(/^[\n\r]+|[\n\r]+$/g, '')
    if (this.scope.format === 'html') {
      const cls = lang.replace(/\+/g, '-')
      return `${before}<figure class="highlight"><pre><code class="language-${cls}" data-lang="${lang}">${escapeHtml(code)}</code></pre></figure>`
    }
    // A fence starts its own line, indented as the tag is (inside a list item, say).
    const lineStart = before.lastIndexOf('\n') + 1
    const lead = before.slice(lineStart)
    const indent = /^[ \t]*$/.test(lead) ? lead : ''
    const head = indent === lead ? before : `${before}\n\n`
    const runs = code.match(/`{3,}/g) ?? []
    const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)))
    const lines = code.replace(/\n[ \t]*$/, '')
    return `${head}${fence}${lang}\n${lines}\n${indent}${fence}\n`
  }

  /** `{{ … }}`: a string or a site/page value, through relative_url or absolute_url. */
  variable(token: Token & { kind: 'var' }): string {
    const markup = token.markup.trim()
    if (markup === '') return ''
    const [head = '', ...filters] = splitFilters(markup)
    let value = this.value(head)
    if (value === undefined) {
      this.leftOut(token, shown(token.raw), this.why(head))
      return ''
    }
    for (const filter of filters) {
      const next = applyFilter(filter, value, this.scope.site)
      if (next === undefined) {
        this.leftOut(token, shown(token.raw), `the filter "${filter}" is not applied yet`)
        return ''
      }
      value = next
    }
    return value
  }

  /** The text Liquid prints for an expression, when Kiosque knows it for certain. */
  value(expression: string): string | undefined {
    const quoted = /^"([^"]*)"$|^'([^']*)'$/.exec(expression)
    if (quoted) return quoted[1] ?? quoted[2] ?? ''
    const path = /^(site|page)\.([\w-]+)$/.exec(expression)
    if (!path) return undefined
    const [, object = '', key = ''] = path
    if (object === 'page' && Object.hasOwn(this.scope.document, key))
      return this.scope.document[key]
    const values = object === 'site' ? this.scope.site : this.scope.page
    if ((object === 'site' ? SITE_COMPUTED : PAGE_COMPUTED).has(key)) return undefined
    const value = values[key]
    if (value === undefined) {
      // Jekyll's own defaults for these are nil, printed as nothing.
      return object === 'site' && (key === 'url' || key === 'baseurl') ? '' : undefined
    }
    return printed(value)
  }

  why(expression: string): string {
    const path = /^(site|page)\.([\w-]+)$/.exec(expression)
    if (!path) return 'Kiosque does not evaluate this expression yet'
    const [, object, key = ''] = path
    const values = object === 'site' ? this.scope.site : this.scope.page
    if ((object === 'site' ? SITE_COMPUTED : PAGE_COMPUTED).has(key))
      return `Jekyll computes ${object}.${key}, which Kiosque does not yet`
    if (values[key] === undefined)
      return `${object}.${key} is set in neither ${object === 'site' ? '_config.yml' : 'the front matter'} nor, as far as Kiosque knows, by Jekyll`
    return `${object}.${key} is a list, a mapping, a number or a date, which Kiosque does not print as Jekyll yet`
  }

  leftOut(token: Token, what: string, why?: string): void {
    this.findings.push({
      offset: token.start,
      severity: 'warning',
      message: `${what} left out${why ? ` (${why})` : ''}: Jekyll outputs something here, and Kiosque will once it renders Liquid`,
      code: 'liquid-left-out',
    })
  }

  error(token: Token, message: string, code: string): void {
    this.findings.push({ offset: token.start, severity: 'error', message, code })
  }
}

// What Jekyll's site drop computes rather than reads from _config.yml.
const SITE_COMPUTED = new Set([
  'posts',
  'pages',
  'time',
  'data',
  'tags',
  'categories',
  'collections',
  'documents',
  'static_files',
  'html_pages',
  'html_files',
  'related_posts',
])
// What Jekyll's document drop computes, whatever the front matter says; see `document`.
const PAGE_COMPUTED = new Set([
  'url',
  'title',
  'path',
  'relative_path',
  'date',
  'id',
  'excerpt',
  'content',
  'output',
  'next',
  'previous',
  'collection',
  'name',
  'categories',
  'tags',
  'slug',
  'ext',
  'draft',
])

/** Liquid prints strings as they are, true and false as words, nil as nothing. */
function printed(value: unknown): string | undefined {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return String(value)
  return undefined
}

/** Splits `x | f | g` at the bars outside quotes. */
function splitFilters(markup: string): string[] {
  const parts: string[] = []
  let part = ''
  let quote = ''
  for (const c of markup) {
    if (quote) quote = c === quote ? '' : quote
    else if (c === '"' || c === "'") quote = c
    else if (c === '|') {
      parts.push(part.trim())
      part = ''
      continue
    }
    part += c
  }
  return [...parts, part.trim()]
}

/** Jekyll's relative_url and absolute_url on text; other filters are not applied yet. */
function applyFilter(
  filter: string,
  input: string,
  site: Readonly<Record<string, unknown>>,
): string | undefined {
  if (filter !== 'relative_url' && filter !== 'absolute_url') return undefined
  // Jekyll returns an absolute URL as it is.
  if (/^[a-z][a-z0-9+.-]*:/i.test(input)) return input
  const baseurl = typeof site.baseurl === 'string' ? site.baseurl.replace(/\/$/, '') : ''
  const withSlash = (s: string) => (s === '' || s.startsWith('/') ? s : `/${s}`)
  const relative = normalizeUrl(withSlash(baseurl) + withSlash(input))
  if (relative === undefined || filter === 'relative_url') return relative
  const url = typeof site.url === 'string' ? site.url : ''
  return url === '' ? relative : normalizeUrl(url + relative)
}

/**
 * Addressable's normalize for the URLs posts write: characters outside a URL percent-encoded
 * (UTF-8), as Jekyll's filters give them; undefined for what it would rewrite otherwise.
 */
export function normalizeUrl(url: string): string | undefined {
  if (/\/\.\.?(?:\/|$)|%(?![0-9A-Fa-f]{2})|[\\^`{|}]/.test(url)) return undefined
  try {
    return url.replace(/[^\x21-\x7e]|["<>]/gu, (c) => encodeURIComponent(c))
  } catch {
    return undefined // a lone surrogate
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )
}
