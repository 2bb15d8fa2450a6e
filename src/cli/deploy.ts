import { readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KvEntry } from '../build/site'
import { type BuildOptions, buildArgs, runBuild } from './build'
import { runWrangler } from './wrangler'

/** Cloudflare's bulk write accepts 10,000 pairs and 100 MB a request; stay under both. */
export const BATCH_MAX_KEYS = 10_000
export const BATCH_MAX_BYTES = 95 * 1024 * 1024

/** Splits entries into batches within Cloudflare's bulk-write limits, keeping their order. */
export function batchEntries(
  entries: KvEntry[],
  maxKeys = BATCH_MAX_KEYS,
  maxBytes = BATCH_MAX_BYTES,
): KvEntry[][] {
  const batches: KvEntry[][] = []
  let batch: KvEntry[] = []
  let bytes = 2
  for (const entry of entries) {
    const size = Buffer.byteLength(JSON.stringify(entry)) + 1
    if (batch.length > 0 && (batch.length >= maxKeys || bytes + size > maxBytes)) {
      batches.push(batch)
      batch = []
      bytes = 2
    }
    batch.push(entry)
    bytes += size
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

/**
 * `npm run deploy -- [--content DIR] [--dry-run]`: builds, uploads the KV entries (the manifest
 * last), then deploys the worker that points at the new content version.
 */
async function main(): Promise<number> {
  const { values } = buildArgs(process.argv.slice(2), {
    'dry-run': { type: 'boolean', default: false },
  })
  const options = values as BuildOptions & { 'dry-run': boolean }
  const dryRun = options['dry-run']
  if (!dryRun && /REPLACE_WITH_YOUR_KV_NAMESPACE_ID/.test(readFileSync('wrangler.toml', 'utf8'))) {
    console.error(
      'wrangler.toml: set the id of the POSTS KV namespace first (npx wrangler kv namespace create POSTS)',
    )
    return 1
  }
  const build = await runBuild(options)
  if (!build) return 1

  const batches = batchEntries(build.entries)
  const dir = join(options.out, 'upload')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const files: string[] = []
  for (const [i, batch] of batches.entries()) {
    const file = join(dir, `batch-${String(i + 1).padStart(4, '0')}.json`)
    await writeFile(file, JSON.stringify(batch))
    files.push(file)
  }
  const bytes = build.entries.reduce((n, e) => n + Buffer.byteLength(e.value), 0)
  console.log(
    `${dryRun ? 'would upload' : 'uploading'} ${build.entries.length} KV entries (${(bytes / 1024).toFixed(0)} KiB) in ${files.length} batch(es):`,
  )
  for (const [i, file] of files.entries()) {
    console.log(`  [${i + 1}/${files.length}] ${file}: ${batches[i]?.length} keys`)
    if (!dryRun) await runWrangler(['kv', 'bulk', 'put', file, '--binding', 'POSTS', '--remote'])
  }
  const deploy = [
    'deploy',
    '--var',
    `CONTENT_VERSION:${build.version}`,
    '--assets',
    join(options.out, 'assets'),
  ]
  console.log(`${dryRun ? 'would run' : 'running'}: wrangler ${deploy.join(' ')}`)
  await runWrangler(dryRun ? [...deploy, '--dry-run'] : deploy)
  console.log(
    dryRun ? 'dry run: nothing was uploaded' : `published content version ${build.version}`,
  )
  return 0
}

process.exitCode = await main()
