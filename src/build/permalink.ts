import type { Lang, Permalink } from '../model/types'
import type { DateParts } from './dates'

/** What a document contributes to its URL. */
export interface UrlPlaceholders {
  date: DateParts
  /** The file name's title part, letter case kept. */
  title: string
  /** The whole file name without its extension, for `:name` and `:basename`. */
  basename?: string
  /** Folder and name of a collection document or page, without extension: Jekyll's `:path`. */
  path?: string
  /** Front-matter `slug`, which replaces the file name's title part in `:title` and `:slug`. */
  slug?: string
  categories: readonly string[]
  lang: Lang
  collection: string
  outputExt: string
}

/** Jekyll's built-in permalink styles. */
const STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** Jekyll's `slugify` in `pretty` mode: keeps letters, digits and URL-safe punctuation. */
export function slugifyPretty(text: string, cased = true): string {
  const slug = text.replace(/[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu, '-').replace(/^-|-$/g, '')
  return cased ? slug : slug.toLowerCase()
}

/** Jekyll's `slugify` in `default` mode: letters and digits only, lower case. */
export function slugifyDefault(text: string): string {
  return text
    .replace(/[^\p{M}\p{L}\p{Nd}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
}

/**
 * Expands a Jekyll permalink template (`/blog/:year/:month/:day/:title.html`, or a style name
 * such as `pretty`) into a site path, the way Jekyll's `URL` class does.
 * @example expandPermalink('/blog/:year/:title.html', doc) // '/blog/2018/Retour-EIG.html'
 */
export function expandPermalink(
  template: string,
  doc: UrlPlaceholders,
  /** The placeholders to expand, when not all (a page has three); the others stay as written. */
  only?: ReadonlySet<string>,
): Permalink {
  const pattern = STYLES[template] ?? template
  const all = placeholders(doc)
  const values = only
    ? Object.fromEntries(Object.entries(all).filter(([name]) => only.has(name)))
    : all
  // As Jekyll: `:name_` may stand for `:name` followed by an underscore.
  const expanded = pattern.replace(/:([a-z_]+)/g, (match, name: string) => {
    if (name in values) return values[name] ?? ''
    const trimmed = name.replace(/_+$/, '')
    if (trimmed !== name && trimmed in values)
      return (values[trimmed] ?? '') + name.slice(trimmed.length)
    return match
  })
  return sanitizePath(expanded)
}

/** Placeholder names a template may use, for validating templates at build time. */
export function unknownPlaceholders(template: string): string[] {
  const pattern = STYLES[template] ?? template
  const known = placeholders({
    date: { year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
    title: 't',
    categories: [],
    lang: 'en',
    collection: 'posts',
    outputExt: '.html',
  })
  const unknown: string[] = []
  for (const [, name = ''] of pattern.matchAll(/:([a-z_]+)/g)) {
    if (!(name in known) && !(name.replace(/_+$/, '') in known)) unknown.push(`:${name}`)
  }
  return unknown
}

function placeholders(doc: UrlPlaceholders): Record<string, string> {
  const { year, month, day, hour, minute, second } = doc.date
  const utc = new Date(Date.UTC(year, month - 1, day))
  const yDay = Math.floor((utc.getTime() - Date.UTC(year, 0, 1)) / 86_400_000) + 1
  const title = slugifyPretty(doc.slug ?? doc.title)
  return {
    year: String(year),
    short_year: String(year % 100).padStart(2, '0'),
    month: pad(month),
    i_month: String(month),
    short_month: MONTHS[month - 1]?.slice(0, 3) ?? '',
    long_month: MONTHS[month - 1] ?? '',
    day: pad(day),
    i_day: String(day),
    y_day: String(yDay).padStart(3, '0'),
    short_day: DAYS[utc.getUTCDay()] ?? '',
    week: pad(isoWeek(utc)),
    hour: pad(hour),
    minute: pad(minute),
    second: pad(second),
    title,
    slug: slugifyDefault(doc.slug ?? doc.title),
    name: slugifyDefault(doc.basename ?? doc.title),
    basename: doc.basename ?? doc.title,
    path: doc.path ?? doc.title,
    categories: [...new Set(doc.categories.map((c) => c.toLowerCase()))].join('/'),
    lang: doc.lang,
    collection: doc.collection,
    output_ext: doc.outputExt,
  }
}

/**
 * The first character of a URL that a link cannot carry as written (`?` starts a query, `#` a
 * fragment, and the worker writes links with encodeURI), or undefined when it has none.
 * @example unlinkableCharacter('/c#/2019/x.html') // '#'
 */
export function unlinkableCharacter(url: Permalink): string | undefined {
  return /[?#]/.exec(url)?.[0]
}

// Jekyll's URL#sanitize_url: no `..`, no `./`, no doubled slashes, always absolute. Two more
// so that the worker matches the link it writes: a final `/.` (which URL parsing drops) ends the
// path with `/`, and a lone surrogate (which encodeURI cannot encode) becomes U+FFFD.
function sanitizePath(path: string): Permalink {
  return `/${path}`
    .replace(/\.\./g, '/')
    .replace(/\.\//g, '')
    .replace(/\/{2,}/g, '/')
    .replace(/\/\.$/, '/')
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function isoWeek(date: Date): number {
  const d = new Date(date.getTime())
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7))
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7)
}
