/**
 * Matches a request path against the `_redirects` rules the build parsed.
 *
 * Semantics are Cloudflare's: the first rule in file order that matches wins; matching is exact
 * and case-sensitive on the whole decoded path, so the trailing slash counts (`/old` does not
 * match `/old/`: list both if both were published). Netlify's normalisation of trailing slashes
 * is not copied because it makes a rule such as `/a/ /a` loop forever. `:name` captures one
 * whole segment, a final `*` the rest of the path (possibly empty): `/news/*` matches `/news/`
 * and `/news/a/b`, not `/news`.
 */
import type { RedirectRule } from '../model/types'

/** Where to send the visitor; `force` rules apply even where a page exists. */
export interface RedirectMatch {
  location: string
  status: number
  force: boolean
}

/** The rules, indexed once per content version. */
export interface RedirectMatcher {
  match(path: string): RedirectMatch | undefined
}

interface DynamicRule {
  index: number
  rule: RedirectRule
  pattern: RegExp
  names: string[]
}

const PLACEHOLDER = /^:([A-Za-z]\w*)$/

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

// A source without placeholder or splat compiles to nothing: it is looked up in a Map.
function compilePattern(from: string): { pattern: RegExp; names: string[] } | undefined {
  const splat = from.endsWith('*')
  const names: string[] = []
  const parts = (splat ? from.slice(0, -1) : from).split('/').map((segment) => {
    const name = PLACEHOLDER.exec(segment)?.[1]
    if (name === undefined) return escapeRegExp(segment)
    names.push(name)
    return '([^/]+)'
  })
  if (splat) names.push('splat')
  if (names.length === 0) return undefined
  // [^] rather than `.`: a decoded path may hold a line break (%0A).
  return { pattern: new RegExp(`^${parts.join('/')}${splat ? '([^]*)' : ''}$`), names }
}

// encodeURIComponent throws on lone surrogates: make them U+FFFD first.
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
}

// The captures come from the decoded path; the Location header needs them encoded again. Only
// what a path segment cannot hold is escaped (RFC 3986 pchar), so `c++` stays `c++` while `%`,
// `?`, `#` and `\` (which browsers read as `/`) are escaped.
function encodeSegment(value: string): string {
  return wellFormed(value).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu, (c) => encodeURIComponent(c))
}

function substitute(rule: RedirectRule, values: Map<string, string>): string {
  const query = rule.to.search(/[?#]/)
  const to = rule.to.replace(/:([A-Za-z]\w*)/g, (written, name: string, offset: number) => {
    const value = values.get(name)
    if (value === undefined) return written
    // In the query or fragment, `&` and `=` would split the value: escape all but unreserved.
    if (query !== -1 && offset > query) return encodeURIComponent(wellFormed(value))
    return name === 'splat' ? value.split('/').map(encodeSegment).join('/') : encodeSegment(value)
  })
  if (!to.startsWith('/')) return to
  // A splat can bring in empty segments: `/:splat` with `//evil.example` would give the
  // protocol-relative `//evil.example`, an open redirect. Collapse slashes in the path, as
  // Cloudflare does.
  const end = to.search(/[?#]/)
  const cut = end === -1 ? to.length : end
  return to.slice(0, cut).replace(/\/{2,}/g, '/') + to.slice(cut)
}

function result(rule: RedirectRule, values: Map<string, string>): RedirectMatch {
  return { location: substitute(rule, values), status: rule.status, force: rule.force }
}

/** Indexes rules for matching: a Map for static sources, a short list of patterns for the rest. */
export function compileRedirects(rules: RedirectRule[]): RedirectMatcher {
  const statics = new Map<string, number>()
  const dynamics: DynamicRule[] = []
  rules.forEach((rule, index) => {
    const compiled = compilePattern(rule.from)
    if (compiled) dynamics.push({ index, rule, ...compiled })
    else if (!statics.has(rule.from)) statics.set(rule.from, index)
  })
  return {
    match(path) {
      const hit = statics.get(path)
      // Only a dynamic rule written above the static hit can take precedence over it.
      for (const d of dynamics) {
        if (hit !== undefined && d.index > hit) break
        const m = d.pattern.exec(path)
        if (m) return result(d.rule, new Map(d.names.map((n, i) => [n, m[i + 1] ?? ''])))
      }
      const rule = hit === undefined ? undefined : rules[hit]
      return rule && result(rule, new Map())
    },
  }
}

const compiled = new WeakMap<RedirectRule[], RedirectMatcher>()

/** The redirect for a decoded path (no query); compiles once per array, which must not change. */
export function matchRedirect(rules: RedirectRule[], path: string): RedirectMatch | undefined {
  let matcher = compiled.get(rules)
  if (!matcher) {
    matcher = compileRedirects(rules)
    compiled.set(rules, matcher)
  }
  return matcher.match(path)
}
