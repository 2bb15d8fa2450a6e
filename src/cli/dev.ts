import { join } from 'node:path'
import { type BuildOptions, buildArgs, runBuild } from './build'
import { runWrangler, startWrangler } from './wrangler'

/**
 * `npm run dev -- [--content DIR] [--port N] [--drafts]`: builds the content, seeds the local KV
 * (Miniflare's persistence under .wrangler/state; no Cloudflare account) and serves it with
 * `wrangler dev` on 127.0.0.1.
 */
async function main(): Promise<number> {
  const { values } = buildArgs(process.argv.slice(2), { port: { type: 'string', default: '8787' } })
  const options = values as BuildOptions & { port: string }
  if (!/^\d{1,5}$/.test(options.port)) {
    console.error(`--port must be a port number, not "${options.port}"`)
    return 2
  }
  const build = await runBuild(options)
  if (!build) return 1
  const kvFile = join(options.out, 'kv.json')
  console.log(`seeding local KV with ${build.entries.length} entries…`)
  await runWrangler(['kv', 'bulk', 'put', kvFile, '--binding', 'POSTS', '--local'], { quiet: true })
  const child = startWrangler([
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    options.port,
    '--assets',
    join(options.out, 'assets'),
    '--var',
    `CONTENT_VERSION:${build.version}`,
    '--show-interactive-dev-session=false',
  ])
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  return new Promise((done) => child.on('exit', (code) => done(code ?? 0)))
}

process.exitCode = await main()
