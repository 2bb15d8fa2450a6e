import { describe, expect, it } from 'vitest'
import type { KvEntry } from '../src/build/site'
import {
  type BatchLimits,
  batchEntries,
  batchKeys,
  batchLabel,
  CLOUDFLARE_LIMITS,
  entryBytes,
} from '../src/publish/batches'
import { kvNamespaceId } from '../src/publish/namespace'
import { publishArgs, publishOptions } from '../src/publish/options'
import { planUpload } from '../src/publish/plan'

const post = (n: number, bytes = 10): KvEntry => ({ key: `post:${n}`, value: 'x'.repeat(bytes) })
const manifest = (v: string): KvEntry => ({ key: `manifest:${v}`, value: '{"posts":[]}' })
const keysOf = (batches: KvEntry[][]) => batches.map((b) => b.map((e) => e.key))

describe('batchEntries: within the key and byte limits, in order', () => {
  const sized = post(1)
  const size = entryBytes(sized) // every post(n) of 10 bytes and a one-digit n has this size
  it.each<[string, KvEntry[], BatchLimits, string[][]]>([
    ['no entries, no batch', [], CLOUDFLARE_LIMITS, []],
    ['one batch under both limits', [post(1), post(2)], CLOUDFLARE_LIMITS, [['post:1', 'post:2']]],
    [
      'split at the key limit',
      [post(1), post(2), post(3)],
      { maxKeys: 2, maxBytes: 1e9 },
      [['post:1', 'post:2'], ['post:3']],
    ],
    [
      'exactly the key limit is one batch',
      [post(1), post(2)],
      { maxKeys: 2, maxBytes: 1e9 },
      [['post:1', 'post:2']],
    ],
    [
      'split at the byte limit (array brackets count)',
      [post(1), post(2), post(3)],
      { maxKeys: 100, maxBytes: 2 + 2 * size },
      [['post:1', 'post:2'], ['post:3']],
    ],
    [
      'one byte short of two entries splits',
      [post(1), post(2)],
      { maxKeys: 100, maxBytes: 1 + 2 * size },
      [['post:1'], ['post:2']],
    ],
    [
      'an entry over the byte limit still gets a batch of its own',
      [post(1, 500), post(2)],
      { maxKeys: 100, maxBytes: 100 },
      [['post:1'], ['post:2']],
    ],
  ])('%s', (_name, entries, limits, expected) => {
    expect(keysOf(batchEntries(entries, limits))).toEqual(expected)
  })

  it('10,001 keys make two batches at the Cloudflare limit of 10,000', () => {
    const entries = Array.from({ length: 10_001 }, (_, i) => post(i))
    expect(batchEntries(entries).map((b) => b.length)).toEqual([10_000, 1])
  })

  it('a batch never exceeds 100 MB as written (JSON array)', () => {
    const entries = Array.from({ length: 30 }, (_, i) => post(i, 4_000_000))
    const batches = batchEntries(entries)
    expect(batches.map((b) => b.length)).toEqual([24, 6])
    for (const batch of batches) {
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(
        CLOUDFLARE_LIMITS.maxBytes,
      )
      expect(CLOUDFLARE_LIMITS.maxBytes).toBeLessThan(100_000_000)
    }
  })
})

describe('batchKeys and batchLabel', () => {
  it.each<[string[], number, string[][]]>([
    [[], 3, []],
    [['a', 'b', 'c'], 3, [['a', 'b', 'c']]],
    [['a', 'b', 'c', 'd'], 3, [['a', 'b', 'c'], ['d']]],
  ])('batchKeys(%j, %i)', (keys, max, expected) => {
    expect(batchKeys(keys, max)).toEqual(expected)
  })

  it.each<[number, number, number, number, string]>([
    [2, 12, 10_000, 42_100_000, '[3/12] 10000 keys, 42.1 MB'],
    [0, 1, 1, 1_234, '[1/1] 1 key, 0.0 MB'],
    [0, 2, 5, 0, '[1/2] 5 keys'],
  ])('batchLabel(%i, %i, %i, %i)', (index, count, keys, bytes, expected) => {
    expect(batchLabel(index, count, keys, bytes)).toBe(expected)
  })
})

