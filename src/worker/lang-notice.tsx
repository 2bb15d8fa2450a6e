import type { Lang, SiteSettings } from '../model/types'
import { fill, languageName, strings } from './i18n'

/**
 * The "also available in" notice, in the visitor's language, linking to the translation. It is
 * added per request after the caches, so cached pages never vary by visitor.
 */
export async function noticeHtml(
  site: SiteSettings,
  visitorLang: Lang,
  url: string,
  pagePath: string,
): Promise<string> {
  const t = strings(site, visitorLang)
  const text = fill(t.alsoAvailable, { language: languageName(visitorLang, visitorLang, true) })
  const node = (
    <aside class="notice" lang={visitorLang} aria-label={t.translations}>
      <a href={`${encodeURI(url)}?lang=${visitorLang}`} hreflang={visitorLang}>
        {text}
      </a>
      <a class="dismiss" href={`${encodeURI(pagePath)}?notice=off`} rel="nofollow">
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
