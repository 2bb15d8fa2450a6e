import { type Context, Hono } from 'hono'
import type { SiteSettings } from '../model/types'
import type { AppEnv } from './bindings'
import { homePath, langOfPath, translationsOf } from './catalog'
import { renderMarkdown } from './markdown'
import { sendPage } from './page'
import { getCatalog, getPost, StoreError } from './store'
import { ErrorPage } from './views/error'
import { HomePage } from './views/home'
import { PostPage } from './views/post'

const app = new Hono<AppEnv>()

// Every route needs the catalog of the deployed content version.
app.use(async function loadCatalog(c, next) {
  c.set('catalog', await getCatalog(c.env.POSTS, c.env.CONTENT_VERSION))
  await next()
})

app.get('/', (c) => home(c, c.var.catalog.site.defaultLang, '1'))
app.get('/page/:n{[0-9]+}/', (c) => home(c, c.var.catalog.site.defaultLang, c.req.param('n')))
app.get('/:lang/', (c) => home(c, c.req.param('lang'), '1'))
app.get('/:lang/page/:n{[0-9]+}/', (c) => home(c, c.req.param('lang'), c.req.param('n')))

app.get('*', async (c) => {
  const { catalog } = c.var
  const path = decodePath(c.req.url)
  const summary = path === undefined ? undefined : catalog.byUrl.get(path)
  if (!summary) return c.notFound()
  const post = await getPost(c.env.POSTS, summary)
  const html = post.format === 'markdown' ? renderMarkdown(post.body) : post.body
  const translations = translationsOf(catalog, summary)
  return sendPage(
    c,
    post.lang,
    <PostPage site={catalog.site} post={post} html={html} translations={translations} />,
  )
})

app.notFound((c) => {
  const site = c.get('catalog')?.site
  if (!site) return c.text('Not found', 404)
  const lang = langOfPath(site, decodePath(c.req.url) ?? '/')
  return sendPage(c, lang, <ErrorPage site={site} lang={lang} kind="not-found" />, 404)
})

app.onError((error, c) => {
  const site = c.get('catalog')?.site ?? FALLBACK_SITE
  const lang = langOfPath(site, decodePath(c.req.url) ?? '/')
  if (error instanceof StoreError) {
    console.error(`content unavailable: ${error.message}`, error.cause ?? '')
    c.header('Retry-After', '30')
    return sendPage(c, lang, <ErrorPage site={site} lang={lang} kind="unavailable" />, 503)
  }
  console.error(error)
  return sendPage(c, lang, <ErrorPage site={site} lang={lang} kind="error" />, 500)
})

/** A language's home page, one page of its posts. */
async function home(c: Context<AppEnv>, langParam: string, pageParam: string) {
  const { site, byLang } = c.var.catalog
  const lang = langParam.toLowerCase()
  const posts = byLang.get(lang)
  if (!posts || !site.languages.includes(lang)) return c.notFound()
  const page = Number(pageParam)
  const pages = Math.max(1, Math.ceil(posts.length / site.perPage))
  if (!Number.isSafeInteger(page) || page < 1 || page > pages) return c.notFound()
  const canonical = homePath(site, lang, page)
  if (new URL(c.req.url).pathname !== canonical) return c.redirect(canonical, 301)
  const slice = posts.slice((page - 1) * site.perPage, page * site.perPage)
  return sendPage(
    c,
    lang,
    <HomePage site={site} lang={lang} posts={slice} page={page} pages={pages} />,
  )
}

/** The request's path, percent-decoded; undefined when the encoding is invalid. */
function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname)
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
  titles: {},
  descriptions: {},
}

export default app
