import type { FC } from 'hono/jsx'
import { homePath, type ListingRef, listingPath } from '../../model/paths'
import type { PostSummary, SiteSettings } from '../../model/types'
import { arrowsFor, fill, siteTitle, strings } from '../i18n'
import { sitePath } from '../site-url'
import { Layout } from './layout'
import { PostList } from './post-list'

export interface ListingProps {
  site: SiteSettings
  listing: ListingRef
  /** The tag or author name, as written by authors. */
  name: string
  posts: PostSummary[]
  page: number
  pages: number
}

/** One page of a listing: the home, a tag's or an author's posts, newest first. */
export const ListingPage: FC<ListingProps> = ({ site, listing, name, posts, page, pages }) => {
  const { lang } = listing
  const t = strings(site, lang)
  const arrows = arrowsFor(lang)
  const heading =
    listing.kind === 'tag'
      ? fill(t.tagTitle, { name })
      : listing.kind === 'author'
        ? fill(t.authorTitle, { name })
        : listing.kind === 'collection'
          ? name
          : t.latestPosts
  const pageOf = fill(t.pageOf, { page, pages })
  const title = listing.kind === 'home' ? siteTitle(site, lang) : heading
  // Only the homes exist in every language; a tag's listing is its language's alone.
  const alternates =
    listing.kind === 'home' && page === 1
      ? site.languages.map((l) => ({ lang: l, url: homePath(site, l) }))
      : []
  return (
    <Layout
      site={site}
      lang={lang}
      title={page > 1 ? `${title} · ${pageOf}` : title}
      description={
        listing.kind === 'home' ? (site.descriptions[lang] ?? site.description) : heading
      }
      path={listingPath(site, listing, page)}
      alternates={alternates}
      xDefault={alternates.length > 0 ? homePath(site, site.defaultLang) : undefined}
      prev={page > 1 ? listingPath(site, listing, page - 1) : undefined}
      next={page < pages ? listingPath(site, listing, page + 1) : undefined}
    >
      <h1>{page > 1 && listing.kind === 'home' ? pageOf : heading}</h1>
      <PostList site={site} lang={lang} posts={posts} />
      {pages > 1 ? (
        <nav class="pages" aria-label={t.pagination}>
          {page > 1 ? (
            <a rel="prev" href={sitePath(site, listingPath(site, listing, page - 1))}>
              {arrows.back} {t.newerPosts}
            </a>
          ) : (
            <span />
          )}
          <span>{pageOf}</span>
          {page < pages ? (
            <a rel="next" href={sitePath(site, listingPath(site, listing, page + 1))}>
              {t.olderPosts} {arrows.forward}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  )
}
