import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ContentVersion } from '../model/types'
import { PublishError } from './errors'

/** Cloudflare's rule for a preview alias (a DNS label under `<alias>-<worker>.`). */
export const ALIAS_PATTERN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/

// `<alias>-<worker>` must fit a DNS label: 63 characters.
const LABEL_MAX = 63

/**
 * The alias of a preview: the git branch made to fit Cloudflare's pattern (lower case, runs of
 * other characters as `-`, starting with a letter), else `v-` and the content version. It is cut
 * so that `<alias>-<worker>` stays one DNS label.
 */
export function defaultAlias(
  branch: string | undefined,
  version: ContentVersion,
  worker: string,
): string {
  const room = Math.max(1, LABEL_MAX - worker.length - 1)
  const fitted = (branch ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, room)
    .replace(/-+$/, '')
  if (fitted !== '' && ALIAS_PATTERN.test(fitted)) return fitted
  return `v-${version}`.slice(0, room).replace(/-+$/, '')
}

/** Why an alias given with `--alias` is refused, or undefined when it is a valid one. */
export function aliasProblem(alias: string, worker: string): string | undefined {
  if (!ALIAS_PATTERN.test(alias)) {
    return `--alias "${alias}" does not match ${ALIAS_PATTERN.source}: lower-case letters, digits and inner hyphens, starting with a letter`
  }
  if (alias.length + 1 + worker.length > LABEL_MAX) {
    return `--alias "${alias}" is too long: "${alias}-${worker}" must fit a DNS label (${LABEL_MAX} characters)`
  }
  return undefined
}

/** The message of a preview's worker version; `drafts` marks one that must never be promoted. */
export function previewMessage(version: ContentVersion, drafts: boolean): string {
  return `kiosque preview ${version}${drafts ? ' drafts' : ''}`
}

/** The tag of a drafts preview's worker version, a second mark that promote checks. */
export const DRAFTS_TAG = 'kiosque-drafts'

/** What a worker version's message says of its content, if it is a Kiosque version. */
export function kiosqueVersionOf(
  message: string | undefined,
): { content: ContentVersion; preview: boolean; drafts: boolean } | undefined {
  const match = /^kiosque (content|preview) ([0-9a-f]+)( drafts)?$/.exec(message ?? '')
  if (!match) return undefined
  return {
    content: match[2] as string,
    preview: match[1] === 'preview',
    drafts: match[3] !== undefined,
  }
}

/** What `wrangler versions upload` printed: the new version's id and its preview URLs. */
export interface UploadedVersion {
  id: string
  url?: string
  aliasUrl?: string
}

/** Reads the lines `Worker Version ID:`, `Version Preview URL:` and `… Alias URL:` of wrangler 4.86. */
export function parseVersionsUpload(stdout: string): UploadedVersion {
  const id = /^Worker Version ID: ([0-9a-f-]{36})\s*$/m.exec(stdout)?.[1]
  if (!id) {
    throw new PublishError(
      'wrangler versions upload printed no "Worker Version ID:"; is KIOSQUE_WRANGLER (or node_modules/.bin/wrangler) wrangler 4.86?',
    )
  }
  const url = /^Version Preview URL: (https:\/\/\S+)\s*$/m.exec(stdout)?.[1]
  const aliasUrl = /^Version Preview Alias URL: (https:\/\/\S+)\s*$/m.exec(stdout)?.[1]
  return { id, ...(url && { url }), ...(aliasUrl && { aliasUrl }) }
}

/** One preview, as Kiosque's own record keeps it (wrangler lists only the 10 newest versions). */
export interface PreviewEntry {
  /** The worker version id. */
  id: string
  content: ContentVersion
  alias: string
  url?: string
  aliasUrl?: string
  drafts: boolean
  /** ISO 8601. */
  createdAt: string
  promotedAt?: string
}

interface PreviewsFile {
  format: 1
  namespace: string
  previews: PreviewEntry[]
}

/** Where the record of previews of a namespace lives under the state folder. */
export function previewsPath(stateDir: string, namespaceId: string): string {
  return join(stateDir, `previews-${namespaceId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`)
}

/** Reads the record of previews: oldest first; empty when there is none yet. */
export async function readPreviews(path: string, namespaceId: string): Promise<PreviewEntry[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const file = parsePreviews(text)
  if (!file || file.namespace !== namespaceId) {
    throw new PublishError(
      `${path}: not the record of previews of namespace ${namespaceId}; move it away (the previews it listed are then unknown to prune and promote)`,
    )
  }
  return file.previews
}

/** Writes the record of previews atomically. */
export async function writePreviews(
  path: string,
  namespaceId: string,
  previews: readonly PreviewEntry[],
): Promise<void> {
  const file: PreviewsFile = { format: 1, namespace: namespaceId, previews: [...previews] }
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(file, null, 1)}\n`)
  await rename(temporary, path)
}

/** The previews created less than `days` days before `now` (ms), newest first. */
export function recentPreviews(
  previews: readonly PreviewEntry[],
  days: number,
  now: number,
): PreviewEntry[] {
  const since = now - days * 86_400_000
  return previews
    .filter((p) => Date.parse(p.createdAt) > since)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

function parsePreviews(text: string): PreviewsFile | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const { format, namespace, previews } = value as Record<string, unknown>
    if (format !== 1 || typeof namespace !== 'string' || !Array.isArray(previews)) return undefined
    const valid = previews.every(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as PreviewEntry).id === 'string' &&
        typeof (p as PreviewEntry).content === 'string' &&
        typeof (p as PreviewEntry).createdAt === 'string' &&
        typeof (p as PreviewEntry).drafts === 'boolean',
    )
    return valid ? { format, namespace, previews: previews as PreviewEntry[] } : undefined
  } catch {
    return undefined
  }
}
