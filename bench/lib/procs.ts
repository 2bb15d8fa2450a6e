import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/**
 * Every process the benchmark starts is registered here and stopped by its PID at the end, on
 * errors and on Ctrl-C. Miniflare instances (whose workerd child Miniflare itself stops) are
 * registered as disposers.
 */
const children = new Set<ChildProcess>()
const disposers = new Set<() => Promise<void>>()

/** Starts a process and registers it for cleanup. */
export function start(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
  children.add(child)
  child.on('exit', () => children.delete(child))
  return child
}

/** Registers an async cleanup (e.g. `mf.dispose()`); returns a function that runs it once. */
export function onCleanup(dispose: () => Promise<void>): () => Promise<void> {
  let done = false
  const once = async () => {
    if (done) return
    done = true
    disposers.delete(once)
    await dispose()
  }
  disposers.add(once)
  return once
}

/** Stops one started process by PID: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}

/** Stops everything still running that the benchmark started. */
export async function cleanupAll(): Promise<void> {
  for (const dispose of [...disposers]) await dispose().catch(() => undefined)
  for (const child of [...children]) await stop(child).catch(() => undefined)
}

let handlersInstalled = false
/** Cleans up on SIGINT/SIGTERM before exiting. */
export function installSignalHandlers(): void {
  if (handlersInstalled) return
  handlersInstalled = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every process the benchmark started…`)
      void cleanupAll().finally(() => process.exit(130))
    })
  }
}

/** Runs a command to completion; resolves with its output and wall time, rejects on failure. */
export function run(
  command: string,
  args: string[],
  options: SpawnOptions & { allowFailure?: boolean; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const { allowFailure, timeoutMs = 15 * 60_000, ...spawnOptions } = options
  return new Promise((done, fail) => {
    const t0 = performance.now()
    const child = start(command, args, spawnOptions)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const timer = setTimeout(() => void stop(child), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      fail(error)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const ms = performance.now() - t0
      const result = { code: code ?? -1, stdout, stderr, ms }
      if (code === 0 || allowFailure) done(result)
      else
        fail(
          new Error(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-2000)}${stdout.slice(-2000)}`,
          ),
        )
    })
  })
}

/** True when an executable is on the PATH. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

let aptUpdated = false
/** Installs Debian packages with apt-get when their command is missing (needs root). */
export function ensureDebianPackages(wanted: { command: string; pkg: string }[]): void {
  const missing = wanted.filter((w) => !hasCommand(w.command)).map((w) => w.pkg)
  if (missing.length === 0) return
  console.log(`installing ${missing.join(', ')} with apt-get…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    aptUpdated = true
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  })
}

/** The direct children of a process, from /proc. */
export function childrenOf(pid: number): { pid: number; comm: string }[] {
  const found: { pid: number; comm: string }[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = readStat(Number(name))
    if (stat && stat.ppid === pid) found.push({ pid: Number(name), comm: stat.comm })
  }
  return found
}

interface Stat {
  comm: string
  ppid: number
  /** utime + stime, in clock ticks. */
  cpuTicks: number
  /** cutime + cstime: children that were waited for, in clock ticks. */
  childTicks: number
}

function readStat(pid: number): Stat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name is in parentheses and may itself hold spaces or parentheses.
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const comm = text.slice(open + 1, close)
  const fields = text
    .slice(close + 2)
    .split(' ')
    .map((f) => Number(f))
  // After the name: state(0) ppid(1) … utime(11) stime(12).
  return {
    comm,
    ppid: fields[1] ?? 0,
    cpuTicks: (fields[11] ?? 0) + (fields[12] ?? 0),
    childTicks: (fields[13] ?? 0) + (fields[14] ?? 0),
  }
}

let clockTicks: number | undefined
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readStat(pid)
  return stat ? (stat.cpuTicks * 1000) / ticksPerSecond() : Number.NaN
}

/** Resident memory of a process in KiB: anonymous (heap, stacks) and file-backed pages. */
export function rssParts(pid: number): { anonKiB: number; fileKiB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN)
    return { anonKiB: field('RssAnon'), fileKiB: field('RssFile') }
  } catch {
    return { anonKiB: Number.NaN, fileKiB: Number.NaN }
  }
}

/** Resident set size of a process, in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN)
  } catch {
    return Number.NaN
  }
}

/** CPU time of this process plus its finished children (wrk, once it has exited), in ms. */
export function selfCpuMs(): number {
  const stat = readStat(process.pid)
  return stat ? ((stat.cpuTicks + stat.childTicks) * 1000) / ticksPerSecond() : Number.NaN
}

/** CPU time every core of the machine spent busy (not idle, not waiting for I/O), in ms. */
export function machineBusyMs(): number {
  const fields =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ??
    []
  // user nice system idle iowait irq softirq steal
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return ((total - idle) * 1000) / ticksPerSecond()
}

/**
 * Runs `work` and returns how busy other processes kept the machine meanwhile, in percent of
 * all cores: machine busy time minus this process, its finished children and `pids()` (live
 * servers the work used, e.g. workerd), over wall time × cores.
 */
export async function withForeignCpu<T>(
  work: () => Promise<T>,
  pids: () => number[] = () => [],
): Promise<{ result: T; foreignCpuPercent: number }> {
  const sum = () => pids().reduce((n, pid) => n + (Number.isFinite(cpuMs(pid)) ? cpuMs(pid) : 0), 0)
  const busy0 = machineBusyMs()
  const self0 = selfCpuMs()
  const servers0 = sum()
  const t0 = performance.now()
  const result = await work()
  const wall = performance.now() - t0
  const foreign = machineBusyMs() - busy0 - (selfCpuMs() - self0) - (sum() - servers0)
  const cores = Math.max(1, (await import('node:os')).cpus().length)
  return { result, foreignCpuPercent: Math.max(0, (foreign / (wall * cores)) * 100) }
}
