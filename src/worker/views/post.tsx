import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import type { PostRecord, PostSummary, SiteSettings } from '../../model/types'
import { formatDate, languageName, strings } from '../i18n'
import { Layout } from './layout'
import { Tags } from './post-list'

export interface PostProps {
  site: SiteSettings
  post: PostRecord
  /** The post's body as HTML, already rendered from its Markdown. */
  html: string
  translations: PostSummary[]
}

/** A post page: header, body, tags and links to its translations. */
export const PostPage: FC<PostProps> = ({ site, post, html, translations }) => {
  const t = strings(post.lang)
  const alternates = [post, ...translations].map((p) => ({ lang: p.lang, url: p.url }))
  return (
    <Layout
      site={site}
      lang={post.lang}
      title={post.title}
      description={post.description}
      path={post.url}
      alternates={translations.length > 0 ? alternates : []}
    >
      <article>
        <header>
          <h1>{post.title}</h1>
          <p class="meta">
            {t.publishedOn}{' '}
            <time datetime={post.date}>{formatDate(post.date, post.lang, site.timezone)}</time>
            {post.author ? ` ${t.by} ${post.author}` : ''}
          </p>
        </header>
        {/* The one place where rendered Markdown enters a page: authors are trusted. */}
        <div class="body">{raw(html)}</div>
        <footer>
          <Tags tags={post.tags} label={t.tags} />
          {translations.length > 0 ? (
            <p class="translations">
              {t.translations} :{' '}
              {translations.map((tr, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={encodeURI(tr.url)} hreflang={tr.lang} lang={tr.lang}>
                    {languageName(tr.lang)}
                  </a>
                </>
              ))}
            </p>
          ) : null}
        </footer>
      </article>
    </Layout>
  )
}
