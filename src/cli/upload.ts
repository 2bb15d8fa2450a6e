import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry, SiteBuild } from '../build/site'
import { batchBytes, batchLabel, CLOUDFLARE_LIMITS } from '../publish/batches'
import { PublishError } from '../publish/errors'
import { POSTS_BINDING } from '../publish/namespace'
import type { PublishOptions } from '../publish/options'
import { planUpload, type UploadPlan } from '../publish/plan'
import { readRecord, recordPath, writeRecord } from '../publish/record'
import { listRemoteKeys, runWrangler } from './wrangler'

/** What `deploy` and `preview` need to know to put a build's missing keys in KV. */
export interface UploadTarget extends PublishOptions {
  out: string
  verify: boolean
  /** The command the user runs, for the messages that tell them to run it again. */
  command: 'deploy' | 'preview'
}

/** The outcome of an upload (or of its plan, in a dry run). */
export interface UploadResult {
  plan: UploadPlan
  record: string
}

/**
 * Uploads the keys of a build that KV lacks, per the local record (the manifest last), recording
 * each batch once KV has it. Shared by `deploy` and `preview`, which both write to the namespace
 * the live site reads, so both keep the record truthful: a key is recorded only once uploaded.
 * In a dry run, plans, writes the batches to `out/upload/` and prints them, uploading nothing.
 */
export async function uploadMissing(
  build: SiteBuild,
  namespace: string,
  target: UploadTarget,
): Promise<UploadResult> {
  const record = recordPath(target.stateDir, namespace)
  const present = await keysInKv(target, namespace, record)
  const plan = planUpload(build.entries, present, {
    ...CLOUDFLARE_LIMITS,
    maxKeys: target.batchKeys,
  })
  const files = await writeBatches(plan.batches, join(target.out, 'upload'))
  console.log(
    `${target.dryRun ? 'would upload' : 'uploading'} ${plan.missing} of ${plan.total} keys ` +
      `(${plan.present} already in KV) in ${files.length} batch(es)`,
  )
  if (target.dryRun) printDryRun(plan, files)
  else await upload(plan, files, { ...target, namespace, record, present })
  return { plan, record }
}

/** The keys known to be in KV: the local record, or KV's own list with --verify or no record. */
async function keysInKv(
  target: UploadTarget,
  namespace: string,
  record: string,
): Promise<Set<string>> {
  const recorded = await readRecord(record, namespace)
  if (target.dryRun) {
    if (!recorded) console.log(`no upload record at ${record}: planning as if KV were empty`)
    return recorded ?? new Set()
  }
  if (recorded && !target.verify) return recorded
  console.log(
    `${recorded ? '--verify' : `no upload record at ${record}`}: listing the keys in KV namespace ${namespace}…`,
  )
  const listed = new Set(
    await listRemoteKeys(target.config).catch((error: Error) => {
      throw new PublishError(
        `${error.message}; nothing was uploaded or ${target.command === 'deploy' ? 'deployed' : 'previewed'}. Fix the error above and run npm run ${target.command} again`,
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
  target: UploadTarget & { namespace: string; record: string; present: Set<string> },
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
      const switched = target.command === 'deploy' ? 'deployed' : 'uploaded as a worker version'
      throw new PublishError(
        `upload interrupted at batch ${i + 1}/${files.length}: ${(error as Error).message}.\n` +
          `The live site is unchanged: nothing was ${switched}. ${uploaded} of ${plan.missing} keys were uploaded and recorded; ` +
          `run npm run ${target.command} again to upload the rest and ${target.command}.`,
      )
    }
    for (const { key } of batch) target.present.add(key)
    await writeRecord(target.record, target.namespace, target.present)
    uploaded += batch.length
    console.log('done')
  }
}
