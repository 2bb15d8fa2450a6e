import type { Lang, SiteSettings } from './types'

// The URL scheme of the pages Kiosque generates (posts keep their permalinks), built and read
// back by the worker, and reserved by the build, which refuses pages on those URLs. Typed with
// the few settings each needs, so that the build can call them with its config.

/** The settings the URL scheme depends on. */
export type UrlSettings = Pick<
  SiteSettings,
  'defaultLang' | 'languages' | 'paginatePath' | 'collections'
>

/** Which listing a page belongs to: the home, a tag's or an author's, in one language. */
export interface ListingRef {
  lang: Lang
  kind: 'home' | 'tag' | 'author' | 'collection'
  /** The tag's or author's slug, or the collection's name; empty for the home. */
  slug: string
}

/** The path of a listing's page: `/`, `/en/page2/`, `/tag/methode/`, `/en/author/ada/page2/`. */
export function listingPath(
  site: Pick<UrlSettings, 'defaultLang' | 'paginatePath'>,
  ref: ListingRef,
  page = 1,
): string {
  const langPrefix = ref.lang === site.defaultLang ? '' : `/${ref.lang}`
  const base =
    ref.kind === 'home'
      ? `${langPrefix}/`
      : ref.kind === 'collection'
        ? `${langPrefix}/${ref.slug}/`
        : `${langPrefix}/${ref.kind}/${ref.slug}/`
  if (page <= 1) return base
  return `${base.slice(0, -1)}${site.paginatePath.replace(':num', String(page))}`
}

/**
 * Reads a listing path back: the language prefix, `tag/<slug>` or `author/<slug>`, then the
 * page from `paginate_path`. Undefined when the path is not a listing's.
 */
export function parseListingPath(
  site: UrlSettings,
  path: string,
): { ref: ListingRef; page: number } | undefined {
  let rest = path
  let lang = site.defaultLang
  const first = /^\/([a-z]{2,3}(?:-[a-z0-9]{2,8})*)(?=\/|$)/i.exec(rest)?.[1]?.toLowerCase()
  if (first !== undefined && first !== site.defaultLang && site.languages.includes(first)) {
    lang = first
    rest = rest.slice(first.length + 1)
  }
  let kind: ListingRef['kind'] = 'home'
  let slug = ''
  const named = /^\/(tag|author)\/([^/]+)(?=\/|$)/.exec(rest)
  const collection = /^\/([^/]+)(?=\/|$)/.exec(rest)
  if (named) {
    kind = named[1] as 'tag' | 'author'
    slug = named[2] ?? ''
    rest = rest.slice(named[0].length)
  } else if (collection && site.collections.some((c) => c.name === collection[1])) {
    kind = 'collection'
    slug = collection[1] ?? ''
    rest = rest.slice(collection[0].length)
  }
  if (rest === '' || rest === '/') return { ref: { lang, kind, slug }, page: 1 }
  const [before = '', after = ''] = site.paginatePath.split(':num')
  if (!rest.startsWith(before)) return undefined
  const tail = rest.slice(before.length)
  const digits = /^[0-9]{1,6}/.exec(tail)?.[0]
  if (digits === undefined) return undefined
  const remainder = tail.slice(digits.length)
  // The pattern's tail is matched leniently on its trailing slash; forgiveness redirects.
  if (remainder !== after && `${remainder}/` !== after && remainder !== `${after}/`)
    return undefined
  return { ref: { lang, kind, slug }, page: Number(digits) }
}

/** The URL path of a language's home page: `/` for the default language, `/<lang>/` otherwise. */
export function homePath(
  site: Pick<UrlSettings, 'defaultLang' | 'paginatePath'>,
  lang: Lang,
  page = 1,
): string {
  return listingPath(site, { lang, kind: 'home', slug: '' }, page)
}

/** The kinds of feed: per-language Atom and JSON Feed, and RSS at `/feed.xml` as Jekyll sites have it. */
export type FeedFormat = 'atom' | 'json' | 'rss'

const FEED_FILES: Record<FeedFormat, string> = {
  atom: 'feed.atom',
  json: 'feed.json',
  rss: 'feed.xml',
}

/** The path of a language's feed: `/feed.xml`, `/en/feed.atom`. */
export function feedPath(
  site: Pick<UrlSettings, 'defaultLang'>,
  lang: Lang,
  format: FeedFormat,
): string {
  return `${lang === site.defaultLang ? '' : `/${lang}`}/${FEED_FILES[format]}`
}

/** Reads a feed path back. */
export function parseFeedPath(
  site: Pick<UrlSettings, 'defaultLang' | 'languages'>,
  path: string,
): { lang: Lang; format: FeedFormat } | undefined {
  const m = /^(?:\/([a-z]{2,3}(?:-[a-z0-9]{2,8})*))?\/feed\.(atom|json|xml)$/.exec(path)
  if (!m) return undefined
  const lang = m[1] ?? site.defaultLang
  if (!site.languages.includes(lang) || (m[1] !== undefined && lang === site.defaultLang))
    return undefined
  const format = m[2] === 'xml' ? 'rss' : (m[2] as FeedFormat)
  return { lang, format }
}

// What the worker answers itself at the root, whatever the content: the feeds of the default
// language and the crawlers' files.
const GENERATED_FILES = [
  '/sitemap.xml',
  '/robots.txt',
  ...Object.values(FEED_FILES).map((f) => `/${f}`),
]

/**
 * What Kiosque itself serves at `url`, if anything, in words for a message: a page of the
 * content may not take such a URL. `site.languages` are all the languages of the content, and
 * `site.collections` those Kiosque lists.
 * @example generatedBy(site, '/en/feed.atom') // 'a home page or a feed'
 */
export function generatedBy(
  site: Pick<UrlSettings, 'languages' | 'collections'>,
  url: string,
): string | undefined {
  const lang = site.languages.find((l) => url === `/${l}/` || url.startsWith(`/${l}/feed.`))
  if (url === '/' || lang) return 'a home page or a feed'
  if (GENERATED_FILES.includes(url)) return 'a generated file'
  const searchLang = site.languages.find((l) => url.startsWith(`/${l}/`))
  const local = searchLang ? url.slice(searchLang.length + 1) : url
  if (local === '/search' || local === '/opensearch.xml') return 'search'
  if (url.startsWith('/ref/')) return 'translation links'
  const collection = site.collections.find((c) => new RegExp(`^(/[a-z-]+)?/${c.name}/$`).test(url))
  return collection ? 'a collection listing' : undefined
}
