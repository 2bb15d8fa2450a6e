import type { Context } from 'hono'
import type { Lang } from '../model/types'
import type { AppEnv } from './bindings'
import type { RenderedPage } from './page-cache'
import { noticeDismissed, visitorLanguage } from './visitor'

/**
 * The "also available in" notice a visitor should see on a page, if any: the translation in the
 * language they prefer, when they prefer one the page has and have not dismissed the notice.
 */
export function noticeFor(
  c: Context<AppEnv>,
  page: RenderedPage,
): { lang: Lang; url: string } | undefined {
  const langs = Object.keys(page.translations)
  // Without the catalog (KV down, a copy served from the Cache API) there is no site to word
  // the notice with: the variable is typed as set, but onError runs before it may be.
  if (langs.length === 0 || noticeDismissed(c) || !c.get('catalog')) return undefined
  const preferred = visitorLanguage(c, [page.lang, ...langs], page.lang)
  if (preferred.source === 'default' || preferred.lang === page.lang) return undefined
  const url = page.translations[preferred.lang]
  return url ? { lang: preferred.lang, url } : undefined
}
