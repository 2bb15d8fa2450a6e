/**
 * Reads a Netlify / Cloudflare Pages `_redirects` file: one `source destination [status][!]`
 * rule a line, `#` comments. What Kiosque cannot honour faithfully (rewrites, custom 404 pages,
 * other hosts, conditions) is skipped with a warning rather than applied differently.
 */
import type { RedirectRule } from '../model/types'
import type { DiagnosticList, Position } from './diagnostics'

// Cloudflare's limits, kept so that a file stays portable and the worker's matching cheap: a
// Map lookup for static rules, at most 100 anchored regexps for the others.
/** At most this many rules without placeholder or splat (Cloudflare's limit). */
export const MAX_STATIC_REDIRECTS = 2000
/** At most this many rules with a placeholder or a splat (Cloudflare's limit). */
export const MAX_DYNAMIC_REDIRECTS = 100

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const STATUS_LIST = '301, 302, 303, 307 or 308, optionally followed by ! (e.g. 301!)'
const PLACEHOLDER = /^:([A-Za-z]\w*)$/
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

interface Token {
  text: string
  col: number
}

// Netlify's conditions: `id=:id` (query) before the destination, `Country=fr` after the status.
// A destination may hold `=` too (`/search?q=x`) but starts with / or a scheme.
function isCondition(t: Token | undefined): boolean {
  return !!t && t.text.includes('=') && !t.text.startsWith('/') && !HAS_SCHEME.test(t.text)
}

type Report = (token: Token | number, message: string) => undefined

/** Whether a source pattern captures anything: a `:name` segment or a final `*`. */
export function isDynamicSource(from: string): boolean {
  return from.endsWith('*') || from.split('/').some((s) => PLACEHOLDER.test(s))
}

/**
 * Parses `_redirects`, reporting at `path:line:col`. Returns the rules to apply, in file order
 * (the first rule matching a request wins), without the ignored and invalid ones.
 */
export function parseRedirects(
  path: string,
  text: string,
  diagnostics: DiagnosticList,
): RedirectRule[] {
  const rules: RedirectRule[] = []
  const firstLine = new Map<string, number>()
  const count = { static: 0, dynamic: 0 }
  // A BOM is invisible in editors: dropping it keeps the columns the author sees.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  lines.forEach((lineText, i) => {
    const line = i + 1
    const at = (t: Token | number): Position => ({ line, col: typeof t === 'number' ? t : t.col })
    // Cloudflare and Netlify skip a line they cannot read, and apply the others.
    const error: Report = (t, m) =>
      void diagnostics.warn(path, at(t), `${m}; this line is ignored`, 'redirects')
    const warn: Report = (t, m) => void diagnostics.warn(path, at(t), m, 'redirects')
    const limit: Report = (t, m) => void diagnostics.error(path, at(t), m)
    const tokens = [...lineText.matchAll(/\S+/g)].map((m) => ({ text: m[0], col: m.index + 1 }))
    // A `#` token after the source starts a comment (Cloudflare only looks after the
    // destination, but `#…` can never be a destination: "missing destination" is the better news).
    const comment = tokens.findIndex((t, n) => n >= 1 && t.text.startsWith('#'))
    if (comment !== -1) tokens.length = comment
    const [source, ...rest] = tokens
    if (!source || source.text.startsWith('#')) return
    const rule = parseRule(source, rest, error, warn)
    if (!rule) return
    const seen = firstLine.get(rule.from)
    if (seen !== undefined) {
      warn(
        source,
        `duplicate source ${rule.from}: the rule on line ${seen} applies, this one is ignored`,
      )
      return
    }
    firstLine.set(rule.from, line)
    const kind = isDynamicSource(rule.from) ? 'dynamic' : 'static'
    const max = kind === 'static' ? MAX_STATIC_REDIRECTS : MAX_DYNAMIC_REDIRECTS
    if (++count[kind] > max) {
      if (count[kind] === max + 1) {
        const hint = kind === 'static' ? '' : ' (rules with a placeholder or *)'
        limit(source, `more than ${max} ${kind} redirects${hint}, Cloudflare's limit: merge some`)
      }
      return
    }
    rules.push(rule)
  })
  return rules
}

// Checks one rule's tokens left to right and stops at the first problem that skips the rule:
// the author gets the one they meet first when reading the line from the left.
function parseRule(
  source: Token,
  args: Token[],
  error: Report,
  warn: Report,
): RedirectRule | undefined {
  const [target, statusToken, ...rest] = args
  if (HAS_SCHEME.test(source.text)) {
    return warn(source, 'a source with a host (domain-level redirect) is not supported: ignored')
  }
  if (!source.text.startsWith('/')) {
    return error(source, `the source must be a path starting with /, got "${source.text}"`)
  }
  if (source.text.includes('?')) {
    return warn(source, 'a query string in the source is not supported: rule ignored')
  }
  let from: string
  try {
    from = decodeURIComponent(source.text)
  } catch {
    return error(source, `invalid percent-encoding in "${source.text}"`)
  }
  const star = from.indexOf('*')
  if (star !== -1 && star !== from.length - 1) {
    return error(source, '* may only end the source: it matches the rest of the path')
  }
  const names = new Set<string>(star === -1 ? [] : ['splat'])
  for (const segment of from.replace(/\*$/, '').split('/')) {
    const name = PLACEHOLDER.exec(segment)?.[1]
    if (name !== undefined && names.has(name)) {
      return error(source, `:${name} is captured twice in the source`)
    }
    if (name !== undefined) names.add(name)
    else if (/:[A-Za-z]/.test(segment)) {
      warn(source, `"${segment}" is matched literally: a placeholder must be a whole segment`)
    }
  }
  if (target && isCondition(target)) {
    return warn(
      target,
      `query-parameter conditions such as ${target.text} are not supported: ignored`,
    )
  }
  if (!target) {
    return error(
      source.col + source.text.length,
      'missing destination: write "source destination [status]", e.g. "/old /new 301"',
    )
  }
  if (!target.text.startsWith('/') && !/^https?:\/\//i.test(target.text)) {
    return error(target, `the destination must start with / or http(s)://, got "${target.text}"`)
  }
  if (LONE_SURROGATE.test(target.text)) return error(target, 'invalid character in destination')
  let status = 301
  let force = false
  if (statusToken && !isCondition(statusToken)) {
    const match = /^(\d{3})(!?)$/.exec(statusToken.text)
    const code = Number(match?.[1])
    if (code === 200 || code === 404) {
      const what = code === 200 ? 'a rewrite (status 200)' : 'a custom 404 page (status 404)'
      return warn(statusToken, `${what} is not supported: rule ignored`)
    }
    if (!match || !REDIRECT_STATUSES.has(code)) {
      return error(statusToken, `invalid status "${statusToken.text}": use ${STATUS_LIST}`)
    }
    status = code
    force = match[2] === '!'
  } else if (statusToken) rest.unshift(statusToken)
  const [extra] = rest
  if (extra && rest.every(isCondition)) {
    return warn(extra, `conditions such as ${extra.text} are not supported: rule ignored`)
  }
  const stray = rest.find((t) => !isCondition(t))
  if (stray)
    return error(stray, `unexpected "${stray.text}": a rule is "source destination [status]"`)
  // A Location header must be ASCII: encode what the author typed as is (`/café`).
  const to = target.text.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c))
  return { from, to, status: status as RedirectRule['status'], force }
}
