/**
 * A real Jekyll site, given unchanged, served by `npm run dev` and compared with what the real
 * Jekyll publishes for it. Run with `npm run test:sites -- --content DIR`, which passes the
 * folder in KIOSQUE_SITE; the checks are generic, for any Jekyll site.
 */
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevServer, startDevServer } from '../support/dev-server'
import {
  type HiddenPost,
  hasFrontMatter,
  hiddenPosts,
  isDotPath,
  isUnderscorePath,
  type JekyllSite,
  jekyllSite,
  sameLanguage,
  walk,
} from './real-site'

const given = process.env.KIOSQUE_SITE
if (!given) throw new Error('KIOSQUE_SITE is not set: run npm run test:sites -- --content DIR')
const content = resolve(given)

let server: DevServer
let jekyll: JekyllSite
let hidden: HiddenPost[]
let files: string[]

beforeAll(async () => {
  // All four at once; the server is stopped by afterAll even when another one failed.
  const [dev, built, unpublished, walked] = await Promise.allSettled([
    startDevServer({ content, name: 'site', readyMs: 300_000 }),
    jekyllSite(content),
    hiddenPosts(content),
    walk(content),
  ])
  if (dev.status === 'fulfilled') server = dev.value
  for (const step of [dev, built, unpublished, walked])
    if (step.status === 'rejected') throw step.reason
  jekyll = (built as PromiseFulfilledResult<JekyllSite>).value
  hidden = (unpublished as PromiseFulfilledResult<HiddenPost[]>).value
  files = (walked as PromiseFulfilledResult<string[]>).value
})
afterAll(async () => {
  await server?.close()
})

/**
 * GETs a site path (escaped, as Jekyll's page.url) under the site's baseurl from the server,
 * without following redirects; an absolute URL is fetched as it is.
 */
async function get(path: string): Promise<{ status: number; body: string; url: string }> {
  const url = new URL(path.startsWith('/') ? encodeURI(jekyll.baseurl) + path : path, server.origin)
    .href
  const response = await fetch(url, { redirect: 'manual' })
  return { status: response.status, body: await response.text(), url }
}

const htmlLang = (html: string) => /<html\b[^>]*\blang=["']?([^"'\s>]+)/i.exec(html)?.[1] ?? ''

/** The `href` of every `<link rel="stylesheet">` of a page. */
function stylesheets(html: string): string[] {
  const links = html.match(/<link\b[^>]*>/gi) ?? []
  return links
    .filter((l) => /\brel=["']?[^"'>]*\bstylesheet\b/i.test(l))
    .map((l) => /\bhref=["']?([^"'\s>]+)/i.exec(l)?.[1] ?? '')
    .filter(Boolean)
}

/** A site path for a file of the folder, as a static file would be served: `/feed.xml`. */
const rawPath = (file: string) => encodeURI(`/${file}`)

describe(`a real Jekyll site: ${given}`, () => {
  it('builds (warnings allowed) and serves', async () => {
    const log = await server.log()
    const warnings = log.split('\n').filter((l) => /:\d+:\d+: warning: /.test(l)).length
    const mounted = jekyll.baseurl ? `, served under ${jekyll.baseurl}/` : ''
    console.log(
      `${given}: built with ${warnings} warning(s); ${jekyll.posts.length} posts${mounted}`,
    )
    expect(log).toMatch(/^built \d+ posts/m)
    expect(jekyll.posts.length).toBeGreaterThan(0)
  })

  it('serves every post Jekyll publishes at its URL, with its language as <html lang>', async () => {
    const wrong: string[] = []
    let unknown = 0
    for (const post of jekyll.posts) {
      const { status, body } = await get(post.url)
      const lang = htmlLang(body)
      if (status !== 200) wrong.push(`${post.url} (${post.source}): HTTP ${status}`)
      else if (!post.lang) {
        unknown++
        if (!lang) wrong.push(`${post.url} (${post.source}): no <html lang>`)
      } else if (!sameLanguage(post.lang, lang))
        wrong.push(`${post.url} (${post.source}): <html lang="${lang}">, Jekyll says ${post.lang}`)
    }
    if (unknown)
      console.log(
        `${unknown} post(s) have no lang, locale or language for Jekyll: lang not compared`,
      )
    expect(wrong).toEqual([])
  })

  it("loads each post page's stylesheets from the site's origin: 200, not empty", async () => {
    const problems: string[] = []
    const seen = new Map<string, string>()
    for (const post of jekyll.posts) {
      const { status, body, url } = await get(post.url)
      if (status !== 200) continue // reported by the test above
      const own = stylesheets(body)
        .map((href) => new URL(href, url))
        .filter((u) => u.origin === server.origin)
      if (own.length === 0) problems.push(`${post.url}: no stylesheet from ${server.origin}`)
      for (const sheet of own) {
        if (!seen.has(sheet.href)) {
          const css = await get(sheet.href)
          seen.set(sheet.href, css.status !== 200 ? `HTTP ${css.status}` : css.body ? '' : 'empty')
        }
        const problem = seen.get(sheet.href)
        if (problem) problems.push(`${post.url}: stylesheet ${sheet.pathname}: ${problem}`)
      }
    }
    console.log(`${seen.size} stylesheet(s) checked`)
    expect(problems).toEqual([])
  })

  it('serves no draft and no `_`-prefixed post, at the URL it would have', async () => {
    const served: string[] = []
    for (const post of hidden.filter((h) => h.url)) {
      const { status } = await get(encodeURI(post.url as string))
      if (status !== 404) served.push(`${post.url} (${post.source}): HTTP ${status}`)
    }
    const without = hidden.filter((h) => !h.url).map((h) => `${h.source}: ${h.why}`)
    console.log(
      `${hidden.length} unpublished post(s)${without.length ? `; with no URL: ${without.join(', ')}` : ''}`,
    )
    expect(served).toEqual([])
  })

  it('serves no dot-file that Jekyll leaves out', async () => {
    const dotFiles = files.filter(isDotPath)
    const left = dotFiles.filter((f) => !jekyll.files.has(`/${f}`))
    const served: string[] = []
    for (const file of left) {
      const { status } = await get(rawPath(file))
      if (status !== 404) served.push(`/${file}: HTTP ${status}`)
    }
    console.log(`${left.length} dot-file(s) checked, ${dotFiles.length - left.length} published`)
    expect(served).toEqual([])
  })

  it('never serves a file with front matter raw', async () => {
    const templates: string[] = []
    for (const file of files.filter((f) => !isDotPath(f) && !isUnderscorePath(f)))
      if (await hasFrontMatter(join(content, file))) templates.push(file)
    const raw: string[] = []
    for (const file of templates) {
      const { status, body } = await get(rawPath(file))
      if (status !== 200) continue
      const left = [
        body.includes('{%') && '{%',
        body.includes('{{') && '{{',
        /^\uFEFF?---\s*$/m.test(body.slice(0, 200)) && 'a --- fence',
      ].filter(Boolean)
      if (left.length) raw.push(`/${file}: served with ${left.join(', ')}`)
    }
    console.log(`${templates.length} file(s) with front matter checked`)
    expect(raw).toEqual([])
  })
})
