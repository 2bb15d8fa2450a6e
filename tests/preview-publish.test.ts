import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  commands,
  editState,
  kvKeys,
  makeWorkspace,
  manifestOf,
  NAMESPACE_ID,
  onlyUsedBy,
  readRecordKeys,
  readState,
  runCli,
  type StandInState,
  versionKeys,
  versionRecords,
  type Workspace,
  writePosts,
} from './support/wrangler-stand-in.workspace'

// `npm run preview` and `npm run promote` end to end (tsx src/cli/*.ts), with the wrangler
// stand-in playing Cloudflare. The workspaces are outside any git repository, so the alias
// defaults to `v-<content version>`.

const THREE = { '2020-01-01-a': 'Post A', '2020-01-02-b': 'Post B', '2020-01-03-c': 'Post C' }

/** The records `to` uses that `from` does not: what publishing `to` after `from` uploads first. */
function newRecords(state: StandInState, from: string, to: string): string[] {
  const before = new Set(versionRecords(state, from))
  return versionRecords(state, to).filter((key) => !before.has(key))
}

/**
 * The sizes of the bulk puts that upload `records` keys with `--batch-keys size`: the records in
 * batches of `size` (the last one smaller), then the manifest in a batch of its own (plan.ts).
 */
function putSizes(records: number, size: number): number[] {
  const sizes = Array.from({ length: Math.ceil(records / size) }, (_, i) =>
    Math.min(size, records - i * size),
  )
  return [...sizes, 1]
}

async function ok(
  command: 'deploy' | 'preview' | 'promote' | 'prune',
  ws: Workspace,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const run = await runCli(command, ws, args, env)
  expect(run.stderr).not.toMatch(new RegExp(`${command}:`))
  expect(run.code).toBe(0)
  return run
}

interface PreviewRecord {
  namespace: string
  previews: { id: string; content: string; alias: string; drafts: boolean; createdAt: string }[]
}

async function previewsOf(ws: Workspace): Promise<PreviewRecord | undefined> {
  try {
    return JSON.parse(
      await readFile(join(ws.stateDir, `previews-${NAMESPACE_ID}.json`), 'utf8'),
    ) as PreviewRecord
  } catch {
    return undefined
  }
}

async function writeDraft(ws: Workspace): Promise<void> {
  await import('node:fs/promises').then((fs) =>
    fs.mkdir(join(ws.content, '_drafts'), { recursive: true }),
  )
  await writeFile(
    join(ws.content, '_drafts', 'secret-plans.md'),
    '---\ntitle: "Secret plans"\n---\nNot for readers yet.\n',
  )
}

