/**
 * The security settings of a site: the Content-Security-Policy sources its posts need (the hosts
 * of their `<iframe>`, `<script>`, `<embed>` and `<object>`), the `kiosque.csp`, `kiosque.hsts`
 * and `kiosque.sanitize` options of `_config.yml`, and the checks on them.
 */
import { Marked, type Token } from 'marked'
import { isMap, isScalar, isSeq, type Node } from 'yaml'
import { contentSecurityPolicy, DEFAULT_HSTS } from '../model/security'
import type { CspSources, HstsPolicy, SiteSettings } from '../model/types'
import type { DiagnosticList, Position } from './diagnostics'
import type { Post } from './post'
import type { YamlMapping } from './yaml-source'

/** What the manifest's site settings get from this module. */
export type SecuritySettings = Required<Pick<SiteSettings, 'csp' | 'hsts' | 'sanitize'>>

/** Hosts a body loads active content from, as CSP sources (`https://speakerdeck.com`). */
export interface EmbedHosts {
  script: string[]
  frame: string[]
  /** `<embed>` and `<object>`: blocked by `object-src 'none'` whatever their host. */
  object: string[]
}

// Cloudflare reads a `_headers` line of at most 2,000 characters; the policy must fit in one.
const MAX_HEADER_LINE = 2000

const CSP_KEYS = { script_src: 'scriptSrc', frame_src: 'frameSrc', img_src: 'imgSrc' } as const
const HSTS_HELP = 'use false, or a mapping such as { max_age: 31536000, include_subdomains: true }'

/**
 * The security settings of the manifest, from `_config.yml` (as parseConfig read it, at
 * `configPath`) and the posts. With `kiosque.sanitize`, only `kiosque.csp` extends the policy:
 * the posts' own hosts are not trusted.
 * @example securitySettings(config.path, config.source, posts, diagnostics).csp.frameSrc // ['https://player.vimeo.com']
 */
export function securitySettings(
  configPath: string,
  config: YamlMapping,
  posts: readonly Post[],
  diagnostics: DiagnosticList,
): SecuritySettings {
  const options = readSecurityOptions(configPath, config, diagnostics)
  const csp: CspSources = { ...options.csp }
  for (const post of posts) {
    const hosts = embedHosts(post.record.body, post.record.format)
    const warn = (tag: string, host: string, message: string) =>
      diagnostics.warn(
        post.file.displayPath,
        positionOf(post.file.text, tag, host),
        message,
        'embed',
      )
    if (options.sanitize) {
      const removed = (tag: string, host: string) =>
        warn(
          tag,
          host,
          tag === 'iframe'
            ? `kiosque.sanitize removes this iframe from ${host}: list the host in kiosque.csp.frame_src of ${configPath} to keep it`
            : `kiosque.sanitize removes this embed from ${host}: a sanitized post keeps no script, embed or object`,
        )
      for (const host of hosts.frame)
        if (!options.csp.frameSrc.includes(host)) removed('iframe', host)
      for (const host of hosts.script) removed('script', host)
      for (const host of hosts.object) removed('embed|object', host)
      continue
    }
    // An embed script (Speaker Deck, Gist) draws its player in an iframe from its own host.
    csp.scriptSrc = union(csp.scriptSrc, hosts.script)
    csp.frameSrc = union(csp.frameSrc, hosts.frame, hosts.script)
    for (const host of hosts.object) {
      warn(
        'embed|object',
        host,
        `<embed> and <object> are blocked by the Content-Security-Policy (object-src 'none'): embed ${host} with an <iframe>`,
      )
    }
  }
  const sorted: CspSources = {
    scriptSrc: [...csp.scriptSrc].sort(),
    frameSrc: [...csp.frameSrc].sort(),
    imgSrc: [...csp.imgSrc].sort(),
  }
  const length = contentSecurityPolicy({ csp: sorted }).length
  if (length > MAX_HEADER_LINE - 40) {
    diagnostics.error(
      configPath,
      { line: 1, col: 1 },
      `the Content-Security-Policy would be ${length} characters, more than a _headers line may hold (2,000): embed from fewer hosts`,
    )
  }
  return { csp: sorted, hsts: options.hsts, sanitize: options.sanitize }
}

