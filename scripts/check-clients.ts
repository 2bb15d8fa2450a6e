/**
 * `npm run check:clients`: the sample blog (`content/`) judged by clients no one here wrote,
 * against `npm run dev` on a free port with its own output and state folders:
 * - Lighthouse 12 (median of `--runs`, default 3, per page and width): accessibility, best
 *   practices and SEO must be 1.0; performance is reported, never gated (timing, noisy machine);
 * - the Nu Html Checker on every kind of page Kiosque makes, 404 and 503 included, and the theme;
 * - feedparser and Python's XML parser on every RSS and Atom feed; the JSON Feed 1.1 check on
 *   every JSON feed.
 * Exit code: 0 when all pass, 1 on any failure, 2 when a tool is missing (named with its
 * Debian or npm package) or the arguments are wrong.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type DevServer, DevServerError, startDevServer } from '../src/cli/dev-server'
import { runWrangler } from '../src/cli/wrangler'
import { feedPath } from '../src/model/paths'
import type { Manifest } from '../src/model/types'
import { hasFeedparser, parseFeeds } from './clients/feedparser'
import { jsonFeedProblems } from './clients/json-feed'
import { type NuDocument, nuCheck } from './clients/nu'
import { builtManifestOf, type ClientPage, nuPages, STALE_POST_KIND } from './clients/pages'

const USAGE = 'usage: npm run check:clients -- [--runs N]   (Lighthouse runs per page and width)'
const CONTENT = 'content'
const VNU_JAR = resolve('node_modules/vnu-jar/build/dist/vnu.jar')
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium'

/** The pages Lighthouse audits, in the language their reader asks for. */
const LIGHTHOUSE_PAGES: { label: string; path: string; lang: string }[] = [
  { label: 'home', path: '/', lang: 'fr' },
  { label: 'post', path: '/blog/2018/04/03/notre-levain.html', lang: 'fr' },
  { label: 'English home', path: '/en/', lang: 'en' },
  { label: 'tag', path: '/tag/cooperative/', lang: 'fr' },
  { label: 'Arabic post', path: '/ar/blog/2023/02/18/tahin-mahalli.html', lang: 'ar' },
]

