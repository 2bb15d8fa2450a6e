import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PublishError } from '../src/publish/errors'
import {
  contentVersionOf,
  deployMessage,
  keptVersions,
  keysToDelete,
  manifestReferences,
} from '../src/publish/prune'
import { readRecord, recordPath, writeRecord } from '../src/publish/record'
import {
  parseKeyList,
  parseLiveVersionIds,
  parseVersions,
  type WorkerVersion,
} from '../src/publish/wrangler-output'

describe('contentVersionOf: the version named by a deploy message', () => {
  it.each<[string | undefined, string | undefined]>([
    [deployMessage('0123456789abcdef0123'), '0123456789abcdef0123'],
    ['kiosque content abc', 'abc'],
    [undefined, undefined],
    ['', undefined],
    ['fix the footer', undefined],
    ['kiosque content ABC', undefined],
    ['kiosque content abc (rollback)', undefined],
    ['kiosque content ', undefined],
  ])('%j → %j', (message, expected) => {
    expect(contentVersionOf(message)).toBe(expected)
  })
})

const v = (id: string, minute: number, content?: string): WorkerVersion => ({
  id,
  createdOn: `2026-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
  ...(content !== undefined && { message: deployMessage(content) }),
})

describe('keptVersions: the N most recent distinct content versions, and the live ones', () => {
  // Oldest first, as wrangler versions list prints them.
  const history = [v('w1', 1, 'a'), v('w2', 2, 'b'), v('w3', 3), v('w4', 4, 'b'), v('w5', 5, 'c')]
  it.each<
    [
      string,
      WorkerVersion[],
      number,
      string[],
      { recent: string[]; live: string[]; complete: boolean },
    ]
  >([
    ['keep 1: the newest', history, 1, ['w5'], { recent: ['c'], live: [], complete: true }],
    [
      'keep 2: a redeploy of b counts once',
      history,
      2,
      ['w5'],
      { recent: ['c', 'b'], live: [], complete: true },
    ],
    [
      'keep 3: all three',
      history,
      3,
      ['w5'],
      { recent: ['c', 'b', 'a'], live: [], complete: true },
    ],
    [
      'keep 4: only 3 exist, incomplete',
      history,
      4,
      ['w5'],
      { recent: ['c', 'b', 'a'], live: [], complete: false },
    ],
    [
      'rolled back to a: kept as live',
      history,
      1,
      ['w1'],
      { recent: ['c'], live: ['a'], complete: true },
    ],
    [
      'split traffic: both live versions',
      history,
      1,
      ['w5', 'w1'],
      { recent: ['c'], live: ['a'], complete: true },
    ],
    [
      'order of the list does not matter',
      [...history].reverse(),
      1,
      ['w5'],
      { recent: ['c'], live: [], complete: true },
    ],
    ['no Kiosque version at all', [v('w1', 1)], 1, [], { recent: [], live: [], complete: false }],
  ])('%s', (_name, versions, keep, live, expected) => {
    expect(keptVersions(versions, keep, live)).toEqual(expected)
  })

  it.each<[string, string[], RegExp]>([
    [
      'a live version without a Kiosque message',
      ['w3'],
      /w3, whose message names no Kiosque content version/,
    ],
    [
      'a live version the list does not show',
      ['w0'],
      /w0, which wrangler versions list does not show/,
    ],
  ])('refuses %s', (_name, live, message) => {
    expect(() => keptVersions(history, 1, live)).toThrow(PublishError)
    expect(() => keptVersions(history, 1, live)).toThrow(message)
  })
})

describe('manifestReferences and keysToDelete', () => {
  const manifest = JSON.stringify({
    format: 1,
    site: { title: 'post: not a key either way' },
    posts: [
      { key: 'post:aa', url: '/a' },
      { key: 'post:bb', url: '/b' },
    ],
  })
  it('a manifest refers to itself and to its posts', () => {
    expect(manifestReferences('v1', manifest).sort()).toEqual(
      ['manifest:v1', 'post:aa', 'post:bb', 'post: not a key either way'].sort(),
    )
  })
  it.each(['', 'not json', '{"format":1}', '[]', 'null', '{"posts":"x"}'])(
    'refuses %j as a manifest',
    (text) => {
      expect(() => manifestReferences('v1', text)).toThrow(
        /manifest:v1 in KV is not a Kiosque manifest: nothing deleted/,
      )
    },
  )

  it.each<[string, string[], string[], string[]]>([
    [
      'deletes what no kept version uses',
      ['manifest:v0', 'manifest:v1', 'post:aa', 'post:zz'],
      ['manifest:v1', 'post:aa'],
      ['manifest:v0', 'post:zz'],
    ],
    ['nothing when everything is kept', ['manifest:v1', 'post:aa'], ['manifest:v1', 'post:aa'], []],
    ['never a key outside Kiosque prefixes', ['other:1', 'postx', 'post:zz'], [], ['post:zz']],
    ['nothing from an empty namespace', [], ['manifest:v1'], []],
  ])('%s', (_name, remote, kept, expected) => {
    expect(keysToDelete(remote, new Set(kept))).toEqual(expected)
  })
})

describe('parsers of wrangler 4.86 output', () => {
  it.each<[string, string, string[]]>([
    [
      'kv key list as wrangler prints it',
      JSON.stringify(
        [{ name: 'post:a' }, { name: 'manifest:b', expiration: 1, metadata: {} }],
        null,
        2,
      ),
      ['post:a', 'manifest:b'],
    ],
    ['an empty namespace', '[]\n', []],
    [
      'a warning line before the JSON',
      '▲ [WARNING] something\n[\n  {"name": "post:a"}\n]\n',
      ['post:a'],
    ],
  ])('parseKeyList: %s', (_name, stdout, expected) => {
    expect(parseKeyList(stdout)).toEqual(expected)
  })

  it.each(['', 'Success!', '{"name":"x"}', '[{"key":"x"}]', '[1]'])(
    'parseKeyList refuses %j',
    (stdout) => {
      expect(() => parseKeyList(stdout)).toThrow(
        /wrangler kv key list printed something other than/,
      )
    },
  )

  it('parseVersions: id, created_on and the message annotation', () => {
    const stdout = JSON.stringify([
      {
        id: 'w1',
        number: 1,
        metadata: { created_on: '2026-05-01T10:00:00Z', source: 'wrangler' },
        annotations: { 'workers/triggered_by': 'upload', 'workers/message': 'kiosque content a' },
      },
      {
        id: 'w2',
        number: 2,
        metadata: { created_on: '2026-05-02T10:00:00Z' },
        annotations: { 'workers/triggered_by': 'secret' },
      },
      { id: 'w3', number: 3, metadata: { created_on: '2026-05-03T10:00:00Z' } },
    ])
    expect(parseVersions(stdout)).toEqual([
      { id: 'w1', createdOn: '2026-05-01T10:00:00Z', message: 'kiosque content a' },
      { id: 'w2', createdOn: '2026-05-02T10:00:00Z' },
      { id: 'w3', createdOn: '2026-05-03T10:00:00Z' },
    ])
  })

  it.each(['{}', '[{"id":"w1"}]', '[{"metadata":{"created_on":"x"}}]'])(
    'parseVersions refuses %j',
    (stdout) => {
      expect(() => parseVersions(stdout)).toThrow(
        /wrangler versions list --json printed something other than/,
      )
    },
  )

  it.each<[string, object, string[]]>([
    ['one version at 100%', { id: 'd', versions: [{ version_id: 'w1', percentage: 100 }] }, ['w1']],
    [
      'a gradual deployment',
      {
        id: 'd',
        versions: [
          { version_id: 'w2', percentage: 10 },
          { version_id: 'w1', percentage: 90 },
        ],
      },
      ['w2', 'w1'],
    ],
    [
      'a version at 0% takes no traffic',
      {
        id: 'd',
        versions: [
          { version_id: 'w2', percentage: 0 },
          { version_id: 'w1', percentage: 100 },
        ],
      },
      ['w1'],
    ],
  ])('parseLiveVersionIds: %s', (_name, deployment, expected) => {
    expect(parseLiveVersionIds(JSON.stringify(deployment, null, 2))).toEqual(expected)
  })
})

describe('the upload record', () => {
  it('round-trips, sorted, per namespace; a missing record is undefined', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosque-record-'))
    const path = recordPath(dir, 'ns1')
    expect(path).toBe(join(dir, 'uploaded-ns1.json'))
    expect(await readRecord(path, 'ns1')).toBeUndefined()
    await writeRecord(path, 'ns1', ['post:b', 'manifest:a', 'post:a'])
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      format: 1,
      namespace: 'ns1',
      keys: ['manifest:a', 'post:a', 'post:b'],
    })
    expect(await readRecord(path, 'ns1')).toEqual(new Set(['manifest:a', 'post:a', 'post:b']))
  })

  it.each<[string, string]>([
    ['another namespace', JSON.stringify({ format: 1, namespace: 'ns2', keys: [] })],
    ['not JSON', '{'],
    ['keys not strings', JSON.stringify({ format: 1, namespace: 'ns1', keys: [1] })],
  ])('refuses a record of %s, saying how to rebuild it', async (_name, text) => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosque-record-'))
    const path = recordPath(dir, 'ns1')
    await writeFile(path, text)
    await expect(readRecord(path, 'ns1')).rejects.toThrow(
      /delete it and run npm run deploy -- --verify/,
    )
  })

  it('a namespace id cannot escape the state folder', () => {
    expect(recordPath('/s', '../x/y')).toBe(join('/s', 'uploaded-___x_y.json'))
  })
})
