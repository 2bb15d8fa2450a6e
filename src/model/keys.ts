import type { ContentVersion, RecordKey } from './types'

/**
 * The KV key scheme. Every key is content-addressed: a key's value never changes once written,
 * so a publish only adds keys and an older worker version keeps finding its own.
 */

/** The key of the manifest of a content version. */
export function manifestKey(version: ContentVersion): RecordKey {
  return `manifest:${version}`
}

/** The key of a post record, from the hash of its serialized value. */
export function postKey(hash: string): RecordKey {
  return `post:${hash}`
}

/** The key of a search index shard (terms or snippets), from the hash of its value. */
export function searchKey(part: 'terms' | 'texts', hash: string): RecordKey {
  return `search-${part}:${hash}`
}

/** Key prefixes, for listing what a namespace holds. */
export const KEY_PREFIXES = {
  manifest: 'manifest:',
  post: 'post:',
  searchTerms: 'search-terms:',
  searchTexts: 'search-texts:',
} as const
