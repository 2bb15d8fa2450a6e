import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { KEY_PREFIXES } from '../model/keys'
import { PublishError } from '../publish/errors'
import { POSTS_BINDING } from '../publish/namespace'
import { parseKeyList } from '../publish/wrangler-output'

/**
 * The one place Kiosque starts wrangler. `KIOSQUE_WRANGLER` names another executable to run
 * instead (a stand-in, in tests of the publish path, since Cloudflare is out of reach there).
 */
export function wranglerCommand(): string {
  return process.env.KIOSQUE_WRANGLER ?? resolve('node_modules/.bin/wrangler')
}

/** Runs `wrangler <args>` to completion, passing its output through; rejects on a non-zero exit. */
export function runWrangler(args: string[], options: { quiet?: boolean } = {}): Promise<void> {
  return run(args, options.quiet ? 'ignore' : 'inherit').then(() => undefined)
}

/** Runs `wrangler <args>` and resolves to what it printed on stdout (stderr passes through). */
export function captureWrangler(args: string[]): Promise<string> {
  return run(args, 'pipe')
}

/** Starts a long-running wrangler (dev), returning the child so the caller can stop it. */
export function startWrangler(args: string[]) {
  return spawn(wranglerCommand(), args, {
    stdio: 'inherit',
    env: { WRANGLER_SEND_METRICS: 'false', ...process.env },
  })
}

/**
 * Every key of the POSTS namespace under Kiosque's prefixes (`wrangler kv key list --remote`);
 * throws a PublishError when wrangler fails.
 */
export async function listRemoteKeys(config: string): Promise<string[]> {
  const keys: string[] = []
  for (const prefix of Object.values(KEY_PREFIXES)) {
    const stdout = await captureWrangler([
      'kv',
      'key',
      'list',
      '--binding',
      POSTS_BINDING,
      '--remote',
      '--prefix',
      prefix,
      '--config',
      config,
    ]).catch((error: Error) => {
      throw new PublishError(`cannot list the keys in KV: ${error.message}`)
    })
    keys.push(...parseKeyList(stdout))
  }
  return keys
}

function run(args: string[], stdout: 'inherit' | 'ignore' | 'pipe'): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(wranglerCommand(), args, {
      stdio: ['inherit', stdout, 'inherit'],
      env: { WRANGLER_SEND_METRICS: 'false', ...process.env },
    })
    const chunks: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', (error) =>
      fail(new Error(`cannot start ${wranglerCommand()} (${error.message}): run npm install`)),
    )
    child.on('close', (code, signal) => {
      if (code === 0) done(Buffer.concat(chunks).toString('utf8'))
      else fail(new Error(`wrangler ${commandOf(args)} failed (${signal ?? `exit ${code}`})`))
    })
  })
}

/** A wrangler call as a person would type it: `wrangler deploy --message "kiosque content 1f…"`. */
export function shownCommand(args: readonly string[]): string {
  return `wrangler ${args.map((a) => (/[\s"'$`\\]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ')}`
}

/** The command words of an argument list: `kv bulk put`, `deploy`. */
function commandOf(args: string[]): string {
  const end = args.findIndex((a) => a.startsWith('-'))
  return args.slice(0, Math.min(end < 0 ? args.length : end, 3)).join(' ')
}
