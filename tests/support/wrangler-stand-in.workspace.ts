import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Manifest } from '../../src/model/types'

/** The executable that plays wrangler in tests of the publish path. */
export const STAND_IN = resolve('tests/support/wrangler-stand-in.mjs')

/** The id of the KV namespace the stand-in's account holds. */
export const NAMESPACE_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'

/** One logged wrangler call: its argv, exit code and, for bulk puts and deletes, the keys applied. */
export interface StandInCall {
  argv: string[]
  exit: number
  keys?: string[]
}

/** The stand-in's account, as its state file holds it. */
export interface StandInState {
  namespaces: Record<string, Record<string, string>>
  versions: {
    id: string
    number: number
    metadata: { created_on: string }
    annotations: Record<string, string>
    vars: Record<string, string>
  }[]
  deployments: { id: string; versions: { version_id: string; percentage: number }[] }[]
  calls: StandInCall[]
}

/** A scratch folder holding a content folder, a wrangler config and the stand-in's account. */
export interface Workspace {
  dir: string
  content: string
  out: string
  stateDir: string
  config: string
  statePath: string
}

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Creates a workspace with an empty namespace, a wrangler.toml naming it, and `posts`. */
export async function makeWorkspace(
  posts: Record<string, string>,
  options: { namespaceId?: string } = {},
): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosque-publish-'))
  const ws: Workspace = {
    dir,
    content: join(dir, 'content'),
    out: join(dir, 'dist'),
    stateDir: join(dir, 'state'),
    config: join(dir, 'wrangler.toml'),
    statePath: join(dir, 'account.json'),
  }
  await writeFile(
    ws.config,
    `name = "kiosque"\nmain = "src/worker/index.tsx"\n\n[[kv_namespaces]]\nbinding = "POSTS"\nid = "${options.namespaceId ?? NAMESPACE_ID}"\n`,
  )
  const state: StandInState = {
    namespaces: { [NAMESPACE_ID]: {} },
    versions: [],
    deployments: [],
    calls: [],
  }
  await writeFile(ws.statePath, JSON.stringify(state))
  await mkdir(join(ws.content, '_posts'), { recursive: true })
  await writeFile(
    join(ws.content, '_config.yml'),
    'title: Test\nurl: "https://kiosque.test"\nlang: en\nlanguages: [en]\n',
  )
  await writePosts(ws, posts)
  return ws
}

/** A copy of a workspace in a new folder, to start several tests from one published state. */
export async function cloneWorkspace(ws: Workspace): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosque-publish-'))
  await cp(ws.dir, dir, { recursive: true })
  const moved = (path: string) => join(dir, path.slice(ws.dir.length))
  return {
    dir,
    content: moved(ws.content),
    out: moved(ws.out),
    stateDir: moved(ws.stateDir),
    config: moved(ws.config),
    statePath: moved(ws.statePath),
  }
}

/** Writes posts as `_posts/<name>.md` (`2020-01-02-x`), each with the given title. */
export async function writePosts(ws: Workspace, posts: Record<string, string>): Promise<void> {
  for (const [name, title] of Object.entries(posts)) {
    await writeFile(
      join(ws.content, '_posts', `${name}.md`),
      `---\ntitle: "${title}"\n---\nThe body of ${title}.\n`,
    )
  }
}

