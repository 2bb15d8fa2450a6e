import { createHash } from 'node:crypto'
import { manifestKey, postKey } from '../model/keys'
import { generatedBy } from '../model/paths'
import type {
  ContentVersion,
  Manifest,
  PostSummary,
  RecordKey,
  RedirectRule,
  SiteSettings,
} from '../model/types'
import { parseConfig, type SiteConfig } from './config'
import { securitySettings } from './csp'
import { readData, siteData } from './data'
import { detectLanguage } from './detect-lang'
import { ContentError, type Diagnostic, DiagnosticList, type Position } from './diagnostics'
import { isFilteredOut } from './entry-filter'
import { langOfTopFolder } from './language'
import { resolveLiquidInDocuments } from './liquid-documents'
import { readNav } from './nav'
import {
  isPaginatedByV2,
  type PaginatorPage,
  paginationFolder,
  paginatorRedirects,
} from './paginator'
import { unlinkableCharacter } from './permalink'
import { rubyPluginWarnings } from './plugins'
import { type DocumentKind, type Post, readDocument, readPost, type SourceFile } from './post'
import { parseRedirects } from './redirects'
import { buildSearchIndex } from './search-index'
import { type Theme, themeOf } from './theme'
import { readUiStrings } from './ui-strings'

/** The content folder as the build sees it, before validation. */
export interface ContentTree {
  /** `_config.yml`; a site without one gets every default. */
  config?: SourceFile
  posts: SourceFile[]
  drafts: SourceFile[]
  /** Markdown and HTML files with front matter outside `_` folders: Jekyll pages. */
  pages: SourceFile[]
  /** Files of root `_<name>/` folders; those of `output: true` collections are published. */
  collections: SourceFile[]
  /** The `_redirects` file at the content root (Netlify / Cloudflare Pages format). */
  redirects?: SourceFile
  /** Files of `_data/` Jekyll reads: YAML, JSON, CSV and TSV, in nested folders. */
  data: SourceFile[]
  /** Static files, relative to the content root. */
  assets: string[]
  /** Ruby files of `_plugins/`, which Kiosque does not run. */
  rubyPlugins?: { path: string; displayPath: string }[]
}

/** A content tree with nothing in it yet, for the scan (and tests) to fill. */
export function emptyTree(): ContentTree {
  return { posts: [], drafts: [], pages: [], collections: [], data: [], assets: [] }
}

/** One key and value to write to KV. */
export interface KvEntry {
  key: RecordKey
  value: string
}

/** What a successful build produces. */
export interface SiteBuild {
  version: ContentVersion
  manifest: Manifest
  /** Every KV entry of this version: the posts, then the manifest last. */
  entries: KvEntry[]
  assets: string[]
  warnings: Diagnostic[]
  skipped: { unpublished: number }
  /** The theme's stylesheet, written among the static assets. */
  theme: Theme
  /** Posts dated after the build: published, and shown by the worker from their date on. */
  scheduled: number
  /** `site.data`, the parsed `_data/` files. Not written to KV yet: Liquid templates will read it. */
  data: Record<string, unknown>
}

/** The site's own icon among its static files, the one browsers would find at its root. */
function favicon(assets: string[]): string | undefined {
  const found = ['favicon.svg', 'favicon.ico', 'favicon.png'].find((name) => assets.includes(name))
  return found && `/${found}`
}

/** KV refuses values over 25 MiB. */
export const MAX_VALUE_BYTES = 25 * 1024 * 1024

/**
 * Validates the whole content tree and turns it into KV entries. Throws a ContentError listing
 * every error found, so that nothing is written from an invalid folder.
 * @example buildSite(await scanContent('content'), { now: Date.now(), drafts: false })
 */
