import type { FC } from 'hono/jsx'
import type { Lang, PostSummary, SiteSettings } from '../../model/types'
import { homePath } from '../catalog'
import { fill, strings } from '../i18n'
import { Layout } from './layout'
import { PostList } from './post-list'

export interface HomeProps {
  site: SiteSettings
  lang: Lang
  posts: PostSummary[]
  page: number
  pages: number
}

/** A language's home page: its posts, newest first, one page of them. */
export const HomePage: FC<HomeProps> = ({ site, lang, posts, page, pages }) => {
  const t = strings(site, lang)
  const title = site.titles[lang] ?? site.title
  const pageOf = fill(t.pageOf, { page, pages })
  const alternates =
    page === 1 ? site.languages.map((l) => ({ lang: l, url: homePath(site, l) })) : []
  return (
    <Layout
      site={site}
      lang={lang}
      title={page > 1 ? `${title} · ${pageOf}` : title}
      description={site.descriptions[lang] ?? site.description}
      path={homePath(site, lang, page)}
      alternates={alternates}
      xDefault={page === 1 ? homePath(site, site.defaultLang) : undefined}
    >
      <h1>{page > 1 ? pageOf : t.latestPosts}</h1>
      <PostList site={site} lang={lang} posts={posts} />
      {pages > 1 ? (
        <nav class="pages" aria-label={t.pagination}>
          {page > 1 ? (
            <a rel="prev" href={homePath(site, lang, page - 1)}>
              ← {t.newerPosts}
            </a>
          ) : (
            <span />
          )}
          <span>{pageOf}</span>
          {page < pages ? (
            <a rel="next" href={homePath(site, lang, page + 1)}>
              {t.olderPosts} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  )
}
