import type { FC } from 'hono/jsx'
import type { Lang, PostSummary, SiteSettings } from '../../model/types'
import { formatDate, strings } from '../i18n'

/** A listing of posts: title, date, description and tags of each. */
export const PostList: FC<{ site: SiteSettings; lang: Lang; posts: PostSummary[] }> = ({
  site,
  lang,
  posts,
}) => {
  const t = strings(lang)
  if (posts.length === 0) return <p>{t.noPosts}</p>
  return (
    <ul class="posts">
      {posts.map((post) => (
        <li lang={post.lang === lang ? undefined : post.lang}>
          <h2>
            <a href={encodeURI(post.url)}>{post.title}</a>
          </h2>
          <p class="meta">
            <time datetime={post.date}>{formatDate(post.date, lang, site.timezone)}</time>
            {post.author ? ` · ${post.author}` : ''}
          </p>
          {post.description ? <p>{post.description}</p> : null}
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