/**
 * The hosts whose scripts, frames and plugins a post's HTML loads. In Markdown only raw HTML
 * counts, not code that shows HTML; relative URLs are the site's own.
 * @example embedHosts('<iframe src="//player.vimeo.com/video/1"></iframe>', 'markdown').frame // ['https://player.vimeo.com']
 */
export function embedHosts(body: string, format: 'markdown' | 'html'): EmbedHosts {
  const found: EmbedHosts = { script: [], frame: [], object: [] }
  if (!/<(?:iframe|script|embed|object)\b/i.test(body)) return found
  for (const html of format === 'html' ? [body] : rawHtmlOf(body)) {
    for (const tag of html.matchAll(TAG)) {
      const name = tag[1]?.toLowerCase()
      const attribute = name === 'object' ? 'data' : 'src'
      const value = attributeValue(tag[2] ?? '', attribute)
      const host = value === undefined ? undefined : sourceOf(value)
      if (!host) continue
      const list = name === 'script' ? found.script : name === 'iframe' ? found.frame : found.object
      if (!list.includes(host)) list.push(host)
    }
  }
  return found
}

const TAG = /<(iframe|script|embed|object)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi

function attributeValue(attributes: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+))`, 'i')
  const m = re.exec(attributes)
  if (!m) return undefined
  return (m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&').trim()
}

/**
 * A URL's origin as a CSP source; undefined for the site's own (relative) and non-http URLs.
 * A protocol-relative URL (`//speakerdeck.com/…`) loads over the page's own scheme, so its source
 * has none either: `speakerdeck.com` matches https on the live site and http under `npm run dev`.
 */
function sourceOf(url: string): string | undefined {
  const relativeScheme = url.startsWith('//')
  const absolute = relativeScheme ? `https:${url}` : url
  if (!/^https?:\/\//i.test(absolute)) return undefined
  try {
    const parsed = new URL(absolute)
    return relativeScheme ? parsed.host : `${parsed.protocol}//${parsed.host}`
  } catch {
    return undefined
  }
}

const marked = new Marked()

/** The raw HTML of a Markdown body, without code blocks and code spans. */
function rawHtmlOf(markdown: string): string[] {
  let tokens: Token[]
  try {
    tokens = marked.lexer(markdown)
  } catch {
    // A body marked cannot read (nesting deep enough to overflow the stack) is read whole.
    return [markdown]
  }
  const html: string[] = []
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'html') html.push(token.raw)
  })
  return html
}

interface SecurityOptions {
  csp: CspSources
  hsts: HstsPolicy | false
  sanitize: boolean
}

