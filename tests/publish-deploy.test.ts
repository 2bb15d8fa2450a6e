import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Manifest } from '../src/model/types'
import {
  commands,
  deployedVersion,
  editState,
  kvKeys,
  makeWorkspace,
  manifestOf,
  NAMESPACE_ID,
  readRecordKeys,
  readState,
  runCli,
  searchShards,
  versionKeys,
  type Workspace,
  writePosts,
} from './support/wrangler-stand-in.workspace'

// `npm run deploy` driven end to end (tsx src/cli/deploy.ts), with the wrangler stand-in playing
// Cloudflare. Batches are made small (--batch-keys) so that a few posts give several of them.
// A build's keys are its posts, each language's search shards (one terms and one texts shard at
// these sizes) and the manifest: THREE makes 3 + 2 + 1 = 6 keys, FOUR 4 + 2 + 1 = 7. With
// --batch-keys 2, the posts and shards go in batches of 2, then the manifest in one of its own.

const THREE = { '2020-01-01-a': 'Post A', '2020-01-02-b': 'Post B', '2020-01-03-c': 'Post C' }
const FOUR = { ...THREE, '2020-01-04-d': 'Post D' }

/** Adds a second language, French, with one post of its own (`fr/_posts/`). */
async function addFrench(ws: Workspace): Promise<void> {
  await writeFile(
    join(ws.content, '_config.yml'),
    'title: Test\nurl: "https://kiosque.test"\nlang: en\nlanguages: [en, fr]\n',
  )
  await mkdir(join(ws.content, 'fr', '_posts'), { recursive: true })
  await writeFile(
    join(ws.content, 'fr', '_posts', '2020-01-05-f.md'),
    '---\ntitle: "Billet F"\n---\nLe corps du billet F.\n',
  )
}

/** Deploys and expects success. */
async function deploy(ws: Workspace, args: string[] = [], env: Record<string, string> = {}) {
  const run = await runCli('deploy', ws, ['--batch-keys', '2', ...args], env)
  expect(run.stderr).not.toMatch(/deploy:/)
  expect(run.code).toBe(0)
  return run
}

