import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * The one place Kiosque starts wrangler. `KIOSQUE_WRANGLER` names another executable to run
 * instead (a stand-in, in tests of the publish path, since Cloudflare is out of reach there).
 */
export function wranglerCommand(): string {
  return process.env.KIOSQUE_WRANGLER ?? resolve('node_modules/.bin/wrangler')
}

/** Runs `wrangler <args>` to completion, passing its output through; rejects on a non-zero exit. */
export function runWrangler(args: string[], options: { quiet?: boolean } = {}): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(wranglerCommand(), args, {
      stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
      env: { WRANGLER_SEND_METRICS: 'false', ...process.env },
    })
    child.on('error', fail)
    child.on('exit', (code, signal) => {
      if (code === 0) done()
      else
        fail(
          new Error(
            `wrangler ${args[0] ?? ''} ${args[1] ?? ''} failed (${signal ?? `exit ${code}`})`,
          ),
        )
    })
  })
}

/** Starts a long-running wrangler (dev), returning the child so the caller can stop it. */
export function startWrangler(args: string[]) {
  return spawn(wranglerCommand(), args, {
    stdio: 'inherit',
    env: { WRANGLER_SEND_METRICS: 'false', ...process.env },
  })
}
