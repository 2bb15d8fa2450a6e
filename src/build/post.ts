import type { Lang, Permalink, PostRecord } from '../model/types'
import { type CollectionConfig, langValue, type SiteConfig } from './config'
import { parseDate, partsInZone, rolledOver } from './dates'
import type { DiagnosticList, Position } from './diagnostics'
import { firstParagraph, readingMinutes } from './excerpt'
import { parseFrontMatter } from './front-matter'
import { isKnownLang, langOfTopFolder, normalizeLang } from './language'
import { expandPermalink, unknownPlaceholders } from './permalink'
import { defaultTitle, MARKDOWN_EXTENSIONS, parsePostFileName } from './post-file'
import type { YamlMapping } from './yaml-source'

/** A file of the content folder, as read from disk. */
export interface SourceFile {
  /** Path relative to the content root, with `/` separators: `en/_posts/2018-07-27-x.md`. */
  path: string
  /** Path to show in messages: `content/en/_posts/2018-07-27-x.md`. */
  displayPath: string
  text: string
  mtimeMs: number
}

/** A post ready to be published, with what checks across posts need to point at it. */
export interface Post {
  record: Omit<PostRecord, 'key'>
  /** Instant of publication, for ordering and scheduling. */
  time: number
  file: SourceFile
  at: (key: string) => Position
  /** Front matter's `layout`, after defaults: a page whose content is its layout needs Liquid. */
  layout?: string
  /** jekyll-redirect-from's `redirect_from`: old paths that send visitors here. */
  redirectFrom?: string[]
  /** Front matter over the config's `defaults`: Liquid's `page.*`. */
  values: Readonly<Record<string, unknown>>
  /** The file name's title part (`x` of `2018-07-27-x.md`), for post_url. */
  stem: string
}

/** Why a valid file is not published. */
export type Skip = 'unpublished'

// Front-matter keys Kiosque reads itself; the rest is kept in `extra`.
const KNOWN_KEYS = new Set([
  'title',
  'description',
  'author',
  'twitter',
  'image',
  'tags',
  'lang-ref',
  'lang',
  'locale',
  'date',
  'permalink',
  'published',
  'layout',
  'slug',
])

/** What a file is read as: a post, a draft, a standalone page, or a document of a collection. */
export type DocumentKind =
  | { type: 'post' }
  | { type: 'draft' }
  | { type: 'page' }
  | { type: 'doc'; collection: CollectionConfig }

/**
 * Reads one post or draft: front matter merged over the config's `defaults`, language, date and
 * permalink. Returns the post, a reason it is not published, or undefined after reporting errors.
 */
export function readPost(
  file: SourceFile,
  kind: 'post' | 'draft',
  config: SiteConfig,
  diagnostics: DiagnosticList,
): Post | Skip | undefined {
  return readDocument(file, { type: kind }, config, diagnostics)
}

/**
 * Reads any document: posts need a dated file name; pages and collection documents may carry a
 * date in their name or front matter. Same validation, language and lang-ref rules for all.
 */
