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
  /** Every language version of the post, itself included. */
  versions: PostSummary[]
  xDefault?: string
}

/** A post page: header, body, tags and links to its translations. */
export const PostPage: FC<PostProps> = ({ site, post, html, versions, xDefault }) => {
  const t = strings(site, post.lang)
  const translations = versions.filter((v) => v.url !== post.url)
  return (
    <Layout
      site={site}
      lang={post.lang}
      title={post.title}
      description={post.description}
      path={post.url}
      alternates={versions.map((v) => ({ lang: v.lang, url: v.url }))}
      xDefault={xDefault}
      head={<meta property="og:type" content="article" />}
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
              {t.translations}{' '}
              {translations.map((tr, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a
                    href={`${encodeURI(tr.url)}?lang=${tr.lang}`}
                    hreflang={tr.lang}
                    lang={tr.lang}
                  >
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