/** `kiosque.csp`, `kiosque.hsts` and `kiosque.sanitize`, each error at its own line and column. */
function readSecurityOptions(
  configPath: string,
  config: YamlMapping,
  diagnostics: DiagnosticList,
): SecurityOptions {
  const options: SecurityOptions = {
    csp: { scriptSrc: [], frameSrc: [], imgSrc: [] },
    hsts: DEFAULT_HSTS,
    sanitize: false,
  }
  const error = (node: Node | null | undefined, message: string) =>
    diagnostics.error(configPath, config.position(node), message)
  const node = (...path: string[]) => config.node(['kiosque', ...path])
  const kiosque = node()
  if (!isMap(kiosque)) return options

  const sanitize = node('sanitize')
  if (sanitize !== undefined) {
    const value = isScalar(sanitize) ? sanitize.value : undefined
    if (typeof value === 'boolean') options.sanitize = value
    else error(sanitize, 'kiosque.sanitize must be true or false')
  }

  const hsts = node('hsts')
  if (hsts !== undefined) {
    const value = isScalar(hsts) ? hsts.value : undefined
    if (value === false) options.hsts = false
    else if (value === true) options.hsts = DEFAULT_HSTS
    else if (!isMap(hsts)) error(hsts, `kiosque.hsts must be false or a mapping: ${HSTS_HELP}`)
    else options.hsts = readHsts(hsts, error)
  }

  const csp = node('csp')
  if (csp !== undefined) {
    if (!isMap(csp)) {
      error(csp, 'kiosque.csp must be a mapping of script_src, frame_src and img_src lists')
    } else {
      for (const pair of csp.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : ''
        const field = CSP_KEYS[key as keyof typeof CSP_KEYS]
        const value = pair.value as Node | null
        if (!field) {
          error(
            pair.key as Node,
            `unknown key kiosque.csp.${key}: use script_src, frame_src or img_src`,
          )
        } else if (!isSeq(value)) {
          error(value ?? (pair.key as Node), `kiosque.csp.${key} must be a list of sources`)
        } else {
          for (const item of value.items as Node[]) {
            const source = isScalar(item) ? item.value : undefined
            if (typeof source === 'string' && isCspSource(source.trim())) {
              options.csp[field] = union(options.csp[field], [source.trim()])
            } else {
              error(
                item,
                `${JSON.stringify(source ?? null)} is not a CSP source: use a host such as https://player.vimeo.com or a scheme such as https:`,
              )
            }
          }
        }
      }
    }
  }
  return options
}

function readHsts(
  map: Node,
  error: (node: Node | null | undefined, message: string) => void,
): HstsPolicy {
  const policy = { ...DEFAULT_HSTS }
  if (!isMap(map)) return policy
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : ''
    const node = pair.value as Node | null
    const value = isScalar(node) ? node.value : undefined
    if (key === 'max_age') {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31)
        policy.maxAge = value
      else error(node, 'kiosque.hsts.max_age must be a whole number of seconds, such as 31536000')
    } else if (key === 'include_subdomains' || key === 'preload') {
      if (typeof value === 'boolean')
        policy[key === 'preload' ? 'preload' : 'includeSubdomains'] = value
      else error(node, `kiosque.hsts.${key} must be true or false`)
    } else {
      error(pair.key as Node, `unknown key kiosque.hsts.${key}: ${HSTS_HELP}`)
    }
  }
  if (policy.preload && (!policy.includeSubdomains || policy.maxAge < 31_536_000)) {
    error(
      map,
      'kiosque.hsts.preload needs include_subdomains: true and a max_age of at least 31536000',
    )
  }
  return policy
}

// A keyword or hash ('self', 'sha256-…'), a scheme (https:), or a host with optional scheme,
// wildcard, port and path: nothing that could end the directive (`;`, `,`) or the header.
const CSP_SOURCE =
  /^(?:'[A-Za-z0-9+/=_-]+'|[A-Za-z][A-Za-z0-9+.-]*:|(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?(?:\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::(?:[0-9]{1,5}|\*))?(?:\/[A-Za-z0-9\-._~!$&'()*+=:@%/]*)?)$/

/** True for what a CSP directive accepts as one source expression. */
export function isCspSource(value: string): boolean {
  return CSP_SOURCE.test(value)
}

function union(base: readonly string[], ...more: (readonly string[])[]): string[] {
  return [...new Set([...base, ...more.flat()])]
}

/** Where the URL of an embed of `host` starts in a file, for warnings; else the file's start. */
function positionOf(text: string, tags: string, host: string): Position {
  const rest = host.replace(/^https?:/, '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const m = new RegExp(`<(?:${tags})\\b[^>]*?((?:https?:)?${rest})`, 'i').exec(text)
  if (!m?.[1]) return { line: 1, col: 1 }
  const offset = m.index + m[0].length - m[1].length
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 }
}
