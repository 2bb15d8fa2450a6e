import type { Lang, Manifest, Permalink, PostSummary, SiteSettings } from '../model/types'

/** The lookups a request needs, derived once per content version from its manifest. */
export interface Catalog {
  site: SiteSettings
  /** Posts of each language, newest first. */
  byLang: Map<Lang, PostSummary[]>
  /** The post at a (decoded) permalink. */
  byUrl: Map<Permalink, PostSummary>
  /** Members of each translation group, by language. */
  groups: Map<string, Map<Lang, PostSummary>>
}

/** Indexes a manifest for routing. Pure, and linear in the number of posts. */
export function catalogOf(manifest: Manifest): Catalog {
  const byLang = new Map<Lang, PostSummary[]>(manifest.site.languages.map((l) => [l, []]))
  const byUrl = new Map<Permalink, PostSummary>()
  const groups = new Map<string, Map<Lang, PostSummary>>()
  for (const post of manifest.posts) {
    byUrl.set(post.url, post)
    const list = byLang.get(post.lang) ?? []
    if (list.length === 0) byLang.set(post.lang, list)
    list.push(post)
    if (post.langRef === undefined) continue
    const group = groups.get(post.langRef) ?? new Map<Lang, PostSummary>()
    if (group.size === 0) groups.set(post.langRef, group)
    group.set(post.lang, post)
  }
  return { site: manifest.site, byLang, byUrl, groups }
}

/** The other-language versions of a post, in the site's language order. */
export function translationsOf(catalog: Catalog, post: PostSummary): PostSummary[] {
  if (post.langRef === undefined) return []
  const group = catalog.groups.get(post.langRef)
  if (!group) return []
  return catalog.site.languages.flatMap((lang) => {
    const t = group.get(lang)
    return t && t.url !== post.url ? [t] : []
  })
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
