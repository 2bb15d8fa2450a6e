import type { Child } from 'hono/jsx'
import { type FeedFormat, feedPath, homePath, type ListingRef, listingPath } from '../model/paths'
import type { Lang, PostRecord, PostSummary } from '../model/types'
import {
  type Catalog,
  defaultVersion,
  neighbours,
  pageCount,
  relatedPosts,
  versionsOf,
} from './catalog'
import { atomFeed, type FeedEntry, type FeedMeta, jsonFeed, rssFeed } from './feeds'
import { type CacheKind, httpDate, strongEtag } from './http-cache'
import { siteTitle, titleOf } from './i18n'
import { renderMarkdown } from './markdown'
import type { RenderedPage } from './page-cache'
import { sanitizedBody } from './sanitize'
import { absoluteUrl, siteUrl } from './site-url'
import { robotsTxt, type SitemapUrl, sitemapXml } from './sitemap'
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

/** A post's body as HTML: Markdown rendered, `.html` posts as written; sanitized if the site asks. */
export function postBody(catalog: Catalog, post: PostRecord): string {
  if (post.format !== 'markdown') return sanitizedBody(catalog.site, post.body)
  return sanitizedBody(
    catalog.site,
    renderMarkdown(post.body, { lang: post.lang, siteUrl: catalog.site.url }).html,
  )
}

