import type { MiddlewareHandler } from 'hono'
import { PREVIEW_PARAM } from '../model/preview-token'
import type { Lang } from '../model/types'
import type { AppEnv } from './bindings'
import { cacheControl } from './http-cache'
import { checkToken, isPreviewHost, presentedToken, previewCookie } from './preview'

// The banner's words. Kept here rather than among the theme's UI strings, which sites override
// from `_data/`: a preview must say what it is whatever a site's data says.
const BANNER: Record<string, { preview: string; drafts: string }> = {
  en: {
    preview: 'Preview: readers do not see this version of the site.',
    drafts: 'Drafts and scheduled posts are shown.',
  },
  fr: {
    preview: 'Aperçu : les lecteurs ne voient pas cette version du site.',
    drafts: 'Les brouillons et les articles programmés sont affichés.',
  },
  de: {
    preview: 'Vorschau: Leser sehen diese Version der Website nicht.',
    drafts: 'Entwürfe und geplante Beiträge werden angezeigt.',
  },
  es: {
    preview: 'Vista previa: los lectores no ven esta versión del sitio.',
    drafts: 'Se muestran los borradores y las entradas programadas.',
  },
  it: {
    preview: 'Anteprima: i lettori non vedono questa versione del sito.',
    drafts: 'Sono mostrate le bozze e gli articoli programmati.',
  },
  ar: {
    preview: 'معاينة: لا يرى القرّاء هذه النسخة من الموقع.',
    drafts: 'تُعرض المسودات والمقالات المجدولة.',
  },
  he: {
    preview: 'תצוגה מקדימה: הקוראים אינם רואים גרסה זו של האתר.',
    drafts: 'מוצגות טיוטות ורשומות מתוזמנות.',
  },
}

/** The banner's text in a page's language (its primary subtag), English when none is built in. */
export function bannerText(lang: Lang, drafts: boolean): string {
  const words = BANNER[lang] ?? BANNER[lang.split('-')[0] ?? ''] ?? (BANNER.en as never)
  return drafts ? `${words.preview} ${words.drafts}` : words.preview
}

/**
 * Answers as a preview when the request's host is one of this worker's preview URLs: a banner in
 * the page's language, `noindex` in a header and a meta tag, and `private, no-store`, added after
 * the page caches so that a cached page never carries them to the live site. On a drafts
 * preview, `?preview=<token>` (signed, expiring) sets a cookie and unlocks the drafts.
 * @example app.use(previewMode())
 */
export function previewMode(): MiddlewareHandler<AppEnv> {
  return async function previewMode(c, next) {
    const url = new URL(c.req.url)
    const preview = isPreviewHost(url.host, c.env.WORKER_NAME)
    c.set('preview', preview)
    c.set('unlocked', false)
    if (!preview) return next()
    const presented = presentedToken(url, c.req.header('cookie'))
    const expires = presented
      ? await checkToken(
          c.env.KIOSQUE_PREVIEW_SECRET,
          c.env.CONTENT_VERSION,
          presented.token,
          Date.now(),
        )
      : undefined
    if (presented?.from === 'query') {
      // The token leaves the address bar (and later Referer headers) at once.
      url.searchParams.delete(PREVIEW_PARAM)
      if (expires !== undefined)
        c.header('Set-Cookie', previewCookie(presented.token, expires, Date.now()))
      c.header('Cache-Control', cacheControl('private'))
      c.header('X-Robots-Tag', 'noindex')
      return c.redirect(`${url.pathname}${url.search}`, 302)
    }
    c.set('unlocked', expires !== undefined)
    await next()
    let res = c.res
    try {
      markAsPreview(res.headers)
    } catch {
      // Immutable headers (a response passed through from fetch) are copied first.
      res = new Response(res.body, res)
      markAsPreview(res.headers)
    }
    // Hono's `c.res =` copies the previous response's headers over the new one's: none here.
    c.res = undefined
    c.res = await withBanner(res, c.var.unlocked && c.var.catalog?.site.draftsByToken === true)
  }
}

function markAsPreview(headers: Headers): void {
  headers.set('X-Robots-Tag', 'noindex')
  headers.set('Cache-Control', cacheControl('private'))
  // The banner is in the body: a validator of the live page must not match it.
  headers.delete('ETag')
}

async function withBanner(res: Response, drafts: boolean): Promise<Response> {
  if (!(res.headers.get('Content-Type') ?? '').startsWith('text/html') || res.body === null)
    return res
  const lang = res.headers.get('Content-Language') ?? 'en'
  const banner = String(
    await String(
      <aside class="preview-banner" lang={lang} role="note">
        {bannerText(lang, drafts)}
      </aside>,
    ),
  )
  return new HTMLRewriter()
    .on('head', {
      element(head) {
        head.append('<meta name="robots" content="noindex">', { html: true })
      },
    })
    .on('body', {
      element(body) {
        body.prepend(banner, { html: true })
      },
    })
    .transform(res)
}
