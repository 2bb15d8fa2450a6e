import type { ListingRef } from '../model/paths'
import type { Lang, Manifest, Permalink, PostSummary, SiteSettings } from '../model/types'
import { compileRedirects, type RedirectMatcher } from './redirects'
import { tagSlug } from './slug'

/** The lookups a request needs, derived from a manifest and the time of the request. */
export interface Catalog {
  site: SiteSettings
  /** Names the set of visible posts: changes when a scheduled post appears. Part of cache keys. */
  epoch: string
  /** When the next scheduled post appears (ms), if any: caches must not outlive it. */
  nextChange?: number
  /** What each language's listings show, newest first. */
  listings: Map<Lang, PostSummary[]>
  /** Each language's own posts, newest first, for previous/next links. */
  own: Map<Lang, PostSummary[]>
  /** The post at a (decoded) permalink. */
  byUrl: Map<Permalink, PostSummary>
  /** Permalinks folded (lower case, no `.html`, no trailing slash) to their canonical form. */
  folded: Map<string, Permalink>
  /** Members of each translation group, by language. */
  groups: Map<string, Map<Lang, PostSummary>>
  /** The content's `_redirects` rules, indexed. */
  redirects: RedirectMatcher
  /** Documents of each output collection, by language, newest first. */
  collections: Map<string, Map<Lang, PostSummary[]>>
  /** The search index of each language (see `search.ts`); empty before search was built. */
  search: NonNullable<Manifest['search']>
}

/**
 * Indexes the posts of a manifest that are visible at `now`: a post dated later appears on its
 * date, without a new publish, unless the site shows future posts. A drafts preview's manifest
 * (`draftsByToken`) shows its drafts and future posts only when `unlocked` by a preview token,
 * and otherwise what the live site would. Pure and linear.
 */
export function catalogOf(manifest: Manifest, now: number, unlocked = false): Catalog {
  const gated = manifest.site.draftsByToken === true
  const site = gated && unlocked ? { ...manifest.site, future: true } : manifest.site
  let nextChange: number | undefined
  let epoch = 0
  const posts: PostSummary[] = []
  for (const post of manifest.posts) {
    if (post.draft && gated && !unlocked) continue
    const time = Date.parse(post.date)
    if (site.future || time <= now) {
      posts.push(post)
      epoch = Math.max(epoch, time)
    } else if (nextChange === undefined || time < nextChange) nextChange = time
  }
  const byUrl = new Map<Permalink, PostSummary>()
  const folded = new Map<string, Permalink>()
  const groups = new Map<string, Map<Lang, PostSummary>>()
  const collections = new Map<string, Map<Lang, PostSummary[]>>(
    site.collections.map((c) => [c.name, new Map()]),
  )
  // Pages and documents: an undated one is always visible; a dated one appears on its date.
  const pages = (manifest.pages ?? []).filter(
    (p) => p.date === '' || site.future || Date.parse(p.date) <= now,
  )
  for (const doc of pages) {
    if (doc.collection === undefined) continue
    const byLang = collections.get(doc.collection)
    const list = byLang?.get(doc.lang) ?? []
    if (list.length === 0) byLang?.set(doc.lang, list)
    list.push(doc)
  }
  for (const byLang of collections.values()) {
    for (const list of byLang.values())
      list.sort((a, b) => b.date.localeCompare(a.date) || a.url.localeCompare(b.url))
  }
  // Translations are found among posts first, then among pages, as Jekyll's convention does.
  for (const post of [...posts, ...pages]) {
    byUrl.set(post.url, post)
    folded.set(foldPath(post.url), post.url)
    if (post.langRef === undefined) continue
    const group = groups.get(post.langRef) ?? new Map<Lang, PostSummary>()
    if (group.size === 0) groups.set(post.langRef, group)
    if (!group.has(post.lang)) group.set(post.lang, post)
  }
  const listings = new Map<Lang, PostSummary[]>()
  const own = new Map<Lang, PostSummary[]>()
  for (const lang of site.languages) {
    own.set(
      lang,
      posts.filter((p) => p.lang === lang),
    )
    listings.set(
      lang,
      posts.filter(
        (p) =>
          p.lang === lang ||
          (site.listUntranslated && (p.langRef === undefined || !groups.get(p.langRef)?.has(lang))),
      ),
    )
  }
  const redirects = compileRedirects(manifest.redirects ?? [])
  return {
    site,
    epoch: String(epoch),
    nextChange,
    listings,
    own,
    byUrl,
    folded,
    groups,
    redirects,
    collections,
    search: manifest.search ?? {},
  }
}

