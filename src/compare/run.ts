import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CompareError } from './errors'
import { buildWithJekyll, copySite, type JekyllPage } from './jekyll-site'
import { serveWithKiosque } from './kiosque-server'
import { comparePage, type Observed, type PageResult, type Scope } from './page-comparison'
import type { Progress } from './progress'
import { htmlFilesUnder, urlOfFile } from './site-files'
import { fragmentWords, readPage } from './visible-text'

export interface CompareOptions {
  content: string
  scope: Scope
  port?: number
  progress: Progress
  /** Where compare registers what must run if it is interrupted (Ctrl-C): stop the server. */
  cleanups: Set<() => Promise<void>>
}

/** What one comparison found, and with what. */
export interface Comparison {
  jekyllVersion: string
  results: PageResult[]
}

/** Requests to Kiosque in flight at once: enough to overlap rendering, few for 2 cores. */
const PARALLEL = 4

/**
 * Builds a copy of the site with Jekyll, serves the site with `npm run dev`, and compares every
 * page of the scope that Jekyll wrote with what Kiosque serves at its URL.
 */
export async function compareSite(options: CompareOptions): Promise<Comparison> {
  const { progress, scope, cleanups } = options
  const content = resolve(options.content)
  const work = await mkdtemp(join(tmpdir(), 'kiosque-compare-'))
  const removeWork = () => rm(work, { recursive: true, force: true })
  cleanups.add(removeWork)
  try {
    progress.step(`copying ${options.content} (Gemfile set aside)…`)
    const copy = await copySite(content, work)
    progress.step('building the copy with Jekyll…')
    const jekyll = await buildWithJekyll(copy, work)
    const declared = new Map(jekyll.pages.map((p) => [p.file, p]))
    const files =
      scope === 'posts'
        ? jekyll.pages.filter((p) => p.post).map((p) => p.file)
        : await htmlFilesUnder(jekyll.site)

    progress.step('building the site with Kiosque and starting npm run dev…')
    let stopServer: (() => Promise<void>) | undefined
    try {
      const server = await serveWithKiosque({
        content,
        port: options.port,
        work,
        started: (stop) => {
          stopServer = stop
          cleanups.add(stop)
        },
      })
      const results: PageResult[] = new Array(files.length)
      let done = 0
      let next = 0
      const worker = async () => {
        for (let i = next++; i < files.length; i = next++) {
          const file = files[i] as string
          results[i] = await comparedFile(
            file,
            declared.get(file),
            jekyll.site,
            server.origin,
            scope,
          )
          progress.count(++done, files.length, 'comparing pages')
        }
      }
      await Promise.all(Array.from({ length: PARALLEL }, worker))
      return { jekyllVersion: jekyll.version, results }
    } finally {
      if (stopServer) {
        await stopServer()
        cleanups.delete(stopServer)
      }
    }
  } finally {
    progress.end()
    await removeWork()
    cleanups.delete(removeWork)
  }
}

async function comparedFile(
  file: string,
  page: JekyllPage | undefined,
  site: string,
  origin: string,
  scope: Scope,
): Promise<PageResult> {
  const url = urlOfFile(file)
  const facts = readPage(await readFile(join(site, file), 'utf8'))
  const reference = {
    url,
    post: page?.post ?? false,
    declaredLang: page?.lang ?? null,
    facts,
    ...(page?.content !== undefined && { content: fragmentWords(page.content) }),
  }
  return comparePage(reference, await observe(origin, url), scope)
}

/** What Kiosque answers for a URL, redirects not followed. */
async function observe(origin: string, url: string): Promise<Observed> {
  let response: Response
  try {
    response = await fetch(origin + url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(60_000),
    })
  } catch (error) {
    throw new CompareError(`Kiosque stopped answering at ${url} (${(error as Error).message})`, 1)
  }
  if (response.status !== 200) {
    await response.body?.cancel()
    const location = response.headers.get('location')
    return { status: response.status, ...(location && { location }) }
  }
  return { status: 200, facts: readPage(await response.text()) }
}