export function readDocument(
  file: SourceFile,
  kind: DocumentKind,
  config: SiteConfig,
  diagnostics: DiagnosticList,
  /** Jekyll's `site.time`, the build's start: the date of an undated document. */
  siteTime = 0,
): Post | Skip | undefined {
  const before = diagnostics.errors.length
  const path = file.displayPath
  const name = file.path.slice(file.path.lastIndexOf('/') + 1)
  const fileName = kind.type === 'post' || kind.type === 'doc' ? parsePostFileName(name) : undefined
  if (kind.type === 'post' && !fileName) {
    // Jekyll's PostReader only reads dated names, and skips the others silently.
    diagnostics.warn(
      path,
      { line: 1, col: 1 },
      'not published, as Jekyll skips it too: a post file name is YYYY-MM-DD-title.md (or YY-MM-DD-title.md)',
      'undated-post',
    )
    return undefined
  }
  if (fileName?.unreadable) {
    const written = /^\d+-\d+-\d+/.exec(name)?.[0]
    diagnostics.error(
      path,
      { line: 1, col: 1 },
      `invalid date ${written} in the file name, which Jekyll cannot read either: use YYYY-MM-DD-title.md`,
      'date',
    )
    return undefined
  }
  const ext = (fileName?.ext ?? name.slice(name.lastIndexOf('.'))).toLowerCase()
  const format = MARKDOWN_EXTENSIONS.has(ext)
    ? 'markdown'
    : ext === '.html' || ext === '.htm'
      ? 'html'
      : undefined
  if (!format) {
    diagnostics.warn(
      path,
      { line: 1, col: 1 },
      `not served: Kiosque serves Markdown and HTML, and Jekyll would render this "${ext}" file through Liquid`,
      'liquid',
    )
    return undefined
  }

  const parsed = parseFrontMatter(path, file.text, diagnostics)
  const fm = parsed.frontMatter
  const scope =
    kind.type === 'page' ? 'pages' : kind.type === 'doc' ? kind.collection.name : 'posts'
  const values = { ...defaultsFor(file.path, config, scope), ...fm.data }
  const field = fieldReader(path, fm, values, diagnostics)

  if (
    values.published !== undefined &&
    values.published !== null &&
    typeof values.published !== 'boolean'
  ) {
    // Ruby's truthiness: only false and nil unpublish.
    diagnostics.warn(
      path,
      fm.at('published'),
      `published is not true or false: ${JSON.stringify(values.published)} is read as true, as Jekyll reads it`,
      'field-type',
    )
  }

  let title = field.text('title')
  if (title === undefined) {
    // Jekyll titles documents and posts from their file name; pages may have none.
    title = kind.type === 'page' ? '' : defaultTitle(name)
    if (kind.type !== 'page' && (values.title === undefined || values.title === null)) {
      diagnostics.warn(
        path,
        fm.at('title'),
        `no title: "${title}", from the file name, as Jekyll does; add \`title: ...\` to choose it`,
        'no-title',
      )
    }
  }

  const lang = resolveLang(file, fm, values, config, diagnostics)

  let time: number | undefined
  if (values.date !== undefined && values.date !== null) {
    const written =
      fm.sourceOf('date') ??
      (values.date instanceof Date ? values.date.toISOString() : String(values.date))
    time = parseDate(written, config.timezone)
    if (time === undefined) {
      diagnostics.error(
        path,
        fm.at('date'),
        `unparsable date "${written}": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200`,
      )
    }
    warnRolledOver(written, path, fm.at('date'), diagnostics)
  } else if (fileName) {
    const written = `${fileName.date.year}-${fileName.date.month}-${fileName.date.day}`
    time = parseDate(written, config.timezone)
    warnRolledOver(written, path, { line: 1, col: 1 }, diagnostics, /^\d+-\d+-\d+/.exec(name)?.[0])
  } else if (kind.type === 'draft') {
    time = file.mtimeMs
  }

  const langRef = translationGroup(path, fm, values, config.translationKey, diagnostics)

  const tags = field.tags('tags')
  const redirectFrom = field.tags('redirect_from').filter((from) => from.length > 0)
  const description = field.text('description')
  const author = field.text('author')
  const twitter = field.text('twitter')?.replace(/^@/, '')
  const image = field.text('image')
  const slug = field.text('slug')
  // Read for its type only: categoriesOf builds the list.
  field.tags(values.categories !== undefined ? 'categories' : 'category')
  const stem = fileName?.title ?? name.slice(0, name.length - ext.length)
  const template =
    field.text('permalink') ??
    (kind.type === 'page'
      ? pagePermalink(file.path, ext)
      : kind.type === 'doc'
        ? kind.collection.permalink
        : config.permalink)
  // A page's URL has only :path, :basename and :output_ext (Jekyll's Page#url_placeholders).
  const unknown =
    kind.type === 'page' ? pageUnknownPlaceholders(template) : unknownPlaceholders(template)
  for (const name of unknown) {
    // Jekyll leaves a page's unknown placeholder as written, and fails on a document's.
    if (kind.type === 'page') {
      diagnostics.warn(
        path,
        fm.at('permalink'),
        `${name} is no placeholder of a page's permalink (only :path, :basename and :output_ext are): kept as written in the URL, as Jekyll keeps it`,
        'page-placeholder',
      )
    } else diagnostics.error(path, fm.at('permalink'), `unknown permalink placeholder ${name}`)
  }
  if (time === undefined && kind.type === 'doc' && usesDate(template)) {
    // Jekyll dates an undated document by site.time, the build's start: its URL moves each year.
    time = siteTime
    diagnostics.warn(
      path,
      fm.at('date'),
      `no date for the permalink's date: the build's (${new Date(siteTime).toISOString().slice(0, 10)}) is used, as Jekyll uses site.time, so the URL changes with the build; add \`date: YYYY-MM-DD\` or date the file name`,
      'undated',
    )
  }

  if (diagnostics.errors.length > before || title === undefined) return undefined
  if ((kind.type === 'post' || kind.type === 'draft') && time === undefined) return undefined
  if (values.published === false) return 'unpublished'

  const url: Permalink = expandPermalink(
    template,
    {
      date: partsInZone(time ?? 0, config.timezone),
      title: stem,
      basename: name.slice(0, name.length - ext.length),
      path: documentPath(file.path, ext, kind),
      slug,
      categories:
        kind.type === 'post' || kind.type === 'draft' ? categoriesOf(file.path, values) : [],
      lang,
      collection: kind.type === 'doc' ? kind.collection.name : 'posts',
      outputExt: '.html',
    },
    kind.type === 'page' ? PAGE_PLACEHOLDERS : undefined,
  )

  const extra: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fm.data)) if (!KNOWN_KEYS.has(key)) extra[key] = value

  return {
    record: {
      ...(kind.type === 'page' && { kind: 'page' as const }),
      ...(kind.type === 'doc' && { kind: 'doc' as const, collection: kind.collection.name }),
      url,
      lang,
      title,
      date: time === undefined ? '' : new Date(time).toISOString(),
      ...(description !== undefined && { description }),
      ...bodyFacts(parsed.body, format, description),
      tags,
      ...(author !== undefined && { author }),
      ...(langRef !== undefined && { langRef }),
      source: file.path,
      format,
      body: parsed.body,
      ...(image !== undefined && { image }),
      ...(twitter !== undefined && { twitter }),
      extra,
    },
    time: time ?? 0,
    file,
    at: fm.at,
    ...(typeof values.layout === 'string' && { layout: values.layout }),
    ...(redirectFrom.length > 0 && { redirectFrom }),
    values,
    stem,
  }
}

