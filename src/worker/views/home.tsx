import type { FC } from 'hono/jsx'
import type { Lang, PostSummary, SiteSettings } from '../../model/types'
import { homePath } from '../catalog'
import { strings } from '../i18n'
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
  const t = strings(lang)
  const title = site.titles[lang] ?? site.title
  const alternates = site.languages.map((l) => ({ lang: l, url: homePath(site, l, page) }))
  return (
    <Layout
      site={site}
      lang={lang}
      title={page > 1 ? `${title} · ${t.pageOf(page, pages)}` : title}
      description={site.descriptions[lang] ?? site.description}
      path={homePath(site, lang, page)}
      alternates={page === 1 ? alternates : []}
    >
      <h1>{page > 1 ? t.pageOf(page, pages) : t.latestPosts}</h1>
      <PostList site={site} lang={lang} posts={posts} />
      {pages > 1 ? (
        <nav class="pages" aria-label={t.pageOf(page, pages)}>
          {page > 1 ? (
            <a rel="prev" href={homePath(site, lang, page - 1)}>
              ← {t.newerPosts}
            </a>
          ) : (
            <span />
          )}
          {page < pages ? (
            <a rel="next" href={homePath(site, lang, page + 1)}>
              {t.olderPosts} →
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  )
}
