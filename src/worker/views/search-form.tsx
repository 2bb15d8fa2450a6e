import type { FC } from 'hono/jsx'
import type { Lang, SiteSettings } from '../../model/types'
import { strings } from '../i18n'
import { sitePath } from '../site-url'

/** The search page of a language: `/search` for the default one, `/<lang>/search` for others. */
export function searchPath(site: SiteSettings, lang: Lang): string {
  const own = site.searchUrl ?? '/search'
  return lang === site.defaultLang ? own : `/${lang}${own}`
}

/** The OpenSearch description of a language, next to its search page. */
export function openSearchPath(site: SiteSettings, lang: Lang): string {
  return lang === site.defaultLang ? '/opensearch.xml' : `/${lang}/opensearch.xml`
}

/** The search form of the theme's header: a GET form, so it works without script. */
export const SearchForm: FC<{ site: SiteSettings; lang: Lang; query?: string }> = ({
  site,
  lang,
  query,
}) => {
  const t = strings(site, lang)
  return (
    <form class="search" method="get" action={sitePath(site, searchPath(site, lang))}>
      <input type="search" name="q" value={query} aria-label={t.search} maxlength={200} />
      <button type="submit">{t.search}</button>
    </form>
  )
}
