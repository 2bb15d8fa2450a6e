/**
 * Which pages the Nu Html Checker reads: one of every kind Kiosque makes, in every language,
 * picked from the manifest the build wrote, so that they exist whatever the content.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry } from '../../src/build/site'
import { homePath, listingPath } from '../../src/model/paths'
import type { Manifest, PostSummary } from '../../src/model/types'
import { tagSlug } from '../../src/worker/slug'
import { searchPath } from '../../src/worker/views/search-form'

/** The kind of the post whose KV entry is removed, so that it answers 503. */
export const STALE_POST_KIND = 'unavailable (503)'

/** One page to fetch: its site path, what it is, the status it must answer with. */
export interface ClientPage {
  path: string
  kind: string
  status: number
  /** The reader's languages; the page's own when absent. */
  acceptLanguage?: string
  /** The KV key of the post that answers 503 once it is removed. */
  key?: string
}

/** The manifest a build wrote: the last entry of its `kv.json`. */
export async function builtManifestOf(out: string): Promise<Manifest> {
  const entries = JSON.parse(await readFile(join(out, 'kv.json'), 'utf8')) as KvEntry[]
  const last = entries.at(-1)
  if (!last?.key.startsWith('manifest:')) throw new Error(`${out}/kv.json ends with no manifest`)
  return JSON.parse(last.value) as Manifest
}

/** Every kind of page of the site, once per language where the site has one. */
export function nuPages(manifest: Manifest): ClientPage[] {
  const { site } = manifest
  const now = new Date().toISOString()
  // What a reader sees today: scheduled posts are not served yet.
  const visible = (p: PostSummary) => site.future || p.date === '' || p.date <= now
  const posts = manifest.posts.filter((p) => !p.kind && !p.draft && visible(p))
  const pages: ClientPage[] = []
  const add = (page: ClientPage | undefined) => {
    if (page && !pages.some((p) => p.path === page.path && p.kind === page.kind)) pages.push(page)
  }
  for (const lang of site.languages) {
    const own = posts.filter((p) => p.lang === lang)
    add({ path: homePath(site, lang), kind: 'home', status: 200, acceptLanguage: lang })
    if (own.length > site.perPage)
      add({ path: homePath(site, lang, 2), kind: 'home, page 2', status: 200 })
    const post = own[0]
    if (post) add({ path: post.url, kind: 'post', status: 200, acceptLanguage: lang })
    const translated = own.find(
      (p) => p.langRef && posts.some((o) => o.langRef === p.langRef && o.lang !== lang),
    )
    const other = site.languages.find((l) => l !== lang)
    if (translated && other)
      add({
        path: translated.url,
        kind: 'post with the notice',
        status: 200,
        acceptLanguage: other,
      })
    const page = manifest.pages.find((p) => p.kind === 'page' && p.lang === lang)
    if (page) add({ path: page.url, kind: 'page', status: 200 })
    const doc = manifest.pages.find((p) => p.kind === 'doc' && p.lang === lang)
    if (doc) add({ path: doc.url, kind: 'collection document', status: 200 })
    for (const c of site.collections)
      add({
        path: listingPath(site, { lang, kind: 'collection', slug: c.name }),
        kind: 'collection',
        status: 200,
      })
    const tagged = own.find((p) => p.tags.length > 0)
    if (tagged?.tags[0])
      add({
        path: listingPath(site, { lang, kind: 'tag', slug: tagSlug(tagged.tags[0]) }),
        kind: 'tag',
        status: 200,
      })
    const authored = own.find((p) => p.author)
    if (authored?.author)
      add({
        path: listingPath(site, { lang, kind: 'author', slug: tagSlug(authored.author) }),
        kind: 'author',
        status: 200,
      })
    // Search: the empty form, a word of a post's title found, and a query that finds nothing.
    const search = searchPath(site, lang)
    add({ path: search, kind: 'search', status: 200 })
    const word = post?.title.split(/\s+/).find((w) => w.length >= 4)
    if (word) add({ path: `${search}?q=${word}`, kind: 'search results', status: 200 })
    add({ path: `${search}?q=kiosquezzqx`, kind: 'search, no result', status: 200 })
    const prefix = homePath(site, lang)
    add({
      path: `${prefix}kiosque-no-such-page/`,
      kind: 'not found (404)',
      status: 404,
      acceptLanguage: lang,
    })
  }
  // The oldest post of the default language, which no other check has asked for (a page
  // already read may be served from the worker's cache even with its KV entry gone).
  const stale = [...posts]
    .reverse()
    .find((p) => p.lang === site.defaultLang && !pages.some((page) => page.path === p.url))
  if (stale) add({ path: stale.url, kind: STALE_POST_KIND, status: 503, key: stale.key })
  return pages
}
