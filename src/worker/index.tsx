import { type Context, Hono } from 'hono'
import type { Lang, SiteSettings } from '../model/types'
import type { AppEnv } from './bindings'
import { homePath, langOfPath } from './catalog'
import { type CacheKind, cacheControl } from './http-cache'
import { negotiateLanguage } from './negotiate'
import { pageKey } from './page-cache'
import { pageCount, renderHome, renderNotFound, renderPost } from './render'
import { cachedCopy, cachedPage, sendPage } from './serve'
import { getCatalog, getPost, StoreError } from './store'
import { ErrorPage } from './views/error'
import {
  dismissNotice,
  explicitLanguage,
  readLangCookie,
  rememberLanguage,
  visitorLanguage,
} from './visitor'

type Ctx = Context<AppEnv>

const app = new Hono<AppEnv>()

// Every route needs the catalog of the deployed content version.
app.use(async function loadCatalog(c, next) {
  c.set('catalog', await getCatalog(c.env.POSTS, c.env.CONTENT_VERSION))
  await next()
})

app.get('*', async (c): Promise<Response> => {
  const path = requestPath(c)
  if (path === undefined) return notFound(c, '/')
  if (path.startsWith('/ref/')) return translationGroup(c, path.slice('/ref/'.length))
  if (c.var.catalog.byUrl.has(path)) return post(c, path)
  const listing = parseListing(c.var.catalog.site, path)
  if (listing) return home(c, listing.lang, listing.page, path)
  return notFound(c, path)
})

// Everything Kiosque serves is read-only.
app.all('*', (c) => {
  c.header('Allow', 'GET, HEAD')
  c.header('Cache-Control', cacheControl('error'))
  return c.text('Method Not Allowed', 405)
})

app.onError(async (error, c) => {
  const site = c.get('catalog')?.site ?? FALLBACK_SITE
  const path = requestPath(c) ?? '/'
  const lang = langOfPath(site, path)
  if (error instanceof StoreError) {
    console.error(`content unavailable: ${error.message}`)
    // A cold isolate may still find the page in the colo's Cache API.
    const key = pageKey(c.env.CONTENT_VERSION, '-', path)
    const copy = c.env.CONTENT_VERSION ? await cachedCopy(key) : undefined
    if (copy) return sendPage(c, copy.page, copy.source)
    return errorPage(c, site, lang, 503)
  }
  console.error(error)
  return errorPage(c, site, lang, 500)
})

/** A post at its permalink. `?lang=` switches to a translation; `?notice=off` hides the notice. */
async function post(c: Ctx, path: string) {
  const { catalog } = c.var
  const summary = catalog.byUrl.get(path)
  if (!summary) return notFound(c, path)
  const chosen = explicitLanguage(c, catalog.site.languages)
  if (chosen) {
    rememberLanguage(c, chosen)
    const group = summary.langRef === undefined ? undefined : catalog.groups.get(summary.langRef)
    const target =
      chosen === summary.lang
        ? summary.url
        : (group?.get(chosen)?.url ?? homePath(catalog.site, chosen))
    return redirect(c, target, 'private')
  }
  if (c.req.query('notice') === 'off') {
    dismissNotice(c)
    return redirect(c, summary.url, 'private')
  }
  const key = pageKey(c.env.CONTENT_VERSION, '-', path)
  const { page, source } = await cachedPage(c, key, async () =>
    renderPost(catalog, await getPost(c.env.POSTS, summary)),
  )
  return sendPage(c, page, source)
}

/** A page of a language's home listing. `/` negotiates; `/<lang>/` is authoritative. */
async function home(c: Ctx, lang: Lang, pageNumber: number, path: string) {
  const { catalog } = c.var
  const { site } = catalog
  const chosen = explicitLanguage(c, site.languages)
  if (chosen) {
    rememberLanguage(c, chosen)
    return redirect(c, homePath(site, chosen), 'private')
  }
  if (pageNumber > pageCount(catalog, lang)) return notFound(c, path)
  const canonical = homePath(site, lang, pageNumber)
  if (path !== canonical) return redirect(c, canonical, 'redirect', 301)
  const negotiated = path === '/'
  if (negotiated) {
    // Only the root negotiates; a crawler without Accept-Language gets the default language.
    const visitor = visitorLanguage(c, site.languages, site.defaultLang)
    if (visitor.lang !== site.defaultLang) {
      c.header('Vary', 'Accept-Language, Cookie')
      return redirect(c, homePath(site, visitor.lang), 'negotiated')
    }
  }
  const key = pageKey(c.env.CONTENT_VERSION, '-', canonical)
  const { page, source } = await cachedPage(c, key, () => renderHome(catalog, lang, pageNumber))
  return sendPage(c, page, source, negotiated)
}

