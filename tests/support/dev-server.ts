/**
 * `npm run dev` started as a user starts it, for the browser tests and the real-site checks,
 * through the product's own src/cli/dev-server.ts: on a free port, with its own output and
 * Miniflare state folders in a temporary folder that is deleted with the server.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KvEntry } from '../../src/build/site'
import {
  DevServerError,
  type DevServer as RunningDevServer,
  startDevServer as start,
} from '../../src/cli/dev-server'
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
  const remove = () => rm(scratch, { recursive: true, force: true })
  let server: RunningDevServer
  try {
    server = await start({
      content: options.content,
      out,
      stateDir,
      timeout: options.readyMs ?? 120_000,
      ...(options.args && { args: options.args }),
    })
  } catch (error) {
    await remove()
    if (!(error instanceof DevServerError)) throw error
    const tail = error.output.slice(-40).join('\n')
    throw new Error(`npm run dev -- --content ${options.content}: ${error.message}\n${tail}`)
  }
  const close = async () => {
    await server.stop()
    await remove()
  }
  const manifest = await builtManifest(out).catch(async (error: unknown) => {
    await close()
    throw error
  })
  const log = async () => server.output().join('\n')
  return { origin: server.origin, out, stateDir, manifest, log, close }
}