describe('planUpload: only what KV lacks, manifests alone and last', () => {
  const build = [post(1), post(2), post(3), manifest('v2')]
  it.each<
    [
      string,
      KvEntry[],
      string[],
      number,
      string[][],
      { total: number; missing: number; present: number },
    ]
  >([
    [
      'first publish: everything, manifest in its own last batch',
      build,
      [],
      10,
      [['post:1', 'post:2', 'post:3'], ['manifest:v2']],
      { total: 4, missing: 4, present: 0 },
    ],
    [
      'nothing changed: nothing to upload',
      build,
      ['post:1', 'post:2', 'post:3', 'manifest:v2'],
      10,
      [],
      { total: 4, missing: 0, present: 4 },
    ],
    [
      'one post edited: that post, then the manifest',
      build,
      ['post:1', 'post:2', 'manifest:v1'],
      10,
      [['post:3'], ['manifest:v2']],
      { total: 4, missing: 2, present: 2 },
    ],
    [
      'interrupted before the manifest: the rest, then the manifest',
      build,
      ['post:1'],
      1,
      [['post:2'], ['post:3'], ['manifest:v2']],
      { total: 4, missing: 3, present: 1 },
    ],
    [
      'a post lost remotely, manifest present: the post alone',
      build,
      ['post:1', 'post:3', 'manifest:v2'],
      10,
      [['post:2']],
      { total: 4, missing: 1, present: 3 },
    ],
    [
      'the manifest first in the build still goes last',
      [manifest('v2'), post(1)],
      [],
      10,
      [['post:1'], ['manifest:v2']],
      { total: 2, missing: 2, present: 0 },
    ],
    [
      'a key twice in the build is uploaded once',
      [post(1), post(1), manifest('v2')],
      [],
      10,
      [['post:1'], ['manifest:v2']],
      { total: 2, missing: 2, present: 0 },
    ],
    [
      'keys in the record but not in the build do not count',
      [post(1), manifest('v2')],
      ['post:9', 'manifest:v0'],
      10,
      [['post:1'], ['manifest:v2']],
      { total: 2, missing: 2, present: 0 },
    ],
  ])('%s', (_name, entries, present, maxKeys, batches, counts) => {
    const plan = planUpload(entries, new Set(present), { maxKeys, maxBytes: 1e9 })
    expect(keysOf(plan.batches)).toEqual(batches)
    expect({ total: plan.total, missing: plan.missing, present: plan.present }).toEqual(counts)
  })
})

describe('kvNamespaceId: the POSTS id of a wrangler.toml', () => {
  const repoLike = `name = "kiosque"\n[assets]\ndirectory = "./dist/assets"\n\n# comment\n[[kv_namespaces]]\nbinding = "POSTS"\nid = "abc123"\n\n[vars]\nid = "not-this"\n`
  it.each<[string, string, string | undefined]>([
    ['the id of the POSTS table', repoLike, 'abc123'],
    ['single quotes', "[[kv_namespaces]]\nbinding = 'POSTS'\nid = 'q1'\n", 'q1'],
    [
      'id before binding, with a trailing comment',
      '[[kv_namespaces]]\nid = "x9" # mine\nbinding = "POSTS"\n',
      'x9',
    ],
    [
      'the POSTS table among several',
      '[[kv_namespaces]]\nbinding = "OTHER"\nid = "o"\n[[kv_namespaces]]\nbinding = "POSTS"\nid = "p"\n',
      'p',
    ],
    ['no POSTS binding', '[[kv_namespaces]]\nbinding = "OTHER"\nid = "o"\n', undefined],
    [
      'an environment table is not the top level',
      '[[env.staging.kv_namespaces]]\nbinding = "POSTS"\nid = "s"\n',
      undefined,
    ],
    ['CRLF line ends', '[[kv_namespaces]]\r\nbinding = "POSTS"\r\nid = "crlf"\r\n', 'crlf'],
  ])('%s', (_name, toml, expected) => {
    expect(kvNamespaceId(toml, 'POSTS')).toBe(expected)
  })
})

describe('publishOptions', () => {
  const defaults = Object.fromEntries(Object.entries(publishArgs).map(([k, v]) => [k, v.default]))
  it('defaults: wrangler.toml, .kiosque, Cloudflare batches, no dry run', () => {
    expect(publishOptions(defaults)).toEqual({
      dryRun: false,
      config: 'wrangler.toml',
      stateDir: '.kiosque',
      batchKeys: 10_000,
    })
  })
  it.each(['0', '-1', '1.5', 'many', '10001'])('--batch-keys %s is refused', (value) => {
    expect(() => publishOptions({ ...defaults, 'batch-keys': value })).toThrow(
      /--batch-keys must be/,
    )
  })
})
