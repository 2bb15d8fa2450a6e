import { type Context, Hono } from 'hono'
import {
  type FeedFormat,
  feedPath,
  homePath,
  type ListingRef,
  listingPath,
  parseFeedPath,
  parseListingPath,
} from '../model/paths'
import type { Lang, SiteSettings } from '../model/types'
import type { AppEnv } from './bindings'
import { cachedCopy, cachedPage } from './cached-page'
import { foldPath, langOfPath, listingPosts, pageCount } from './catalog'
import { type CacheKind, cacheControl } from './http-cache'
import { negotiateLanguage } from './negotiate'
import { pageKey, type RenderedPage } from './page-cache'
import { previewMode } from './preview-mode'
import type { RedirectMatch } from './redirects'
import {
  FEED_SIZE,
  renderFeed,
  renderListing,
  renderNotFound,
  renderPost,
  renderRobots,
  renderSitemap,
} from './render'
import { searchRoute, searchTarget } from './search-route'
import { securityHeaders } from './security-headers'
import { sendPage } from './send-page'
import { sitePath } from './site-url'
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

// Outermost, so that errors, redirects and 405s get the headers too.
app.use(securityHeaders())

// A preview URL gets its banner, noindex and no shared caching; a token opens a drafts preview.
app.use(previewMode())

// Every route needs the catalog of the deployed content version, as visible now.
app.use(async function loadCatalog(c, next) {
  c.set('catalog', await getCatalog(c.env.POSTS, c.env.CONTENT_VERSION, Date.now(), c.var.unlocked))
  await next()
})

app.get('*', async (c): Promise<Response> => {
  const { catalog } = c.var
  const requested = requestPath(c)
  if (requested === undefined) return notFound(c, '/')
  const path = withinBaseurl(catalog.site, requested)
  if (path === undefined) return outsideBaseurl(c, requested)
  const rule = catalog.redirects.match(path)
  if (rule?.force) return authorRedirect(c, rule)
  if (path.startsWith('/ref/')) return translationGroup(c, path.slice('/ref/'.length))
  if (catalog.byUrl.has(path)) return post(c, path)
  const search = searchTarget(catalog.site, path)
  if (search) return searchRoute(c, search)
  // Jekyll writes each listing page as `<folder>/index.html`, and themes link the homes so.
  const listing =
    parseListingPath(catalog.site, path) ??
    (path.endsWith('/index.html') ? parseListingPath(catalog.site, path.slice(0, -10)) : undefined)
  if (listing) return list(c, listing.ref, listing.page, path)
  const feed = parseFeedPath(catalog.site, path)
  if (feed) return feedOf(c, feed.lang, feed.format)
  if (path === '/sitemap.xml') return documentOf(c, path, () => renderSitemap(catalog))
  if (path === '/robots.txt') return documentOf(c, path, () => renderRobots(catalog))
  // `_redirects` rules without `!` give way to pages, as on Netlify.
  if (rule) return authorRedirect(c, rule)
  // URL forgiveness: another letter case, no `.html`, a trailing slash.
  const canonical = catalog.folded.get(foldPath(path))
  if (canonical) return redirect(c, canonical, 'redirect', 301)
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
  const path = withinBaseurl(site, requestPath(c) ?? '/') ?? '/'
  const lang = langOfPath(site, path)
  if (error instanceof StoreError) {
    console.error(`content unavailable: ${error.message}`)
    // A cold isolate may still find the page in the colo's Cache API.
    const copy = c.env.CONTENT_VERSION
      ? await cachedCopy(pageKey(c.env.CONTENT_VERSION, '-', path))
      : undefined
    if (copy) return sendPage(c, copy.page, copy.source)
    return errorPage(c, site, lang, 503)
  }
  console.error(error)
  return errorPage(c, site, lang, 500)
})

/** The cache key of a page of this request's content version (with its drafts, if unlocked). */
function keyOf(c: Ctx, variant: Lang | '-', path: string): string {
  const version = c.var.unlocked ? `${c.env.CONTENT_VERSION}+drafts` : c.env.CONTENT_VERSION
  return pageKey(version, variant, path)
}

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
  const { page, source } = await cachedPage(c, keyOf(c, '-', path), async () =>
    renderPost(catalog, await getPost(c.env.POSTS, summary)),
  )
  return sendPage(c, page, source)
}

