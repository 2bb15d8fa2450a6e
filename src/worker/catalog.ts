import type { Lang, Manifest, Permalink, PostSummary, SiteSettings } from '../model/types'

/** The lookups a request needs, derived once per content version from its manifest. */
export interface Catalog {
  site: SiteSettings
  /** What each language's listings show, newest first. */
  listings: Map<Lang, PostSummary[]>
  /** The post at a (decoded) permalink. */
  byUrl: Map<Permalink, PostSummary>
  /** Members of each translation group, by language. */
  groups: Map<string, Map<Lang, PostSummary>>
}

/** Indexes a manifest for routing. Pure, and linear in the number of posts. */
export function catalogOf(manifest: Manifest): Catalog {
  const { site, posts } = manifest
  const byUrl = new Map<Permalink, PostSummary>()
  const groups = new Map<string, Map<Lang, PostSummary>>()
  for (const post of posts) {
    byUrl.set(post.url, post)
    if (post.langRef === undefined) continue
    const group = groups.get(post.langRef) ?? new Map<Lang, PostSummary>()
    if (group.size === 0) groups.set(post.langRef, group)
    group.set(post.lang, post)
  }
  const listings = new Map<Lang, PostSummary[]>()
  for (const lang of site.languages) {
    listings.set(
      lang,
      posts.filter(
        (p) =>
          p.lang === lang ||
          (site.listUntranslated && (p.langRef === undefined || !groups.get(p.langRef)?.has(lang))),
      ),
    )
  }
  return { site, listings, byUrl, groups }
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

/** The URL path of a language's home page: `/` for the default language, `/<lang>/` otherwise. */
export function homePath(site: SiteSettings, lang: Lang, page = 1): string {
  const base = lang === site.defaultLang ? '/' : `/${lang}/`
  return page > 1 ? `${base}page/${page}/` : base
}

/** The language a path belongs to, from its first segment, else the site's default. */
export function langOfPath(site: SiteSettings, path: string): Lang {
  const first = path.split('/')[1]?.toLowerCase() ?? ''
  return site.languages.includes(first) ? first : site.defaultLang
}
