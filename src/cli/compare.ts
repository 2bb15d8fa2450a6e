import { existsSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { CompareError } from '../compare/errors'
import type { Scope } from '../compare/page-comparison'
import { progressOn } from '../compare/progress'
import { formatReport, meetsMinimum, summarize } from '../compare/report'
import { compareSite } from '../compare/run'

const USAGE =
  'usage: npm run compare -- --content DIR [--scope posts|all] [--min-alike N] [--port N] [--json FILE]'

interface Options {
  content: string
  scope: Scope
  minAlike: number
  port?: number
  json?: string
}

/** Reads the command line; throws a CompareError (exit 2) saying what is wrong. */
function options(args: string[]): Options {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({
      args,
      options: {
        content: { type: 'string' },
        scope: { type: 'string', default: 'all' },
        'min-alike': { type: 'string', default: '0' },
        port: { type: 'string' },
        json: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new CompareError(`${(error as Error).message}\n${USAGE}`, 2)
  }
  const { content, scope, port, json } = values
  const minAlike = values['min-alike'] ?? '0'
  if (!content)
    throw new CompareError(`--content DIR is required: the Jekyll site to compare\n${USAGE}`, 2)
  if (!existsSync(content) || !statSync(content).isDirectory()) {
    throw new CompareError(`--content ${content}: no such folder`, 2)
  }
  if (!existsSync(`${content}/_config.yml`) && !existsSync(`${content}/_config.yaml`)) {
    throw new CompareError(`--content ${content}: no _config.yml there; is it a Jekyll site?`, 2)
  }
  if (scope !== 'posts' && scope !== 'all') {
    throw new CompareError(`--scope must be posts or all, not "${scope}"\n${USAGE}`, 2)
  }
  if (!/^\d{1,3}$/.test(minAlike) || Number(minAlike) > 100) {
    throw new CompareError(`--min-alike must be a percentage from 0 to 100, not "${minAlike}"`, 2)
  }
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    throw new CompareError(`--port must be a port number, not "${port}"`, 2)
  }
  return {
    content,
    scope,
    minAlike: Number(minAlike),
    ...(port !== undefined && { port: Number(port) }),
    ...(json !== undefined && { json }),
  }
}

/**
 * `npm run compare -- --content DIR`: builds a copy of DIR with Jekyll, serves DIR with Kiosque,
 * and reports page by page what differs. Exits 1 below `--min-alike` percent of pages alike or
 * when Kiosque cannot serve the site, 2 when there is nothing to compare with.
 */
async function main(): Promise<number> {
  const cleanups = new Set<() => Promise<void>>()
  let stopping = false
  const interrupted = (signal: NodeJS.Signals) => {
    stopping = true
    process.stderr.write(`\ncompare: ${signal}, stopping Kiosque and removing the copy…\n`)
    void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).then(() => process.exit(130))
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, interrupted)
  try {
    const opts = options(process.argv.slice(2))
    const progress = progressOn(process.stderr)
    const { results, jekyllVersion } = await compareSite({
      content: opts.content,
      scope: opts.scope,
      port: opts.port,
      progress,
      cleanups,
    })
    const what = opts.scope === 'posts' ? 'posts, their content only' : 'every HTML page, whole'
    console.log(`Kiosque and Jekyll ${jekyllVersion} on ${opts.content} (${what})\n`)
    console.log(formatReport(results, opts.scope))
    const summary = summarize(results, opts.scope)
    if (opts.json) {
      const report = {
        content: opts.content,
        jekyllVersion,
        minAlike: opts.minAlike,
        summary,
        pages: results,
      }
      await writeFile(opts.json, `${JSON.stringify(report, null, 2)}\n`)
      console.log(`compare: the full report is in ${opts.json}`)
    }
    if (!meetsMinimum(summary, opts.minAlike)) {
      console.error(`compare: fewer than ${opts.minAlike}% of the pages are alike`)
      return 1
    }
    return 0
  } catch (error) {
    if (stopping) return new Promise<number>(() => {}) // process.exit(130) is on its way
    if (!(error instanceof CompareError)) throw error
    console.error(`compare: ${error.message}`)
    return error.exitCode
  }
}

process.exitCode = await main()
