import { readFile } from 'node:fs/promises'
import { PublishError } from './errors'

/** The binding under which the worker reads posts and manifests. */
export const POSTS_BINDING = 'POSTS'

/** The id the repository's wrangler.toml ships with, before `wrangler kv namespace create`. */
export const PLACEHOLDER_ID = 'REPLACE_WITH_YOUR_KV_NAMESPACE_ID'

/**
 * The id of the KV namespace bound as `binding` in a wrangler.toml's top-level
 * `[[kv_namespaces]]` tables, or undefined. Reads only that much TOML: one `key = "value"` a line.
 */
export function kvNamespaceId(toml: string, binding: string): string | undefined {
  let table: Record<string, string> | undefined
  const tables: Record<string, string>[] = []
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '')
    if (line.startsWith('[')) {
      table = line === '[[kv_namespaces]]' ? {} : undefined
      if (table) tables.push(table)
      continue
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line)
    if (table && pair?.[1]) table[pair[1]] = pair[2] ?? pair[3] ?? ''
  }
  return tables.find((t) => t.binding === binding)?.id
}

/**
 * Reads the POSTS namespace id from a wrangler config. With `real`, refuses the placeholder id,
 * since a real publish would then fail halfway against a namespace that does not exist.
 */
export async function postsNamespaceId(configPath: string, real: boolean): Promise<string> {
  let toml: string
  try {
    toml = await readFile(configPath, 'utf8')
  } catch {
    throw new PublishError(`${configPath}: cannot read the wrangler config (pass --config FILE)`)
  }
  const id = kvNamespaceId(toml, POSTS_BINDING)
  if (id === undefined || id === '') {
    throw new PublishError(
      `${configPath}: no [[kv_namespaces]] with binding = "${POSTS_BINDING}" and an id: add one (npx wrangler kv namespace create ${POSTS_BINDING})`,
    )
  }
  if (real && id === PLACEHOLDER_ID) {
    throw new PublishError(
      `${configPath}: set the id of the ${POSTS_BINDING} KV namespace first (npx wrangler kv namespace create ${POSTS_BINDING})`,
    )
  }
  return id
}

/**
 * The worker's `name` in a wrangler config (its top-level `name = "…"`), which preview URLs
 * carry: `<alias>-<name>.<subdomain>.workers.dev`.
 */
export async function workerName(configPath: string): Promise<string> {
  let toml: string
  try {
    toml = await readFile(configPath, 'utf8')
  } catch {
    throw new PublishError(`${configPath}: cannot read the wrangler config (pass --config FILE)`)
  }
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.trim()
    if (line.startsWith('[')) break
    const name = /^name\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line)
    if (name) return name[1] ?? name[2] ?? ''
  }
  throw new PublishError(`${configPath}: no top-level name = "…": add the worker's name`)
}