/** Renders a post page from its record; the Markdown is rendered here, once per cache miss. */
export function renderPost(catalog: Catalog, post: PostRecord): Promise<RenderedPage> {
  const versions = versionsOf(catalog, post)
  const html = postBody(catalog, post)
  const translations = Object.fromEntries(
    versions.filter((v) => v.url !== post.url).map((v) => [v.lang, v.url]),
  )
  const modified =
    typeof post.extra.last_modified_at === 'string' ? post.extra.last_modified_at : post.date
  // Neighbours and related posts belong to posts; pages and documents stand alone.
  const { newer, older } = post.kind === undefined ? neighbours(catalog, post) : {}
  return page(
    <PostPage
      site={catalog.site}
      post={post}
      html={html}
      versions={versions}
      xDefault={defaultVersion(catalog, versions)?.url}
      newer={newer}
      older={older}
      related={post.kind === undefined ? relatedPosts(catalog, post) : []}
    />,
    {
      kind: 'post',
      lang: post.lang,
      date: modified || undefined,
      translations,
      epoch: catalog.epoch,
    },
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

/** How many posts a feed carries, with their full content. */
export const FEED_SIZE = 20

/** Renders a language's feed from the records of its newest posts. */
export async function renderFeed(
  catalog: Catalog,
  lang: Lang,
  format: FeedFormat,
  records: PostRecord[],
): Promise<RenderedPage> {
  const { site } = catalog
  const bodies = await Promise.all(
    records.map((post) => absoluteLinks(postBody(catalog, post), siteUrl(site, post.url))),
  )
  const entries: FeedEntry[] = records.map((post, i) => ({
    url: siteUrl(site, post.url),
    title: titleOf(site, post),
    date: post.date,
    summary: post.excerpt,
    contentHtml: bodies[i] ?? '',
    author: post.author,
    tags: post.tags,
    lang: post.lang,
    image: post.image ? absoluteUrl(site, post.image) : undefined,
  }))
  const meta: FeedMeta = {
    title: siteTitle(site, lang),
    description: site.descriptions[lang] ?? site.description,
    siteUrl: siteUrl(site, homePath(site, lang)),
    feedUrl: siteUrl(site, feedPath(site, lang, format)),
    lang,
    updated: records[0]?.date ?? new Date(0).toISOString(),
    generator: 'Kiosque',
  }
  const [body, contentType] =
    format === 'atom'
      ? [atomFeed(meta, entries), 'application/atom+xml; charset=UTF-8']
      : format === 'json'
        ? [jsonFeed(meta, entries), 'application/feed+json; charset=UTF-8']
        : [rssFeed(meta, entries), 'application/rss+xml; charset=UTF-8']
  return document(body, contentType, {
    kind: 'feed',
    lang,
    date: records[0]?.date,
    epoch: catalog.epoch,
  })
}

/**
 * Makes the links and media of a post's HTML absolute, since a feed reader shows them far from
 * the site: `/img/x.svg` and `#section` resolve against the post's own URL.
 */
async function absoluteLinks(html: string, base: string): Promise<string> {
  const resolve = (value: string | null) => {
    if (value === null || /^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined
    try {
      return new URL(value, base).href
    } catch {
      return undefined
    }
  }
  const rewrite = (name: string) => ({
    element(element: Element) {
      const absoluteValue = resolve(element.getAttribute(name))
      if (absoluteValue !== undefined) element.setAttribute(name, absoluteValue)
    },
  })
  return new HTMLRewriter()
    .on('[href]', rewrite('href'))
    .on('[src]', rewrite('src'))
    .on('[poster]', rewrite('poster'))
    .transform(new Response(html))
    .text()
}

/** Renders `/sitemap.xml`: every visible post and listing page, with its language versions. */
export function renderSitemap(catalog: Catalog): Promise<RenderedPage> {
  const { site } = catalog
  const urls: SitemapUrl[] = []
  for (const lang of site.languages) {
    const posts = catalog.listings.get(lang) ?? []
    const pages = pageCount(site, posts.length)
    for (let n = 1; n <= pages; n++) {
      const alternates =
        n === 1
          ? [
              ...site.languages.map((l) => ({
                hreflang: l,
                href: siteUrl(site, homePath(site, l)),
              })),
              { hreflang: 'x-default', href: siteUrl(site, homePath(site, site.defaultLang)) },
            ]
          : []
      urls.push({
        loc: siteUrl(site, homePath(site, lang, n)),
        lastmod: n === 1 ? posts[0]?.date : undefined,
        alternates,
      })
    }
  }
  for (const collection of site.collections) {
    for (const lang of catalog.collections.get(collection.name)?.keys() ?? []) {
      const path = listingPath(site, { lang, kind: 'collection', slug: collection.name })
      urls.push({ loc: siteUrl(site, path), alternates: [] })
    }
  }
  for (const post of catalog.byUrl.values()) {
    const versions = versionsOf(catalog, post)
    const fallback = defaultVersion(catalog, versions)
    const alternates =
      versions.length > 1
        ? [
            ...versions.map((v) => ({ hreflang: v.lang, href: siteUrl(site, v.url) })),
            ...(fallback ? [{ hreflang: 'x-default', href: siteUrl(site, fallback.url) }] : []),
          ]
        : []
    urls.push({ loc: siteUrl(site, post.url), lastmod: post.date || undefined, alternates })
  }
  return document(sitemapXml(urls), 'application/xml; charset=UTF-8', {
    kind: 'feed',
    lang: site.defaultLang,
    epoch: catalog.epoch,
  })
}

/** Renders `/robots.txt`, naming the sitemap. */
export function renderRobots(catalog: Catalog): Promise<RenderedPage> {
  const { site } = catalog
  return document(robotsTxt(siteUrl(site, '/sitemap.xml')), 'text/plain; charset=UTF-8', {
    kind: 'feed',
    lang: site.defaultLang,
    epoch: catalog.epoch,
  })
}

async function document(
  body: string,
  contentType: string,
  fields: { kind: CacheKind; lang: Lang; date?: string; epoch: string },
): Promise<RenderedPage> {
  return {
    status: 200,
    kind: fields.kind,
    lang: fields.lang,
    html: body,
    contentType,
    etag: await strongEtag(body),
    lastModified: fields.date ? httpDate(fields.date) : undefined,
    translations: {},
    epoch: fields.epoch,
  }
}
