import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  makeWorkspace,
  NAMESPACE_ID,
  readState,
  runCli,
  type StandInCall,
  type Workspace,
} from './support/wrangler-stand-in.workspace'

// The stand-in must not drift from the real wrangler 4.86: the argument lists it recorded while
// deploy, preview and promote ran are handed to the real wrangler, offline. `deploy` and
// `versions upload` take --dry-run and must bundle the worker and exit 0. The other commands
// Kiosque runs have no offline mode (`versions deploy --dry-run` still asks the API for the
// current deployment): for them, the real wrangler must get past its strict argument parser and
// stop only at authentication, which a flag it does not know would never reach.

const WRANGLER = resolve('node_modules/.bin/wrangler')

let ws: Workspace
let calls: StandInCall[]

function realWrangler(args: string[]): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: ws.dir, WRANGLER_SEND_METRICS: 'false' }
  delete env.CLOUDFLARE_API_TOKEN
  delete env.CLOUDFLARE_ACCOUNT_ID
  return new Promise((done) => {
    execFile(WRANGLER, args, { cwd: ws.dir, env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      done({ code, output: `${stdout}${stderr}` })
    })
  })
}

beforeAll(async () => {
  ws = await makeWorkspace({ '2020-01-01-a': 'Post A', '2020-01-02-b': 'Post B' })
  // A config the real wrangler can bundle from: the worker's real entry point.
  await writeFile(
    ws.config,
    `name = "kiosque"\nmain = "${resolve('src/worker/index.tsx')}"\ncompatibility_date = "2026-04-26"\npreview_urls = true\n\n[[kv_namespaces]]\nbinding = "POSTS"\nid = "${NAMESPACE_ID}"\n`,
  )
  await mkdir(join(ws.content, '_drafts'), { recursive: true })
  await writeFile(join(ws.content, '_drafts', 'd.md'), '---\ntitle: "D"\n---\nA draft.\n')
  for (const [command, args] of [
    ['deploy', []],
    ['preview', ['--alias', 'next']],
    ['preview', ['--drafts', '--alias', 'drafts']],
  ] as const) {
    const run = await runCli(command, ws, [...args])
    if (run.code !== 0) throw new Error(`${command} failed: ${run.stderr}`)
  }
  const state = await readState(ws)
  const promoted = await runCli('promote', ws, [state.versions[1]?.id ?? ''])
  if (promoted.code !== 0) throw new Error(`promote failed: ${promoted.stderr}`)
  calls = (await readState(ws)).calls
}, 240_000)

function recorded(command: string): string[][] {
  return calls.filter((c) => c.argv.join(' ').startsWith(command)).map((c) => c.argv)
}

describe('the real wrangler 4.86 accepts what the stand-in recorded', () => {
  it('deploy and versions upload, with --dry-run, bundle the worker and exit 0', async () => {
    const lists = [...recorded('deploy'), ...recorded('versions upload')]
    expect(lists.map((a) => a.slice(0, 2).join(' '))).toEqual([
      'deploy --config',
      'versions upload',
      'versions upload',
    ])
    for (const args of lists) {
      const real = await realWrangler([...args, '--dry-run'])
      expect(real.output).toContain('--dry-run: exiting now.')
      expect(real.code).toBe(0)
    }
  }, 240_000)

  it('versions deploy, versions view and the kv commands parse, stopping only at authentication', async () => {
    const lists = [
      ...recorded('versions deploy').map((a) => [...a, '--dry-run']),
      ...recorded('versions view'),
      ...recorded('kv key get'),
      ...recorded('kv key list').slice(0, 1),
      ...recorded('kv bulk put').slice(0, 1),
    ]
    expect(lists.map((a) => a.slice(0, 2).join(' '))).toEqual([
      'versions deploy',
      'versions view',
      'kv key',
      'kv key',
      'kv bulk',
    ])
    for (const args of lists) {
      const real = await realWrangler(args)
      expect(real.output, args.join(' ')).not.toContain('Unknown argument')
      expect(real.output, args.join(' ')).toContain('CLOUDFLARE_API_TOKEN')
      expect(real.code).not.toBe(0)
    }
    // The check tells: a flag wrangler does not know is refused before authentication.
    const bogus = await realWrangler([...(lists[0] ?? []), '--no-such-flag'])
    expect(bogus.output).toContain('Unknown argument')
  }, 240_000)
})