describe('npm run deploy: atomic and incremental', () => {
  it('a first publish uploads every key, the manifest last and alone, then deploys', async () => {
    const ws = await makeWorkspace(THREE)
    const run = await deploy(ws)
    const state = await readState(ws)
    // No record yet: KV is listed first (it is empty), once per key prefix (manifest, post,
    // search-terms, search-texts); then 3 posts and 2 shards in 3 batches, the manifest, deploy.
    expect(commands(state.calls)).toEqual([
      'kv key list',
      'kv key list',
      'kv key list',
      'kv key list',
      'kv bulk put',
      'kv bulk put',
      'kv bulk put',
      'kv bulk put',
      'deploy',
    ])
    expect(state.calls.every((c) => c.exit === 0)).toBe(true)
    const version = deployedVersion(state.calls[8] ?? { argv: [], exit: 0 }) ?? ''
    expect(version).toMatch(/^[0-9a-f]{20}$/)
    expect(versionKeys(state, version)).toHaveLength(6)
    const puts = state.calls.filter((c) => c.argv[1] === 'bulk').map((c) => c.keys ?? [])
    expect(puts.map((keys) => keys.length)).toEqual([2, 2, 1, 1])
    expect(puts[3]).toEqual([`manifest:${version}`])
    expect(puts.flat().sort()).toEqual(versionKeys(state, version).sort())
    expect(kvKeys(state)).toEqual(versionKeys(state, version).sort())
    expect(await readRecordKeys(ws)).toEqual(versionKeys(state, version).sort())
    // The deploy names the content version in the var and in the version's message.
    expect(state.calls[8]?.argv).toEqual([
      'deploy',
      '--config',
      ws.config,
      '--assets',
      join(ws.out, 'assets'),
      '--var',
      `CONTENT_VERSION:${version}`,
      '--message',
      `kiosque content ${version}`,
    ])
    expect(
      state.versions.map((v) => [v.vars.CONTENT_VERSION, v.annotations['workers/message']]),
    ).toEqual([[version, `kiosque content ${version}`]])
    expect(run.stdout).toContain('uploading 6 of 6 keys (0 already in KV) in 4 batch(es)')
    expect(run.stdout).toMatch(
      /\[1\/4\] 2 keys, 0\.0 MB … done\n {2}\[2\/4\] 2 keys, 0\.0 MB … done\n {2}\[3\/4\] 1 key, 0\.0 MB … done\n {2}\[4\/4\] 1 key, 0\.0 MB … done/,
    )
    expect(run.stdout).toContain(
      `uploaded 6 of 6 keys, skipped 0 already present; published content version ${version}`,
    )
  })

  it('publishing again without a change uploads nothing and still deploys', async () => {
    const ws = await makeWorkspace(THREE)
    await deploy(ws)
    const before = (await readState(ws)).calls.length
    const run = await deploy(ws)
    const state = await readState(ws)
    expect(commands(state.calls.slice(before))).toEqual(['deploy'])
    expect(state.versions).toHaveLength(2)
    expect(state.versions[1]?.vars.CONTENT_VERSION).toBe(state.versions[0]?.vars.CONTENT_VERSION)
    expect(run.stdout).toContain('uploaded 0 of 6 keys, skipped 6 already present')
  })

  it('editing one post uploads exactly the keys the edit changes: that post, the search shards it reaches in its language, then the manifest', async () => {
    const ws = await makeWorkspace(THREE)
    // A second language, whose index an English edit must leave as it is.
    await addFrench(ws)
    await deploy(ws)
    const first = await readState(ws)
    const v1 = first.versions[0]?.vars.CONTENT_VERSION ?? ''
    await writePosts(ws, { '2020-01-02-b': 'Post B, edited' })
    const run = await deploy(ws)
    const state = await readState(ws)
    const fresh = state.calls.slice(first.calls.length)
    const v2 = deployedVersion(fresh.at(-1) ?? { argv: [], exit: 0 }) ?? ''
    expect(v2).not.toBe(v1)
    const [before, after] = [manifestOf(state, v1), manifestOf(state, v2)]
    const oldPosts = before.posts.map((p) => p.key)
    const newPosts = after.posts.map((p) => p.key).filter((k) => !oldPosts.includes(k))
    expect(newPosts).toHaveLength(1)
    // What the edit changes, from the two manifests: the French shards are the same, and of the
    // English ones, those that differ (both, the terms and the texts shard, at this size).
    expect(searchShards(after, 'fr')).toEqual(searchShards(before, 'fr'))
    const changedShards = searchShards(after).filter((k) => !searchShards(before).includes(k))
    expect(changedShards).toHaveLength(2)
    for (const key of changedShards) expect(searchShards(after, 'en')).toContain(key)
    // Those records in batches of 2, the post first; the manifest last and alone; nothing else.
    const puts = fresh.filter((c) => c.argv[1] === 'bulk').map((c) => c.keys ?? [])
    expect(commands(fresh)).toEqual([...puts.map(() => 'kv bulk put'), 'deploy'])
    expect(puts.map((keys) => keys.length)).toEqual([2, 1, 1])
    expect(puts[0]?.[0]).toBe(newPosts[0])
    expect(puts.slice(0, -1).flat().sort()).toEqual([...newPosts, ...changedShards].sort())
    expect(puts.at(-1)).toEqual([`manifest:${v2}`])
    // The old version's keys stay: a rollback finds them.
    expect(kvKeys(state)).toEqual(
      [...new Set([...versionKeys(state, v1), ...versionKeys(state, v2)])].sort(),
    )
    // 4 posts + 2 shards per language + the manifest: 9 keys, of which the 4 above are new.
    expect(versionKeys(state, v2)).toHaveLength(9)
    expect(run.stdout).toContain('uploaded 4 of 9 keys, skipped 5 already present')
  })

  // FOUR's 7 keys in batches of 2: [2 posts] [2 posts] [terms, texts] [manifest]. A batch that
  // fails halfway writes 1 of its 2 keys; the record holds only the batches before it, so a rerun
  // uploads the 7 keys less those: after batch 1 fails, all 7 ([2, 2, 2, 1]); after batch 2 fails
  // halfway (2 + 1 keys in KV), 5 ([2, 2, 1]); after batch 3 fails halfway (4 + 1 in KV), 3
  // ([2, 1]); after the manifest batch fails (6 in KV), 1.
  it.each<[string, number, 'half' | 'nothing', number, number[]]>([
    ['batch 1 fails, having written nothing', 1, 'nothing', 0, [2, 2, 2, 1]],
    ['batch 2 fails halfway', 2, 'half', 3, [2, 2, 1]],
    ['the shards batch fails halfway', 3, 'half', 5, [2, 1]],
    ['the manifest batch fails', 4, 'nothing', 6, [1]],
  ])(
    'an interrupted upload (%s) deploys nothing; a rerun uploads the rest and deploys once',
    async (_name, failAt, mode, inKv, rerunPuts) => {
      const ws = await makeWorkspace(FOUR)
      const failed = await runCli('deploy', ws, ['--batch-keys', '2'], {
        STAND_IN_FAIL_AT: String(failAt),
        STAND_IN_FAIL_MODE: mode,
      })
      expect(failed.code).toBe(1)
      expect(failed.stderr).toContain(
        `deploy: upload interrupted at batch ${failAt}/4: wrangler kv bulk put failed (exit 1)`,
      )
      expect(failed.stderr).toContain('The live site is unchanged: nothing was deployed.')
      expect(failed.stderr).toContain('run npm run deploy again')
      const broken = await readState(ws)
      expect(commands(broken.calls)).not.toContain('deploy')
      expect(broken.versions).toEqual([])
      expect(broken.deployments).toEqual([])
      expect(broken.calls.at(-1)?.exit).toBe(1)
      expect(kvKeys(broken)).toHaveLength(inKv)
      // The record holds exactly the batches that succeeded.
      const succeeded = broken.calls
        .filter((c) => c.argv[1] === 'bulk' && c.exit === 0)
        .flatMap((c) => c.keys ?? [])
      expect(await readRecordKeys(ws)).toEqual(succeeded.sort())

      const rerun = await deploy(ws)
      const state = await readState(ws)
      const fresh = state.calls.slice(broken.calls.length)
      expect(commands(fresh)).toEqual([...rerunPuts.map(() => 'kv bulk put'), 'deploy'])
      expect(fresh.map((c) => c.keys?.length)).toEqual([...rerunPuts, undefined])
      const uploaded = fresh.flatMap((c) => c.keys ?? [])
      const version = state.versions[0]?.vars.CONTENT_VERSION ?? ''
      expect(uploaded.at(-1)).toBe(`manifest:${version}`)
      // Only what the record lacked: a key written by the half-failed batch is uploaded again.
      expect([...uploaded].sort()).toEqual(
        versionKeys(state, version)
          .filter((k) => !succeeded.includes(k))
          .sort(),
      )
      expect(commands(state.calls).filter((c) => c === 'deploy')).toHaveLength(1)
      expect(kvKeys(state)).toEqual(versionKeys(state, version).sort())
      expect(versionKeys(state, version)).toHaveLength(7)
      expect(rerun.stdout).toContain(
        `uploaded ${uploaded.length} of 7 keys, skipped ${7 - uploaded.length} already present`,
      )
    },
  )

  it('a failing wrangler deploy after a full upload leaves the live site as it was; a rerun only deploys', async () => {
    const ws = await makeWorkspace(THREE)
    const failed = await runCli('deploy', ws, [], { STAND_IN_FAIL_COMMAND: 'deploy' })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(
      'deploy: wrangler deploy failed (exit 1). Every key is in KV and recorded',
    )
    const broken = await readState(ws)
    expect(broken.versions).toEqual([])
    // Every key of the build is in KV, its manifest among them: THREE's 6 keys.
    const manifest = kvKeys(broken).find((k) => k.startsWith('manifest:')) ?? ''
    expect(kvKeys(broken)).toEqual(versionKeys(broken, manifest.slice('manifest:'.length)).sort())
    expect(kvKeys(broken)).toHaveLength(6)
    await deploy(ws)
    const state = await readState(ws)
    expect(commands(state.calls.slice(broken.calls.length))).toEqual(['deploy'])
    expect(state.versions).toHaveLength(1)
  })
})