/** What a record says of its body: the excerpt (unless described) and the reading time. */
export function bodyFacts(
  body: string,
  format: 'markdown' | 'html',
  description?: string,
): { excerpt?: string; readingMinutes: number } {
  const excerpt =
    description || firstParagraph(format === 'markdown' ? body : body.replace(/<[^>]+>/g, '\n\n'))
  const minutes =
    format === 'markdown' ? readingMinutes(body) : readingMinutes(body.replace(/<[^>]+>/g, ' '))
  return { ...(excerpt !== undefined && { excerpt }), readingMinutes: minutes }
}

// Jekyll's default page permalink: `/:path/:basename:output_ext`, an index being its folder.
function pagePermalink(path: string, ext: string): string {
  const withoutExt = path.slice(0, path.length - ext.length)
  if (withoutExt === 'index' || withoutExt.endsWith('/index'))
    return `/${withoutExt.slice(0, -'index'.length)}`
  return `/${withoutExt}.html`
}

// `:path` of a collection document: its path inside `_<collection>/`, without extension.
function documentPath(path: string, ext: string, kind: DocumentKind): string {
  const withoutExt = path.slice(0, path.length - ext.length)
  // A page's `:path` is its folder (Jekyll's Page @dir).
  if (kind.type === 'page') return path.slice(0, path.lastIndexOf('/') + 1)
  if (kind.type !== 'doc') return withoutExt
  const prefix = `_${kind.collection.name}/`
  return withoutExt.startsWith(prefix) ? withoutExt.slice(prefix.length) : withoutExt
}

