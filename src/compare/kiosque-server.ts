import { join } from 'node:path'
import { buildFailure, DevServerError, startDevServer } from '../cli/dev-server'
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

/**
 * Serves the folder with `npm run dev -- --out WORK/dist --state-dir WORK/state`, the command
 * users run (src/cli/dev-server.ts). Throws a CompareError, with what the build said, when
 * Kiosque cannot build the site or never gets ready.
 */
export async function serveWithKiosque(options: ServeOptions): Promise<KiosqueServer> {
  const timeout = options.timeout ?? 180_000
  try {
    const server = await startDevServer({
      content: options.content,
      out: join(options.work, 'dist'),
      stateDir: join(options.work, 'state'),
      timeout,
      ...(options.port !== undefined && { port: options.port }),
      ...(options.started && { started: options.started }),
    })
    return { origin: server.origin, stop: server.stop }
  } catch (error) {
    if (!(error instanceof DevServerError)) throw error
    throw new CompareError(explain(error), 1)
  }
}

/** What a person is told when `npm run dev` did not get to serve. */
function explain(error: DevServerError): string {
  const { failure: why, output } = error
  switch (why.kind) {
    case 'spawn':
      return `cannot start npm run dev (${why.message})`
    case 'exit':
      return failure(output, why.how)
    case 'timeout':
      return `Kiosque was not ready after ${why.seconds} s. What npm run dev said:\n${output.slice(-20).join('\n')}`
    case 'silent':
      return `Kiosque announced ${why.origin} but does not answer there`
  }
}

/** Why `npm run dev` ended before serving: the build's errors when there are, its output else. */
export function failure(output: string[], how: string): string {
  const build = buildFailure(output)
  if (build) {
    const shown = build.errors.slice(0, 10)
    const more =
      build.errors.length > shown.length
        ? `\n  … and ${build.errors.length - shown.length} more`
        : ''
    return (
      `Kiosque cannot build this site yet (${build.summary}), so it ` +
      `serves none of its pages. The first errors:\n${shown.map((l) => `  ${l}`).join('\n')}${more}`
    )
  }
  return `npm run dev ended (${how}) before serving. What it said:\n${output.slice(-20).join('\n')}`
}