async function main(): Promise<number> {
  let runs = 3
  try {
    const { values } = parseArgs({ options: { runs: { type: 'string' } }, strict: true })
    if (values.runs !== undefined) runs = Number(values.runs)
    if (!Number.isInteger(runs) || runs < 1 || runs > 9) throw new Error('--runs must be 1 to 9')
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const missing = await missingTools()
  if (missing.length > 0) {
    for (const line of missing) console.error(`missing: ${line}`)
    return 2
  }
  const { CATEGORIES } = await import('./clients/lighthouse')

  const scratch = await mkdtemp(join(tmpdir(), 'kiosque-clients-'))
  let server: DevServer | undefined
  const stop = async () => {
    await server?.stop()
    await rm(scratch, { recursive: true, force: true })
  }
  process.once('SIGINT', () => void stop().then(() => process.exit(130)))
  const failures: string[] = []
  try {
    const out = join(scratch, 'dist')
    const stateDir = join(scratch, 'state')
    console.log('starting npm run dev on content/ …')
    server = await startDevServer({ content: CONTENT, out, stateDir })
    const origin = server.origin
    const manifest = await builtManifestOf(out)

    // Every page and feed is read before the 503 is provoked: a feed needs every post's entry.
    const pages = nuPages(manifest)
    const fetched = await Promise.all(
      pages.map((page) => (page.kind === STALE_POST_KIND ? undefined : fetchPage(origin, page))),
    )
    const feeds = await readFeeds(origin, manifest, failures)
    const audits = await lighthouseAudits(origin, runs)

    // The 503: one post's entry removed from the local KV, as an outage of KV would leave it.
    const stale = pages.find((p) => p.kind === STALE_POST_KIND)
    if (stale?.key) {
      const where = ['--binding', 'POSTS', '--local', '--persist-to', stateDir]
      await runWrangler(['kv', 'key', 'delete', stale.key, ...where], { quiet: true })
    }
    const documents: NuDocument[] = []
    for (const [i, page] of pages.entries()) {
      const got = fetched[i] ?? (await fetchPage(origin, page))
      if (got.status !== page.status)
        failures.push(`${page.path}: HTTP ${got.status}, expected ${page.status} (${page.kind})`)
      documents.push({ name: `${page.kind} ${page.path}`, text: got.text, kind: 'html' })
    }
    const css = await fetchPage(origin, { path: manifest.site.stylesheet })
    documents.push({ name: `theme ${manifest.site.stylesheet}`, text: css.text, kind: 'css' })
    console.log(`Nu Html Checker on ${documents.length} documents …`)
    const nu = await nuCheck(VNU_JAR, documents)
    const parsed = await parseFeeds(
      feeds
        .filter((f) => f.format !== 'json')
        .map((f) => ({ name: f.path, text: f.text, lang: f.lang })),
    )
    const jsonFeeds = feeds
      .filter((f) => f.format === 'json')
      .map((f) => ({ name: f.path, problems: jsonFeedChecks(f.text, f.lang) }))

    // The report.
    const width = { mobile: 'phone', desktop: 'desktop' }
    const rows = audits.map((a) => [
      a.page.label,
      a.page.path,
      width[a.formFactor],
      ...CATEGORIES.map((c) => a.median[c].toFixed(2)),
    ])
    console.log(`\nLighthouse 12, median of ${runs} run(s)`)
    console.log(table(['page', 'path', 'width', 'perf.', 'a11y', 'best pr.', 'SEO'], rows))
    for (const a of audits) {
      for (const c of CATEGORIES.filter((k) => k !== 'performance'))
        if (a.median[c] < 1)
          failures.push(
            `Lighthouse ${c} ${a.median[c].toFixed(2)} on ${a.page.path} (${width[a.formFactor]})`,
          )
      for (const f of a.failing)
        failures.push(`Lighthouse ${a.page.path} (${width[a.formFactor]}): ${f}`)
    }

    console.log('\nNu Html Checker (errors)')
    console.log(
      table(
        ['document', 'errors'],
        nu.map((r) => [r.name, String(r.errors.length)]),
      ),
    )
    for (const r of nu) for (const e of r.errors) failures.push(`Nu ${r.name}:${e}`)

    console.log('\nFeeds')
    console.log(
      table(
        ['feed', 'read as', 'problems'],
        [
          ...parsed.map((r) => [r.name, `feedparser ${r.version}`, String(r.problems.length)]),
          ...jsonFeeds.map((r) => [r.name, 'JSON Feed 1.1 check', String(r.problems.length)]),
        ],
      ),
    )
    for (const r of [...parsed, ...jsonFeeds])
      for (const p of r.problems) failures.push(`${r.name}: ${p}`)
  } catch (error) {
    if (error instanceof DevServerError) {
      console.error(`check:clients: ${error.message}\n${error.output.slice(-20).join('\n')}`)
    } else console.error(`check:clients: ${(error as Error).stack ?? error}`)
    await stop()
    return 1
  }
  await stop()
  if (failures.length === 0) {
    console.log('\nall clients are satisfied')
    return 0
  }
  console.log(`\n${failures.length} failure(s):`)
  for (const f of failures) console.log(`  ${f}`)
  return 1
}

/** Every feed of every language, fetched; a status other than 200 is a failure. */
function readFeeds(origin: string, manifest: Manifest, failures: string[]) {
  return Promise.all(
    manifest.site.languages.flatMap((lang) =>
      (['atom', 'rss', 'json'] as const).map(async (format) => {
        const path = feedPath(manifest.site, lang, format)
        const got = await fetchPage(origin, { path })
        if (got.status !== 200) failures.push(`${path}: HTTP ${got.status}`)
        return { lang, format, path, ...got }
      }),
    ),
  )
}

/** The JSON Feed 1.1 check, and the feed's language. */
function jsonFeedChecks(text: string, lang: string): string[] {
  const problems = jsonFeedProblems(text)
  if (problems.some((p) => p.startsWith('not JSON'))) return problems
  const language = (JSON.parse(text) as { language?: unknown }).language
  if (language !== lang) problems.push(`language is ${JSON.stringify(language)}, not "${lang}"`)
  return problems
}

/** Lighthouse on each page at both widths, `runs` times: medians, and what cost points. */
async function lighthouseAudits(origin: string, runs: number) {
  const { startAuditor, medianScores } = await import('./clients/lighthouse')
  console.log(
    `Lighthouse on ${LIGHTHOUSE_PAGES.length} pages × 2 widths × ${runs} run(s) (about ${Math.ceil((LIGHTHOUSE_PAGES.length * 2 * runs * 10) / 60)} min) …`,
  )
  const auditor = await startAuditor(CHROME)
  const audits = []
  try {
    for (const page of LIGHTHOUSE_PAGES) {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        const all = []
        for (let i = 0; i < runs; i++)
          all.push(await auditor.run(`${origin}${encodeURI(page.path)}`, formFactor, page.lang))
        audits.push({
          page,
          formFactor,
          median: medianScores(all),
          failing: [...new Set(all.flatMap((r) => r.failing))],
        })
      }
    }
  } finally {
    await auditor.close()
  }
  return audits
}

/** What is missing to run the checks, each with the package that brings it. */
async function missingTools(): Promise<string[]> {
  const missing: string[] = []
  if (!(await succeeds('java', ['-version'])))
    missing.push('java, for the Nu Html Checker: apt-get install default-jre-headless')
  if (!existsSync(VNU_JAR)) missing.push(`${VNU_JAR}: npm ci (devDependency vnu-jar)`)
  if (!existsSync(CHROME))
    missing.push(`Chromium at ${CHROME}: apt-get install chromium, or set CHROME_PATH`)
  if (!(await hasFeedparser()))
    missing.push("Python's feedparser: apt-get install python3-feedparser")
  try {
    await import('./clients/lighthouse')
  } catch (error) {
    missing.push(
      `Lighthouse (${(error as Error).message}): npm ci (devDependencies lighthouse, chrome-launcher)`,
    )
  }
  return missing
}

function succeeds(command: string, args: string[]): Promise<boolean> {
  return import('node:child_process').then(
    ({ spawn }) =>
      new Promise((done) => {
        const child = spawn(command, args, { stdio: 'ignore' })
        child.on('error', () => done(false))
        child.on('close', (code) => done(code === 0))
      }),
  )
}

async function fetchPage(
  origin: string,
  page: Pick<ClientPage, 'path' | 'acceptLanguage'>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}${encodeURI(page.path)}`, {
    headers: { 'Accept-Language': page.acceptLanguage ?? '*' },
    redirect: 'manual',
  })
  return { status: response.status, text: await response.text() }
}

/** A plain-text table: columns padded to their widest cell. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

process.exitCode = await main()
