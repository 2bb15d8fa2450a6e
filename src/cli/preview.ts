import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PREVIEW_PARAM, signPreviewToken } from '../model/preview-token'
import { PublishError, reportingPublishErrors } from '../publish/errors'
import { postsNamespaceId, workerName } from '../publish/namespace'
import { type PublishOptions, publishArgs, publishOptions, usageError } from '../publish/options'
import {
  aliasProblem,
  DRAFTS_TAG,
  defaultAlias,
  type PreviewEntry,
  parseVersionsUpload,
  previewMessage,
  previewsPath,
  readPreviews,
  writePreviews,
} from '../publish/preview'
import { type BuildOptions, buildArgs, runBuild } from './build'
import { uploadMissing } from './upload'
import { captureWrangler, runWrangler, shownCommand } from './wrangler'

const USAGE =
  'usage: npm run preview -- [--content DIR] [--out DIR] [--drafts] [--alias NAME] [--token-days N] [--strict] [--dry-run] [--verify] [--config wrangler.toml] [--state-dir .kiosque]'

/** The environment variable, then the file under the state folder, that hold the HMAC secret. */
const SECRET_ENV = 'KIOSQUE_PREVIEW_SECRET'
const SECRET_FILE = 'preview-secret'

interface PreviewOptions extends BuildOptions, PublishOptions {
  verify: boolean
  alias?: string
  tokenDays: number
}

/**
 * `npm run preview`: builds, uploads the KV keys the namespace lacks as deploy does, then uploads
 * a worker version pointing to that content with `wrangler versions upload --preview-alias`,
 * never `wrangler deploy`: readers keep seeing the live version. Records the preview in
 * `.kiosque/previews-<namespace>.json` and prints its URL (and, with --drafts, a signed link).
 */
async function main(): Promise<number> {
  let options: PreviewOptions
  try {
    const { values } = buildArgs(process.argv.slice(2), {
      ...publishArgs,
      verify: { type: 'boolean', default: false },
      alias: { type: 'string' },
      'token-days': { type: 'string', default: '7' },
    })
    const days = (values as Record<string, unknown>)['token-days']
    const tokenDays = Number(days)
    if (!Number.isInteger(tokenDays) || tokenDays < 1 || tokenDays > 90) {
      throw new TypeError(`--token-days must be a whole number of days from 1 to 90, not "${days}"`)
    }
    options = {
      ...(values as BuildOptions & { verify: boolean; alias?: string }),
      ...publishOptions(values),
      tokenDays,
    }
  } catch (error) {
    return usageError(error, USAGE)
  }
  if (options.dryRun && options.verify) {
    console.error('--verify lists the keys in KV over the network: run it without --dry-run')
    return 2
  }
  return reportingPublishErrors('preview', () => preview(options))
}

async function preview(options: PreviewOptions): Promise<number> {
  const namespace = await postsNamespaceId(options.config, !options.dryRun)
  const worker = await workerName(options.config)
  const wrong = options.alias === undefined ? undefined : aliasProblem(options.alias, worker)
  if (wrong) {
    console.error(wrong)
    return 2
  }
  const build = await runBuild({ ...options, draftsByToken: options.drafts })
  if (!build) return 1
  const alias =
    options.alias ?? defaultAlias(await gitBranch(options.content), build.version, worker)
  const secret = options.drafts ? await previewSecret(options) : undefined
  const { plan } = await uploadMissing(build, namespace, { ...options, command: 'preview' })
  const args = [
    'versions',
    'upload',
    '--config',
    options.config,
    '--assets',
    join(options.out, 'assets'),
    '--var',
    `CONTENT_VERSION:${build.version}`,
    '--var',
    `WORKER_NAME:${worker}`,
    '--message',
    previewMessage(build.version, options.drafts),
    ...(options.drafts ? ['--tag', DRAFTS_TAG] : []),
    '--preview-alias',
    alias,
  ]
  if (options.dryRun) {
    console.log(`dry run: ${shownCommand(args)}`)
    await runWrangler([...args, '--dry-run']).catch((error: Error) => {
      throw new PublishError(`${error.message}: see wrangler's error above`)
    })
    console.log(
      `dry run: would upload ${plan.missing} of ${plan.total} keys, skipping ${plan.present} already present, then upload a worker version with the alias ${alias}; nothing was uploaded, the live site is untouched`,
    )
    return 0
  }
  console.log(`running: ${shownCommand(args)}`)
  const stdout = await captureWrangler(args).catch((error: Error) => {
    throw new PublishError(
      `${error.message}. Every key is in KV and recorded, and the live site is untouched: fix the error above and run npm run preview again (it will upload no key twice)`,
    )
  })
  process.stdout.write(stdout)
  const uploaded = parseVersionsUpload(stdout)
  const entry: PreviewEntry = {
    id: uploaded.id,
    content: build.version,
    alias,
    ...(uploaded.url && { url: uploaded.url }),
    ...(uploaded.aliasUrl && { aliasUrl: uploaded.aliasUrl }),
    drafts: options.drafts,
    createdAt: new Date().toISOString(),
  }
  const record = previewsPath(options.stateDir, namespace)
  await writePreviews(record, namespace, [...(await readPreviews(record, namespace)), entry])
  const base = `${entry.aliasUrl ?? entry.url ?? `https://${alias}-${worker}.<subdomain>.workers.dev`}${build.manifest.site.baseurl}/`
  console.log(`preview of content version ${build.version}: ${base}`)
  if (secret !== undefined) {
    const expires = Math.floor(Date.now() / 1000) + options.tokenDays * 86_400
    const token = await signPreviewToken(secret, build.version, expires)
    console.log(
      `drafts and scheduled posts, for whoever has this link until ${new Date(expires * 1000).toISOString()}:\n  ${base}?${PREVIEW_PARAM}=${token}`,
    )
    console.log('this version shows drafts: it cannot be promoted; preview without --drafts first')
  } else {
    console.log(`to put it live as it is: npm run promote -- ${entry.id}`)
  }
  return 0
}

/** The git branch of the content folder, if it is in a repository on a branch. */
function gitBranch(cwd: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd }, (error, stdout) => {
      const branch = stdout.trim()
      done(error || branch === '' || branch === 'HEAD' ? undefined : branch)
    })
  })
}

/**
 * The HMAC secret of drafts links: KIOSQUE_PREVIEW_SECRET (for CI), else `<state>/preview-secret`,
 * created with 32 crypto-random bytes, readable by its owner only. The command must sign links
 * itself and Cloudflare never gives a secret back, so a local copy is needed; the state folder
 * is already ignored by git. When it creates the file it prints the command that gives the
 * worker the same secret, to run once.
 */
async function previewSecret(options: PreviewOptions): Promise<string> {
  const fromEnv = process.env[SECRET_ENV]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const file = join(options.stateDir, SECRET_FILE)
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secret = randomBytes(32).toString('hex')
  if (options.dryRun) {
    console.log(`dry run: would create ${file} with a new secret for drafts links`)
    return secret
  }
  await mkdir(options.stateDir, { recursive: true })
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  console.log(
    `created ${file}, the secret that signs drafts links. Give it to the worker once:\n  npx wrangler secret put ${SECRET_ENV} --config ${options.config} < ${file}`,
  )
  return secret
}

process.exitCode = await main()
