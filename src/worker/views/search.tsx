import type { FC } from 'hono/jsx'
import type { Lang, PostSummary, SiteSettings } from '../../model/types'
import { arrowsFor, fill, formatDate, strings, titleOf } from '../i18n'
import type { SnippetPart } from '../search'
import { sitePath } from '../site-url'
import { Layout } from './layout'
import { SearchForm, searchPath } from './search-form'

/** One result: its summary and its snippet. */
export interface SearchResult {
  doc: PostSummary
  snippet: SnippetPart[]
}

export interface SearchPageProps {
  site: SiteSettings
  lang: Lang
  /** The query as typed (capped); empty shows the form alone. */
  query: string
  results: SearchResult[]
  total: number
  page: number
  pages: number
  /** The query string could not be decoded. */
  malformed?: boolean
}

/** The results of a query, or the form alone; never indexed by crawlers. */
export const SearchPage: FC<SearchPageProps> = (props) => {
  const { site, lang, query, results, total, page, pages } = props
  const t = strings(site, lang)
  const arrows = arrowsFor(lang)
  const base = sitePath(site, searchPath(site, lang))
  const link = (n: number) => `${base}?q=${encodeURIComponent(query)}${n > 1 ? `&page=${n}` : ''}`
  const heading = query ? fill(t.searchResults, { count: total, query }) : t.search
  return (
    <Layout
      site={site}
      lang={lang}
      title={query ? `${t.search}: ${query}` : t.search}
      head={<meta name="robots" content="noindex" />}
    >
      <h1>{props.malformed ? t.search : heading}</h1>
      <SearchForm site={site} lang={lang} query={query} />
      {props.malformed ? <p>{t.searchMalformed}</p> : null}
      {query && total === 0 ? <p>{fill(t.searchNoResults, { query })}</p> : null}
      {results.length > 0 ? (
        <ol class="results">
          {results.map(({ doc, snippet }) => (
            <li>
              <h2>
                <a href={sitePath(site, doc.url)}>{titleOf(site, doc)}</a>
              </h2>
              {doc.date ? (
                <p class="meta">
                  <time datetime={doc.date}>{formatDate(doc.date, lang, site.timezone)}</time>
                </p>
              ) : null}
              <p>{snippet.map((part) => (part.mark ? <mark>{part.text}</mark> : part.text))}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {pages > 1 ? (
        <nav class="pages" aria-label={t.pagination}>
          {page > 1 ? (
            <a rel="prev" href={link(page - 1)}>
              {arrows.back}
            </a>
          ) : (
            <span />
          )}
          <span>{fill(t.pageOf, { page, pages })}</span>
          {page < pages ? (
            <a rel="next" href={link(page + 1)}>
              {arrows.forward}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  )
}