// Jekyll's Page#url_placeholders: a page's other placeholders stay as written.
const PAGE_PLACEHOLDERS: ReadonlySet<string> = new Set(['path', 'basename', 'output_ext'])

function pageUnknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/:([a-z_]+)/g)]
    .map(([, name = '']) => name)
    .filter(
      (name) => !PAGE_PLACEHOLDERS.has(name) && !PAGE_PLACEHOLDERS.has(name.replace(/_+$/, '')),
    )
    .map((name) => `:${name}`)
}

/** Ruby's Time.parse rolls `2019-02-30` over to March 2nd, and so does Jekyll: say so. */
function warnRolledOver(
  written: string,
  path: string,
  at: Position,
  diagnostics: DiagnosticList,
  shown = written,
): void {
  const date = rolledOver(written)
  if (date === undefined) return
  diagnostics.warn(
    path,
    at,
    `${shown} is not a calendar date: read as ${date}, as Jekyll (Ruby's Time.parse) reads it`,
    'date-rolled-over',
  )
}

function usesDate(template: string): boolean {
  return /:(year|short_year|month|i_month|short_month|long_month|day|i_day|y_day|short_day|long_day|week|hour|minute|second)\b/.test(
    template,
  )
}

/** The `defaults` values that apply to a document at `path`, the most specific scope winning. */
export function defaultsFor(
  path: string,
  config: SiteConfig,
  type = 'posts',
): Record<string, unknown> {
  const matching = config.defaults
    .filter((d) => (d.type === undefined || d.type === type) && inScope(path, d.path))
    .sort((a, b) => a.path.length - b.path.length)
  return Object.assign({}, ...matching.map((d) => d.values))
}