describe('npm run preview', () => {
  it('uploads the missing keys, then a worker version with its alias, and never deploys', async () => {
    const ws = await makeWorkspace(THREE)
    await ok('deploy', ws)
    const live = await readState(ws)
    await writePosts(ws, { '2020-01-02-b': 'Post B, edited' })
    const run = await ok('preview', ws, ['--alias', 'new-look'])
    const state = await readState(ws)
    const fresh = state.calls.slice(live.calls.length)
    expect(commands(fresh)).toEqual(['kv bulk put', 'kv bulk put', 'versions upload'])
    expect(commands(state.calls).filter((c) => c === 'deploy')).toHaveLength(1)
    const version = state.versions[1]?.vars.CONTENT_VERSION ?? ''
    expect(version).toMatch(/^[0-9a-f]{20}$/)
    expect(fresh[2]?.argv).toEqual([
      'versions',
      'upload',
      '--config',
      ws.config,
      '--assets',
      join(ws.out, 'assets'),
      '--var',
      `CONTENT_VERSION:${version}`,
      '--var',
      'WORKER_NAME:kiosque',
      '--message',
      `kiosque preview ${version}`,
      '--preview-alias',
      'new-look',
    ])
    // The live deployment is the one deploy made: readers see nothing new.
    expect(state.deployments).toEqual(live.deployments)
    // First the records the edit changed (post B and the search shards its text reaches), then
    // the manifest alone.
    const liveVersion = live.versions[0]?.vars.CONTENT_VERSION ?? ''
    const changed = newRecords(state, liveVersion, version)
    expect(changed).toContain(
      manifestOf(state, version).posts.find((p) => p.title === 'Post B, edited')?.key,
    )
    expect(changed.some((key) => key.startsWith('search-terms:'))).toBe(true)
    expect([...(fresh[0]?.keys ?? [])].sort()).toEqual(changed)
    expect(fresh.at(-2)?.keys).toEqual([`manifest:${version}`])
    // Both commands keep one record of keys: what KV holds.
    expect(await readRecordKeys(ws)).toEqual(kvKeys(state))
    const id = state.versions[1]?.id ?? ''
    expect(run.stdout).toContain(
      `preview of content version ${version}: https://new-look-kiosque.stand-in.workers.dev/`,
    )
    expect(run.stdout).toContain(`to put it live as it is: npm run promote -- ${id}`)
    const record = await previewsOf(ws)
    expect(record?.previews.map((p) => [p.id, p.content, p.alias, p.drafts])).toEqual([
      [id, version, 'new-look', false],
    ])
    expect(Date.parse(record?.previews[0]?.createdAt ?? '')).toBeGreaterThan(Date.now() - 60_000)
  })

  it('defaults the alias to v- and the content version outside a git branch', async () => {
    const ws = await makeWorkspace(THREE)
    const run = await ok('preview', ws)
    const state = await readState(ws)
    const version = state.versions[0]?.vars.CONTENT_VERSION ?? ''
    const upload = state.calls.at(-1)?.argv ?? []
    expect(upload.slice(-2)).toEqual(['--preview-alias', `v-${version}`])
    expect(state.deployments).toEqual([])
    expect(run.stdout).toContain(`https://v-${version}-kiosque.stand-in.workers.dev/`)
  })

  it.each([
    ['Feature_X', 'does not match'],
    ['1st', 'does not match'],
    ['trailing-', 'does not match'],
    ['a'.repeat(60), 'is too long'],
  ])('refuses --alias %s before building or calling wrangler', async (alias, problem) => {
    const ws = await makeWorkspace(THREE)
    const run = await runCli('preview', ws, ['--alias', alias])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`--alias "${alias}" ${problem}`)
    expect((await readState(ws)).calls).toEqual([])
  })

  it('an interrupted preview leaves the live site untouched; a rerun uploads the rest, once', async () => {
    const ws = await makeWorkspace({ ...THREE, '2020-01-04-d': 'Post D' })
    await ok('deploy', ws, ['--batch-keys', '2'])
    await writePosts(ws, {
      '2020-01-01-a': 'A, edited',
      '2020-01-02-b': 'B, edited',
      '2020-01-03-c': 'C, edited',
    })
    const live = await readState(ws)
    const liveVersion = live.versions[0]?.vars.CONTENT_VERSION ?? ''
    // Deploy put 4 posts, 1 terms and 1 texts shard two by two (3 puts), then the manifest: 4.
    const deployPuts = putSizes(versionRecords(live, liveVersion).length, 2)
    expect(deployPuts).toEqual([2, 2, 2, 1])
    const failed = await runCli('preview', ws, ['--batch-keys', '2'], {
      // The stand-in counts puts over its whole log: the second put of this preview.
      STAND_IN_FAIL_AT: String(deployPuts.length + 2),
    })
    expect(failed.code).toBe(1)
    const interrupted = /preview: upload interrupted at batch 2\/(\d+)/.exec(failed.stderr)
    expect(interrupted).not.toBeNull()
    expect(failed.stderr).toContain(
      'The live site is unchanged: nothing was uploaded as a worker version.',
    )
    expect(failed.stderr).toContain('run npm run preview again')
    const broken = await readState(ws)
    expect(commands(broken.calls.slice(live.calls.length))).toEqual(['kv bulk put', 'kv bulk put'])
    expect(broken.versions).toEqual(live.versions)
    expect(broken.deployments).toEqual(live.deployments)
    expect(await previewsOf(ws)).toBeUndefined()
    const succeeded = broken.calls
      .filter((c) => c.argv[1] === 'bulk' && c.exit === 0)
      .flatMap((c) => c.keys ?? [])
    expect(await readRecordKeys(ws)).toEqual(succeeded.sort())

    await ok('preview', ws, ['--batch-keys', '2'])
    const state = await readState(ws)
    const version = state.versions[1]?.vars.CONTENT_VERSION ?? ''
    // The edit of A, B and C changed 3 posts and the 1 terms and 1 texts shard: 5 records, put
    // two by two, then the manifest: the failed run was at batch 2 of 4.
    const records = newRecords(state, liveVersion, version)
    expect(records).toHaveLength(5)
    expect(Number(interrupted?.[1])).toBe(putSizes(records.length, 2).length)
    // The first batch got in: the rerun uploads only the 3 other records, then the manifest.
    const got = broken.calls
      .slice(live.calls.length)
      .filter((c) => c.exit === 0)
      .flatMap((c) => c.keys ?? [])
    expect(got).toHaveLength(2)
    const rest = records.filter((key) => !got.includes(key))
    const fresh = state.calls.slice(broken.calls.length)
    const puts = putSizes(rest.length, 2)
    expect(commands(fresh)).toEqual([...puts.map(() => 'kv bulk put'), 'versions upload'])
    expect(fresh.map((c) => c.keys?.length)).toEqual([...puts, undefined])
    expect(fresh.flatMap((c) => c.keys ?? []).sort()).toEqual(
      [...rest, `manifest:${version}`].sort(),
    )
    expect(fresh.at(-2)?.keys).toEqual([`manifest:${version}`])
    expect(state.versions).toHaveLength(2)
    expect(state.deployments).toEqual(live.deployments)
    expect((await previewsOf(ws))?.previews).toHaveLength(1)
    expect(await readRecordKeys(ws)).toEqual(kvKeys(state))
  })

  it('a failing versions upload after a full upload changes nothing live; a rerun only uploads the version', async () => {
    const ws = await makeWorkspace(THREE)
    const failed = await runCli('preview', ws, [], { STAND_IN_FAIL_COMMAND: 'versions upload' })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(
      'preview: wrangler versions upload failed (exit 1). Every key is in KV and recorded, and the live site is untouched',
    )
    const broken = await readState(ws)
    expect(broken.versions).toEqual([])
    await ok('preview', ws)
    const state = await readState(ws)
    expect(commands(state.calls.slice(broken.calls.length))).toEqual(['versions upload'])
  })

  it('--dry-run prints the keys and the exact versions upload call, and calls only its --dry-run', async () => {
    const ws = await makeWorkspace(THREE)
    const run = await ok('preview', ws, ['--dry-run', '--alias', 'try'])
    const state = await readState(ws)
    expect(commands(state.calls)).toEqual(['versions upload --dry-run'])
    const argv = state.calls[0]?.argv ?? []
    const version = /^CONTENT_VERSION:(.+)$/.exec(argv[argv.indexOf('--var') + 1] ?? '')?.[1]
    // 3 posts + 1 terms and 1 texts shard (one language, a small index) + the manifest: 6 keys;
    // the records fit one batch, the manifest goes in its own: 2 batches.
    expect(run.stdout).toContain('would upload 6 of 6 keys (0 already in KV) in 2 batch(es)')
    expect(run.stdout).toContain(`      manifest:${version}`)
    expect(run.stdout.match(/ {6}post:[0-9a-f]{32}\n/g)).toHaveLength(3)
    expect(run.stdout.match(/ {6}search-terms:[0-9a-f]{32}\n/g)).toHaveLength(1)
    expect(run.stdout.match(/ {6}search-texts:[0-9a-f]{32}\n/g)).toHaveLength(1)
    expect(run.stdout).toContain(
      `dry run: wrangler versions upload --config ${ws.config} --assets ${join(ws.out, 'assets')} --var CONTENT_VERSION:${version} --var WORKER_NAME:kiosque --message "kiosque preview ${version}" --preview-alias try\n`,
    )
    expect(argv.at(-1)).toBe('--dry-run')
    expect(kvKeys(state)).toEqual([])
    expect(await readRecordKeys(ws)).toBeUndefined()
    expect(await previewsOf(ws)).toBeUndefined()
  })

  it('--drafts creates the secret once, prints the wrangler secret command and a signed link', async () => {
    const ws = await makeWorkspace(THREE)
    await writeDraft(ws)
    const run = await ok('preview', ws, ['--drafts', '--alias', 'drafts'])
    const secretFile = join(ws.stateDir, 'preview-secret')
    expect(((await stat(secretFile)).mode & 0o777).toString(8)).toBe('600')
    expect((await readFile(secretFile, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/)
    expect(run.stdout).toContain(
      `npx wrangler secret put KIOSQUE_PREVIEW_SECRET --config ${ws.config} < ${secretFile}`,
    )
    expect(run.stdout).toMatch(
      /\n {2}https:\/\/drafts-kiosque\.stand-in\.workers\.dev\/\?preview=\d+\.[A-Za-z0-9_-]{43}\n/,
    )
    const state = await readState(ws)
    const version = state.versions[0]?.vars.CONTENT_VERSION ?? ''
    expect(state.versions[0]?.annotations).toMatchObject({
      'workers/message': `kiosque preview ${version} drafts`,
      'workers/tag': 'kiosque-drafts',
    })
    const manifest = JSON.parse(state.namespaces[NAMESPACE_ID]?.[`manifest:${version}`] ?? '{}')
    expect(manifest.site.draftsByToken).toBe(true)
    expect(
      manifest.posts
        .filter((p: { draft?: true }) => p.draft)
        .map((p: { title: string }) => p.title),
    ).toEqual(['Secret plans'])
    // A second drafts preview signs with the same secret and does not print the command again.
    const again = await ok('preview', ws, ['--drafts', '--alias', 'drafts'])
    expect(again.stdout).not.toContain('wrangler secret put')
  })
})

describe('npm run promote', () => {
  it('puts a previewed version live with versions deploy ID@100%, uploading nothing', async () => {
    const ws = await makeWorkspace(THREE)
    await ok('deploy', ws)
    await writePosts(ws, { '2020-01-03-c': 'Post C, edited' })
    await ok('preview', ws, ['--alias', 'next'])
    const before = await readState(ws)
    const preview = before.versions[1]
    const run = await ok('promote', ws, [preview?.id ?? ''])
    const state = await readState(ws)
    const fresh = state.calls.slice(before.calls.length)
    expect(commands(fresh)).toEqual(['versions view', 'kv key get', 'versions deploy'])
    const content = preview?.vars.CONTENT_VERSION ?? ''
    expect(fresh[2]?.argv).toEqual([
      'versions',
      'deploy',
      `${preview?.id}@100%`,
      '--yes',
      '--message',
      `kiosque promote ${content}`,
      '--config',
      ws.config,
    ])
    expect(state.versions).toHaveLength(2)
    expect(state.deployments.at(-1)?.versions).toEqual([
      { version_id: preview?.id, percentage: 100 },
    ])
    expect(kvKeys(state)).toEqual(kvKeys(before))
    expect(run.stdout).toContain(
      `worker version ${preview?.id} is live, with content version ${content}`,
    )
  })

  it('refuses a drafts preview, by the record and, without it, by the version itself', async () => {
    const ws = await makeWorkspace(THREE)
    await ok('deploy', ws)
    await writeDraft(ws)
    await ok('preview', ws, ['--drafts'])
    const before = await readState(ws)
    const id = before.versions[1]?.id ?? ''
    const byRecord = await runCli('promote', ws, [id])
    expect(byRecord.code).toBe(1)
    expect(byRecord.stderr).toContain(
      `promote: worker version ${id} was built with --drafts (${join(ws.stateDir, `previews-${NAMESPACE_ID}.json`)} records it as built with --drafts): it cannot be promoted`,
    )
    // Another machine has no record: the version's message says it.
    await rm(join(ws.stateDir, `previews-${NAMESPACE_ID}.json`))
    const byMessage = await runCli('promote', ws, [id])
    expect(byMessage.code).toBe(1)
    expect(byMessage.stderr).toContain('(its message is "kiosque preview')
    // Even with a message rewritten by hand, the manifest in KV still says it.
    await editState(ws, (state) => {
      const version = state.versions[1]
      if (version) {
        version.annotations = {
          'workers/message': `kiosque preview ${version.vars.CONTENT_VERSION}`,
        }
      }
    })
    const byManifest = await runCli('promote', ws, [id])
    expect(byManifest.code).toBe(1)
    expect(byManifest.stderr).toMatch(/\(its manifest manifest:[0-9a-f]+ shows drafts\)/)
    const state = await readState(ws)
    expect(commands(state.calls)).not.toContain('versions deploy')
    expect(state.deployments).toEqual(before.deployments)
  })

  it('refuses what is not a version id, and a version Kiosque did not make', async () => {
    const ws = await makeWorkspace(THREE)
    const bad = await runCli('promote', ws, ['latest'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"latest" is not a worker version id')
    await ok('deploy', ws)
    await editState(ws, (state) => {
      const version = state.versions[0]
      if (version) version.annotations = {}
    })
    const id = (await readState(ws)).versions[0]?.id ?? ''
    const foreign = await runCli('promote', ws, [id])
    expect(foreign.code).toBe(1)
    expect(foreign.stderr).toContain('has no Kiosque message')
  })
})

describe('npm run prune with previews', () => {
  /**
   * Deploys v1 (A B C), then v2 (A edited), then previews B edited. Returns the account then, and
   * the preview's own keys: post B edited, the search shards the edit changed, its manifest.
   */
  async function withPreview() {
    const ws = await makeWorkspace(THREE)
    await ok('deploy', ws)
    const v1 = (await readState(ws)).versions[0]?.vars.CONTENT_VERSION ?? ''
    await writePosts(ws, { '2020-01-01-a': 'A, edited' })
    await ok('deploy', ws)
    const v2 = (await readState(ws)).versions[1]?.vars.CONTENT_VERSION ?? ''
    await writePosts(ws, { '2020-01-02-b': 'B, edited' })
    const before = await readState(ws)
    await ok('preview', ws, ['--alias', 'b-edit'])
    const state = await readState(ws)
    const preview = state.versions[2]
    const p = preview?.vars.CONTENT_VERSION ?? ''
    const own = state.calls
      .slice(before.calls.length)
      .flatMap((c) => c.keys ?? [])
      .sort()
    expect(own).toEqual([...newRecords(state, v2, p), `manifest:${p}`].sort())
    // Post B edited, 1 terms and 1 texts shard (the edit reaches both), the manifest: 4 keys.
    expect(own).toHaveLength(4)
    expect(own.filter((key) => key.startsWith('search-'))).toHaveLength(2)
    return { ws, state, v1, v2, own, preview }
  }

  /** Backdates the preview, in Kiosque's record and in the stand-in's account, by `days`. */
  async function age(ws: Workspace, days: number) {
    const when = new Date(Date.now() - days * 86_400_000).toISOString()
    const file = join(ws.stateDir, `previews-${NAMESPACE_ID}.json`)
    const record = JSON.parse(await readFile(file, 'utf8')) as PreviewRecord
    for (const p of record.previews) p.createdAt = when
    await writeFile(file, JSON.stringify(record))
    await editState(ws, (state) => {
      const version = state.versions[2]
      if (version) version.metadata.created_on = when
    })
  }

  it('keeps the keys of a preview younger than 14 days, beside the last N deployments', async () => {
    const { ws, state: before, v1, v2, own, preview } = await withPreview()
    const p = preview?.vars.CONTENT_VERSION ?? ''
    await age(ws, 13)
    const run = await ok('prune', ws, ['--keep', '1'])
    const state = await readState(ws)
    expect(kvKeys(state)).toEqual(expect.arrayContaining(own))
    // v1 goes, with its search shards; what v2 or the preview shares with it stays.
    const gone = onlyUsedBy(before, [v1], [v2, p])
    expect(gone).toContain(`manifest:${v1}`)
    expect(gone.some((key) => key.startsWith('search-terms:'))).toBe(true)
    expect(kvKeys(state)).toEqual(
      [...new Set([...versionKeys(before, v2), ...versionKeys(before, p)])].sort(),
    )
    expect(run.stdout).toMatch(/\(previews younger than 14 days\)/)
    expect(await readRecordKeys(ws)).toEqual(kvKeys(state))
  })

  it.each<[string, number, string[]]>([
    ['a preview 15 days old', 15, []],
    ['any preview with --keep-previews-days 0', 0, ['--keep-previews-days', '0']],
  ])('deletes the keys of %s', async (_name, days, args) => {
    const { ws, state: before, v2, own } = await withPreview()
    await age(ws, days)
    await ok('prune', ws, ['--keep', '1', ...args])
    const state = await readState(ws)
    for (const key of own) expect(kvKeys(state)).not.toContain(key)
    // Only the live v2 is left, search shards included: the preview's and v1's are gone.
    expect(kvKeys(state)).toEqual(versionKeys(before, v2).sort())
    // The record forgot them first: a later preview or deploy uploads them again.
    expect(await readRecordKeys(ws)).toEqual(kvKeys(state))
  })

  it('keeps a young preview made from another machine, known from wrangler versions list', async () => {
    const { ws, own } = await withPreview()
    await age(ws, 1)
    await rm(join(ws.stateDir, `previews-${NAMESPACE_ID}.json`))
    await ok('prune', ws, ['--keep', '1'])
    expect(kvKeys(await readState(ws))).toEqual(expect.arrayContaining(own))
  })

  it('keeps a promoted preview while it is live, whatever its age', async () => {
    const { ws, own, preview } = await withPreview()
    await ok('promote', ws, [preview?.id ?? ''])
    await age(ws, 30)
    const run = await ok('prune', ws, ['--keep', '1'])
    expect(run.stdout).toMatch(/\(live\)/)
    expect(kvKeys(await readState(ws))).toEqual(expect.arrayContaining(own))
  })
})
