import type { Lang } from '../model/types'
import { isKnownTimeZone } from './dates'
import type { DiagnosticList } from './diagnostics'
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from './entry-filter'
import { isKnownLang, normalizeLang } from './language'
import { unknownPlaceholders } from './permalink'
import { pluginWarnings } from './plugins'
import { parseYamlMapping } from './yaml-source'

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
}

// Jekyll's default (configuration.rb): the `date` style, `/:categories/:year/:month/:day/:title:output_ext`.
const DEFAULT_PERMALINK = 'date'

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
    diagnostics.error(path, yaml.at(key), `${key} must be a string`)
    return fallback
  }
  const list = (key: string): string[] => {
    const v = data[key]
    if (v === undefined || v === null) return []
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v
    diagnostics.error(path, yaml.at(key), `${key} must be a list of strings`)
    return []
  }

  // As in Jekyll, `url` is prepended to absolute URLs and `baseurl` is the sub-path the site is
  // served under (`jekyll serve` mounts it there): `{{ site.url }}{{ site.baseurl }}{{ page.url }}`.
  const url = str('url', 'http://127.0.0.1:8787').replace(/\/+$/, '')
  const baseurl = str('baseurl', '').replace(/^\/*/, '/').replace(/\/+$/, '')
  if (!/^(\/[^/?#\\\s%]+)*$/.test(baseurl) || /\/\.\.?(\/|$)/.test(baseurl)) {
    diagnostics.error(
      path,
      yaml.at('baseurl'),
      `baseurl ${JSON.stringify(baseurl)} must be a path such as /blog, without ?, #, % or spaces`,
    )
  }
  if (!/^https?:\/\/[^/\s]+/.test(url)) {
    diagnostics.error(
      path,
      yaml.at('url'),
      'url must be an absolute http(s) URL such as https://example.org',
    )
  }

  const permalink = str('permalink', DEFAULT_PERMALINK)
  for (const name of unknownPlaceholders(permalink)) {
    diagnostics.error(path, yaml.at('permalink'), `unknown permalink placeholder ${name}`)
  }

  const timezone = str('timezone', 'UTC')
  if (!isKnownTimeZone(timezone)) {
    diagnostics.error(
      path,
      yaml.at('timezone'),
      `unknown timezone "${timezone}": use an IANA name such as Europe/Paris`,
    )
  }

  let future = false
  if (data.future !== undefined && data.future !== null) {
    if (typeof data.future === 'boolean') future = data.future
    else diagnostics.error(path, yaml.at('future'), 'future must be true or false')
  }

  const defaults = parseDefaults(path, data.defaults, yaml.at('defaults'), diagnostics)
  const perPage = parsePerPage(path, data, yaml.at('paginate'), diagnostics)
  const paginatePath = parsePaginatePath(path, data, yaml, diagnostics)

  const declared = list('languages').map(normalizeLang)
  for (const lang of declared) {
    if (!/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/.test(lang)) {
      diagnostics.error(
        path,
        yaml.at('languages'),
        `"${lang}" is not a language tag such as fr or pt-br`,
      )
    }
  }
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

  if (diagnostics.errors.length > before) return undefined
  return {
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
    exclude: [...list('exclude'), ...DEFAULT_EXCLUDE],
    include: data.include === undefined ? DEFAULT_INCLUDE : list('include'),
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
  if (entries.length === 0 && !Array.isArray(value) && typeof value !== 'object') {
    diagnostics.error(path, at, 'collections must be a mapping of name: { output, permalink }')
  }
  const out: CollectionConfig[] = []
  for (const [name, raw] of entries) {
    const options = (raw ?? {}) as Record<string, unknown>
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name) || RESERVED.has(name)) {
      diagnostics.error(path, at, `"${name}" cannot be a collection name`)
      continue
    }
    if (typeof options !== 'object' || Array.isArray(options)) {
      diagnostics.error(path, at, `collections.${name} must be a mapping such as { output: true }`)
      continue
    }
    const { output = false, permalink = '/:collection/:path:output_ext', title = name } = options
    if (typeof output !== 'boolean' || typeof permalink !== 'string' || typeof title !== 'string') {
      diagnostics.error(
        path,
        at,
        `collections.${name}: output must be true or false, permalink and title text`,
      )
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
  if (!Array.isArray(value)) {
    diagnostics.error(path, at, 'defaults must be a list of {scope, values} entries')
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
      diagnostics.error(path, at, `defaults[${i}] must have a values mapping`)
      return
    }
    const scopePath = e.scope?.path ?? ''
    if (typeof scopePath !== 'string') {
      diagnostics.error(path, at, `defaults[${i}].scope.path must be a string`)
      return
    }
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
    diagnostics.error(
      path,
      yaml.at(key),
      'paginate_path must be a path containing :num, such as /page:num/',
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
  diagnostics.error(path, at, 'paginate must be a whole number between 1 and 1000')
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
    diagnostics.warn(path, at, 'kiosque is not a mapping of Kiosque options: it is ignored')
    return out
  }
  const options = value as Record<string, unknown>
  const flag = (key: string, fallback: boolean): boolean => {
    const v = options[key]
    if (v === undefined || v === null) return fallback
    if (typeof v === 'boolean') return v
    diagnostics.warn(path, at, `kiosque.${key} must be true or false: ${fallback} is used`)
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
    )
  }
  return out
}
