import type { Lang } from '../model/types'
import { isKnownTimeZone } from './dates'
import type { DiagnosticList } from './diagnostics'
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from './entry-filter'
import { isKnownLang, normalizeLang } from './language'
import { unknownPlaceholders } from './permalink'
import { pluginWarnings } from './plugins'
import { parseYamlMapping, type YamlMapping } from './yaml-source'

/** One entry of `_config.yml` `defaults`: values applied to files under `path`. */
export interface DefaultRule {
  /** Folder prefix, without leading or trailing slash; '' matches everything. */
  path: string
  /** Jekyll's scope type (`posts`, `pages`, a collection); undefined matches every type. */
  type?: string
  values: Record<string, unknown>
}

/** One collection of `_config.yml` `collections:`. */
export interface CollectionConfig {
  name: string
  output: boolean
  /** Its documents' permalink template; Jekyll's default is `/:collection/:path:output_ext`. */
  permalink: string
  /** How listings name it: its `title`, else its name. */
  title: string
}

/** The site's settings as the build uses them. */
export interface SiteConfig {
  title: string
  description: string
  url: string
  /** `baseurl`, the sub-path the site is served under: `/blog`, or empty. */
  baseurl: string
  permalink: string
  defaults: DefaultRule[]
  future: boolean
  perPage: number
  /** URL pattern of listing pages after the first, with `:num`: `/page:num/`. */
  paginatePath: string
  timezone: string
  defaultLang: Lang
  /** False when `_config.yml` names no language and `defaultLang` is only a fallback. */
  langDeclared: boolean
  /** Collections of `_config.yml`, documents in `_<name>/`; only `output: true` ones are served. */
  collections: CollectionConfig[]
  /** `kiosque.strict`: warnings are errors, as with Jekyll's `strict_front_matter`. */
  strict: boolean
  /** `kiosque.translation_key`: the front-matter key that groups translations (`lang-ref`). */
  translationKey: string
  /** `kiosque.list_untranslated`: listings also show other languages' untranslated posts. */
  listUntranslated: boolean
  /** Languages declared in `languages:`, the default first. */
  languages: Lang[]
  exclude: string[]
  include: string[]
  titles: Record<Lang, string>
  descriptions: Record<Lang, string>
  /** `_config.yml` as Jekyll reads it, for Liquid's `site.*`. */
  site: Readonly<Record<string, unknown>>
  /** `_config.yml` as parsed, with positions: the one parse later checks (kiosque.csp) read. */
  source: YamlMapping
}

// Jekyll's default (configuration.rb): the `date` style, `/:categories/:year/:month/:day/:title:output_ext`.
const DEFAULT_PERMALINK = 'date'

// The origin of absolute links for a site without `url`: `npm run dev`'s.
const DEFAULT_URL = 'http://127.0.0.1:8787'

