import type { Child } from 'hono/jsx'
import type { Lang, PostRecord, PostSummary } from '../model/types'
import {
  type Catalog,
  defaultVersion,
  neighbours,
  pageCount,
  relatedPosts,
  versionsOf,
} from './catalog'
import { type CacheKind, httpDate, strongEtag } from './http-cache'
import { renderMarkdown } from './markdown'
import type { RenderedPage } from './page-cache'
import type { ListingRef } from './paths'
import { ErrorPage } from './views/error'
import { ListingPage } from './views/listing'
import { PostPage } from './views/post'

async function page(
  view: Child,
  fields: {
    epoch: string
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
    epoch: fields.epoch,
  }
}

/** Renders a post page from its record; the Markdown is rendered here, once per cache miss. */
export function renderPost(catalog: Catalog, post: PostRecord): Promise<RenderedPage> {
  const versions = versionsOf(catalog, post)
  const html =
    post.format === 'markdown'
      ? renderMarkdown(post.body, { lang: post.lang, siteUrl: catalog.site.url }).html
      : post.body
  const translations = Object.fromEntries(
    versions.filter((v) => v.url !== post.url).map((v) => [v.lang, v.url]),
  )
  const modified =
    typeof post.extra.last_modified_at === 'string' ? post.extra.last_modified_at : post.date
  const { newer, older } = neighbours(catalog, post)
  return page(
    <PostPage
      site={catalog.site}
      post={post}
      html={html}
      versions={versions}
      xDefault={defaultVersion(catalog, versions)?.url}
      newer={newer}
      older={older}
      related={relatedPosts(catalog, post)}
    />,
    { kind: 'post', lang: post.lang, date: modified, translations, epoch: catalog.epoch },
  )
}

/** Renders one page of a listing whose posts `listingPosts` found. */
export function renderListing(
  catalog: Catalog,
  ref: ListingRef,
  listing: { name: string; posts: PostSummary[] },
  pageNumber: number,
): Promise<RenderedPage> {
  const { site } = catalog
  const pages = pageCount(site, listing.posts.length)
  const slice = listing.posts.slice((pageNumber - 1) * site.perPage, pageNumber * site.perPage)
  return page(
    <ListingPage
      site={site}
      listing={ref}
      name={listing.name}
      posts={slice}
      page={pageNumber}
      pages={pages}
    />,
    { kind: 'list', lang: ref.lang, date: listing.posts[0]?.date, epoch: catalog.epoch },
  )
}

/** Renders the 404 page in a language. */
export function renderNotFound(catalog: Catalog, lang: Lang): Promise<RenderedPage> {
  return page(<ErrorPage site={catalog.site} lang={lang} kind="not-found" />, {
    status: 404,
    kind: 'not-found',
    lang,
    epoch: catalog.epoch,
  })
}