export function buildSite(
  tree: ContentTree,
  options: {
    now: number
    drafts: boolean
    theme?: Theme
    strict?: boolean
    /** A drafts preview: drafts and future posts are marked, shown only with a preview token. */
    draftsByToken?: boolean
  },
): SiteBuild {
  const diagnostics = new DiagnosticList()
  const parsed = tree.config
    ? parseConfig(tree.config.displayPath, tree.config.text, diagnostics)
    : parseConfig('_config.yml', '', diagnostics)
  if (options.strict || parsed?.strict) diagnostics.makeStrict()
  rubyPluginWarnings(tree.rubyPlugins ?? [], diagnostics)
  if (!parsed) throw new ContentError(diagnostics.errors)
  const config = parsed.langDeclared ? parsed : withDetectedLang(parsed, tree, diagnostics)

  const collectionNames = new Set(config.collections.map((c) => `_${c.name}`))
  // Jekyll walks its own folders (`_posts`, `_drafts`, `_<collection>`) whatever their names.
  const kept = (path: string) =>
    !isFilteredOut(
      path,
      config,
      (i, name) =>
        name === '_posts' || name === '_drafts' || (i === 0 && collectionNames.has(name)),
    )
  const skipped = { unpublished: 0 }
  const posts: Post[] = []
  const sources = [
    ...tree.posts.filter((f) => kept(f.path)).map((f) => ['post', f] as const),
    ...(options.drafts
      ? tree.drafts.filter((f) => kept(f.path)).map((f) => ['draft', f] as const)
      : []),
  ].sort((a, b) => a[1].path.localeCompare(b[1].path))
  for (const [kind, file] of sources) {
    const result = readPost(file, kind, config, diagnostics)
    if (result === 'unpublished') skipped.unpublished++
    else if (result) {
      // Marked so that a drafts preview can tell them from the posts readers see.
      if (kind === 'draft') result.record.draft = true
      posts.push(result)
    }
  }
  const paginators: PaginatorPage[] = []
  const pages = readPages(tree, config, kept, diagnostics, options.now, paginators)
  resolveLiquidInDocuments(
    [...posts, ...pages.filter((p) => p.record.kind === 'doc')],
    {
      posts,
      pages: tree.pages.filter((f) => kept(f.path)),
      documents: pages.filter((p) => p.record.kind === 'doc'),
      assets: tree.assets.filter(kept),
    },
    config,
    diagnostics,
  )
  // Undeclared languages come in the order of their newest post.
  const byDate = [...posts, ...pages].sort(
    (a, b) => b.time - a.time || a.record.url.localeCompare(b.record.url),
  )
  const languages = [...new Set([...config.languages, ...byDate.map((p) => p.record.lang)])]
  if (!languages.includes(config.defaultLang)) languages.unshift(config.defaultLang)
  const urls = { languages, collections: config.collections.filter((c) => c.output) }
  const served = pages.filter((page) => {
    const generated = generatedBy(urls, page.record.url)
    if (generated) {
      diagnostics.warn(
        page.file.displayPath,
        { line: 1, col: 1 },
        `not served: Kiosque generates ${page.record.url} itself (${generated})`,
        'generated-url',
      )
    }
    return !generated
  })
  checkAcrossPosts([...posts, ...served], config.translationKey, diagnostics)
  warnOtherTranslationKeys([...posts, ...served], config, tree.config?.displayPath, diagnostics)

  const entries: KvEntry[] = []
  const summaries: PostSummary[] = []
  const pageSummaries: PostSummary[] = []
  for (const post of [...posts, ...served]) {
    const value = JSON.stringify(post.record)
    const bytes = Buffer.byteLength(value)
    if (bytes > MAX_VALUE_BYTES) {
      diagnostics.error(
        post.file.displayPath,
        { line: 1, col: 1 },
        `post is ${(bytes / 1048576).toFixed(1)} MiB, over KV's 25 MiB value limit: split it or move media to static files`,
      )
      continue
    }
    const key = postKey(hash(value, 32))
    entries.push({ key, value })
    const { format: _f, body: _b, image: _i, twitter: _t, extra: _e, ...summary } = post.record
    ;(summary.kind === undefined ? summaries : pageSummaries).push({ key, ...summary })
  }
  if (diagnostics.errors.length > 0) throw new ContentError(diagnostics.errors)

  summaries.sort((a, b) =>
    a.date === b.date ? a.url.localeCompare(b.url) : a.date < b.date ? 1 : -1,
  )
  const data = readData(tree.data, diagnostics)
  const strings = readUiStrings(data, diagnostics)
  const security = securitySettings(
    tree.config?.displayPath ?? '_config.yml',
    config.source,
    [...posts, ...served],
    diagnostics,
  )
  const redirects = [
    ...(tree.redirects
      ? parseRedirects(tree.redirects.displayPath, tree.redirects.text, diagnostics)
      : []),
  ]
  redirects.push(...redirectsFrom([...posts, ...served], redirects, diagnostics))
  const postsPerLang: Record<string, number> = {}
  for (const post of posts)
    postsPerLang[post.record.lang] = (postsPerLang[post.record.lang] ?? 0) + 1
  // `_redirects` and redirect_from win over what Kiosque adds for paginators.
  const claimed = new Set(redirects.map((r) => r.from))
  redirects.push(
    ...paginatorRedirects(paginators, config, languages, postsPerLang).filter(
      (r) => !claimed.has(r.from),
    ),
  )
  if (diagnostics.errors.length > 0) throw new ContentError(diagnostics.errors)
  const theme = options.theme ?? themeOf('')
  // Future posts are published now and shown from their date on, decided per request.
  // A drafts preview keeps the live setting: the worker adds future posts only for a token.
  const gated = options.drafts && options.draftsByToken === true
  const future = config.future || (options.drafts && !gated)
  const scheduled = future ? 0 : posts.filter((p) => p.time > options.now).length
  const nav = readNav(data, languages, diagnostics)
  if (diagnostics.errors.length > 0) throw new ContentError(diagnostics.errors)
  const search = buildSearchIndex(
    [...posts, ...served].map((p) => p.record),
    languages,
  )
  entries.push(...search.entries)
  const manifest: Manifest = {
    format: 1,
    site: {
      ...siteSettings(config, languages, strings),
      future,
      ...(gated && { draftsByToken: true }),
      stylesheet: theme.path,
      // For layouts of the site's own (`site.kiosque.search_url`); other languages add `/<lang>`.
      searchUrl: '/search',
      favicon: favicon(tree.assets.filter(kept)) ?? theme.icon.path,
      nav,
      ...security,
    },
    posts: summaries,
    redirects,
    pages: pageSummaries.sort((a, b) => a.url.localeCompare(b.url)),
    search: search.roots,
  }
  const manifestValue = JSON.stringify(manifest)
  const version = hash(manifestValue, 20)
  entries.push({ key: manifestKey(version), value: manifestValue })
  return {
    version,
    manifest,
    entries,
    assets: tree.assets.filter(kept),
    warnings: diagnostics.warnings,
    skipped,
    scheduled,
    theme,
    data: siteData(data),
  }
}

