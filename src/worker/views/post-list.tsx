import type { FC } from 'hono/jsx'
import { listingPath } from '../../model/paths'
import type { Lang, PostSummary, SiteSettings } from '../../model/types'
import { dirWithin, fill, formatDate, languageName, strings, titleOf } from '../i18n'
import { sitePath } from '../site-url'
import { tagSlug } from '../slug'

/** A listing of posts: title, date, excerpt and tags; other languages' posts are marked. */
export const PostList: FC<{ site: SiteSettings; lang: Lang; posts: PostSummary[] }> = ({
  site,
  lang,
  posts,
}) => {
  const t = strings(site, lang)
  if (posts.length === 0) return <p>{t.noPosts}</p>
  return (
    <ul class="posts">
      {posts.map((post) => {
        const foreign = post.lang === lang ? undefined : post.lang
        const dir = dirWithin(foreign, lang)
        return (
          <li>
            <h2>
              <a href={sitePath(site, post.url)} lang={foreign} dir={dir}>
                {titleOf(site, post)}
              </a>
              {foreign ? <span class="lang-badge">{languageName(foreign, lang)}</span> : null}
            </h2>
            <p class="meta">
              <time datetime={post.date}>{formatDate(post.date, lang, site.timezone)}</time>
              {post.author ? ` · ${post.author}` : ''} ·{' '}
              {fill(t.readingTime, { minutes: post.readingMinutes })}
            </p>
            {post.excerpt ? (
              <p lang={foreign} dir={dir}>
                {post.excerpt}
              </p>
            ) : null}
            <p>
              {/* The title is in the link's text, hidden from sight: "Read more" alone says
                  nowhere to screen readers and to search engines, which read the text. */}
              <a href={sitePath(site, post.url)}>
                {t.readMore}
                <span class="visually-hidden">
                  {' : '}
                  <span lang={foreign} dir={dir}>
                    {titleOf(site, post)}
                  </span>
                </span>
              </a>
            </p>
            <Tags site={site} lang={post.lang} tags={post.tags} within={lang} />
          </li>
        )
      })}
    </ul>
  )
}

/** A post's tags, as links to the tag pages of the post's language. */
export const Tags: FC<{
  site: SiteSettings
  lang: Lang
  tags: string[]
  /** The page's language, when the post's differs. */
  within?: Lang
}> = ({ site, lang, tags, within = lang }) =>
  tags.length === 0 ? null : (
    <ul
      class="tags"
      aria-label={strings(site, lang).tags}
      lang={lang === within ? undefined : lang}
      dir={dirWithin(lang, within)}
    >
      {tags.map((tag) => (
        <li>
          <a
            href={sitePath(site, listingPath(site, { lang, kind: 'tag', slug: tagSlug(tag) }))}
            rel="tag"
          >
            {tag}
          </a>
        </li>
      ))}
    </ul>
  )
