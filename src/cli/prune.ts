import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { manifestKey } from '../model/keys'
import type { ContentVersion } from '../model/types'
import { batchKeys, batchLabel } from '../publish/batches'
import { PublishError, reportingPublishErrors } from '../publish/errors'
import { POSTS_BINDING, postsNamespaceId } from '../publish/namespace'
import { type PublishOptions, publishArgs, publishOptions, usageError } from '../publish/options'
import { previewsPath, readPreviews } from '../publish/preview'
import { keptVersions, keysToDelete, manifestReferences, previewVersions } from '../publish/prune'
import { readRecord, recordPath, writeRecord } from '../publish/record'
import { parseLiveVersionIds, parseVersions } from '../publish/wrangler-output'
import { captureWrangler, listRemoteKeys, runWrangler } from './wrangler'

const USAGE =
  'usage: npm run prune -- --keep N [--keep-previews-days 14] [--dry-run] [--config wrangler.toml] [--state-dir .kiosque]'

interface PruneOptions extends PublishOptions {
  keep: number
  /** Previews younger than this keep their keys. */
  previewDays: number
}

/**
 * `npm run prune -- --keep N [--dry-run]`: deletes the KV keys that none of the last N deployed
 * content versions (nor the live one, after a rollback or a promote, nor a preview younger than
 * `--keep-previews-days`) refers to. Reads the versions with
 * `wrangler versions list --json`, their manifests from KV, and deletes nothing unless every
 * one of those could be read.
 */
async function main(): Promise<number> {
  let options: PruneOptions
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        keep: { type: 'string' },
        'keep-previews-days': { type: 'string', default: '14' },
        ...publishArgs,
      },
      strict: true,
      allowPositionals: false,
    })
    const previewDays = Number(values['keep-previews-days'])
    if (!Number.isInteger(previewDays) || previewDays < 0) {
      throw new TypeError(
        `--keep-previews-days must be a whole number of days, 0 or more, not "${values['keep-previews-days']}"`,
      )
    }
    options = { ...publishOptions(values), keep: keepCount(values.keep), previewDays }
  } catch (error) {
    return usageError(error, USAGE)
  }
  return reportingPublishErrors('prune', () => prune(options))
}

function keepCount(value: string | undefined): number {
  if (value === undefined)
    throw new TypeError('--keep N is required: how many content versions to keep')
  const keep = Number(value)
  if (keep === 0) {
    throw new TypeError(
      '--keep 0 would delete the content of the live site: keep at least 1 version',
    )
  }
  if (!Number.isInteger(keep) || keep < 1) {
    throw new TypeError(`--keep must be a whole number of versions, 1 or more, not "${value}"`)
  }
  return keep
}

async function prune(options: PruneOptions): Promise<number> {
  const namespace = await postsNamespaceId(options.config, true)
  const versions = parseVersions(
    await read(['versions', 'list', '--json', '--config', options.config], 'list worker versions'),
  )
  const live = parseLiveVersionIds(
    await read(
      ['deployments', 'status', '--json', '--config', options.config],
      'read the live deployment',
    ),
  )
  const kept = keptVersions(versions, options.keep, live)
  if (!kept.complete) {
    console.log(
      `wrangler versions list shows ${kept.recent.length} Kiosque content version(s) (it lists the most recent worker versions only), fewer than --keep ${options.keep}: nothing to prune, nothing deleted`,
    )
    return 0
  }
  const recorded = await readPreviews(previewsPath(options.stateDir, namespace), namespace)
  const previews = previewVersions(recorded, versions, options.previewDays, Date.now()).filter(
    (v) => !kept.recent.includes(v) && !kept.live.includes(v),
  )
  console.log(
    `keeping content version(s) ${kept.recent.join(', ')}${kept.live.length > 0 ? `, and ${kept.live.join(', ')} (live)` : ''}${previews.length > 0 ? `, and ${previews.join(', ')} (previews younger than ${options.previewDays} days)` : ''}`,
  )
  const keep = new Set<string>()
  for (const version of [...kept.recent, ...kept.live, ...previews]) {
    for (const key of manifestReferences(version, await readManifest(version, options.config))) {
      keep.add(key)
    }
  }
  const remote = await listRemoteKeys(options.config).catch((error: Error) => {
    throw new PublishError(`${error.message}; nothing deleted. Fix the error above and prune again`)
  })
  const doomed = keysToDelete(remote, keep)
  console.log(
    `${doomed.length} of ${remote.length} keys in KV are used by none of them (${keep.size} keys kept)`,
  )
  if (options.dryRun) {
    for (const key of doomed.slice(0, 50)) console.log(`  would delete ${key}`)
    if (doomed.length > 50) console.log(`  … and ${doomed.length - 50} more`)
    console.log('dry run: nothing deleted')
    return 0
  }
  if (doomed.length === 0) return 0
  await forget(doomed, namespace, recordPath(options.stateDir, namespace))
  await deleteKeys(doomed, options)
  console.log(`deleted ${doomed.length} keys; ${remote.length - doomed.length} remain`)
  return 0
}

/** Runs a wrangler command that only reads, turning its failure into an abort. */
async function read(args: string[], what: string): Promise<string> {
  try {
    return await captureWrangler(args)
  } catch (error) {
    throw new PublishError(
      `cannot ${what}: ${(error as Error).message}; nothing deleted. Fix the error above and prune again`,
    )
  }
}

async function readManifest(version: ContentVersion, config: string): Promise<string> {
  return read(
    [
      'kv',
      'key',
      'get',
      manifestKey(version),
      '--binding',
      POSTS_BINDING,
      '--remote',
      '--config',
      config,
    ],
    `read ${manifestKey(version)} from KV`,
  )
}

/** Drops the keys from the upload record before deleting them, so it never claims a lost key. */
async function forget(keys: string[], namespace: string, record: string): Promise<void> {
  const recorded = await readRecord(record, namespace)
  if (!recorded) return
  for (const key of keys) recorded.delete(key)
  await writeRecord(record, namespace, recorded)
}

async function deleteKeys(keys: string[], options: PruneOptions): Promise<void> {
  const dir = join(options.stateDir, 'prune')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const batches = batchKeys(keys, options.batchKeys)
  let deleted = 0
  for (const [i, batch] of batches.entries()) {
    const file = join(dir, `delete-${String(i + 1).padStart(4, '0')}.json`)
    await writeFile(file, JSON.stringify(batch))
    process.stdout.write(`  ${batchLabel(i, batches.length, batch.length, 0)} … `)
    try {
      await runWrangler(
        [
          'kv',
          'bulk',
          'delete',
          file,
          '--binding',
          POSTS_BINDING,
          '--remote',
          '--force',
          '--config',
          options.config,
        ],
        { quiet: true },
      )
    } catch (error) {
      console.log('failed')
      throw new PublishError(
        `${(error as Error).message} at batch ${i + 1}/${batches.length}, after deleting ${deleted} of ${keys.length} keys; ` +
          'the kept versions are untouched. Run npm run prune again to finish.',
      )
    }
    deleted += batch.length
    console.log('done')
  }
}

process.exitCode = await main()