function inScope(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}/`)
}

/** A post's language: front matter, then `defaults`, then a top folder naming a language, then the site's. */
function resolveLang(
  file: SourceFile,
  fm: YamlMapping,
  values: Record<string, unknown>,
  config: SiteConfig,
  diagnostics: DiagnosticList,
): Lang {
  const declared = config.languages
  const key = langKey(fm.data)
  const written = key === undefined ? undefined : fm.data[key]
  const own = typeof written === 'string' ? written : undefined
  const fallback = () =>
    langValue(values) ?? langOfFolders(file.path, declared) ?? config.defaultLang
  if (key !== undefined && own === undefined) {
    diagnostics.warn(
      file.displayPath,
      fm.at(key),
      `${key} is not a language code such as fr or en: ${fallback()} is used (quote it: YAML reads no as false)`,
      'lang-value',
    )
    return fallback()
  }
  const chosen = own ?? langValue(values)
  if (chosen !== undefined) {
    const lang = normalizeLang(chosen)
    if (isKnownLang(chosen, declared)) return lang
    if (/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(lang)) {
      diagnostics.warn(
        file.displayPath,
        fm.at(key ?? 'lang'),
        `unknown language code "${chosen}", used as written: declare it in languages of _config.yml, or use an ISO 639-1 code`,
        'unknown-lang',
      )
      return lang
    }
    const other = langOfFolders(file.path, declared) ?? config.defaultLang
    diagnostics.warn(
      file.displayPath,
      fm.at(key ?? 'lang'),
      `"${chosen}" is not a language tag such as fr or pt-br: ${other} is used`,
      'lang-value',
    )
    return other
  }
  return langOfFolders(file.path, declared) ?? config.defaultLang
}

function categoriesOf(path: string, values: Record<string, unknown>): string[] {
  // As Jekyll: folders above `_posts/` are categories, folders inside it are not.
  const dirs = path.split('/').slice(0, -1)
  const special = dirs.findIndex((d) => d === '_posts' || d === '_drafts')
  const folders = dirs.slice(0, special >= 0 ? special : dirs.length)
  const own = values.categories ?? values.category
  const listed = Array.isArray(own)
    ? own.map(String)
    : typeof own === 'string'
      ? own.split(/\s+/)
      : []
  return [...folders, ...listed].filter((c) => c !== '')
}

function fieldReader(
  path: string,
  fm: YamlMapping,
  values: Record<string, unknown>,
  diagnostics: DiagnosticList,
) {
  return {
    /** A scalar the author may write as text or number. */
    text(key: string): string | undefined {
      const v = values[key]
      if (v === undefined || v === null) return undefined
      if (typeof v === 'string') return v.trim()
      if (typeof v === 'number') return String(v)
      if (typeof v === 'boolean' || v instanceof Date) {
        const text = fm.sourceOf(key) ?? String(v)
        diagnostics.warn(path, fm.at(key), `${key} is not text: "${text}" is used`, 'field-type')
        return text
      }
      diagnostics.warn(
        path,
        fm.at(key),
        `${key} is a list or a mapping, not text: it is ignored`,
        'field-type',
      )
      return undefined
    },
    /** Tags: a list, or a space-separated string, as Jekyll accepts. */
    tags(key: string): string[] {
      const v = values[key]
      if (v === undefined || v === null) return []
      if (typeof v === 'string') return [...new Set(v.split(/\s+/).filter(Boolean))]
      if (Array.isArray(v) && v.every((t) => typeof t === 'string' || typeof t === 'number')) {
        return [...new Set(v.map((t) => String(t).trim()).filter(Boolean))]
      }
      diagnostics.warn(
        path,
        fm.at(key),
        `${key} is neither a list nor a space-separated string: it is ignored`,
        'field-type',
      )
      return []
    },
  }
}

/** The front-matter key naming a language, as sites write it: `lang`, `locale` or `language`. */
function langKey(data: Record<string, unknown>): string | undefined {
  return ['lang', 'locale', 'language'].find((k) => data[k] !== undefined && data[k] !== null)
}

/** A language folder above or inside `_posts` (`en/_posts/`, `_posts/en/`). */
function langOfFolders(path: string, declared: readonly Lang[]): Lang | undefined {
  const top = langOfTopFolder(path, declared)
  if (top) return top
  const inside = /(?:^|\/)_(?:posts|drafts)\/([^/]+)\//.exec(path)?.[1]
  return inside ? langOfTopFolder(`${inside}/x`, declared) : undefined
}

/**
 * The translation group of a document, from the site's translation key (`lang-ref` unless
 * `kiosque.translation_key` says otherwise). Jekyll compares such values as they are, so a
 * number or a date groups by its text.
 */
function translationGroup(
  path: string,
  fm: YamlMapping,
  values: Record<string, unknown>,
  key: string,
  diagnostics: DiagnosticList,
): string | undefined {
  const value = values[key]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') {
    if (value.trim() !== '') return value.trim()
    diagnostics.warn(
      path,
      fm.at(key),
      `${key} is empty: this file is in no translation group`,
      'translation-key',
    )
    return undefined
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    const text = fm.sourceOf(key) ?? String(value)
    diagnostics.warn(
      path,
      fm.at(key),
      `${key} is not text: "${text}" is used; quote it to say so, e.g. ${key}: "${text}"`,
      'translation-key',
    )
    return text
  }
  diagnostics.warn(
    path,
    fm.at(key),
    `${key} is a list or a mapping: this file is in no translation group`,
    'translation-key',
  )
  return undefined
}
