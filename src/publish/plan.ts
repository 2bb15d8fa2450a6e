import type { KvEntry } from '../build/site'
import { KEY_PREFIXES } from '../model/keys'
import { type BatchLimits, batchEntries, CLOUDFLARE_LIMITS } from './batches'

/** What one publish uploads. */
export interface UploadPlan {
  /** The missing entries in upload order; a manifest only ever in the last batch, alone. */
  batches: KvEntry[][]
  /** Distinct keys of the build. */
  total: number
  /** Keys to upload: the build's keys not known to be in KV. */
  missing: number
  /** Keys of the build already in KV, skipped. */
  present: number
}

/**
 * Plans the upload of a build's entries: only the keys not in `present`, the posts first and
 * the manifests in a final batch of their own, so that a manifest reaches KV only after every
 * key it refers to (the worker switches to it later still, with `wrangler deploy`).
 */
export function planUpload(
  entries: readonly KvEntry[],
  present: ReadonlySet<string>,
  limits: BatchLimits = CLOUDFLARE_LIMITS,
): UploadPlan {
  const seen = new Set<string>()
  const records: KvEntry[] = []
  const manifests: KvEntry[] = []
  let skipped = 0
  for (const entry of entries) {
    if (seen.has(entry.key)) continue
    seen.add(entry.key)
    if (present.has(entry.key)) skipped++
    else if (entry.key.startsWith(KEY_PREFIXES.manifest)) manifests.push(entry)
    else records.push(entry)
  }
  const batches = [...batchEntries(records, limits), ...batchEntries(manifests, limits)]
  return {
    batches,
    total: seen.size,
    missing: records.length + manifests.length,
    present: skipped,
  }
}
