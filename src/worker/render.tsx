import type { Child } from 'hono/jsx'
import type { Lang, PostRecord } from '../model/types'
import { type Catalog, defaultVersion, versionsOf } from './catalog'
import { type CacheKind, httpDate, strongEtag } from './http-cache'
import { renderMarkdown } from './markdown'
import type { RenderedPage } from './page-cache'
import { ErrorPage } from './views/error'
import { HomePage } from './views/home'
import { PostPage } from './views/post'

async function page(
  view: Child,
  fields: {
    status?: 200 | 404
    kind: CacheKind
    lang: Lang
    date?: string
    translations?: RenderedPage['translations']
  },
): Promise<RenderedPage> {
  const html = `<!DOCTYPE html>${await String(view)}`
  return {
    status: fields.status ?? 200,
    kind: fields.kind,
    lang: fields.lang,
    html,
    etag: await strongEtag(html),
    lastModified: fields.date ? httpDate(fields.date) : undefined,
    translations: fields.translations ?? {},
  }
}

/** Renders a post page from its record; the Markdown is rendered here, once per cache miss. */
export function renderPost(catalog: Catalog, post: PostRecord): Promise<RenderedPage> {
  const versions = versionsOf(catalog, post)
  const html = post.format === 'markdown' ? renderMarkdown(post.body) : post.body
  const translations = Object.fromEntries(
    versions.filter((v) => v.url !== post.url).map((v) => [v.lang, v.url]),
  )
  const modified =
    typeof post.extra.last_modified_at === 'string' ? post.extra.last_modified_at : post.date
  return page(
    <PostPage
      site={catalog.site}
      post={post}
      html={html}
      versions={versions}
      xDefault={defaultVersion(catalog, versions)?.url}
    />,
    { kind: 'post', lang: post.lang, date: modified, translations },
  )
}

/** The number of listing pages a language has (at least one, even when empty). */
export function pageCount(catalog: Catalog, lang: Lang): number {
  const posts = catalog.listings.get(lang) ?? []
  return Math.max(1, Math.ceil(posts.length / catalog.site.perPage))
}

/** Renders one page of a language's home listing. */
export function renderHome(
  catalog: Catalog,
  lang: Lang,
  pageNumber: number,
): Promise<RenderedPage> {
  const { site } = catalog
  const posts = catalog.listings.get(lang) ?? []
  const slice = posts.slice((pageNumber - 1) * site.perPage, pageNumber * site.perPage)
  return page(
    <HomePage
      site={site}
      lang={lang}
      posts={slice}
      page={pageNumber}
      pages={pageCount(catalog, lang)}
    />,
    { kind: 'list', lang, date: posts[0]?.date },
  )
}

/** Renders the 404 page in a language. */
export function renderNotFound(catalog: Catalog, lang: Lang): Promise<RenderedPage> {
  return page(<ErrorPage site={catalog.site} lang={lang} kind="not-found" />, {
    status: 404,
    kind: 'not-found',
    lang,
  })
}
