import { readFile, writeFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  cloneWorkspace,
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
  runStandIn,
  type StandInState,
  searchShards,
  versionKeys,
  type Workspace,
  writePosts,
} from './support/wrangler-stand-in.workspace'

// `npm run prune` and `wrangler rollback`, end to end against the wrangler stand-in. Every test
// starts from a copy of one account where three content versions were published in turn:
// v1 (posts A B C), v2 (A edited), v3 (B edited). Each version has, besides its posts and its
// manifest, one search terms shard and one texts shard (a single language, a small index), and
// each edit changes both: v1 has 6 keys, and v2 and v3 each add 4 (a post, 2 shards, a manifest),
// so the account holds 14.

let base: Workspace
let versions: string[]

/** A fresh copy of the three-version account; `calls` counts the calls made before the test. */
async function account() {
  const ws = await cloneWorkspace(base)
  const state = await readState(ws)
  return { ws, state, calls: state.calls.length }
}

function deletions(state: StandInState, from: number): string[] {
  return state.calls
    .slice(from)
    .filter((c) => c.argv[1] === 'bulk' && c.argv[2] === 'delete')
    .flatMap((c) => c.keys ?? [])
    .sort()
}

beforeAll(async () => {
  base = await makeWorkspace({ '2020-01-01-a': 'A', '2020-01-02-b': 'B', '2020-01-03-c': 'C' })
  const publish = async () => {
    const run = await runCli('deploy', base, [])
    if (run.code !== 0) throw new Error(`deploy failed: ${run.stderr}`)
  }
  await publish()
  await writePosts(base, { '2020-01-01-a': 'A, edited' })
  await publish()
  await writePosts(base, { '2020-01-02-b': 'B, edited' })
  await publish()
  versions = (await readState(base)).versions.map((v) => v.vars.CONTENT_VERSION ?? '')
  expect(new Set(versions).size).toBe(3)
})

