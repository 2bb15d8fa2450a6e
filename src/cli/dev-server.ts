/**
 * Runs the dev command as a child and stops it: `npm run dev -- --content C --port P --out O
 * --state-dir S`, the command users run, in a process group of its own, for `npm run compare`,
 * the browser tests and the real-site checks.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface DevServerOptions {
  content: string
  /** `--out` and `--state-dir`: apart from any other server's, so that servers share neither. */
  out: string
  stateDir: string
  /** A free port when not given. */
  port?: number
  /** More arguments for `npm run dev`, such as `--drafts`. */
  args?: string[]
  /** How long the build, the KV seeding and wrangler may take to serve, in milliseconds. */
  timeout?: number
  /** Called as soon as the child is started, with its `stop`: for Ctrl-C during the start. */
  started?: (stop: () => Promise<void>) => void
}

/** A running `npm run dev`, until `stop()`. */
export interface DevServer {
  /** `http://127.0.0.1:PORT`, as wrangler announced it. */
  origin: string
  /** What `npm run dev` printed so far, stdout and stderr, one line each (bounded). */
  output(): string[]
  /** Ends the process group; safe to call more than once. */
  stop(): Promise<void>
}

/** Why `npm run dev` did not get to serve. */
export type DevServerFailure =
  | { kind: 'spawn'; message: string }
  | { kind: 'exit'; how: string }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'silent'; origin: string }

/** `npm run dev` could not be started, ended, or never answered; `output` is what it printed. */
export class DevServerError extends Error {
  constructor(
    readonly failure: DevServerFailure,
    readonly output: string[],
  ) {
    super(describe(failure))
    this.name = 'DevServerError'
  }
}

function describe(failure: DevServerFailure): string {
  switch (failure.kind) {
    case 'spawn':
      return `cannot start npm run dev (${failure.message})`
    case 'exit':
      return `npm run dev ended (${failure.how}) before serving`
    case 'timeout':
      return `npm run dev was not serving after ${failure.seconds} s`
    case 'silent':
      return `npm run dev announced ${failure.origin} but does not answer there`
  }
}

/** The build's failure in what `npm run dev` printed: its summary and its positioned errors. */
export function buildFailure(output: string[]): { summary: string; errors: string[] } | undefined {
  const summary = output.find((l) => /^build failed:/.test(l))
  if (!summary) return undefined
  return {
    summary: summary.replace(/^build failed: /, ''),
    errors: output.filter((l) => /^\S.*:\d+:\d+: /.test(l)),
  }
}

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** A port nothing listens on now, on 127.0.0.1: the system picks it when binding port 0. */
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

// Process groups still running: stopped on exit too, should a caller end without stopping them.
const running = new Set<number>()
let stopsOnExit = false
function stopOnExit(pid: number): void {
  running.add(pid)
  if (stopsOnExit) return
  stopsOnExit = true
  process.once('exit', () => {
    for (const group of running) signal(-group, 'SIGTERM')
  })
}

/**
 * Starts `npm run dev` with the options' folders and port and resolves once wrangler has said
 * "Ready on" and the server answers HTTP. Rejects with a DevServerError, after stopping the
 * child, when it cannot start, ends, or is not serving in time.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort())
  const args = ['run', 'dev', '--', '--content', resolve(options.content), '--port', String(port)]
  args.push('--out', resolve(options.out), '--state-dir', resolve(options.stateDir))
  args.push(...(options.args ?? []))
  // detached: its own process group, so that stop() ends npm, tsx, wrangler and workerd at
  // once, and a Ctrl-C in the terminal reaches the caller alone, which then stops them in order.
  const child = spawn('npm', args, {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  })
  if (child.pid !== undefined) stopOnExit(child.pid)
  const log = new OutputLog()
  const server: DevServer = {
    origin: `http://127.0.0.1:${port}`,
    output: () => log.lines(),
    stop: () => stop(child),
  }
  options.started?.(server.stop)
  const timeout = options.timeout ?? 180_000
  const deadline = Date.now() + timeout
  try {
    server.origin = await announced(child, log, timeout)
    await answering(server.origin, child, deadline)
    return server
  } catch (error) {
    await server.stop()
    if (error instanceof DevServerFailed) throw new DevServerError(error.failure, log.lines())
    throw error
  }
}

/** A failure before the output is attached to it. */
class DevServerFailed extends Error {
  constructor(readonly failure: DevServerFailure) {
    super(describe(failure))
  }
}

/**
 * What the child printed, bounded: a build with thousands of errors keeps its first lines, which
 * a person reads, and its last ones, where the summary and wrangler's messages are.
 */
class OutputLog {
  private static readonly HEAD = 10_000
  private static readonly TAIL = 1_000
  private readonly head: string[] = []
  private tail: string[] = []
  private dropped = 0
  private partial = ''

  add(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n')
    this.partial = parts.pop() ?? ''
    for (const line of parts) {
      if (this.head.length < OutputLog.HEAD) this.head.push(line)
      else {
        this.tail.push(line)
        if (this.tail.length > 2 * OutputLog.TAIL) {
          this.dropped += this.tail.length - OutputLog.TAIL
          this.tail = this.tail.slice(-OutputLog.TAIL)
        }
      }
    }
    return parts
  }

  lines(): string[] {
    const gap = this.dropped ? [`… ${this.dropped} lines left out …`] : []
    const last = this.partial ? [this.partial] : []
    return [...this.head, ...gap, ...this.tail, ...last]
  }
}

/** Resolves to the URL wrangler says it is ready on; rejects if the command ends or times out. */
function announced(child: ChildProcess, log: OutputLog, timeout: number): Promise<string> {
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      for (const line of log.add(chunk.toString('utf8'))) {
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
      () => fail(new DevServerFailed({ kind: 'timeout', seconds: timeout / 1000 })),
      timeout,
    )
    child.on('error', (error) => {
      clearTimeout(timer)
      fail(new DevServerFailed({ kind: 'spawn', message: error.message }))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      fail(new DevServerFailed({ kind: 'exit', how: signal ?? `exit ${code}` }))
    })
  })
}

/** Waits until the server answers a request, any status (wrangler announces it a moment before). */
async function answering(origin: string, child: ChildProcess, deadline: number): Promise<void> {
  // At least 100 tries, even when the announcement came near the deadline.
  for (let attempt = 0; attempt < 100 || Date.now() < deadline; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new DevServerFailed({ kind: 'exit', how: child.signalCode ?? `exit ${child.exitCode}` })
    }
    const answered = await fetch(`${origin}/`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (response) => {
        await response.arrayBuffer()
        return true
      })
      .catch(() => false)
    if (answered) return
    await new Promise((wait) => setTimeout(wait, 200))
  }
  throw new DevServerFailed({ kind: 'silent', origin })
}

/**
 * Ends the process group: SIGTERM, then SIGKILL for whatever is left of it after 10 s. The whole
 * group, not only npm: wrangler and workerd may outlive the npm that started them.
 */
async function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  if (signal(-pid, 'SIGTERM')) {
    for (let waited = 0; waited < 10_000 && signal(-pid, 0); waited += 100)
      await new Promise((wait) => setTimeout(wait, 100))
    signal(-pid, 'SIGKILL')
  }
  running.delete(pid)
}

/** Sends a signal to a process group; false when no process is left in it. */
function signal(group: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, name)
    return true
  } catch {
    return false
  }
}
