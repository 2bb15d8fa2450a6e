/**
 * `npm run dev` started as a user starts it, for the browser tests and the real-site checks:
 * on a free port, with its own output and Miniflare state folders, in a process group of its
 * own so that stopping it stops wrangler and workerd too.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KvEntry } from '../../src/build/site'
import type { Manifest } from '../../src/model/types'

/** A running `npm run dev`. */
export interface DevServer {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** The server's `--out` and `--state-dir`, inside a temporary folder of its own. */
  out: string
  stateDir: string
  /** The manifest the server was seeded with, read back from `<out>/kv.json`. */
  manifest: Manifest
  /** Everything `npm run dev` printed so far (stdout and stderr). */
  log(): Promise<string>
  /** Stops the whole process group and deletes the temporary folders. */
  close(): Promise<void>
}

export interface DevServerOptions {
  content: string
  /** Prefix of the temporary folder, to tell servers apart when debugging. */
  name: string
  /** More arguments for `npm run dev`, such as `--drafts`. */
  args?: string[]
  /** How long the build, the KV seeding and wrangler may take before the server answers. */
  readyMs?: number
}

// Process groups still running: stopped on exit too, should a test run end without its afterAll.
const running = new Set<number>()
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGTERM')
    } catch {
      // already gone
    }
  }
})

/** A TCP port free on 127.0.0.1 right now: the system picks it when binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      )
    })
  })
}

/** The manifest a build wrote: the last entry of its `kv.json`. */
export async function builtManifest(out: string): Promise<Manifest> {
  const entries = JSON.parse(await readFile(join(out, 'kv.json'), 'utf8')) as KvEntry[]
  const last = entries.at(-1)
  if (!last?.key.startsWith('manifest:')) throw new Error(`${out}/kv.json ends with no manifest`)
  return JSON.parse(last.value) as Manifest
}

/**
 * Runs `npm run dev -- --content C --port P --out T/dist --state-dir T/state` and resolves once
 * the server answers HTTP. Rejects, with the end of its log, if it exits or is not ready in time.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const scratch = await mkdtemp(join(tmpdir(), `kiosque-${options.name}-`))
  const out = join(scratch, 'dist')
  const stateDir = join(scratch, 'state')
  const logFile = join(scratch, 'dev.log')
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const logFd = openSync(logFile, 'a')
  const args = ['--content', options.content, '--port', String(port), '--out', out]
  const child = spawn(
    'npm',
    ['run', 'dev', '--', ...args, '--state-dir', stateDir, ...(options.args ?? [])],
    {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  )
  closeSync(logFd) // the child holds its own copy
  if (child.pid !== undefined) running.add(child.pid)
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code))
    child.once('error', () => done(null)) // npm could not be started
  })
  const log = () => readFile(logFile, 'utf8').catch(() => '')
  const close = async () => {
    await stopGroup(child)
    await rm(scratch, { recursive: true, force: true })
  }
  try {
    await untilReady(origin, exited, options.readyMs ?? 120_000)
    return { origin, out, stateDir, manifest: await builtManifest(out), log, close }
  } catch (error) {
    const tail = (await log()).split('\n').slice(-40).join('\n')
    await close()
    throw new Error(`npm run dev -- ${args.join(' ')}: ${(error as Error).message}\n${tail}`)
  }
}

/** Polls the server until it answers at all (any status), it exits, or the time is up. */
async function untilReady(
  origin: string,
  exited: Promise<number | null>,
  readyMs: number,
): Promise<void> {
  let gone: number | null | undefined
  void exited.then((code) => {
    gone = code
  })
  const deadline = Date.now() + readyMs
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`exited with code ${gone} before serving`)
    const answered = await fetch(origin, { redirect: 'manual', signal: AbortSignal.timeout(5000) })
      .then(async (response) => {
        await response.arrayBuffer()
        return true
      })
      .catch(() => false)
    if (answered) return
    await new Promise((wait) => setTimeout(wait, 250))
  }
  throw new Error(`not serving on ${origin} after ${readyMs / 1000} s`)
}

/** SIGTERM to the child's process group (npm, tsx, wrangler, workerd), SIGKILL after 10 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  const signal = (name: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, name)
      return true
    } catch {
      return false // no process is left in the group
    }
  }
  if (signal('SIGTERM')) await untilGone(signal)
  running.delete(pid)
}

async function untilGone(signal: (name: NodeJS.Signals | 0) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 100))
    if (!signal(0)) return
  }
  signal('SIGKILL')
}