/**
 * A path reduced to what URL forgiveness ignores: letter case, a trailing `.html`, `/index` and
 * trailing slashes. `/Blog/X.html`, `/blog/x` and `/blog/x/` fold alike.
 */
export function foldPath(path: string): string {
  return path
    .toLowerCase()
    .replace(/\/index\.html$/, '/')
    .replace(/\.html$/, '')
    .replace(/\/+$/, '')
}

/** Every language version of a post, itself included, in the site's language order. */
export function versionsOf(catalog: Catalog, post: PostSummary): PostSummary[] {
  const group = post.langRef === undefined ? undefined : catalog.groups.get(post.langRef)
  if (!group) return [post]
  return catalog.site.languages.flatMap((lang) => {
    const version = group.get(lang)
    return version ? [version] : []
  })
}

/** The version `x-default` names: the default language's, else the original (oldest). */
export function defaultVersion(catalog: Catalog, versions: PostSummary[]): PostSummary | undefined {
  const inDefault = versions.find((v) => v.lang === catalog.site.defaultLang)
  if (inDefault) return inDefault
  return [...versions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[0]
}

/** The newer and older posts next to this one in its language. */
export function neighbours(
  catalog: Catalog,
  post: PostSummary,
): { newer?: PostSummary; older?: PostSummary } {
  const list = catalog.own.get(post.lang) ?? []
  const at = list.findIndex((p) => p.url === post.url)
  return at < 0 ? {} : { newer: list[at - 1], older: list[at + 1] }
}

/** Up to `count` posts of the same language sharing the most tags with this one, newest first on ties. */
export function relatedPosts(catalog: Catalog, post: PostSummary, count = 3): PostSummary[] {
  if (post.tags.length === 0) return []
  const tags = new Set(post.tags)
  const scored: { post: PostSummary; score: number; rank: number }[] = []
  const list = catalog.own.get(post.lang) ?? []
  list.forEach((other, rank) => {
    if (other.url === post.url) return
    const score = other.tags.reduce((n, t) => n + (tags.has(t) ? 1 : 0), 0)
    if (score > 0) scored.push({ post: other, score, rank })
  })
  return scored
    .sort((a, b) => b.score - a.score || a.rank - b.rank)
    .slice(0, count)
    .map((s) => s.post)
}

/** The posts a listing shows, newest first, and the name to title it with. */
export function listingPosts(
  catalog: Catalog,
  ref: ListingRef,
): { name: string; posts: PostSummary[] } | undefined {
  if (ref.kind === 'collection') {
    const collection = catalog.site.collections.find((c) => c.name === ref.slug)
    if (!collection) return undefined
    return { name: collection.title, posts: catalog.collections.get(ref.slug)?.get(ref.lang) ?? [] }
  }
  const all = catalog.listings.get(ref.lang)
  if (!all) return undefined
  if (ref.kind === 'home') return { name: '', posts: all }
  return namedIndex(catalog, ref.kind, ref.lang, all).get(ref.slug)
}

type NamedIndex = Map<string, { name: string; posts: PostSummary[] }>
// Tag and author listings by slug, built once per catalog and language on first use: a listing
// request must not slugify every post's tags (it did, and cost 7 ms at 10,000 posts).
const namedIndexes = new WeakMap<Catalog, Map<string, NamedIndex>>()

function namedIndex(
  catalog: Catalog,
  kind: 'tag' | 'author',
  lang: Lang,
  posts: PostSummary[],
): NamedIndex {
  const byCatalog = namedIndexes.get(catalog) ?? new Map<string, NamedIndex>()
  namedIndexes.set(catalog, byCatalog)
  const cached = byCatalog.get(`${kind}:${lang}`)
  if (cached) return cached
  const index: NamedIndex = new Map()
  for (const post of posts) {
    const names = kind === 'tag' ? post.tags : post.author ? [post.author] : []
    for (const name of new Set(names)) {
      const slug = tagSlug(name)
      const entry = index.get(slug) ?? { name, posts: [] }
      if (entry.posts.length === 0) index.set(slug, entry)
      if (entry.posts.at(-1) !== post) entry.posts.push(post)
    }
  }
  byCatalog.set(`${kind}:${lang}`, index)
  return index
}

/** The number of pages of a listing (at least one). */
export function pageCount(site: SiteSettings, count: number): number {
  return Math.max(1, Math.ceil(count / site.perPage))
}

/** The language a path belongs to, from its first segment, else the site's default. */
export function langOfPath(site: SiteSettings, path: string): Lang {
  const first = path.split('/')[1]?.toLowerCase() ?? ''
  return site.languages.includes(first) ? first : site.defaultLang
}
