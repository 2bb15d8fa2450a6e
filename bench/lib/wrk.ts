import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { start, stop } from './procs'

/** One wrk run's figures. */
export interface WrkResult {
  requests: number
  seconds: number
  reqPerSec: number
  /** Latency percentiles in milliseconds. */
  p50: number
  p90: number
  p99: number
  max: number
  bytesPerRequest: number
  errors: { connect: number; read: number; write: number; status: number; timeout: number }
  /** Counts of `status:NNN` and `source:<X-Kiosque-Cache>` seen, when responses were inspected. */
  counts: Record<string, number>
}

export interface WrkOptions {
  url: string
  threads: number
  connections: number
  /** Seconds; in `stopAfter` mode an upper bound only. */
  duration: number
  headers?: Record<string, string>
  /** A file of URL paths, one a line: each request takes the next path (threads split the list). */
  pathsFile?: string
  /**
   * Stop after this many responses in all (split evenly between threads) instead of at the end
   * of `duration`. wrk's main thread sleeps for the whole duration even when every thread has
   * stopped, so the benchmark sends wrk SIGINT as soon as the last thread says it is done.
   */
  stopAfter?: number
  /** Inspect every response (statuses, X-Kiosque-Cache). Costs wrk some CPU per response. */
  inspect?: boolean
  /** Scratch folder for the Lua script. */
  scratch: string
  name: string
}

/** Runs wrk against a 127.0.0.1 URL and parses the figures its Lua `done` hook prints. */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const url = new URL(options.url)
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
    throw new Error(`refusing to load anything but loopback: ${options.url}`)
  const perThread = options.stopAfter ? Math.ceil(options.stopAfter / options.threads) : 0
  const script = join(options.scratch, `wrk-${options.name.replace(/[^a-z0-9-]+/gi, '-')}.lua`)
  await writeFile(script, luaScript(options, perThread))
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${Math.max(1, Math.round(options.duration))}s`,
    '--timeout',
    '10s',
    '-s',
    script,
  ]
  for (const [name, value] of Object.entries(options.headers ?? {}))
    args.push('-H', `${name}: ${value}`)
  args.push(options.url)
  const child = start('wrk', args)
  let stdout = ''
  let stderr = ''
  let threadsDone = 0
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
    const before = threadsDone
    threadsDone = stdout.split('KIOSQUE_THREAD_DONE').length - 1
    if (perThread > 0 && before < options.threads && threadsDone >= options.threads)
      child.kill('SIGINT')
  })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  // A hard bound well past the duration, should wrk hang.
  const guard = setTimeout(() => void stop(child), (options.duration + 60) * 1000)
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)))
  clearTimeout(guard)
  const line = /KIOSQUE_RESULT (\{.*\})/.exec(stdout)?.[1]
  if (!line) throw new Error(`wrk ${options.name} failed (exit ${code}): ${stderr}${stdout}`)
  const raw = JSON.parse(line) as {
    requests: number
    duration_us: number
    bytes: number
    errors: WrkResult['errors']
    latency_us: { p50: number; p90: number; p99: number; max: number }
    counts: Record<string, number>
  }
  const seconds = raw.duration_us / 1e6
  return {
    requests: raw.requests,
    seconds,
    reqPerSec: raw.requests / seconds,
    p50: raw.latency_us.p50 / 1000,
    p90: raw.latency_us.p90 / 1000,
    p99: raw.latency_us.p99 / 1000,
    max: raw.latency_us.max / 1000,
    bytesPerRequest: raw.requests > 0 ? raw.bytes / raw.requests : 0,
    errors: raw.errors,
    counts: raw.counts,
  }
}

function luaScript(options: WrkOptions, perThread: number): string {
  const lines = [
    'local threads = {}',
    'function setup(thread)',
    '  thread:set("id", #threads)',
    '  table.insert(threads, thread)',
    'end',
    'function init(args)',
    '  counts = {}',
    '  seen = 0',
    '  stopped = false',
  ]
  if (options.pathsFile) {
    lines.push(
      '  local all = {}',
      `  for line in io.lines(${JSON.stringify(options.pathsFile)}) do if #line > 0 then all[#all + 1] = line end end`,
      `  local n = ${options.threads}`,
      '  local per = math.max(1, math.floor(#all / n))',
      '  local first = (id % n) * per + 1',
      '  local last = (id == n - 1) and #all or math.min(#all, first + per - 1)',
      '  paths = {}',
      '  for i = first, last do paths[#paths + 1] = all[i] end',
      '  if #paths == 0 then paths = all end',
      '  cursor = 0',
    )
  }
  lines.push('end')
  if (options.pathsFile) {
    lines.push(
      'function request()',
      '  cursor = cursor + 1',
      '  if cursor > #paths then cursor = 1 end',
      '  return wrk.format(nil, paths[cursor])',
      'end',
    )
  }
  if (options.inspect || perThread > 0) {
    lines.push(
      'function response(status, headers, body)',
      '  seen = seen + 1',
      '  local key = "status:" .. status',
      '  counts[key] = (counts[key] or 0) + 1',
      '  for name, value in pairs(headers) do',
      '    if string.lower(name) == "x-kiosque-cache" then',
      '      key = "source:" .. value',
      '      counts[key] = (counts[key] or 0) + 1',
      '    end',
      '  end',
      `  if ${perThread} > 0 and seen >= ${perThread} and not stopped then`,
      '    stopped = true',
      '    io.write("KIOSQUE_THREAD_DONE\\n")',
      '    io.flush()',
      '    wrk.thread:stop()',
      '  end',
      'end',
    )
  }
  lines.push(
    'function done(summary, latency, requests)',
    '  local all = {}',
    '  for _, t in ipairs(threads) do',
    '    local c = t:get("counts")',
    '    if c then for k, v in pairs(c) do all[k] = (all[k] or 0) + v end end',
    '  end',
    '  local parts = {}',
    '  for k, v in pairs(all) do parts[#parts + 1] = string.format("%q:%d", k, v) end',
    '  local e = summary.errors',
    '  io.write("KIOSQUE_RESULT {")',
    '  io.write(string.format(\'"requests":%d,"duration_us":%d,"bytes":%d,\', summary.requests, summary.duration, summary.bytes))',
    '  io.write(string.format(\'"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},\', e.connect, e.read, e.write, e.status, e.timeout))',
    '  io.write(string.format(\'"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d},\', latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))',
    '  io.write(\'"counts":{\' .. table.concat(parts, ",") .. "}}\\n")',
    'end',
  )
  return `${lines.join('\n')}\n`
}
