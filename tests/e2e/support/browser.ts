/**
 * Browser tests: the sample content served by `npm run dev` itself, started as a user starts
 * it on a free port, visited by Debian's Chromium through playwright-core. A `Visit` watches the
 * health of every page it opens (console errors, uncaught exceptions, failed requests, error
 * responses, subresources of the site that are not 200 or empty, a page the theme did not
 * style, horizontal scroll at 375 px) and saves screenshots at 375×812 and 1280×800.
 */
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { AxeResults } from 'axe-core'
import axe from 'axe-core'
import {
  type Browser,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
  type Request,
  type Response,
} from 'playwright-core'
import { type DevServer, startDevServer } from '../../support/dev-server'

/** Debian's `chromium` package (`.ci/run` installs it); `CHROMIUM` points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

/** Where every journey leaves its screenshots (ignored by git, under `test-results/`). */
export const SCREENSHOTS = resolve('test-results', 'screenshots')

/** Empties a test file's screenshot folder, so that it holds this run's pictures only. */
export function clearScreenshots(folder: string): Promise<void> {
  return rm(join(SCREENSHOTS, folder), { recursive: true, force: true })
}

/** The phone and desktop viewports every page is checked and photographed at. */
export const PHONE = { width: 375, height: 812 }
export const DESKTOP = { width: 1280, height: 800 }

/** The sample content, served by `npm run dev` on 127.0.0.1. */
export type LocalSite = DevServer

/**
 * Serves `content/` with `npm run dev -- --port <free> --out <tmp> --state-dir <tmp>`, so that
 * servers of parallel test files never share an output or a KV state. Pages link with
 * site-relative paths, so navigation stays on this server even though `_config.yml`'s `url`
 * (used in canonical and hreflang links) is another origin.
 */
export async function serveLocally(name: string): Promise<LocalSite> {
  // Ready well within the 120 s hook timeout, or fail with what npm run dev said.
  return startDevServer({ content: 'content', name, readyMs: 100_000 })
}

/**
 * One headless Chromium per test file. Playwright starts it with a fresh profile in a temporary
 * `--user-data-dir` of its own (it refuses that flag in `args`) and deletes it on close; the
 * other flags keep it from calling home on this closed network.
 */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}

/**
 * What a test file needs: the local site and its one browser, with its screenshot folder
 * emptied. If either fails to start, the other is stopped, so that nothing outlives the file.
 */
export async function startSuite(name: string): Promise<{ site: LocalSite; browser: Browser }> {
  const [site, browser] = await Promise.allSettled([
    serveLocally(`e2e-${name}`),
    launchBrowser(),
    clearScreenshots(name),
  ])
  if (site.status === 'fulfilled' && browser.status === 'fulfilled')
    return { site: site.value, browser: browser.value }
  if (site.status === 'fulfilled') await site.value.close()
  if (browser.status === 'fulfilled') await browser.value.close()
  throw site.status === 'rejected' ? site.reason : (browser as PromiseRejectedResult).reason
}

export interface VisitOptions extends BrowserContextOptions {
  /** Screenshot folder under `test-results/screenshots/` (the file and the journey), if any. */
  shots?: string
}

/**
 * A visitor's browser context with one page, watched for problems. Requests to any host but
 * the local server (the sample posts embed a YouTube iframe and a Speaker Deck script) are
 * aborted and listed in `blocked`: the sandbox has no network, and a third party's health is
 * not the site's. What they cause (the failed request, the console's "Failed to load
 * resource") is not counted as a problem; everything else is.
 */
export class Visit {
  /** Console errors, page errors, failed requests and error responses, as readable lines. */
  readonly problems: string[] = []
  /** Third-party URLs that were requested and aborted. */
  readonly blocked: string[] = []
  /** The site's own subresources that loaded with 200 and a body (stylesheets, images…). */
  readonly loaded: string[] = []
  private readonly missing = new Set<string>()
  /** Checks of subresources still reading their bodies; settled before each inspection. */
  private pending: Promise<void>[] = []
  private shots = 0
  /** The response that brought the current page, after any redirects. */
  private document: Response | null = null

  private constructor(
    readonly page: Page,
    readonly origin: string,
    private readonly folder: string | undefined,
  ) {}

