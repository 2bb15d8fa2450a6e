import { PublishError } from './errors'

/**
 * Parsers of what wrangler 4.86 prints on stdout for the commands the publish path reads. Each
 * throws a PublishError naming the command when the output is not what that wrangler prints.
 */

/** One worker version, from `wrangler versions list --json`. */
export interface WorkerVersion {
  id: string
  /** `metadata.created_on`, ISO 8601. */
  createdOn: string
  /** The `workers/message` annotation (`wrangler deploy --message`). */
  message?: string
}

/** Key names from `wrangler kv key list` (a JSON array of `{name, expiration?, metadata?}`). */
export function parseKeyList(stdout: string): string[] {
  const list = jsonOf(stdout, 'wrangler kv key list')
  if (!Array.isArray(list)) throw unexpected('wrangler kv key list', 'a JSON array')
  return list.map((item) => {
    const name = isObject(item) ? item.name : undefined
    if (typeof name !== 'string') throw unexpected('wrangler kv key list', 'items with a name')
    return name
  })
}

/** Versions from `wrangler versions list --json` (`{id, metadata: {created_on}, annotations}`). */
export function parseVersions(stdout: string): WorkerVersion[] {
  const list = jsonOf(stdout, 'wrangler versions list --json')
  if (!Array.isArray(list)) throw unexpected('wrangler versions list --json', 'a JSON array')
  return list.map((item) => {
    const id = isObject(item) ? item.id : undefined
    const metadata = isObject(item) && isObject(item.metadata) ? item.metadata : {}
    const annotations = isObject(item) && isObject(item.annotations) ? item.annotations : {}
    const createdOn = metadata.created_on
    if (typeof id !== 'string' || typeof createdOn !== 'string') {
      throw unexpected('wrangler versions list --json', 'versions with an id and a created_on')
    }
    const message = annotations['workers/message']
    return typeof message === 'string' ? { id, createdOn, message } : { id, createdOn }
  })
}

/** Ids of the versions taking traffic, from `wrangler deployments status --json`. */
export function parseLiveVersionIds(stdout: string): string[] {
  const deployment = jsonOf(stdout, 'wrangler deployments status --json')
  const versions = isObject(deployment) ? deployment.versions : undefined
  if (!Array.isArray(versions)) {
    throw unexpected('wrangler deployments status --json', 'a deployment with versions')
  }
  return versions.flatMap((v) => {
    if (!isObject(v) || typeof v.version_id !== 'string') {
      throw unexpected('wrangler deployments status --json', 'versions with a version_id')
    }
    return v.percentage === 0 ? [] : [v.version_id]
  })
}

/** The JSON document in a command's stdout, skipping any lines printed before it. */
function jsonOf(stdout: string, command: string): unknown {
  const start = stdout.search(/^[[{]/m)
  if (start < 0) throw unexpected(command, 'JSON')
  try {
    return JSON.parse(stdout.slice(start))
  } catch {
    throw unexpected(command, 'valid JSON')
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function unexpected(command: string, expected: string): PublishError {
  return new PublishError(
    `${command} printed something other than ${expected}; is KIOSQUE_WRANGLER (or node_modules/.bin/wrangler) wrangler 4.86?`,
  )
}
