import type { FC } from 'hono/jsx'
import type { Lang, PostSummary, SiteSettings } from '../../model/types'
import { formatDate, languageName, strings } from '../i18n'

/** A listing of posts: title, date, description and tags; other languages' posts are marked. */
export const PostList: FC<{ site: SiteSettings; lang: Lang; posts: PostSummary[] }> = ({
  site,
  lang,
  posts,
}) => {
  const t = strings(site, lang)
  if (posts.length === 0) return <p>{t.noPosts}</p>
  return (
    <ul class="posts">
      {posts.map((post) => (
        <li>
          <h2>
            <a href={encodeURI(post.url)} lang={post.lang === lang ? undefined : post.lang}>
              {post.title}
            </a>
            {post.lang === lang ? null : (
              <span class="lang-badge" lang={lang}>
                {languageName(post.lang, lang)}
              </span>
            )}
          </h2>
          <p class="meta">
            <time datetime={post.date}>{formatDate(post.date, lang, site.timezone)}</time>
            {post.author ? ` · ${post.author}` : ''}
          </p>
          {post.description ? (
            <p lang={post.lang === lang ? undefined : post.lang}>{post.description}</p>
          ) : null}
          <Tags tags={post.tags} label={t.tags} />
        </li>
      ))}
    </ul>
  )
}

/** A post's tags, as a labelled list. */
export const Tags: FC<{ tags: string[]; label: string }> = ({ tags, label }) =>
  tags.length === 0 ? null : (
    <ul class="tags" aria-label={label}>
      {tags.map((tag) => (
        <li>{tag}</li>
      ))}
    </ul>
  )