/** Runs `tsx src/cli/<command>.ts` from the repository root, with the stand-in as wrangler. */
export function runCli(
  command: 'deploy' | 'prune' | 'preview' | 'promote',
  ws: Workspace,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const common = ['--config', ws.config, '--state-dir', ws.stateDir]
  const all =
    command === 'deploy' || command === 'preview'
      ? ['--content', ws.content, '--out', ws.out, ...common, ...args]
      : [...common, ...args]
  return new Promise((done) => {
    execFile(
      resolve('node_modules/.bin/tsx'),
      [`src/cli/${command}.ts`, ...all],
      {
        cwd: resolve('.'),
        env: {
          ...process.env,
          HOME: ws.dir,
          KIOSQUE_WRANGLER: STAND_IN,
          STAND_IN_STATE: ws.statePath,
          WRANGLER_SEND_METRICS: 'false',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

/** Runs the stand-in itself, as a person would run wrangler (`rollback <id>`, say). */
export function runStandIn(ws: Workspace, args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      STAND_IN,
      [...args, '--config', ws.config],
      { env: { ...process.env, STAND_IN_STATE: ws.statePath } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

/** The stand-in's account as it stands. */
export async function readState(ws: Workspace): Promise<StandInState> {
  return JSON.parse(await readFile(ws.statePath, 'utf8')) as StandInState
}

/** Changes the stand-in's account (to delete a key behind Kiosque's back, say). */
export async function editState(ws: Workspace, edit: (state: StandInState) => void): Promise<void> {
  const state = await readState(ws)
  edit(state)
  await writeFile(ws.statePath, JSON.stringify(state))
}

/** The keys of the stand-in's namespace, sorted. */
export function kvKeys(state: StandInState): string[] {
  return Object.keys(state.namespaces[NAMESPACE_ID] ?? {}).sort()
}

/** The calls' commands, argv up to the first flag or file: `kv bulk put`, `deploy --dry-run`. */
export function commands(calls: StandInCall[]): string[] {
  return calls.map((c) => {
    const words = c.argv.slice(0, 3).filter((w) => /^[a-z]+$/.test(w))
    const name = words.slice(0, words[0] === 'kv' ? 3 : words[0] === 'deploy' ? 1 : 2).join(' ')
    return c.argv.includes('--dry-run') ? `${name} --dry-run` : name
  })
}

/** The upload record the deploy left for the stand-in's namespace, or undefined. */
export async function readRecordKeys(ws: Workspace): Promise<string[] | undefined> {
  try {
    const text = await readFile(join(ws.stateDir, `uploaded-${NAMESPACE_ID}.json`), 'utf8')
    return (JSON.parse(text) as { keys: string[] }).keys
  } catch {
    return undefined
  }
}

/** The content version a deploy call set (`--var CONTENT_VERSION:<v>`). */
export function deployedVersion(call: StandInCall): string | undefined {
  const pair = call.argv[call.argv.indexOf('--var') + 1] ?? ''
  return /^CONTENT_VERSION:(.+)$/.exec(pair)?.[1]
}

/** The manifest of a content version, as the stand-in's KV holds it; throws if it is absent. */
export function manifestOf(state: StandInState, version: string): Manifest {
  const text = state.namespaces[NAMESPACE_ID]?.[`manifest:${version}`]
  if (text === undefined) throw new Error(`manifest:${version} is not in the stand-in's KV`)
  return JSON.parse(text) as Manifest
}

/** The search shard keys (terms, then texts) a manifest names for `lang`, or for every language. */
export function searchShards(manifest: Manifest, lang?: string): string[] {
  return Object.entries(manifest.search ?? {})
    .filter(([l]) => lang === undefined || l === lang)
    .flatMap(([, root]) => [...(root?.terms ?? []), ...(root?.texts ?? [])])
}

/** The records a content version uses, from its manifest: posts, pages and search shards, sorted. */
export function versionRecords(state: StandInState, version: string): string[] {
  const manifest = manifestOf(state, version)
  const documents = [...manifest.posts, ...manifest.pages].map((p) => p.key)
  return [...new Set([...documents, ...searchShards(manifest)])].sort()
}

/** The keys a content version uses, in upload order: its sorted records, then its manifest. */
export function versionKeys(state: StandInState, version: string): string[] {
  return [...versionRecords(state, version), `manifest:${version}`]
}

/** The keys that `older` versions use and none of `kept` does, sorted: what pruning deletes. */
export function onlyUsedBy(state: StandInState, older: string[], kept: string[]): string[] {
  const keep = new Set(kept.flatMap((v) => versionKeys(state, v)))
  return [...new Set(older.flatMap((v) => versionKeys(state, v)))]
    .filter((key) => !keep.has(key))
    .sort()
}
