import { join } from 'node:path'
import type { ContentVersion } from '../model/types'
import { PublishError, reportingPublishErrors } from '../publish/errors'
import { postsNamespaceId } from '../publish/namespace'
import { type PublishOptions, publishArgs, publishOptions, usageError } from '../publish/options'
import { deployMessage } from '../publish/prune'
import { type BuildOptions, buildArgs, runBuild } from './build'
import { uploadMissing } from './upload'
import { runWrangler, shownCommand } from './wrangler'

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
  return reportingPublishErrors('deploy', () => deploy(options))
}

async function deploy(options: DeployOptions): Promise<number> {
  const namespace = await postsNamespaceId(options.config, !options.dryRun)
  const build = await runBuild(options)
  if (!build) return 1
  const { plan, record } = await uploadMissing(build, namespace, { ...options, command: 'deploy' })
  await switchVersion(build.version, options)
  console.log(
    options.dryRun
      ? `dry run: would upload ${plan.missing} of ${plan.total} keys, skipping ${plan.present} already present; nothing was uploaded or deployed, ${record} is unchanged`
      : `uploaded ${plan.missing} of ${plan.total} keys, skipped ${plan.present} already present; published content version ${build.version}`,
  )
  return 0
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
  console.log(`${options.dryRun ? 'dry run' : 'running'}: ${shownCommand(args)}`)
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