/** A page of a listing: a home, a tag's or an author's. Only `/` negotiates the language. */
async function list(c: Ctx, ref: ListingRef, pageNumber: number, path: string) {
  const { catalog } = c.var
  const { site } = catalog
  const chosen = explicitLanguage(c, site.languages)
  if (chosen) {
    rememberLanguage(c, chosen)
    return redirect(c, homePath(site, chosen), 'private')
  }
  const listing = listingPosts(catalog, ref)
  if (!listing || pageNumber < 1 || pageNumber > pageCount(site, listing.posts.length))
    return notFound(c, path)
  const canonical = listingPath(site, ref, pageNumber)
  // `/index.html` and `/<lang>/index.html` are the homes as Jekyll wrote them: served as they
  // are, canonical `/` and `/<lang>/`, and never negotiated, since a link to `/index.html` meant
  // the default language's home (a 301 to `/` would send some visitors to another language).
  const home = ref.kind === 'home' && pageNumber === 1 && path === `${canonical}index.html`
  if (path !== canonical && !home) return redirect(c, canonical, 'redirect', 301)
  const negotiated = path === '/'
  if (negotiated) {
    // A crawler without Accept-Language gets the default language.
    const visitor = visitorLanguage(c, site.languages, site.defaultLang)
    if (visitor.lang !== site.defaultLang) {
      c.header('Vary', 'Accept-Language, Cookie')
      return redirect(c, homePath(site, visitor.lang), 'negotiated')
    }
  }
  const { page, source } = await cachedPage(c, keyOf(c, '-', canonical), () =>
    renderListing(catalog, ref, listing, pageNumber),
  )
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

/** A language's feed: its newest posts with their full content, read from KV on a cache miss. */
async function feedOf(c: Ctx, lang: Lang, format: FeedFormat) {
  const { catalog } = c.var
  const path = feedPath(catalog.site, lang, format)
  const { page, source } = await cachedPage(c, keyOf(c, '-', path), async () => {
    const newest = (catalog.own.get(lang) ?? []).slice(0, FEED_SIZE)
    const records = await Promise.all(newest.map((p) => getPost(c.env.POSTS, p)))
    return renderFeed(catalog, lang, format, records)
  })
  return sendPage(c, page, source)
}

/** A generated document (sitemap, robots.txt), cached like pages. */
async function documentOf(c: Ctx, path: string, render: () => Promise<RenderedPage>) {
  const { page, source } = await cachedPage(c, keyOf(c, '-', path), render)
  return sendPage(c, page, source)
}

/**
 * A rule of the content's `_redirects`: its target is the author's, trusted like their HTML.
 * Its paths are site paths, as permalinks are: a target path gets the `baseurl`.
 */
function authorRedirect(c: Ctx, rule: RedirectMatch): Response {
  const { baseurl } = c.var.catalog.site
  const location =
    rule.location.startsWith('/') && !rule.location.startsWith('//')
      ? encodeURI(baseurl) + rule.location
      : rule.location
  c.header('Cache-Control', cacheControl('redirect'))
  return c.redirect(location, rule.status as 301 | 302 | 303 | 307 | 308)
}

/**
 * A path outside the `baseurl`, where `jekyll serve` mounts nothing: `<baseurl>` itself gets
 * its trailing slash, as WEBrick adds it to a folder, and `/` leads to the site, since the
 * origin's root is what visitors type (302: the root may serve something else one day).
 * Anything else is a 404.
 */
function outsideBaseurl(c: Ctx, path: string): Response | Promise<Response> {
  const { site } = c.var.catalog
  if (path === site.baseurl) return redirect(c, '/', 'redirect', 301)
  if (path === '/') return redirect(c, '/', 'redirect')
  return notFound(c, '/')
}

async function notFound(c: Ctx, path: string) {
  const { catalog } = c.var
  const lang = langOfPath(catalog.site, path)
  const { page, source } = await cachedPage(c, keyOf(c, lang, ':not-found'), () =>
    renderNotFound(catalog, lang),
  )
  return sendPage(c, page, source)
}

/**
 * Redirects to a same-site path. Locations come from the manifest, never from the request, and
 * are checked once more here so that no `//host` or `/\host` can ever leave.
 */
function redirect(c: Ctx, path: string, kind: CacheKind, status: 301 | 302 = 302): Response {
  const location = sitePath(c.var.catalog.site, path)
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

/** A request path made a site path, its `baseurl` removed; undefined outside the `baseurl`. */
function withinBaseurl(site: SiteSettings, path: string): string | undefined {
  if (site.baseurl === '') return path
  return path.startsWith(`${site.baseurl}/`) ? path.slice(site.baseurl.length) : undefined
}

/** The request's path, percent-decoded; undefined when the encoding is invalid. */
function requestPath(c: Ctx): string | undefined {
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
  baseurl: '',
  defaultLang: 'en',
  languages: ['en'],
  perPage: 10,
  future: false,
  paginatePath: '/page:num/',
  stylesheet: '',
  timezone: 'UTC',
  listUntranslated: false,
  collections: [],
  nav: {},
  strings: {},
  titles: {},
  descriptions: {},
}

export default app
