import { KEY_PREFIXES, manifestKey } from '../model/keys'
import type { ContentVersion } from '../model/types'
import { PublishError } from './errors'
import { kiosqueVersionOf } from './preview'
import type { WorkerVersion } from './wrangler-output'

/** The message `npm run deploy` gives every worker version it deploys. */
export function deployMessage(version: ContentVersion): string {
  return `kiosque content ${version}`
}

/** The content version named by a version's message (`kiosque content <version>`), if any. */
export function contentVersionOf(message: string | undefined): ContentVersion | undefined {
  return /^kiosque content ([0-9a-f]+)$/.exec(message ?? '')?.[1]
}

/** The content versions a prune keeps. */
export interface KeptVersions {
  /** The most recent distinct content versions, newest first, at most `keep` of them. */
  recent: ContentVersion[]
  /** Content versions taking traffic now (after a `wrangler rollback`) that are not in `recent`. */
  live: ContentVersion[]
  /** Whether `recent` has all `keep` versions asked for; if not, nothing may be pruned. */
  complete: boolean
}

/**
 * Picks the content versions to keep: the `keep` most recent distinct ones among the listed
 * worker versions (versions without a Kiosque message are ignored), plus those of the live
 * versions. Throws when a live version's content cannot be told, since pruning could break it.
 */
export function keptVersions(
  versions: readonly WorkerVersion[],
  keep: number,
  liveIds: readonly string[],
): KeptVersions {
  const newestFirst = [...versions].sort((a, b) =>
    a.createdOn === b.createdOn ? 0 : a.createdOn < b.createdOn ? 1 : -1,
  )
  const distinct = [...new Set(newestFirst.flatMap((v) => contentVersionOf(v.message) ?? []))]
  const recent = distinct.slice(0, keep)
  const live: ContentVersion[] = []
  for (const id of liveIds) {
    const version = versions.find((v) => v.id === id)
    // A promoted preview is live under its preview message.
    const content = kiosqueVersionOf(version?.message)?.content
    if (content === undefined) {
      throw new PublishError(
        `the live deployment runs worker version ${id}, ${version ? 'whose message names no Kiosque content version' : 'which wrangler versions list does not show'}: nothing deleted. Publish with npm run deploy (or wrangler rollback to a Kiosque version) and prune again`,
      )
    }
    if (!recent.includes(content) && !live.includes(content)) live.push(content)
  }
  return { recent, live, complete: recent.length === keep }
}

/**
 * The content versions of the previews made less than `days` days before `now` (ms): those of
 * Kiosque's record, and those wrangler lists with a preview message (made from other machines).
 */
export function previewVersions(
  recorded: readonly { content: ContentVersion; createdAt: string }[],
  versions: readonly WorkerVersion[],
  days: number,
  now: number,
): ContentVersion[] {
  const since = now - days * 86_400_000
  const listed = versions.flatMap((v) => {
    const kiosque = kiosqueVersionOf(v.message)
    return kiosque?.preview ? [{ content: kiosque.content, createdAt: v.createdOn }] : []
  })
  return [
    ...new Set(
      [...recorded, ...listed].filter((p) => Date.parse(p.createdAt) > since).map((p) => p.content),
    ),
  ]
}

/**
 * The KV keys a manifest is or refers to: its own key, and every string in it that is a Kiosque
 * key (the post summaries' `key`s). Throws when the text is not a manifest.
 */
export function manifestReferences(version: ContentVersion, text: string): string[] {
  let manifest: unknown
  try {
    manifest = JSON.parse(text)
  } catch {
    manifest = undefined
  }
  const isManifest =
    typeof manifest === 'object' &&
    manifest !== null &&
    'posts' in manifest &&
    Array.isArray(manifest.posts)
  if (!isManifest) {
    throw new PublishError(
      `${manifestKey(version)} in KV is not a Kiosque manifest: nothing deleted. Check the namespace id in wrangler.toml`,
    )
  }
  const keys = new Set([manifestKey(version)])
  collectKeys(manifest, keys)
  return [...keys]
}

/** The remote keys under Kiosque's prefixes that are not kept, in their listed order. */
export function keysToDelete(remote: readonly string[], kept: ReadonlySet<string>): string[] {
  return remote.filter((key) => isKiosqueKey(key) && !kept.has(key))
}

function isKiosqueKey(value: string): boolean {
  return Object.values(KEY_PREFIXES).some((prefix) => value.startsWith(prefix))
}

function collectKeys(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (isKiosqueKey(value)) into.add(value)
  } else if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, into)
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectKeys(item, into)
  }
}