  static async open(browser: Browser, site: LocalSite, options: VisitOptions): Promise<Visit> {
    const { shots, ...contextOptions } = options
    const context = await browser.newContext({ viewport: PHONE, ...contextOptions })
    const page = await context.newPage()
    const visit = new Visit(page, site.origin, shots && join(SCREENSHOTS, shots))
    const local = new URL(site.origin).host
    await context.route(
      (url) => url.host !== local,
      (route) => {
        visit.blocked.push(route.request().url())
        return route.abort('blockedbyclient')
      },
    )
    page.on('console', (message) => {
      if (message.type() !== 'error') return
      const from = message.location().url
      if (visit.blocked.includes(from) || visit.missing.has(from)) return
      visit.problems.push(`console error on ${page.url()}: ${message.text()} (${from})`)
    })
    page.on('pageerror', (error) => visit.problems.push(`page error on ${page.url()}: ${error}`))
    page.on('requestfailed', (request) => {
      if (visit.blocked.includes(request.url())) return
      visit.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`)
    })
    page.on('requestfinished', (request) => {
      const mainDocument = request.isNavigationRequest() && request.frame() === page.mainFrame()
      if (new URL(request.url()).host === local && !mainDocument)
        visit.pending.push(visit.checkSubresource(request))
    })
    page.on('response', (response) => {
      const request = response.request()
      if (request.isNavigationRequest() && request.frame() === page.mainFrame())
        visit.document = response
      if (response.status() < 400 || visit.missing.has(response.url())) return
      visit.problems.push(`HTTP ${response.status()} for ${response.url()}`)
    })
    return visit
  }

  /** A site path as an absolute URL on the local server. */
  url(path: string): string {
    return new URL(path, this.origin).href
  }

  /** The current page's path and query, decoded. */
  path(): string {
    const url = new URL(this.page.url())
    return decodeURI(url.pathname + url.search)
  }

  /** Lets `path` answer 404 without counting it as a problem: the 404 journey's own page. */
  expectMissing(path: string): void {
    this.missing.add(this.url(path))
  }

  /** A subresource from the site's own origin must load: status 200 and a non-empty body. */
  private async checkSubresource(request: Request): Promise<void> {
    const response = await request.response()
    const url = request.url()
    if (!response) return void this.problems.push(`no response for ${url}`)
    if (response.status() !== 200) {
      // Error statuses are listed once already, by the response handler.
      if (response.status() < 400) this.problems.push(`HTTP ${response.status()} for ${url}`)
      return
    }
    const body = await response.body().catch((error: Error) => error)
    if (body instanceof Error) this.problems.push(`cannot read ${url}: ${body.message}`)
    else if (body.length === 0) this.problems.push(`empty body (200) for ${url} on ${this.path()}`)
    else this.loaded.push(url)
  }

  /** Waits for the subresource checks started so far. */
  private async settle(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0))
  }

  /** Opens a site path (encoded here), then checks and photographs the page. */
  async goto(path: string, label: string): Promise<Response | null> {
    const response = await this.page.goto(this.url(encodeURI(path)))
    await this.inspect(label)
    return response
  }

  /** Clicks a link, waits for the page it leads to, then checks and photographs it. */
  async follow(link: Locator, label: string): Promise<Response | null> {
    this.document = null
    await Promise.all([this.page.waitForEvent('load'), link.click()])
    await this.inspect(label)
    return this.document
  }

  /** Reloads the page, then checks and photographs it. */
  async reload(label: string): Promise<void> {
    await this.page.reload()
    await this.inspect(label)
  }

  /**
   * Checks that the theme styled the page and that its subresources loaded, that it scrolls
   * only vertically at 375 px (naming the elements that stick out if not), then saves
   * screenshots of the viewport at 375×812 and at 1280×800 (a full page of a long post takes
   * four times as long).
   */
  async inspect(label: string): Promise<void> {
    await this.settle()
    // Only kiosque.css bounds <main>: a browser's own style leaves its max-width at none.
    const width = await this.page.evaluate<string>(
      "getComputedStyle(document.querySelector('main') ?? document.body).maxWidth",
    )
    if (width === 'none')
      this.problems.push(`unstyled page ${this.path()}: <main> has no max-width, so no theme`)
    const overflow = await this.page.evaluate<Overflow>(OVERFLOW)
    if (overflow.scrollWidth > overflow.innerWidth) {
      this.problems.push(
        `horizontal scroll at ${overflow.innerWidth} px on ${this.path()}: ${overflow.scrollWidth} px wide, because of ${overflow.culprits.join(', ')}`,
      )
    }
    if (!this.folder) return
    await mkdir(this.folder, { recursive: true })
    const name = join(this.folder, `${String(++this.shots).padStart(2, '0')}-${label}`)
    await this.page.screenshot({ path: `${name}-375.png` })
    await this.page.setViewportSize(DESKTOP)
    await this.page.screenshot({ path: `${name}-1280.png` })
    await this.page.setViewportSize(PHONE)
  }

  /** Runs axe-core on the page and returns its violations of impact `serious` or `critical`. */
  async seriousViolations(): Promise<string[]> {
    await this.page.addScriptTag({ content: axe.source })
    const results = await this.page.evaluate<AxeResults>(
      "axe.run(document, { resultTypes: ['violations'] })",
    )
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}) on ${this.path()}: ${v.help}\n${v.nodes
            .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`)
            .join('\n')}`,
      )
  }

  /** Finishes the subresource checks (their bodies are read from the context), then closes. */
  async close(): Promise<void> {
    await this.settle()
    await this.page.context().close()
  }
}

interface Overflow {
  scrollWidth: number
  innerWidth: number
  culprits: string[]
}

/** In the page: its width against the viewport's, and the elements past the right edge. */
const OVERFLOW = `(() => {
  const width = window.innerWidth
  const culprits = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits }
})()`
