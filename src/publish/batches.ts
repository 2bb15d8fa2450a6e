import type { KvEntry } from '../build/site'

/** How big one bulk request may be. */
export interface BatchLimits {
  maxKeys: number
  maxBytes: number
}

/**
 * Cloudflare's bulk write and bulk delete accept 10,000 keys and 100 MB a request. The byte limit
 * is kept at 95 MiB (99.6 MB) to leave room for the request's own framing.
 */
export const CLOUDFLARE_LIMITS: BatchLimits = { maxKeys: 10_000, maxBytes: 95 * 1024 * 1024 }

/** The bytes an entry adds to a bulk-write file: its JSON and a separating comma. */
export function entryBytes(entry: KvEntry): number {
  return Buffer.byteLength(JSON.stringify(entry)) + 1
}

/** The size of a bulk-write file holding these entries (a JSON array). */
export function batchBytes(entries: readonly KvEntry[]): number {
  return entries.reduce((n, e) => n + entryBytes(e), 1)
}

/** Splits entries into batches within the limits, keeping their order; never an empty batch. */
export function batchEntries(
  entries: readonly KvEntry[],
  limits: BatchLimits = CLOUDFLARE_LIMITS,
): KvEntry[][] {
  const batches: KvEntry[][] = []
  let batch: KvEntry[] = []
  let bytes = 2
  for (const entry of entries) {
    const size = entryBytes(entry)
    if (batch.length > 0 && (batch.length >= limits.maxKeys || bytes + size > limits.maxBytes)) {
      batches.push(batch)
      batch = []
      bytes = 2
    }
    batch.push(entry)
    bytes += size
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

/** Splits keys into batches of at most `maxKeys`, keeping their order (for bulk deletes). */
export function batchKeys(
  keys: readonly string[],
  maxKeys = CLOUDFLARE_LIMITS.maxKeys,
): string[][] {
  const batches: string[][] = []
  for (let i = 0; i < keys.length; i += maxKeys) batches.push(keys.slice(i, i + maxKeys))
  return batches
}

/** The progress line of one batch: `[3/12] 10000 keys, 42.1 MB`. */
export function batchLabel(index: number, count: number, keys: number, bytes: number): string {
  const size = bytes === 0 ? '' : `, ${(bytes / 1e6).toFixed(1)} MB`
  return `[${index + 1}/${count}] ${keys} ${keys === 1 ? 'key' : 'keys'}${size}`
}
