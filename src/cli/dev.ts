import { join } from 'node:path'
import { type BuildOptions, buildArgs, runBuild } from './build'
import { runWrangler, startWrangler } from './wrangler'

const USAGE =
  'usage: npm run dev -- [--content DIR] [--out DIR] [--state-dir DIR] [--port N] [--drafts] [--strict]'

interface DevOptions extends BuildOptions {
  port: string
  'state-dir': string
}

/**
 * `npm run dev -- [--content DIR] [--out DIR] [--state-dir DIR] [--port N] [--drafts] [--strict]`:
 * builds the content into `--out` (default dist), seeds the local KV (Miniflare's persistence in
 * `--state-dir`, default .wrangler/state; no Cloudflare account) and serves it with `wrangler dev`
 * on 127.0.0.1. Distinct `--out` and `--state-dir` let several servers run side by side.
 */
async function main(): Promise<number> {
  let options: DevOptions
  try {
    const { values } = buildArgs(process.argv.slice(2), {
      port: { type: 'string', default: '8787' },
      'state-dir': { type: 'string', default: join('.wrangler', 'state') },
    })
    options = values as DevOptions
  } catch (error) {
    console.error((error as Error).message)
    console.error(USAGE)
    return 2
  }
  if (!/^\d{1,5}$/.test(options.port)) {
    console.error(`--port must be a port number, not "${options.port}"`)
    console.error(USAGE)
    return 2
  }
  const build = await runBuild(options)
  if (!build) return 1
  const persist = ['--persist-to', options['state-dir']]
  console.log(`seeding local KV in ${options['state-dir']} with ${build.entries.length} entries…`)
  await runWrangler(
    [
      'kv',
      'bulk',
      'put',
      join(options.out, 'kv.json'),
      '--binding',
      'POSTS',
      '--local',
      ...persist,
    ],
    { quiet: true },
  )
  const child = startWrangler([
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    options.port,
    '--assets',
    join(options.out, 'assets'),
    ...persist,
    '--var',
    `CONTENT_VERSION:${build.version}`,
    '--show-interactive-dev-session=false',
  ])
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  return new Promise((done) => child.on('exit', (code) => done(code ?? 0)))
}

process.exitCode = await main()
