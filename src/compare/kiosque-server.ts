import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CompareError } from './errors'

/** Kiosque serving a content folder through `npm run dev`, until `stop()`. */
export interface KiosqueServer {
  /** `http://127.0.0.1:PORT`, as wrangler announced it. */
  origin: string
  /** Ends the server and every process it started; safe to call more than once. */
  stop(): Promise<void>
}

export interface ServeOptions {
  content: string
  /** A free port when not given. */
  port?: number
  /** Where the server's `dist/` and KV state go, apart from any other server's. */
  work: string
  /** How long the build and wrangler may take to be ready, in milliseconds. */
  timeout?: number
  /** Called as soon as the server is started, with its `stop`: for Ctrl-C during the start. */
  started?: (stop: () => Promise<void>) => void
}

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** A port nothing listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      )
    })
  })
}

/**
 * Starts `npm run dev -- --content DIR --port N --out WORK/dist --state-dir WORK/state`, the
 * command users run, in its own process group, and resolves once it answers HTTP. Throws a
 * CompareError, with what the build said, when Kiosque cannot build the site or never gets ready.
 */
export async function serveWithKiosque(options: ServeOptions): Promise<KiosqueServer> {
  const port = options.port ?? (await freePort())
  const args = ['run', 'dev', '--', '--content', options.content, '--port', String(port)]
  args.push('--out', join(options.work, 'dist'), '--state-dir', join(options.work, 'state'))
  // detached: its own process group, so that stop() ends npm, tsx, wrangler and workerd at
  // once, and a Ctrl-C in the terminal reaches compare alone, which then stops them in order.
  const child = spawn('npm', args, {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  })
  const server: KiosqueServer = { origin: `http://127.0.0.1:${port}`, stop: () => stop(child) }
  options.started?.(server.stop)
  const output: string[] = []
  try {
    server.origin = await ready(child, output, options.timeout ?? 180_000)
    await answering(server.origin, child)
    return server
  } catch (error) {
    await server.stop()
    throw error
  }
}

/** Resolves to the URL wrangler says it is ready on; rejects if the command ends or times out. */
function ready(child: ChildProcess, output: string[], timeout: number): Promise<string> {
  return new Promise((done, fail) => {
    let seen = ''
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8')
      const lines = seen.split('\n')
      seen = lines.pop() ?? ''
      for (const line of lines) {
        // Bounded: a build with thousands of errors keeps only what a person reads first.
        if (output.length < 2000) output.push(line)
        const url = /Ready on (http:\/\/[^\s]+)/.exec(line)?.[1]
        if (url) {
          clearTimeout(timer)
          done(url.replace(/\/$/, ''))
        }
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    const timer = setTimeout(
      () =>
        fail(
          new CompareError(
            `Kiosque was not ready after ${timeout / 1000} s. What npm run dev said:\n${output.slice(-20).join('\n')}`,
            1,
          ),
        ),
      timeout,
    )
    child.on('error', (error) => {
      clearTimeout(timer)
      fail(new CompareError(`cannot start npm run dev (${error.message})`, 1))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      fail(new CompareError(failure(output, signal ?? `exit ${code}`), 1))
    })
  })
}

/** Why `npm run dev` ended before serving: the build's errors when there are, its output else. */
export function failure(output: string[], how: string): string {
  const summary = output.find((l) => /^build failed:/.test(l))
  if (summary) {
    const errors = output.filter((l) => /^\S.*:\d+:\d+: /.test(l))
    const shown = errors.slice(0, 10)
    const more =
      errors.length > shown.length ? `\n  … and ${errors.length - shown.length} more` : ''
    return (
      `Kiosque cannot build this site yet (${summary.replace(/^build failed: /, '')}), so it ` +
      `serves none of its pages. The first errors:\n${shown.map((l) => `  ${l}`).join('\n')}${more}`
    )
  }
  return `npm run dev ended (${how}) before serving. What it said:\n${output.slice(-20).join('\n')}`
}

/** Waits until the server answers a request (wrangler announces itself a moment before). */
async function answering(origin: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break
    try {
      await fetch(`${origin}/`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) })
      return
    } catch {
      await new Promise((wait) => setTimeout(wait, 200))
    }
  }
  throw new CompareError(`Kiosque announced ${origin} but does not answer there`, 1)
}

/**
 * Ends the process group: SIGTERM, then SIGKILL for whatever is left of it after 5 s. The whole
 * group, not only npm: wrangler and workerd may outlive the npm that started them.
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return
  const group = -child.pid
  if (!signal(group, 'SIGTERM')) return
  for (let waited = 0; waited < 5000; waited += 100) {
    await new Promise((wait) => setTimeout(wait, 100))
    if (!signal(group, 0)) return
  }
  signal(group, 'SIGKILL')
}

/** Sends a signal to a process group; false when the group is gone. */
function signal(group: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, name)
    return true
  } catch {
    return false
  }
}
