import type { SiteConfig } from './config'
import { partsInZone } from './dates'
import { DiagnosticList, type Position } from './diagnostics'
import { hasLiquid, type LiquidScope, normalizeUrl, resolveLiquid } from './liquid-in-posts'
import { bodyFacts, type Post, readDocument, type SourceFile } from './post'

/** What `{% post_url %}` and `{% link %}` can point at: the site's files and their URLs. */
export interface SiteFiles {
  /** Posts, and drafts when they are built: Jekyll's `site.posts`. */
  posts: readonly Post[]
  /** Every page file, Liquid templates included: they have a URL in Jekyll. */
  pages: readonly SourceFile[]
  /** Documents of output collections. */
  documents: readonly Post[]
  /** Static files, relative to the content root. */
  assets: readonly string[]
}

/**
 * Resolves the Liquid of posts and collection documents in place, body, excerpt and reading
 * time, reporting at its `path:line:col` each construct Kiosque cannot output as Jekyll does.
 */
export function resolveLiquidInDocuments(
  documents: readonly Post[],
  files: SiteFiles,
  config: SiteConfig,
  diagnostics: DiagnosticList,
): void {
  let links: Map<string, string> | undefined
  const scopeOf = (post: Post): LiquidScope => ({
    format: post.record.format,
    site: config.site,
    page: post.values,
    document: {
      url: relativeUrl(post.record.url, config) ?? post.record.url,
      title: typeof post.values.title === 'string' ? post.values.title : post.record.title,
      path: post.file.path,
    },
    postUrl: (name) => findPost(name, files.posts, config),
    link: (path) => {
      links ??= linkTable(files, config)
      return links.get(path) ?? (path.startsWith('/') ? undefined : links.get(`/${path}`))
    },
  })
  for (const post of documents) {
    const { record } = post
    // Jekyll renders a body with `{%` or `{{`, unless the front matter says not to.
    if (!hasLiquid(record.body) || post.values.render_with_liquid === false) continue
    const bodyStart = post.file.text.length - record.body.length
    const result = resolveLiquid(record.body, scopeOf(post))
    const lines = lineStarts(post.file.text)
    for (const finding of result.findings) {
      const at = positionAt(lines, bodyStart + finding.offset)
      if (finding.severity === 'error')
        diagnostics.error(post.file.displayPath, at, finding.message, finding.code)
      else diagnostics.warn(post.file.displayPath, at, finding.message, finding.code)
    }
    record.body = result.body
    const { excerpt, readingMinutes } = bodyFacts(result.body, record.format, record.description)
    if (excerpt === undefined) delete record.excerpt
    else record.excerpt = excerpt
    record.readingMinutes = readingMinutes
  }
}

/** Jekyll's relative_url on a document's URL: the baseurl before it, escaped. */
function relativeUrl(url: string, config: SiteConfig): string | undefined {
  return normalizeUrl(`${config.baseurl}${url}`)
}

// Jekyll's PostComparer::MATCHER: an optional folder, a date, a title.
const POST_NAME = /^(.+\/)*(\d+-\d+-\d+)-(.*)$/

/**
 * Jekyll's post_url: the post whose path is `[folder/]_posts/date-title.ext` (or
 * `_posts/folder/…`), else, deprecated, one of that date whose slug is the title.
 */
export function findPost(
  name: string,
  posts: readonly Post[],
  config: SiteConfig,
): { url: string; deprecated?: true } | 'unparsable' | undefined {
  const m = POST_NAME.exec(name.replace(/^\//, ''))
  if (!m) return 'unparsable'
  const [, folder = '', date = '', slug = ''] = m
  const basename = `${regexpEscape(date)}-${regexpEscape(slug)}\\.[^.]+`
  const path = regexpEscape(folder)
  const matcher = new RegExp(`^_posts/${path}${basename}|^${path}_posts/?${basename}`)
  const url = (post: Post) => relativeUrl(post.record.url, config) ?? post.record.url
  const exact = posts.find((post) => matcher.test(post.file.path))
  if (exact) return { url: url(exact) }
  const [year, month, day] = date.split('-').map(Number)
  const fullYear = year !== undefined && year < 100 ? (year >= 69 ? 1900 : 2000) + year : year
  const same = posts.find((post) => {
    const postSlug = typeof post.values.slug === 'string' ? post.values.slug : post.stem
    if (postSlug !== slug) return false
    const parts = partsInZone(post.time, config.timezone)
    return parts.year === fullYear && parts.month === month && parts.day === day
  })
  return same ? { url: url(same), deprecated: true } : undefined
}

function regexpEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Jekyll's `site.each_site_file` by relative path: pages, posts, documents, static files. */
function linkTable(files: SiteFiles, config: SiteConfig): Map<string, string> {
  const table = new Map<string, string>()
  const add = (path: string, url: string) => {
    const relative = relativeUrl(url, config)
    if (relative !== undefined && !table.has(path)) table.set(path, relative)
  }
  for (const page of files.pages) {
    // Read for its URL only: the page itself is reported where it is built.
    const read = readDocument(page, { type: 'page' }, config, new DiagnosticList())
    if (read && read !== 'unpublished') add(page.path, read.record.url)
  }
  for (const post of [...files.posts, ...files.documents]) add(post.file.path, post.record.url)
  // A static file's relative path starts with a slash in Jekyll.
  for (const asset of files.assets) add(`/${asset}`, `/${asset}`)
  return table
}

/** Offsets where each line of `text` starts, for positions in huge files. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if ((starts[mid] ?? 0) <= offset) low = mid
    else high = mid - 1
  }
  return { line: low + 1, col: offset - (starts[low] ?? 0) + 1 }
}