describe('npm run prune -- --keep N', () => {
  it('--keep 1 deletes exactly the keys only older versions used, and forgets them locally', async () => {
    const { ws, state: before, calls } = await account()
    const [v1, v2, v3] = versions as [string, string, string]
    const run = await runCli('prune', ws, ['--keep', '1'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const state = await readState(ws)
    const expected = onlyUsedBy(before, [v1, v2], [v3])
    // Manifests v1 and v2, posts A and B as first written, and the 2 shards of v1 and of v2.
    expect(expected).toHaveLength(8)
    for (const key of [
      ...searchShards(manifestOf(before, v1)),
      ...searchShards(manifestOf(before, v2)),
    ])
      expect(expected).toContain(key)
    // KV is listed once per key prefix: manifest, post, search-terms, search-texts.
    expect(commands(state.calls.slice(calls))).toEqual([
      'versions list',
      'deployments status',
      'kv key get',
      'kv key list',
      'kv key list',
      'kv key list',
      'kv key list',
      'kv bulk delete',
    ])
    expect(state.calls[calls + 2]?.argv.slice(0, 6)).toEqual([
      'kv',
      'key',
      'get',
      `manifest:${v3}`,
      '--binding',
      'POSTS',
    ])
    expect(state.calls.at(-1)?.argv).toContain('--force')
    expect(deletions(state, calls)).toEqual(expected)
    expect(kvKeys(state)).toEqual(versionKeys(before, v3).sort())
    expect(await readRecordKeys(ws)).toEqual(versionKeys(before, v3).sort())
    expect(run.stdout).toContain(`keeping content version(s) ${v3}`)
    expect(run.stdout).toContain('deleted 8 keys; 6 remain')
  })

  it('--keep 2 keeps the keys the second newest version shares with the oldest', async () => {
    const { ws, state: before, calls } = await account()
    const [v1, v2, v3] = versions as [string, string, string]
    const run = await runCli('prune', ws, ['--keep', '2'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    expect(deletions(state, calls)).toEqual(onlyUsedBy(before, [v1], [v2, v3]))
    // Manifest v1, the first post A, and v1's terms and texts shards, which the edit of A replaced.
    expect(deletions(state, calls)).toHaveLength(4)
    expect(deletions(state, calls)).toContain(`manifest:${v1}`)
    for (const key of searchShards(manifestOf(before, v1)))
      expect(deletions(state, calls)).toContain(key)
    expect(kvKeys(state)).toEqual(
      [...new Set([...versionKeys(before, v2), ...versionKeys(before, v3)])].sort(),
    )
  })

  it('--keep 3 deletes nothing: every key is used', async () => {
    const { ws, state: before, calls } = await account()
    const run = await runCli('prune', ws, ['--keep', '3'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    expect(commands(state.calls.slice(calls))).toEqual([
      'versions list',
      'deployments status',
      'kv key get',
      'kv key get',
      'kv key get',
      'kv key list',
      'kv key list',
      'kv key list',
      'kv key list',
    ])
    expect(kvKeys(state)).toEqual(kvKeys(before))
    expect(run.stdout).toContain('0 of 14 keys in KV are used by none of them')
  })

  it('--keep 4, more versions than exist, deletes nothing and reads no manifest', async () => {
    const { ws, state: before, calls } = await account()
    const run = await runCli('prune', ws, ['--keep', '4'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    expect(commands(state.calls.slice(calls))).toEqual(['versions list', 'deployments status'])
    expect(kvKeys(state)).toEqual(kvKeys(before))
    expect(run.stdout).toContain('shows 3 Kiosque content version(s)')
    expect(run.stdout).toContain('fewer than --keep 4: nothing to prune, nothing deleted')
  })

  it('--dry-run prints what it would delete and deletes nothing', async () => {
    const { ws, state: before, calls } = await account()
    const [v1, v2, v3] = versions as [string, string, string]
    const record = await readRecordKeys(ws)
    const run = await runCli('prune', ws, ['--keep', '1', '--dry-run'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    expect(commands(state.calls.slice(calls))).not.toContain('kv bulk delete')
    expect(kvKeys(state)).toEqual(kvKeys(before))
    expect(await readRecordKeys(ws)).toEqual(record)
    for (const key of onlyUsedBy(before, [v1, v2], [v3]))
      expect(run.stdout).toContain(`  would delete ${key}\n`)
    expect(run.stdout.match(/would delete /g)).toHaveLength(8) // as with --keep 1 above
    expect(run.stdout).toContain('dry run: nothing deleted')
  })

  it('after wrangler rollback, the live version is kept too, whatever --keep says', async () => {
    const { ws, state: before, calls } = await account()
    const [v1, v2, v3] = versions as [string, string, string]
    const first = before.versions[0]?.id ?? ''
    expect(
      (await runStandIn(ws, ['rollback', first, '--message', 'back to v1', '--yes'])).code,
    ).toBe(0)
    const run = await runCli('prune', ws, ['--keep', '1'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    expect(state.deployments.at(-1)?.versions).toEqual([{ version_id: first, percentage: 100 }])
    expect(deletions(state, calls)).toEqual(onlyUsedBy(before, [v1, v2], [v3, v1]))
    // Of v2, only its manifest and its shards: its post A is v3's too.
    expect(deletions(state, calls)).toEqual(
      [`manifest:${v2}`, ...searchShards(manifestOf(before, v2))].sort(),
    )
    for (const key of versionKeys(before, v1)) expect(kvKeys(state)).toContain(key)
    expect(run.stdout).toContain(`keeping content version(s) ${v3}, and ${v1} (live)`)
  })
  it('reads a manifest larger than a pipe buffer whole (200 KB of description)', async () => {
    const ws = await makeWorkspace({})
    const long = 'word '.repeat(40_000)
    await writeFile(
      `${ws.content}/_posts/2020-01-01-long.md`,
      `---\ntitle: Long\ndescription: "${long}"\n---\nBody.\n`,
    )
    expect((await runCli('deploy', ws, [])).code).toBe(0)
    await writePosts(ws, { '2020-01-02-b': 'B' })
    expect((await runCli('deploy', ws, [])).code).toBe(0)
    const before = await readState(ws)
    const [v1, v2] = before.versions.map((v) => v.vars.CONTENT_VERSION ?? '') as [string, string]
    expect(before.namespaces[NAMESPACE_ID]?.[`manifest:${v2}`]?.length).toBeGreaterThan(200_000)
    const run = await runCli('prune', ws, ['--keep', '1'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(kvKeys(await readState(ws))).toEqual(versionKeys(before, v2).sort())
    // Adding B changed both of v1's shards; the long post itself is v2's too.
    expect(onlyUsedBy(before, [v1], [v2])).toEqual(
      [`manifest:${v1}`, ...searchShards(manifestOf(before, v1))].sort(),
    )
    expect(searchShards(manifestOf(before, v1))).toHaveLength(2)
  })

  it('keeps the search shards a kept version shares with an older one', async () => {
    const ws = await makeWorkspace({ '2020-01-01-a': 'A', '2020-01-02-b': 'B' })
    expect((await runCli('deploy', ws, [])).code).toBe(0)
    // An image is not indexed: post A's record changes, the search shards do not.
    await writeFile(
      `${ws.content}/_posts/2020-01-01-a.md`,
      '---\ntitle: "A"\nimage: /a.png\n---\nThe body of A.\n',
    )
    expect((await runCli('deploy', ws, [])).code).toBe(0)
    const before = await readState(ws)
    const [v1, v2] = before.versions.map((v) => v.vars.CONTENT_VERSION ?? '') as [string, string]
    expect(v2).not.toBe(v1)
    expect(searchShards(manifestOf(before, v2))).toEqual(searchShards(manifestOf(before, v1)))
    const calls = before.calls.length
    const run = await runCli('prune', ws, ['--keep', '1'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    const oldA = versionKeys(before, v1).filter(
      (k) => k.startsWith('post:') && !versionKeys(before, v2).includes(k),
    )
    expect(oldA).toHaveLength(1)
    expect(deletions(state, calls)).toEqual([`manifest:${v1}`, ...oldA].sort())
    for (const key of searchShards(manifestOf(before, v1))) expect(kvKeys(state)).toContain(key)
    expect(kvKeys(state)).toEqual(versionKeys(before, v2).sort())
  })
})

describe('wrangler rollback restores old content, since publishing never deletes', () => {
  it('the version rolled back to carries its CONTENT_VERSION, and all its keys are still in KV', async () => {
    const { ws, state: before } = await account()
    const [v1] = versions as [string]
    const target = before.versions.find((v) => v.vars.CONTENT_VERSION === v1)
    expect(target?.annotations['workers/message']).toBe(`kiosque content ${v1}`)
    expect((await runStandIn(ws, ['rollback', target?.id ?? '', '--yes'])).code).toBe(0)
    const state = await readState(ws)
    const live = state.deployments.at(-1)?.versions[0]?.version_id
    expect(state.versions.find((v) => v.id === live)?.vars.CONTENT_VERSION).toBe(v1)
    for (const key of versionKeys(before, v1)) expect(kvKeys(state)).toContain(key)
  })
})

describe('npm run prune: refusals and aborts delete nothing', () => {
  it.each<[string, string[], RegExp]>([
    [
      '--keep 0',
      ['--keep', '0'],
      /--keep 0 would delete the content of the live site: keep at least 1 version/,
    ],
    ['no --keep', [], /--keep N is required/],
    ['--keep=-2', ['--keep=-2'], /--keep must be a whole number of versions, 1 or more, not "-2"/],
    ['--keep two', ['--keep', 'two'], /--keep must be a whole number/],
  ])('%s is refused before any call', async (_name, args, message) => {
    const { ws, calls } = await account()
    const run = await runCli('prune', ws, args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain('usage: npm run prune -- --keep N')
    expect((await readState(ws)).calls).toHaveLength(calls)
  })

  it('a manifest that cannot be read aborts before listing or deleting anything', async () => {
    const { ws, state: before, calls } = await account()
    const [, v2] = versions as [string, string]
    await editState(ws, (state) => {
      delete state.namespaces[NAMESPACE_ID]?.[`manifest:${v2}`]
    })
    const record = await readRecordKeys(ws)
    const run = await runCli('prune', ws, ['--keep', '2'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `prune: cannot read manifest:${v2} from KV: wrangler kv key get failed (exit 1); nothing deleted`,
    )
    const state = await readState(ws)
    const fresh = state.calls.slice(calls)
    expect(commands(fresh)).toEqual([
      'versions list',
      'deployments status',
      'kv key get',
      'kv key get',
    ])
    expect(fresh.at(-1)?.exit).toBe(1)
    expect(kvKeys(state)).toEqual(kvKeys(before).filter((k) => k !== `manifest:${v2}`))
    expect(await readRecordKeys(ws)).toEqual(record)
  })

  it('a failing wrangler versions list aborts prune', async () => {
    const { ws, state: before, calls } = await account()
    const run = await runCli('prune', ws, ['--keep', '1'], {
      STAND_IN_FAIL_COMMAND: 'versions list',
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'prune: cannot list worker versions: wrangler versions list failed (exit 1); nothing deleted',
    )
    const state = await readState(ws)
    expect(commands(state.calls.slice(calls))).toEqual(['versions list'])
    expect(kvKeys(state)).toEqual(kvKeys(before))
  })

  it('a failing kv key list aborts prune', async () => {
    const { ws, state: before, calls } = await account()
    const run = await runCli('prune', ws, ['--keep', '1'], { STAND_IN_FAIL_COMMAND: 'kv key list' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'prune: cannot list the keys in KV: wrangler kv key list failed (exit 1); nothing deleted',
    )
    const state = await readState(ws)
    expect(commands(state.calls.slice(calls))).toEqual([
      'versions list',
      'deployments status',
      'kv key get',
      'kv key list',
    ])
    expect(kvKeys(state)).toEqual(kvKeys(before))
  })

  it('a live version without a Kiosque message aborts prune', async () => {
    const { ws, state: before, calls } = await account()
    await editState(ws, (state) => {
      const live = state.versions.at(-1)
      if (live) delete live.annotations['workers/message']
    })
    const run = await runCli('prune', ws, ['--keep', '1'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /the live deployment runs worker version \S+, whose message names no Kiosque content version: nothing deleted/,
    )
    const state = await readState(ws)
    expect(commands(state.calls.slice(calls))).toEqual(['versions list', 'deployments status'])
    expect(kvKeys(state)).toEqual(kvKeys(before))
  })

  it('an interrupted delete has already left the record; a rerun finishes', async () => {
    const { ws, state: before } = await account()
    const [v1, v2, v3] = versions as [string, string, string]
    const doomed = onlyUsedBy(before, [v1, v2], [v3])
    const failed = await runCli('prune', ws, ['--keep', '1', '--batch-keys', '2'], {
      STAND_IN_FAIL_COMMAND: 'kv bulk delete',
      STAND_IN_FAIL_AT: '2',
      STAND_IN_FAIL_MODE: 'half',
    })
    expect(failed.code).toBe(1)
    // The 8 doomed keys (see --keep 1) in batches of 2 make 4; batch 2 fails having deleted 1
    // of its 2 keys, so 2 + 1 are gone, 14 - 3 = 11 are left, and a rerun deletes the other 5.
    expect(doomed).toHaveLength(8)
    expect(failed.stderr).toContain(
      'wrangler kv bulk delete failed (exit 1) at batch 2/4, after deleting 2 of 8 keys',
    )
    expect(failed.stderr).toContain('Run npm run prune again to finish.')
    // The record never claims a key that may be gone: all eight were dropped before deleting.
    const record = await readRecordKeys(ws)
    for (const key of doomed) expect(record).not.toContain(key)
    const left = kvKeys(await readState(ws))
    expect(left).toHaveLength(14 - 3)
    const middle = (await readState(ws)).calls.length
    const rerun = await runCli('prune', ws, ['--keep', '1'])
    expect(rerun.code).toBe(0)
    const state = await readState(ws)
    expect(deletions(state, middle)).toEqual(doomed.filter((k) => left.includes(k)))
    expect(deletions(state, middle)).toHaveLength(5)
    expect(kvKeys(state)).toEqual(versionKeys(before, v3).sort())
  })

  it('a wrangler.toml whose id is still the placeholder is refused, dry run or not', async () => {
    const { ws, calls } = await account()
    await writeFile(
      ws.config,
      (await readFile(ws.config, 'utf8')).replace(
        NAMESPACE_ID,
        'REPLACE_WITH_YOUR_KV_NAMESPACE_ID',
      ),
    )
    const run = await runCli('prune', ws, ['--keep', '1', '--dry-run'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('set the id of the POSTS KV namespace first')
    expect((await readState(ws)).calls).toHaveLength(calls)
  })
})
