import { manifestKey } from '../model/keys'
import type { ContentVersion, Manifest, PostRecord, PostSummary } from '../model/types'
import { type Catalog, catalogOf } from './catalog'

/** Keys never change value, so KV's edge cache may keep them long (the API caps nothing below a day). */
const KV_CACHE_TTL = 86_400

/** Raised when KV cannot give what the manifest promised: the content is unavailable, not missing. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
  }
}

// One manifest per isolate and version: parsed once, not per request. The catalog derived from it
// is rebuilt only when a scheduled post's date passes.
// A drafts preview has a second catalog, for requests unlocked by a preview token.
let current:
  | { version: ContentVersion; manifest: Promise<Manifest>; catalog?: Catalog; unlocked?: Catalog }
  | undefined

/**
 * The catalog of a content version at `now`, from a manifest read from KV once per isolate;
 * `unlocked` for a request holding a valid preview token (see catalogOf).
 */
export async function getCatalog(
  kv: KVNamespace,
  version: ContentVersion,
  now: number,
  unlocked = false,
): Promise<Catalog> {
  if (current?.version !== version) {
    const manifest = readManifest(kv, version)
    const entry = { version, manifest }
    current = entry
    // A failed read must not stick: the next request tries KV again.
    manifest.catch(() => {
      if (current === entry) current = undefined
    })
  }
  const entry = current
  const manifest = await entry.manifest
  const slot = unlocked ? 'unlocked' : 'catalog'
  const cached = entry[slot]
  if (cached && (cached.nextChange === undefined || now < cached.nextChange)) return cached
  const fresh = catalogOf(manifest, now, unlocked)
  entry[slot] = fresh
  return fresh
}

/** A post's full record. */
export async function getPost(kv: KVNamespace, summary: PostSummary): Promise<PostRecord> {
  const value = await readJson<Omit<PostRecord, 'key'>>(kv, summary.key)
  return { ...value, key: summary.key }
}

/** Any content-addressed value, such as a search shard, parsed as JSON. */
export function getJson<T>(kv: KVNamespace, key: string): Promise<T> {
  return readJson<T>(kv, key)
}

async function readManifest(kv: KVNamespace, version: ContentVersion): Promise<Manifest> {
  if (!version)
    throw new StoreError(
      'CONTENT_VERSION is not set: publish with `npm run deploy` or run `npm run dev`',
    )
  return readJson<Manifest>(kv, manifestKey(version))
}

// A KV read that hangs must not hold the visitor: past this, the page is answered with a 503.
const KV_TIMEOUT_MS = 5_000

async function readJson<T>(kv: KVNamespace, key: string): Promise<T> {
  let value: T | null
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${KV_TIMEOUT_MS} ms`)), KV_TIMEOUT_MS)
  })
  try {
    value = await Promise.race([kv.get<T>(key, { type: 'json', cacheTtl: KV_CACHE_TTL }), timeout])
  } catch (cause) {
    throw new StoreError(
      `KV read of ${key} failed: ${cause instanceof Error ? cause.message : cause}`,
      { cause },
    )
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
  if (value === null) throw new StoreError(`KV has no value for ${key}`)
  return value
}
