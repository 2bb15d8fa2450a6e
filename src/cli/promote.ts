import { parseArgs } from 'node:util'
import { manifestKey } from '../model/keys'
import { PublishError, reportingPublishErrors } from '../publish/errors'
import { POSTS_BINDING, postsNamespaceId } from '../publish/namespace'
import { type PublishOptions, publishArgs, publishOptions, usageError } from '../publish/options'
import {
  DRAFTS_TAG,
  kiosqueVersionOf,
  previewsPath,
  readPreviews,
  writePreviews,
} from '../publish/preview'
import { captureWrangler, runWrangler, shownCommand } from './wrangler'

const USAGE =
  'usage: npm run promote -- VERSION_ID [--dry-run] [--config wrangler.toml] [--state-dir .kiosque]'

const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * `npm run promote -- ID`: puts a previewed worker version live as it is, with `wrangler versions
 * deploy ID@100%`, building and uploading nothing. Refuses a drafts preview, known as such from
 * Kiosque's record of previews, the version's message and tag, or its manifest.
 */
async function main(): Promise<number> {
  let options: PublishOptions & { id: string }
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: publishArgs,
      strict: true,
      allowPositionals: true,
    })
    const [id, ...extra] = positionals
    if (id === undefined || extra.length > 0) {
      throw new TypeError('give one worker version id, as npm run preview printed it')
    }
    if (!VERSION_ID.test(id)) throw new TypeError(`"${id}" is not a worker version id`)
    options = { ...publishOptions(values), id }
  } catch (error) {
    return usageError(error, USAGE)
  }
  return reportingPublishErrors('promote', () => promote(options))
}

async function promote(options: PublishOptions & { id: string }): Promise<number> {
  const { id } = options
  const namespace = await postsNamespaceId(options.config, !options.dryRun)
  const record = previewsPath(options.stateDir, namespace)
  const previews = await readPreviews(record, namespace)
  const recorded = previews.find((p) => p.id === id)
  if (recorded?.drafts) throw draftsRefusal(id, `${record} records it as built with --drafts`)
  let content = recorded?.content
  if (!options.dryRun) content = await checkVersion(id, options.config)
  if (content === undefined) {
    throw new PublishError(
      `${id} is not in ${record}: a dry run can check only previews made from this machine`,
    )
  }
  const args = [
    'versions',
    'deploy',
    `${id}@100%`,
    '--yes',
    '--message',
    `kiosque promote ${content}`,
    '--config',
    options.config,
  ]
  if (options.dryRun) {
    console.log(`dry run: ${shownCommand(args)}`)
    console.log('dry run: nothing was deployed')
    return 0
  }
  console.log(`running: ${shownCommand(args)}`)
  await runWrangler(args).catch((error: Error) => {
    throw new PublishError(
      `${error.message}: the live site still runs its previous version. Fix the error above and promote again`,
    )
  })
  if (recorded) {
    recorded.promotedAt = new Date().toISOString()
    await writePreviews(record, namespace, previews)
  }
  console.log(`worker version ${id} is live, with content version ${content}`)
  return 0
}

/**
 * Reads the version from Cloudflare and returns its content version, refusing what is not a
 * Kiosque version or shows drafts: by its message or tag, and by its manifest in KV.
 */
async function checkVersion(id: string, config: string): Promise<string> {
  const stdout = await captureWrangler([
    'versions',
    'view',
    id,
    '--json',
    '--config',
    config,
  ]).catch((error: Error) => {
    throw new PublishError(`cannot read worker version ${id}: ${error.message}; nothing deployed`)
  })
  let version: { annotations?: Record<string, unknown> } | undefined
  try {
    version = JSON.parse(stdout.slice(Math.max(0, stdout.indexOf('{'))))
  } catch {
    version = undefined
  }
  const annotations = version?.annotations ?? {}
  const message = annotations['workers/message']
  const kiosque = kiosqueVersionOf(typeof message === 'string' ? message : undefined)
  if (!kiosque) {
    throw new PublishError(
      `worker version ${id} has no Kiosque message ("kiosque preview <version>"): nothing deployed. Promote versions made by npm run preview`,
    )
  }
  if (kiosque.drafts || annotations['workers/tag'] === DRAFTS_TAG) {
    throw draftsRefusal(id, `its message is "${message}"`)
  }
  const manifest = await captureWrangler([
    'kv',
    'key',
    'get',
    manifestKey(kiosque.content),
    '--binding',
    POSTS_BINDING,
    '--remote',
    '--config',
    config,
  ]).catch((error: Error) => {
    throw new PublishError(
      `cannot read ${manifestKey(kiosque.content)} from KV: ${error.message}; nothing deployed`,
    )
  })
  if (/"draftsByToken"\s*:\s*true/.test(manifest)) {
    throw draftsRefusal(id, `its manifest ${manifestKey(kiosque.content)} shows drafts`)
  }
  return kiosque.content
}

function draftsRefusal(id: string, why: string): PublishError {
  return new PublishError(
    `worker version ${id} was built with --drafts (${why}): it cannot be promoted, since it holds drafts. Run npm run preview without --drafts, check it, and promote that version`,
  )
}

process.exitCode = await main()
