import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import { homePath, listingPath } from '../../model/paths'
import type { PostRecord, PostSummary, SiteSettings } from '../../model/types'
import {
  arrowsFor,
  dirWithin,
  fill,
  formatDate,
  languageName,
  siteTitle,
  strings,
  titleOf,
} from '../i18n'
import { absoluteUrl, sitePath, siteUrl } from '../site-url'
import { tagSlug } from '../slug'
import { Layout } from './layout'
import { Tags } from './post-list'

export interface PostProps {
  site: SiteSettings
  post: PostRecord
  /** The post's body as HTML, already rendered from its Markdown. */
  html: string
  /** Every language version of the post, itself included. */
  versions: PostSummary[]
  xDefault?: string
  newer?: PostSummary
  older?: PostSummary
  related: PostSummary[]
}

/** A post page: header, body, tags, translations, neighbours and related posts. */
export const PostPage: FC<PostProps> = (props) => {
  const { site, post, html, versions, xDefault, newer, older, related } = props
  const t = strings(site, post.lang)
  const arrows = arrowsFor(post.lang)
  const translations = versions.filter((v) => v.url !== post.url)
  const image = post.image ? absoluteUrl(site, post.image) : undefined
  const author = post.author
    ? listingPath(site, { lang: post.lang, kind: 'author', slug: tagSlug(post.author) })
    : undefined
  return (
    <Layout
      site={site}
      lang={post.lang}
      title={titleOf(site, post)}
      description={post.excerpt}
      path={post.url}
      alternates={versions.map((v) => ({ lang: v.lang, url: v.url }))}
      xDefault={xDefault}
      ogType={post.kind === 'page' ? 'website' : 'article'}
      head={<SocialMeta site={site} post={post} image={image} />}
    >
      <article>
        <header>
          <h1>{titleOf(site, post)}</h1>
          {/* A standalone page shows no date or byline; posts and dated documents do. */}
          {post.date && post.kind !== 'page' ? (
            <p class="meta">
              {t.publishedOn}{' '}
              <time datetime={post.date}>{formatDate(post.date, post.lang, site.timezone)}</time>
              {post.author && author ? (
                <>
                  {` ${t.by} `}
                  <a href={sitePath(site, author)} rel="author">
                    {post.author}
                  </a>
                </>
              ) : null}
              {' · '}
              {fill(t.readingTime, { minutes: post.readingMinutes })}
            </p>
          ) : null}
        </header>
        {/* The one place where rendered Markdown enters a page: authors are trusted. */}
        <div class="body" data-kiosque-content>
          {raw(html)}
        </div>
        <footer>
          <Tags site={site} lang={post.lang} tags={post.tags} />
          {translations.length > 0 ? (
            <p class="translations">
              {t.translations}{' '}
              {translations.map((tr, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a
                    href={`${sitePath(site, tr.url)}?lang=${tr.lang}`}
                    hreflang={tr.lang}
                    lang={tr.lang}
                    dir={dirWithin(tr.lang, post.lang)}
                  >
                    {languageName(tr.lang)}
                  </a>
                </>
              ))}
            </p>
          ) : null}
        </footer>
      </article>
      {related.length > 0 ? (
        <aside class="related" aria-labelledby="related-title">
          <h2 id="related-title">{t.relatedPosts}</h2>
          <ul>
            {related.map((r) => (
              <li>
                <a
                  href={sitePath(site, r.url)}
                  lang={r.lang === post.lang ? undefined : r.lang}
                  dir={dirWithin(r.lang, post.lang)}
                >
                  {titleOf(site, r)}
                </a>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
      {newer || older ? (
        <nav class="pages" aria-label={t.pagination}>
          {older ? (
            <a rel="prev" href={sitePath(site, older.url)}>
              {arrows.back} {t.olderPost} : {titleOf(site, older)}
            </a>
          ) : (
            <span />
          )}
          {newer ? (
            <a rel="next" href={sitePath(site, newer.url)}>
              {t.newerPost} : {titleOf(site, newer)} {arrows.forward}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  )
}

/** OpenGraph article tags, the Twitter card and JSON-LD `BlogPosting` of a post. */
const SocialMeta: FC<{ site: SiteSettings; post: PostRecord; image?: string }> = ({
  site,
  post,
  image,
}) => {
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': post.kind === 'page' ? 'WebPage' : 'BlogPosting',
    headline: titleOf(site, post),
    description: post.excerpt,
    datePublished: post.date || undefined,
    inLanguage: post.lang,
    url: siteUrl(site, post.url),
    mainEntityOfPage: siteUrl(site, post.url),
    ...(image && { image }),
    ...(post.author && { author: { '@type': 'Person', name: post.author } }),
    ...(post.tags.length > 0 && { keywords: post.tags.join(', ') }),
    publisher: {
      '@type': 'Organization',
      name: siteTitle(site, post.lang),
      url: siteUrl(site, homePath(site, site.defaultLang)),
    },
  }
  return (
    <>
      {image ? <meta property="og:image" content={image} /> : null}
      {post.date ? <meta property="article:published_time" content={post.date} /> : null}
      {post.tags.map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={titleOf(site, post)} />
      {post.excerpt ? <meta name="twitter:description" content={post.excerpt} /> : null}
      {image ? <meta name="twitter:image" content={image} /> : null}
      {post.twitter ? <meta name="twitter:creator" content={`@${post.twitter}`} /> : null}
      {/* JSON inside a script: `<` is escaped so that no `</script>` can close it early. */}
      <script type="application/ld+json">
        {raw(JSON.stringify(jsonLd).replace(/</g, '\\u003c'))}
      </script>
    </>
  )
}
