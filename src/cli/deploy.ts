import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry } from '../build/site'
import type { ContentVersion } from '../model/types'
import { batchBytes, batchLabel, CLOUDFLARE_LIMITS } from '../publish/batches'
import { PublishError } from '../publish/errors'
import { POSTS_BINDING, postsNamespaceId } from '../publish/namespace'
import { type PublishOptions, publishArgs, publishOptions, usageError } from '../publish/options'
import { planUpload, type UploadPlan } from '../publish/plan'
import { deployMessage } from '../publish/prune'
import { readRecord, recordPath, writeRecord } from '../publish/record'
import { type BuildOptions, buildArgs, runBuild } from './build'
import { listRemoteKeys, runWrangler } from './wrangler'

const USAGE =
  'usage: npm run deploy -- [--content DIR] [--out DIR] [--drafts] [--strict] [--dry-run] [--verify] [--config wrangler.toml] [--state-dir .kiosque]'

interface DeployOptions extends BuildOptions, PublishOptions {
  verify: boolean
}

/**
 * `npm run deploy`: builds, uploads the KV keys the namespace lacks (per the local record; the
 * manifest last), then runs `wrangler deploy` with the new CONTENT_VERSION. The live worker
 * switches only once every key is in KV; an interrupted upload deploys nothing and a rerun
 * resumes it. `--verify` rebuilds the record from KV first; `--dry-run` uses no network.
 */
async function main(): Promise<number> {
  let options: DeployOptions
  try {
    const { values } = buildArgs(process.argv.slice(2), {
      ...publishArgs,
      verify: { type: 'boolean', default: false },
    })
    options = { ...(values as BuildOptions & { verify: boolean }), ...publishOptions(values) }
  } catch (error) {
    return usageError(error, USAGE)
  }
  if (options.dryRun && options.verify) {
    console.error('--verify lists the keys in KV over the network: run it without --dry-run')
    return 2
  }
  try {
    return await deploy(options)
  } catch (error) {
    if (!(error instanceof PublishError)) throw error
    console.error(`deploy: ${error.message}`)
    return 1
  }
}

async function deploy(options: DeployOptions): Promise<number> {
  const namespace = await postsNamespaceId(options.config, !options.dryRun)
  const build = await runBuild(options)
  if (!build) return 1
  const record = recordPath(options.stateDir, namespace)
  const present = await keysInKv(options, namespace, record)
  const plan = planUpload(build.entries, present, {
    ...CLOUDFLARE_LIMITS,
    maxKeys: options.batchKeys,
  })
  const files = await writeBatches(plan.batches, join(options.out, 'upload'))
  console.log(
    `${options.dryRun ? 'would upload' : 'uploading'} ${plan.missing} of ${plan.total} keys ` +
      `(${plan.present} already in KV) in ${files.length} batch(es)`,
  )
  if (options.dryRun) printDryRun(plan, files)
  else await upload(plan, files, { config: options.config, namespace, record, present })
  await switchVersion(build.version, options)
  console.log(
    options.dryRun
      ? `dry run: would upload ${plan.missing} of ${plan.total} keys, skipping ${plan.present} already present; nothing was uploaded or deployed, ${record} is unchanged`
      : `uploaded ${plan.missing} of ${plan.total} keys, skipped ${plan.present} already present; published content version ${build.version}`,
  )
  return 0
}

/** The keys known to be in KV: the local record, or KV's own list with --verify or no record. */
async function keysInKv(
  options: DeployOptions,
  namespace: string,
  record: string,
): Promise<Set<string>> {
  const recorded = await readRecord(record, namespace)
  if (options.dryRun) {
    if (!recorded) console.log(`no upload record at ${record}: planning as if KV were empty`)
    return recorded ?? new Set()
  }
  if (recorded && !options.verify) return recorded
  console.log(
    `${recorded ? '--verify' : `no upload record at ${record}`}: listing the keys in KV namespace ${namespace}…`,
  )
  const listed = new Set(
    await listRemoteKeys(options.config).catch((error: Error) => {
      throw new PublishError(
        `${error.message}; nothing was uploaded or deployed. Fix the error above and run npm run deploy again`,
      )
    }),
  )
  await writeRecord(record, namespace, listed)
  const stale = recorded ? [...recorded].filter((k) => !listed.has(k)).length : 0
  console.log(
    `${listed.size} keys in KV${recorded ? `; ${stale} recorded key(s) were missing and will be uploaded again if needed` : ''}`,
  )
  return listed
}

/** Writes one bulk-put file per batch under `dir`, replacing earlier ones. */
async function writeBatches(batches: KvEntry[][], dir: string): Promise<string[]> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const files: string[] = []
  for (const [i, batch] of batches.entries()) {
    const file = join(dir, `batch-${String(i + 1).padStart(4, '0')}.json`)
    await writeFile(file, JSON.stringify(batch))
    files.push(file)
  }
  return files
}

function printDryRun(plan: UploadPlan, files: string[]): void {
  for (const [i, batch] of plan.batches.entries()) {
    const label = batchLabel(i, files.length, batch.length, batchBytes(batch))
    console.log(`  ${label} → ${files[i]}`)
    if (plan.missing <= 20) for (const { key } of batch) console.log(`      ${key}`)
  }
}

/** Uploads the batches in order, recording each batch's keys as soon as it is in KV. */
async function upload(
  plan: UploadPlan,
  files: string[],
  target: { config: string; namespace: string; record: string; present: Set<string> },
): Promise<void> {
  let uploaded = 0
  for (const [i, batch] of plan.batches.entries()) {
    const file = files[i] as string
    process.stdout.write(`  ${batchLabel(i, files.length, batch.length, batchBytes(batch))} … `)
    try {
      await runWrangler(
        [
          'kv',
          'bulk',
          'put',
          file,
          '--binding',
          POSTS_BINDING,
          '--remote',
          '--config',
          target.config,
        ],
        { quiet: true },
      )
    } catch (error) {
      console.log('failed')
      throw new PublishError(
        `upload interrupted at batch ${i + 1}/${files.length}: ${(error as Error).message}.\n` +
          `The live site is unchanged: nothing was deployed. ${uploaded} of ${plan.missing} keys were uploaded and recorded; ` +
          'run npm run deploy again to upload the rest and deploy.',
      )
    }
    for (const { key } of batch) target.present.add(key)
    await writeRecord(target.record, target.namespace, target.present)
    uploaded += batch.length
    console.log('done')
  }
}

/** Points the worker at the new content with `wrangler deploy` (`--dry-run`: wrangler's own). */
async function switchVersion(version: ContentVersion, options: DeployOptions): Promise<void> {
  const args = [
    'deploy',
    '--config',
    options.config,
    '--assets',
    join(options.out, 'assets'),
    '--var',
    `CONTENT_VERSION:${version}`,
    '--message',
    deployMessage(version),
  ]
  const shown = args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')
  console.log(`${options.dryRun ? 'dry run' : 'running'}: wrangler ${shown}`)
  try {
    await runWrangler(options.dryRun ? [...args, '--dry-run'] : args)
  } catch (error) {
    throw new PublishError(
      options.dryRun
        ? `${(error as Error).message}: see wrangler's error above`
        : `${(error as Error).message}. Every key is in KV and recorded, and the live site still runs the previous version: fix the error above and run npm run deploy again (it will upload nothing and deploy)`,
    )
  }
}

process.exitCode = await main()