/** `/ref/<lang-ref>`: a language-neutral link that redirects to the visitor's best translation. */
function translationGroup(c: Ctx, encodedRef: string): Response | Promise<Response> {
  const { catalog } = c.var
  const ref = encodedRef.replace(/\/$/, '')
  const group = catalog.groups.get(ref)
  if (!group) return notFound(c, `/ref/${ref}`)
  const langs = catalog.site.languages.filter((l) => group.has(l))
  const fallback =
    group.get(catalog.site.defaultLang) ??
    [...group.values()].sort((a, b) => a.date.localeCompare(b.date))[0]
  const explicit = explicitLanguage(c, catalog.site.languages)
  if (explicit) rememberLanguage(c, explicit)
  const { lang } = negotiateLanguage(
    { query: explicit, cookie: readLangCookie(c), acceptLanguage: c.req.header('accept-language') },
    langs,
    fallback?.lang ?? catalog.site.defaultLang,
  )
  const target = group.get(lang) ?? fallback
  if (!target) return notFound(c, `/ref/${ref}`)
  c.header('Vary', 'Accept-Language, Cookie')
  return redirect(c, target.url, explicit ? 'private' : 'negotiated')
}

async function notFound(c: Ctx, path: string) {
  const { catalog } = c.var
  const lang = langOfPath(catalog.site, path)
  const key = pageKey(c.env.CONTENT_VERSION, lang, ':not-found')
  const { page, source } = await cachedPage(c, key, () => renderNotFound(catalog, lang))
  return sendPage(c, page, source)
}

/**
 * Redirects to a same-site path. Locations come from the manifest, never from the request, and
 * are checked once more here so that no `//host` or `/\host` can ever leave.
 */
function redirect(c: Ctx, path: string, kind: CacheKind, status: 301 | 302 = 302): Response {
  const location = encodeURI(path)
  if (!location.startsWith('/') || location.startsWith('//') || location.includes('\\')) {
    throw new Error(`refusing to redirect to ${JSON.stringify(path)}`)
  }
  c.header('Cache-Control', cacheControl(kind))
  return c.redirect(location, status)
}

async function errorPage(c: Ctx, site: SiteSettings, lang: Lang, status: 500 | 503) {
  c.header('Cache-Control', cacheControl('error'))
  c.header('Content-Language', lang)
  if (status === 503) c.header('Retry-After', '30')
  const view = <ErrorPage site={site} lang={lang} kind={status === 503 ? 'unavailable' : 'error'} />
  return c.html(`<!DOCTYPE html>${await String(view)}`, status)
}

/** Which listing a path names: `/`, `/page/2/`, `/en/`, `/en/page/2/` (any case, any trailing slash). */
function parseListing(site: SiteSettings, path: string): { lang: Lang; page: number } | undefined {
  const m = /^(?:\/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?(?:\/page\/([0-9]{1,6}))?\/?$/.exec(path)
  if (!m) return undefined
  const lang = m[1]?.toLowerCase() ?? site.defaultLang
  if (!site.languages.includes(lang)) return undefined
  const page = m[2] === undefined ? 1 : Number(m[2])
  return page >= 1 ? { lang, page } : undefined
}

/** The request's path, percent-decoded; undefined when the encoding is invalid. */
function requestPath(c: Context): string | undefined {
  try {
    return decodeURIComponent(new URL(c.req.url).pathname)
  } catch {
    return undefined
  }
}

// Used only when even the manifest could not be read.
const FALLBACK_SITE: SiteSettings = {
  title: '',
  description: '',
  url: '',
  defaultLang: 'en',
  languages: ['en'],
  perPage: 10,
  timezone: 'UTC',
  listUntranslated: false,
  strings: {},
  titles: {},
  descriptions: {},
}

export default app
