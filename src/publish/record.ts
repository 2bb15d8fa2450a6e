import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PublishError } from './errors'

/**
 * The local record of the keys known to be in one KV namespace: a claim that a key is there. A
 * key is added only after its upload succeeded and removed before it is deleted, so a stale
 * record can only cause a re-upload, except when KV is changed from elsewhere (another machine's
 * prune, the dashboard): `npm run deploy -- --verify` rebuilds it from KV.
 */
interface RecordFile {
  format: 1
  namespace: string
  keys: string[]
}

/** Where the record of a namespace lives under the state folder (`.kiosque` by default). */
export function recordPath(stateDir: string, namespaceId: string): string {
  return join(stateDir, `uploaded-${namespaceId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`)
}

/** Reads a record: the keys it holds, or undefined when there is none yet. */
export async function readRecord(
  path: string,
  namespaceId: string,
): Promise<Set<string> | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const record = parseRecord(text)
  if (!record || record.namespace !== namespaceId) {
    throw new PublishError(
      `${path}: not the upload record of namespace ${namespaceId}; delete it and run npm run deploy -- --verify to rebuild it from KV`,
    )
  }
  return new Set(record.keys)
}

/** Writes a record atomically (a temporary file renamed over it), its keys sorted. */
export async function writeRecord(
  path: string,
  namespaceId: string,
  keys: Iterable<string>,
): Promise<void> {
  const record: RecordFile = { format: 1, namespace: namespaceId, keys: [...keys].sort() }
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(record, null, 1)}\n`)
  await rename(temporary, path)
}

function parseRecord(text: string): RecordFile | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const { format, namespace, keys } = value as Record<string, unknown>
    if (format !== 1 || typeof namespace !== 'string' || !Array.isArray(keys)) return undefined
    if (!keys.every((k) => typeof k === 'string')) return undefined
    return { format, namespace, keys }
  } catch {
    return undefined
  }
}
