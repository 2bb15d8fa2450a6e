import type { Lang, SiteSettings } from '../model/types'
import { dirWithin, fill, languageName, strings } from './i18n'
import { sitePath } from './site-url'

/**
 * The "also available in" notice, in the visitor's language, linking to the translation. It is
 * added per request after the caches, so cached pages never vary by visitor. `url` is the
 * translation's site path; `pageHref` is this page's path as requested, already encoded;
 * `pageLang` the page's language, which sets the notice's `dir` when the two differ.
 */
export async function noticeHtml(
  site: SiteSettings,
  visitorLang: Lang,
  url: string,
  pageHref: string,
  pageLang: Lang,
): Promise<string> {
  const t = strings(site, visitorLang)
  const text = fill(t.alsoAvailable, { language: languageName(visitorLang, visitorLang, true) })
  const node = (
    <aside
      class="notice"
      lang={visitorLang}
      dir={dirWithin(visitorLang, pageLang)}
      aria-label={t.translations}
    >
      <a href={`${sitePath(site, url)}?lang=${visitorLang}`} hreflang={visitorLang}>
        {text}
      </a>
      <a class="dismiss" href={`${pageHref}?notice=off`} rel="nofollow">
        {t.dismiss}
      </a>
    </aside>
  )
  return String(await String(node))
}

/** Inserts the notice at the top of `<main>`, streaming the page through HTMLRewriter. */
export function withNotice(response: Response, html: string): Response {
  return new HTMLRewriter()
    .on('main', {
      element(main) {
        main.prepend(html, { html: true })
      },
    })
    .transform(response)
}