/** Parses and validates `_config.yml`; every problem is reported with its position. */
export function parseConfig(
  path: string,
  text: string,
  diagnostics: DiagnosticList,
): SiteConfig | undefined {
  const before = diagnostics.errors.length
  const yaml = parseYamlMapping(path, text, 1, diagnostics)
  if (!yaml) return undefined
  const { data } = yaml
  const str = (key: string, fallback: string): string => {
    const v = data[key]
    if (v === undefined || v === null) return fallback
    if (typeof v === 'string' || typeof v === 'number') return String(v).trim()
    diagnostics.warn(path, yaml.at(key), `${key} is not text: it is ignored`, 'config-type')
    return fallback
  }
  // Jekyll fails on an `include` or `exclude` that is not a list (check_include_exclude).
  const list = (key: string): string[] => {
    const v = data[key]
    if (v === undefined || v === null) return []
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v
    diagnostics.error(path, yaml.at(key), `${key} must be a list of strings, as Jekyll requires`)
    return []
  }

  // As in Jekyll, `url` is prepended to absolute URLs and `baseurl` is the sub-path the site is
  // served under (`jekyll serve` mounts it there): `{{ site.url }}{{ site.baseurl }}{{ page.url }}`.
  let url = str('url', DEFAULT_URL).replace(/\/+$/, '')
  const baseurl = str('baseurl', '').replace(/^\/*/, '/').replace(/\/+$/, '')
  if (!/^(\/[^/?#\\\s%]+)*$/.test(baseurl) || /\/\.\.?(\/|$)/.test(baseurl)) {
    diagnostics.error(
      path,
      yaml.at('baseurl'),
      `baseurl ${JSON.stringify(baseurl)} must be a path such as /blog, without ?, #, % or spaces`,
    )
  }
  // Jekyll takes any url and pastes it before links; Kiosque's feeds, sitemap and canonical
  // links need an origin, so they get the one a site without url gets.
  if (url === '') url = DEFAULT_URL
  else if (!/^https?:\/\/[^/\s?#]+$/.test(url)) {
    diagnostics.warn(
      path,
      yaml.at('url'),
      `url ${JSON.stringify(url)} is not an origin such as https://example.org: absolute links use ${DEFAULT_URL}, as for a site without url, until you set it`,
      'config-url',
    )
    url = DEFAULT_URL
  }

  const permalink = str('permalink', DEFAULT_PERMALINK)
  for (const name of unknownPlaceholders(permalink)) {
    diagnostics.error(path, yaml.at('permalink'), `unknown permalink placeholder ${name}`)
  }

  let timezone = str('timezone', 'UTC')
  if (!isKnownTimeZone(timezone)) {
    // Jekyll sets TZ to it, and the C library reads a zone it does not know as UTC.
    diagnostics.warn(
      path,
      yaml.at('timezone'),
      `unknown timezone "${timezone}": dates are read in UTC, as Jekyll (Ruby) reads them; use an IANA name such as Europe/Paris`,
      'config-timezone',
    )
    timezone = 'UTC'
  }

  // Ruby's truthiness: anything but false and nil is true.
  const future = data.future !== undefined && data.future !== null && data.future !== false
  if (future && data.future !== true) {
    diagnostics.warn(
      path,
      yaml.at('future'),
      `future is not true or false: ${JSON.stringify(data.future)} is read as true, as Jekyll reads it`,
      'config-type',
    )
  }

  const defaults = parseDefaults(path, data.defaults, yaml.at('defaults'), diagnostics)
  const perPage = parsePerPage(path, data, yaml.at('paginate'), diagnostics)
  const paginatePath = parsePaginatePath(path, data, yaml, diagnostics)

  const declared = readLanguages(path, data.languages, yaml.at('languages'), diagnostics)
  const rootDefault = defaults.find((d) => d.path === '' && langValue(d.values) !== undefined)
  // jekyll-polyglot names the default `default_lang`; other sites use `lang` or `locale`.
  const langKeyName = ['default_lang', 'lang', 'locale'].find(
    (k) => data[k] !== undefined && data[k] !== null,
  )
  const configLang = langKeyName === undefined ? undefined : data[langKeyName]
  if (langKeyName !== undefined && typeof configLang !== 'string') {
    diagnostics.warn(
      path,
      yaml.at(langKeyName),
      `${langKeyName} is not a language code such as fr or en: it is ignored (quote it: YAML reads no as false)`,
      'config-lang',
    )
  }
  let defaultLang: Lang = 'en'
  let langDeclared = true
  const rootLang = rootDefault ? langValue(rootDefault.values) : undefined
  if (rootLang !== undefined) defaultLang = normalizeLang(rootLang)
  else if (typeof configLang === 'string') defaultLang = normalizeLang(configLang)
  else if (declared[0]) defaultLang = declared[0]
  else langDeclared = false
  if (!isKnownLang(defaultLang, declared)) {
    diagnostics.warn(
      path,
      yaml.at(rootLang === undefined ? (langKeyName ?? 'languages') : 'defaults'),
      `unknown language code "${defaultLang}", used as written: declare it in languages, or use an ISO 639-1 code`,
      'unknown-lang',
    )
  }
  // An undeclared default is only a fallback: it must not add a language no post is written in.
  const languages = langDeclared ? [defaultLang, ...declared.filter((l) => l !== defaultLang)] : []

  const perLang = (prefix: string): Record<Lang, string> => {
    const out: Record<Lang, string> = {}
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith(prefix) && typeof value === 'string')
        out[normalizeLang(key.slice(prefix.length))] = value.trim()
    }
    return out
  }

  const collections = parseCollections(path, data.collections, yaml.at('collections'), diagnostics)
  pluginWarnings(path, data, yaml.at, diagnostics)
  const kiosque = readKiosqueOptions(path, data.kiosque, yaml.at('kiosque'), diagnostics)

  const exclude = [...list('exclude'), ...DEFAULT_EXCLUDE]
  const include = data.include === undefined ? DEFAULT_INCLUDE : list('include')
  if (diagnostics.errors.length > before) return undefined
  return {
    site: data,
    source: yaml,
    collections,
    ...kiosque,
    title: str('title', 'Kiosque'),
    description: str('description', ''),
    url,
    baseurl,
    permalink,
    defaults,
    future,
    perPage,
    paginatePath,
    timezone,
    defaultLang,
    langDeclared,
    languages,
    exclude,
    include,
    titles: perLang('title_'),
    descriptions: perLang('description_'),
  }
}

// Folders Jekyll gives a meaning of its own: never collections.
const RESERVED = new Set([
  'posts',
  'drafts',
  'data',
  'layouts',
  'includes',
  'sass',
  'site',
  'plugins',
])

function parseCollections(
  path: string,
  value: unknown,
  at: { line: number; col: number },
  diagnostics: DiagnosticList,
): CollectionConfig[] {
  if (value === undefined || value === null) return []
  // Jekyll accepts a list of names (not output) or a mapping of name → options.
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((name) => [String(name), {}])
    : typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
      : []
  // Jekyll reads no collection out of another shape, and goes on.
  const skip = (message: string) =>
    diagnostics.warn(path, at, `${message}: no collection is read from it`, 'config-collections')
  if (entries.length === 0 && !Array.isArray(value) && typeof value !== 'object') {
    skip('collections is neither a list of names nor a mapping of name: { output, permalink }')
  }
  const out: CollectionConfig[] = []
  for (const [name, raw] of entries) {
    const options = (raw ?? {}) as Record<string, unknown>
    if (name === 'posts') continue // Jekyll's own collection, configured by permalink
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name) || RESERVED.has(name)) {
      skip(`"${name}" cannot be a collection name, Jekyll gives _${name} a meaning of its own`)
      continue
    }
    if (typeof options !== 'object' || Array.isArray(options)) {
      skip(`collections.${name} is not a mapping such as { output: true }`)
      continue
    }
    const { permalink = '/:collection/:path:output_ext', title = name } = options
    // Ruby's truthiness, as for every flag Jekyll reads.
    const output =
      options.output !== undefined && options.output !== null && options.output !== false
    if (typeof permalink !== 'string' || typeof title !== 'string') {
      skip(`collections.${name}: permalink and title must be text`)
      continue
    }
    for (const placeholder of unknownPlaceholders(permalink)) {
      diagnostics.error(
        path,
        at,
        `collections.${name}: unknown permalink placeholder ${placeholder}`,
      )
    }
    out.push({ name, output, permalink, title })
  }
  return out
}

/** The language a set of front-matter values names, through `lang`, `locale` or `language`. */
export function langValue(values: Record<string, unknown>): string | undefined {
  const v = values.lang ?? values.locale ?? values.language
  return typeof v === 'string' ? v : undefined
}

function parseDefaults(
  path: string,
  value: unknown,
  at: { line: number; col: number },
  diagnostics: DiagnosticList,
): DefaultRule[] {
  if (value === undefined || value === null) return []
  // Jekyll's FrontmatterDefaults skips what is not a {scope, values} entry, and goes on.
  const skip = (message: string) =>
    diagnostics.warn(path, at, `${message}: it is ignored, as Jekyll ignores it`, 'config-defaults')
  if (!Array.isArray(value)) {
    skip('defaults is not a list of {scope, values} entries')
    return []
  }
  const rules: DefaultRule[] = []
  value.forEach((entry: unknown, i) => {
    const e = entry as { scope?: { path?: unknown; type?: unknown }; values?: unknown } | null
    if (
      !e ||
      typeof e !== 'object' ||
      !e.values ||
      typeof e.values !== 'object' ||
      Array.isArray(e.values)
    ) {
      skip(`defaults[${i}] has no values mapping`)
      return
    }
    const rawPath = e.scope?.path ?? ''
    if (typeof rawPath === 'object') {
      skip(`defaults[${i}].scope.path is not a path`)
      return
    }
    // Jekyll compares paths as text: `path: 2019` is the folder 2019.
    const scopePath = String(rawPath)
    const type = typeof e.scope?.type === 'string' ? e.scope.type : undefined
    rules.push({
      path: scopePath.replace(/^\/+|\/+$/g, ''),
      type,
      values: e.values as Record<string, unknown>,
    })
  })
  return rules
}

/**
 * `paginate_path` (jekyll-paginate: `blog/page:num`) or `pagination.permalink` (v2: `/page/:num/`),
 * as an absolute path with `:num` and a trailing slash.
 */
function parsePaginatePath(
  path: string,
  data: Record<string, unknown>,
  yaml: { at(key: string): { line: number; col: number } },
  diagnostics: DiagnosticList,
): string {
  const pagination = data.pagination as { permalink?: unknown } | undefined
  const value = data.paginate_path ?? pagination?.permalink ?? '/page:num/'
  const key = data.paginate_path !== undefined ? 'paginate_path' : 'pagination'
  if (typeof value !== 'string' || !value.includes(':num') || /[?#\\]/.test(value)) {
    diagnostics.warn(
      path,
      yaml.at(key),
      'paginate_path is not a path containing :num, such as /page:num/: listing pages are at /page:num/',
      'config-pagination',
    )
    return '/page:num/'
  }
  const absolute = `/${value.replace(/^\/+/, '')}`
  return absolute.endsWith('/') || absolute.endsWith('.html') ? absolute : `${absolute}/`
}

function parsePerPage(
  path: string,
  data: Record<string, unknown>,
  at: { line: number; col: number },
  diagnostics: DiagnosticList,
): number {
  const pagination = data.pagination as { per_page?: unknown } | undefined
  const value = data.paginate ?? pagination?.per_page
  if (value === undefined || value === null) return 10
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 1000)
    return value
  // The paginators read it with Ruby's to_i: "4" is 4.
  const digits = typeof value === 'string' ? /^\s*(\d+)\s*$/.exec(value)?.[1] : undefined
  if (digits !== undefined && Number(digits) > 0 && Number(digits) <= 1000) {
    diagnostics.warn(
      path,
      at,
      `paginate is text: read as ${Number(digits)}, as Jekyll reads it`,
      'config-pagination',
    )
    return Number(digits)
  }
  diagnostics.warn(
    path,
    at,
    'paginate is not a whole number between 1 and 1000: listings show 10 posts a page',
    'config-pagination',
  )
  return 10
}

/** Kiosque's own options, which Jekyll ignores: a wrong one is left at its default, with a warning. */
function readKiosqueOptions(
  path: string,
  value: unknown,
  at: { line: number; col: number },
  diagnostics: DiagnosticList,
): Pick<SiteConfig, 'strict' | 'translationKey' | 'listUntranslated'> {
  const out = { strict: false, translationKey: 'lang-ref', listUntranslated: false }
  if (value === undefined || value === null) return out
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.warn(
      path,
      at,
      'kiosque is not a mapping of Kiosque options: it is ignored',
      'kiosque-option',
    )
    return out
  }
  const options = value as Record<string, unknown>
  const flag = (key: string, fallback: boolean): boolean => {
    const v = options[key]
    if (v === undefined || v === null) return fallback
    if (typeof v === 'boolean') return v
    diagnostics.warn(
      path,
      at,
      `kiosque.${key} must be true or false: ${fallback} is used`,
      'kiosque-option',
    )
    return fallback
  }
  out.strict = flag('strict', false)
  out.listUntranslated = flag('list_untranslated', false)
  const key = options.translation_key
  if (typeof key === 'string' && key.trim() !== '') out.translationKey = key.trim()
  else if (key !== undefined && key !== null) {
    diagnostics.warn(
      path,
      at,
      'kiosque.translation_key must be a front-matter key such as ref: lang-ref is used',
      'kiosque-option',
    )
  }
  return out
}

/** `languages` (jekyll-polyglot): the language tags it lists; anything else is left out, with a warning. */
function readLanguages(
  path: string,
  value: unknown,
  at: { line: number; col: number },
  diagnostics: DiagnosticList,
): Lang[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    diagnostics.warn(
      path,
      at,
      `languages is not a list: read as [${String(value)}]`,
      'config-languages',
    )
  }
  const items = Array.isArray(value) ? value : [value]
  const out: Lang[] = []
  for (const item of items) {
    const lang = typeof item === 'string' ? normalizeLang(item) : undefined
    if (lang !== undefined && /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/.test(lang)) out.push(lang)
    else {
      diagnostics.warn(
        path,
        at,
        `languages: ${JSON.stringify(item)} is not a language tag such as fr or pt-br: it is left out`,
        'config-languages',
      )
    }
  }
  return out
}