/** Pages and documents of output collections; Liquid page templates are left to Jekyll. */
function readPages(
  tree: ContentTree,
  config: SiteConfig,
  kept: (path: string) => boolean,
  diagnostics: DiagnosticList,
  siteTime: number,
  paginators: PaginatorPage[],
): Post[] {
  const out: Post[] = []
  const collections = new Map(config.collections.filter((c) => c.output).map((c) => [c.name, c]))
  const files = [
    ...tree.pages.map((file) => ({ file, kind: { type: 'page' } as DocumentKind })),
    ...tree.collections.flatMap((file) => {
      const collection = collections.get(file.path.slice(1, file.path.indexOf('/')))
      return collection ? [{ file, kind: { type: 'doc', collection } as DocumentKind }] : []
    }),
  ]
  for (const { file, kind } of files) {
    if (!kept(file.path)) continue
    // Posts and documents get their Liquid resolved; a page is a template, left out for now.
    const liquid = kind.type === 'page' ? /\{%|\{\{/.exec(file.text) : null
    if (liquid) {
      const paginator = kind.type === 'page' ? paginatorOf(file, config, siteTime) : undefined
      if (paginator) {
        paginators.push(paginator.page)
        diagnostics.warn(
          file.displayPath,
          paginator.at,
          `not served until Kiosque renders Liquid: ${paginator.page.url} and its numbered pages, which a paginator fills, redirect (302) to Kiosque's listing of the same language and page`,
          'paginator',
        )
        continue
      }
      diagnostics.warn(
        file.displayPath,
        positionOf(file.text, liquid.index),
        'not served: a Liquid template, which Kiosque does not render yet; Jekyll renders it, and Kiosque will once it renders Liquid',
        'liquid',
      )
      continue
    }
    const result = readDocument(file, kind, config, diagnostics, siteTime)
    if (!result || result === 'unpublished') continue
    if (result.record.body.trim() === '' && result.layout !== undefined) {
      diagnostics.warn(
        file.displayPath,
        result.at('layout'),
        `not served: its content comes from its layout "${result.layout}", which Kiosque does not render yet`,
        'layout-content',
      )
      continue
    }
    out.push(result)
  }
  return out
}

/** A page that jekyll-paginate-v2 (front matter) or jekyll-paginate (paginate_path's folder) fills. */
function paginatorOf(
  file: SourceFile,
  config: SiteConfig,
  siteTime: number,
): { page: PaginatorPage; at: Position } | undefined {
  // Read for its URL and language only: the page itself is reported as a paginator.
  const read = readDocument(file, { type: 'page' }, config, new DiagnosticList(), siteTime)
  if (!read || read === 'unpublished') return undefined
  const page = { url: read.record.url, lang: read.record.lang }
  if (isPaginatedByV2(read.record.extra)) return { page, at: read.at('pagination') }
  const folder = paginationFolder(config.paginatePath)
  const v1 =
    folder !== undefined &&
    /(^|\/)index\.html$/.test(file.path) &&
    (page.url === folder || page.url === `/${page.lang}${folder}`)
  return v1 ? { page, at: { line: 1, col: 1 } } : undefined
}

/** A site whose config names no language gets the language its top-level posts are written in. */
function withDetectedLang(
  config: SiteConfig,
  tree: ContentTree,
  diagnostics: DiagnosticList,
): SiteConfig {
  const topLevel = tree.posts.filter((f) => langOfTopFolder(f.path, config.languages) === undefined)
  const detected = detectLanguage(topLevel.map((f) => f.text))
  if (!detected) {
    // With no top-level post to read, the default is the language of the first language folder.
    const folderLang =
      topLevel.length === 0 ? langOfTopFolder(tree.posts[0]?.path ?? '', []) : undefined
    return folderLang ? { ...config, defaultLang: folderLang } : config
  }
  diagnostics.warn(
    tree.config?.displayPath ?? '_config.yml',
    { line: 1, col: 1 },
    `no language set; the posts read as "${detected}": add \`lang: ${detected}\` to make it explicit`,
    'detected-lang',
  )
  return {
    ...config,
    defaultLang: detected,
    languages: [detected, ...config.languages.filter((l) => l !== detected)],
  }
}

/** Two posts may not share a URL, nor a language within one translation group. */
function checkAcrossPosts(
  posts: Post[],
  translationKey: string,
  diagnostics: DiagnosticList,
): void {
  const byUrl = new Map<string, Post>()
  const byRef = new Map<string, Post>()
  for (const post of posts) {
    const { url, lang, langRef } = post.record
    const sameUrl = byUrl.get(url)
    if (sameUrl) {
      diagnostics.error(
        post.file.displayPath,
        post.at('permalink'),
        `URL ${url} is already the URL of ${sameUrl.file.displayPath}:${sameUrl.at('permalink').line}:${sameUrl.at('permalink').col}: change one post's permalink or file name`,
      )
    } else byUrl.set(url, post)
    const unlinkable = unlinkableCharacter(url)
    if (unlinkable) {
      diagnostics.error(
        post.file.displayPath,
        post.at('permalink'),
        `URL ${url} contains "${unlinkable}", which links cannot carry: remove it from the categories, slug or permalink`,
      )
    }
    if (langRef === undefined) continue
    const refKey = `${lang}\u0000${langRef}`
    const sameRef = byRef.get(refKey)
    if (sameRef) {
      const first = sameRef.at(translationKey)
      diagnostics.error(
        post.file.displayPath,
        post.at(translationKey),
        `${translationKey} "${langRef}" is already used by ${sameRef.file.displayPath}:${first.line}:${first.col} in language ${lang}: a translation group has one version per language`,
      )
    } else byRef.set(refKey, post)
  }
}

function siteSettings(
  config: SiteConfig,
  languages: string[],
  strings: SiteSettings['strings'],
): Omit<SiteSettings, 'stylesheet' | 'nav'> {
  return {
    title: config.title,
    description: config.description,
    url: config.url,
    baseurl: config.baseurl,
    defaultLang: config.defaultLang,
    languages,
    perPage: config.perPage,
    timezone: config.timezone,
    future: config.future,
    paginatePath: config.paginatePath,
    listUntranslated: config.listUntranslated,
    collections: config.collections
      .filter((c) => c.output)
      .map(({ name, title }) => ({ name, title })),
    strings,
    titles: config.titles,
    descriptions: config.descriptions,
  }
}

function hash(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length)
}

function positionOf(text: string, index: number): Position {
  const before = text.slice(0, index)
  const line = before.split('\n').length
  return { line, col: index - before.lastIndexOf('\n') }
}

// Keys other sites group translations with: named when used but not chosen.
const OTHER_TRANSLATION_KEYS = ['lang-ref', 'ref', 'translation_key', 'page_id']

/** A site grouping its translations with another key than Kiosque's is told which, once. */
function warnOtherTranslationKeys(
  posts: readonly Post[],
  config: SiteConfig,
  configPath: string | undefined,
  diagnostics: DiagnosticList,
): void {
  if (posts.some((p) => p.record.langRef !== undefined)) return
  for (const key of OTHER_TRANSLATION_KEYS) {
    if (key === config.translationKey) continue
    const users = posts.filter((p) => p.record.extra[key] !== undefined)
    if (users.length < 2) continue
    diagnostics.warn(
      configPath ?? '_config.yml',
      { line: 1, col: 1 },
      `${users.length} files have \`${key}\` (${users[0]?.file.displayPath}…) and none \`${config.translationKey}\`: translations are not linked; add \`kiosque: { translation_key: ${key} }\` if ${key} groups them`,
      'translation-key-other',
    )
    return
  }
}

/**
 * jekyll-redirect-from's `redirect_from`: each old path answers a 301 to the document, whatever
 * else is there (Jekyll writes the redirect page over it). An old path claimed by two documents
 * is an error, naming both; one that `_redirects` already has gives way to it.
 */
function redirectsFrom(
  posts: readonly Post[],
  existing: readonly RedirectRule[],
  diagnostics: DiagnosticList,
): RedirectRule[] {
  const rules: RedirectRule[] = []
  const claimed = new Map<string, Post>()
  const urls = new Set(posts.map((p) => p.record.url))
  for (const post of posts) {
    const at = post.at('redirect_from')
    for (const written of post.redirectFrom ?? []) {
      const path = post.file.displayPath
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written) || written.startsWith('//')) {
        diagnostics.warn(
          path,
          at,
          `redirect_from ${written}: a URL on another host is not redirected`,
          'redirect-from',
        )
        continue
      }
      const from = `/${written.replace(/^\/+/, '')}`
      if (/(?:^|\/):|\*/.test(from) || /[?#]/.test(from)) {
        diagnostics.warn(
          path,
          at,
          `redirect_from ${written} is not redirected: Kiosque's redirects read :name, * , ? and # as patterns`,
          'redirect-from',
        )
        continue
      }
      const other = claimed.get(from)
      if (other) {
        const first = other.at('redirect_from')
        diagnostics.error(
          path,
          at,
          `redirect_from ${from} is also claimed by ${other.file.displayPath}:${first.line}:${first.col}: keep it in one of them`,
        )
        continue
      }
      claimed.set(from, post)
      if (existing.some((r) => r.from === from)) {
        diagnostics.warn(
          path,
          at,
          `redirect_from ${from}: the rule of _redirects for it applies`,
          'redirect-from',
        )
        continue
      }
      if (urls.has(from)) {
        diagnostics.warn(
          path,
          at,
          `redirect_from ${from} is the URL of another page: visitors are redirected from it, as with Jekyll`,
          'redirect-from',
        )
      }
      rules.push({ from, to: encodeURI(post.record.url), status: 301, force: true })
    }
  }
  return rules
}
