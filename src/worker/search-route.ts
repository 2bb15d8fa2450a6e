import type { Context } from 'hono'
import type { Lang, SiteSettings } from '../model/types'
import type { AppEnv } from './bindings'
import { cacheControl } from './http-cache'
import { renderOpenSearch, renderSearch } from './render-search'
import { rankedIds, readSearchQuery, snippet, snippetSources, visibleDocs } from './search'
import { getJson } from './store'
import { openSearchPath, searchPath } from './views/search-form'

/** What a path asks of search: a language's results page or its OpenSearch description. */
export interface SearchTarget {
  lang: Lang
  kind: 'page' | 'opensearch'
}

/** The search route a site path names, if any. */
export function searchTarget(site: SiteSettings, path: string): SearchTarget | undefined {
  for (const lang of site.languages) {
    if (path === searchPath(site, lang)) return { lang, kind: 'page' }
    if (path === openSearchPath(site, lang)) return { lang, kind: 'opensearch' }
  }
  return undefined
}

/**
 * Answers a search route. Query input never causes a 5xx: undecodable encoding is a 400 in the
 * page's language, and the query is capped and analysed as plain words.
 */
export async function searchRoute(c: Context<AppEnv>, target: SearchTarget): Promise<Response> {
  const { catalog } = c.var
  const { site } = catalog
  const { lang } = target
  c.header('Content-Language', lang)
  if (target.kind === 'opensearch') {
    c.header('Cache-Control', cacheControl('list'))
    c.header('Content-Type', 'application/opensearchdescription+xml; charset=UTF-8')
    return c.body(renderOpenSearch(catalog, lang))
  }
  const query = readSearchQuery(c.req.url, lang)
  if (!query) {
    c.header('Cache-Control', cacheControl('error'))
    const html = await renderSearch({
      site,
      lang,
      query: '',
      results: [],
      total: 0,
      page: 1,
      pages: 1,
      malformed: true,
    })
    return c.html(html, 400)
  }
  const root = catalog.search[lang]
  const read = <T>(key: string) => getJson<T>(c.env.POSTS, key)
  const ranked =
    root && query.text !== ''
      ? await rankedIds(c.env.CONTENT_VERSION, lang, root, query.terms, read)
      : undefined
  if (ranked) c.header('X-Kiosque-Search', ranked.cached ? 'cached' : 'computed')
  const ids = ranked?.ids ?? []
  // Scheduled posts are in the index; they are found from their date on, as the catalog shows them.
  const visible = visibleDocs(catalog)
  const found = ids.flatMap((id) => {
    const doc = visible.get(id)
    return doc && doc.lang === lang ? [{ id, doc }] : []
  })
  const pages = Math.max(1, Math.ceil(found.length / site.perPage))
  const page = Math.min(query.page, pages)
  const slice = found.slice((page - 1) * site.perPage, page * site.perPage)
  const texts = root
    ? await snippetSources(
        root,
        slice.map((f) => f.id),
        read,
      )
    : new Map()
  const results = slice.map(({ id, doc }) => ({
    doc,
    snippet: snippet(texts.get(id) ?? doc.excerpt ?? '', lang, query.terms),
  }))
  const cap =
    catalog.nextChange === undefined
      ? undefined
      : Math.max(0, (catalog.nextChange - Date.now()) / 1000)
  c.header('Cache-Control', cacheControl('list', cap))
  return c.html(
    await renderSearch({
      site,
      lang,
      query: query.text,
      results,
      total: found.length,
      page,
      pages,
    }),
  )
}
