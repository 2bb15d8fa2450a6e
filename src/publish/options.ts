import type { ParseArgsConfig } from 'node:util'
import { CLOUDFLARE_LIMITS } from './batches'

/** Options shared by `deploy` and `prune`. */
export interface PublishOptions {
  dryRun: boolean
  /** The wrangler config, passed to every wrangler command with `--config`. */
  config: string
  /** Where the upload records live. */
  stateDir: string
  /** Keys per bulk request; lowered only by tests, to get several batches from a small site. */
  batchKeys: number
}

/** The parseArgs definitions of the publish options (`--batch-keys` is for tests, undocumented). */
export const publishArgs = {
  'dry-run': { type: 'boolean', default: false },
  config: { type: 'string', default: 'wrangler.toml' },
  'state-dir': { type: 'string', default: '.kiosque' },
  'batch-keys': { type: 'string', default: String(CLOUDFLARE_LIMITS.maxKeys) },
} satisfies ParseArgsConfig['options']

/** Reads the publish options out of parsed values; throws a usage message on a bad value. */
export function publishOptions(values: Record<string, unknown>): PublishOptions {
  const batchKeys = Number(values['batch-keys'])
  if (!Number.isInteger(batchKeys) || batchKeys < 1 || batchKeys > CLOUDFLARE_LIMITS.maxKeys) {
    throw new TypeError(
      `--batch-keys must be a whole number from 1 to ${CLOUDFLARE_LIMITS.maxKeys}, not "${values['batch-keys']}"`,
    )
  }
  return {
    dryRun: values['dry-run'] === true,
    config: String(values.config),
    stateDir: String(values['state-dir']),
    batchKeys,
  }
}

/** Prints a command-line mistake and the usage; returns exit code 2. */
export function usageError(error: unknown, usage: string): number {
  if (!(error instanceof TypeError)) throw error
  console.error(error.message)
  console.error(usage)
  return 2
}
