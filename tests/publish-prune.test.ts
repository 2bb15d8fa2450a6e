import { readFile, writeFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  cloneWorkspace,
  commands,
  editState,
  kvKeys,
  makeWorkspace,
  NAMESPACE_ID,
  readRecordKeys,
  readState,
  runCli,
  runStandIn,
  type StandInState,
  type Workspace,
  writePosts,
} from './support/wrangler-stand-in.workspace'

// `npm run prune` and `wrangler rollback`, end to end against the wrangler stand-in. Every test
// starts from a copy of one account where three content versions were published in turn:
// v1 (posts A B C), v2 (A edited), v3 (B edited).

let base: Workspace
let versions: string[]

/** The keys a content version uses, read from its manifest in the stand-in's KV. */
function versionKeys(state: StandInState, version: string): string[] {
  const manifest = state.namespaces[NAMESPACE_ID]?.[`manifest:${version}`] ?? '{"posts":[]}'
  const posts = (JSON.parse(manifest) as { posts: { key: string }[] }).posts.map((p) => p.key)
  return [...posts, `manifest:${version}`].sort()
}

/** The keys that `older` versions use and none of `kept` does. */
function onlyUsedBy(state: StandInState, older: string[], kept: string[]): string[] {
  const keep = new Set(kept.flatMap((v) => versionKeys(state, v)))
  return [...new Set(older.flatMap((v) => versionKeys(state, v)))]
    .filter((k) => !keep.has(k))
    .sort()
}

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
    expect(expected).toHaveLength(4) // manifests v1 and v2, posts A and B as first written
    expect(commands(state.calls.slice(calls))).toEqual([
      'versions list',
      'deployments status',
      'kv key get',
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
    expect(kvKeys(state)).toEqual(versionKeys(before, v3))
    expect(await readRecordKeys(ws)).toEqual(versionKeys(before, v3))
    expect(run.stdout).toContain(`keeping content version(s) ${v3}`)
    expect(run.stdout).toContain('deleted 4 keys; 4 remain')
  })

  it('--keep 2 keeps the keys the second newest version shares with the oldest', async () => {
    const { ws, state: before, calls } = await account()
    const [v1, v2, v3] = versions as [string, string, string]
    const run = await runCli('prune', ws, ['--keep', '2'])
    expect(run.code).toBe(0)
    const state = await readState(ws)
    expect(deletions(state, calls)).toEqual(onlyUsedBy(before, [v1], [v2, v3]))
    expect(deletions(state, calls)).toHaveLength(2) // manifest v1 and the first post A
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
    ])
    expect(kvKeys(state)).toEqual(kvKeys(before))
    expect(run.stdout).toContain('0 of 8 keys in KV are used by none of them')
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
    expect(run.stdout.match(/would delete /g)).toHaveLength(4)
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
    expect(deletions(state, calls)).toEqual([`manifest:${v2}`])
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
    expect(kvKeys(await readState(ws))).toEqual(versionKeys(before, v2))
    expect(onlyUsedBy(before, [v1], [v2])).toEqual([`manifest:${v1}`])
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
    expect(failed.stderr).toContain(
      'wrangler kv bulk delete failed (exit 1) at batch 2/2, after deleting 2 of 4 keys',
    )
    expect(failed.stderr).toContain('Run npm run prune again to finish.')
    // The record never claims a key that may be gone: all four were dropped before deleting.
    const record = await readRecordKeys(ws)
    for (const key of doomed) expect(record).not.toContain(key)
    const left = kvKeys(await readState(ws))
    expect(left).toHaveLength(8 - 3)
    const middle = (await readState(ws)).calls.length
    const rerun = await runCli('prune', ws, ['--keep', '1'])
    expect(rerun.code).toBe(0)
    const state = await readState(ws)
    expect(deletions(state, middle)).toEqual(doomed.filter((k) => left.includes(k)))
    expect(deletions(state, middle)).toHaveLength(1)
    expect(kvKeys(state)).toEqual(versionKeys(before, v3))
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