describe('npm run deploy -- --verify', () => {
  it('rebuilds the record from KV, so a key deleted remotely is uploaded again', async () => {
    const ws = await makeWorkspace(THREE)
    await deploy(ws)
    const lost = kvKeys(await readState(ws)).find((k) => k.startsWith('post:')) ?? ''
    await editState(ws, (state) => {
      delete state.namespaces[NAMESPACE_ID]?.[lost]
    })
    // Without --verify the record still claims the key: nothing is uploaded.
    const before = (await readState(ws)).calls.length
    await deploy(ws)
    expect(commands((await readState(ws)).calls.slice(before))).toEqual(['deploy'])

    const middle = (await readState(ws)).calls.length
    const run = await deploy(ws, ['--verify'])
    const state = await readState(ws)
    const fresh = state.calls.slice(middle)
    // KV is listed once per key prefix: manifest, post, and the two kinds of search shard.
    expect(commands(fresh)).toEqual([
      'kv key list',
      'kv key list',
      'kv key list',
      'kv key list',
      'kv bulk put',
      'deploy',
    ])
    expect(fresh.slice(0, 4).map((c) => c.argv.slice(0, 8))).toEqual([
      ['kv', 'key', 'list', '--binding', 'POSTS', '--remote', '--prefix', 'manifest:'],
      ['kv', 'key', 'list', '--binding', 'POSTS', '--remote', '--prefix', 'post:'],
      ['kv', 'key', 'list', '--binding', 'POSTS', '--remote', '--prefix', 'search-terms:'],
      ['kv', 'key', 'list', '--binding', 'POSTS', '--remote', '--prefix', 'search-texts:'],
    ])
    expect(fresh[4]?.keys).toEqual([lost])
    expect(kvKeys(state)).toContain(lost)
    expect(await readRecordKeys(ws)).toEqual(kvKeys(state))
    expect(run.stdout).toContain('1 recorded key(s) were missing')
    expect(run.stdout).toContain('uploaded 1 of 6 keys, skipped 5 already present')
  })

  it('a failing kv key list stops --verify before any upload or deploy', async () => {
    const ws = await makeWorkspace(THREE)
    await deploy(ws)
    const before = await readState(ws)
    const run = await runCli('deploy', ws, ['--verify'], { STAND_IN_FAIL_COMMAND: 'kv key list' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'deploy: cannot list the keys in KV: wrangler kv key list failed (exit 1); nothing was uploaded or deployed',
    )
    const state = await readState(ws)
    expect(commands(state.calls.slice(before.calls.length))).toEqual(['kv key list'])
    expect(state.versions).toHaveLength(1)
    expect(await readRecordKeys(ws)).toEqual(kvKeys(before))
  })

  it('--verify with --dry-run is refused, since listing KV needs the network', async () => {
    const ws = await makeWorkspace(THREE)
    const run = await runCli('deploy', ws, ['--verify', '--dry-run'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      '--verify lists the keys in KV over the network: run it without --dry-run',
    )
    expect((await readState(ws)).calls).toEqual([])
  })
})

describe('npm run deploy -- --dry-run', () => {
  it('plans from the record, writes the batches, runs only wrangler deploy --dry-run', async () => {
    const ws = await makeWorkspace(THREE)
    await deploy(ws)
    const recordFile = join(ws.stateDir, `uploaded-${NAMESPACE_ID}.json`)
    const record = await readFile(recordFile, 'utf8')
    const before = await readState(ws)
    await writePosts(ws, { '2020-01-03-c': 'Post C, edited' })
    const run = await deploy(ws, ['--dry-run'])
    const state = await readState(ws)
    const fresh = state.calls.slice(before.calls.length)
    expect(commands(fresh)).toEqual(['deploy --dry-run'])
    expect(fresh[0]?.argv.at(-1)).toBe('--dry-run')
    expect(state.versions).toHaveLength(1)
    expect(kvKeys(state)).toEqual(kvKeys(before))
    expect(await readFile(recordFile, 'utf8')).toBe(record)
    // The batches are written as a real run would upload them: the edited post and the search
    // shards the edit changed, in batches of 2, then the manifest alone.
    const dir = join(ws.out, 'upload')
    const files = (await readdir(dir)).sort()
    const batches = await Promise.all(
      files.map(
        async (f) =>
          JSON.parse(await readFile(join(dir, f), 'utf8')) as { key: string; value: string }[],
      ),
    )
    const keys = batches.map((batch) => batch.map((e) => e.key))
    const last = batches.at(-1) ?? []
    expect(last).toHaveLength(1)
    const version = (last[0]?.key ?? '').replace(/^manifest:/, '')
    expect(last[0]?.key).toBe(`manifest:${version}`)
    // What the edit changed, from the planned manifest and the published one.
    const v1 = before.versions[0]?.vars.CONTENT_VERSION ?? ''
    const [old, planned] = [manifestOf(before, v1), JSON.parse(last[0]?.value ?? '') as Manifest]
    const changed = [
      ...planned.posts.map((p) => p.key).filter((k) => !old.posts.some((o) => o.key === k)),
      ...searchShards(planned).filter((k) => !searchShards(old).includes(k)),
    ]
    // The post and the terms and texts shards (one of each at this size): 3 keys.
    expect(changed).toHaveLength(3)
    expect(keys.map((batch) => batch.length)).toEqual([2, 1, 1])
    expect(keys[0]?.[0]).toMatch(/^post:/)
    expect(keys.slice(0, -1).flat().sort()).toEqual(changed.sort())
    // 3 changed keys and the manifest, of THREE's 6.
    expect(run.stdout).toContain('would upload 4 of 6 keys (2 already in KV) in 3 batch(es)')
    expect(run.stdout).toContain(`      ${keys[0]?.[0]}`)
    expect(run.stdout).toContain(
      'dry run: would upload 4 of 6 keys, skipping 2 already present; nothing was uploaded or deployed',
    )
  })

  it('without a record, plans everything and still makes no call but deploy --dry-run', async () => {
    const ws = await makeWorkspace(THREE)
    const run = await deploy(ws, ['--dry-run'])
    const state = await readState(ws)
    expect(commands(state.calls)).toEqual(['deploy --dry-run'])
    expect(await readRecordKeys(ws)).toBeUndefined()
    expect(run.stdout).toContain('planning as if KV were empty')
    expect(run.stdout).toContain('would upload 6 of 6 keys (0 already in KV) in 4 batch(es)')
  })
})

describe('npm run deploy: hostile setups', () => {
  it('a wrangler.toml whose id is still the placeholder blocks a real deploy before any call', async () => {
    const ws = await makeWorkspace(THREE, { namespaceId: 'REPLACE_WITH_YOUR_KV_NAMESPACE_ID' })
    const run = await runCli('deploy', ws, [])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `deploy: ${ws.config}: set the id of the POSTS KV namespace first (npx wrangler kv namespace create POSTS)`,
    )
    expect((await readState(ws)).calls).toEqual([])
    // A dry run needs no namespace.
    await deploy(ws, ['--dry-run'])
    expect(commands((await readState(ws)).calls)).toEqual(['deploy --dry-run'])
  })

  it('a wrangler.toml without a POSTS namespace is refused with what to add', async () => {
    const ws = await makeWorkspace(THREE)
    await writeFile(ws.config, 'name = "kiosque"\n')
    const run = await runCli('deploy', ws, ['--dry-run'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('no [[kv_namespaces]] with binding = "POSTS" and an id')
    expect((await readState(ws)).calls).toEqual([])
  })

  it('a corrupt record is refused, saying how to rebuild it', async () => {
    const ws = await makeWorkspace(THREE)
    await deploy(ws)
    await writeFile(join(ws.stateDir, `uploaded-${NAMESPACE_ID}.json`), '{"keys": "oops"}')
    const before = (await readState(ws)).calls.length
    const run = await runCli('deploy', ws, [])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('delete it and run npm run deploy -- --verify')
    expect((await readState(ws)).calls).toHaveLength(before)
  })
})
