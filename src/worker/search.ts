import {
  docId,
  MAX_QUERY_CHARS,
  type Posting,
  queryTerms,
  type SearchRoot,
  shardOf,
  type TermShard,
  type TextShard,
  textShardOf,
  tokens,
} from '../model/search'
import type { Lang, PostSummary } from '../model/types'
import type { Catalog } from './catalog'

/** A search request as read from its URL. */
export interface SearchQuery {
  /** The query as typed, capped. */
  text: string
  /** Its index terms: what results are cached under. */
  terms: string[]
  page: number
}

/** More ranked results than this are not kept: nobody pages that far. */
const MAX_RESULTS = 500
/** Cached result lists and shards per isolate: bounded, oldest dropped first. */
const RESULT_CACHE_ENTRIES = 256
const SHARD_CACHE_ENTRIES = 64

/**
 * The query of a search URL, from its raw query string so that malformed percent-encoding is
 * seen (URLSearchParams would hide it): undefined when it cannot be decoded.
 */
export function readSearchQuery(url: string, lang: Lang): SearchQuery | undefined {
  const search = new URL(url).search.slice(1)
  let text = ''
  let page = 1
  for (const pair of search.split('&')) {
    const equals = pair.indexOf('=')
    const name = equals < 0 ? pair : pair.slice(0, equals)
    const value = equals < 0 ? '' : pair.slice(equals + 1)
    if (name !== 'q' && name !== 'page') continue
    let decoded: string
    try {
      decoded = decodeURIComponent(value.replace(/\+/g, ' '))
    } catch {
      return undefined
    }
    if (name === 'q') text = decoded
    else {
      const n = /^\d{1,4}$/.test(decoded) ? Number(decoded) : 1
      page = Math.max(1, n)
    }
  }
  // NUL and other controls are never part of a word; lone surrogates print as U+FFFD.
  text = Array.from(text.replace(/\p{Cc}/gu, ' ').replace(/\p{Cs}/gu, '\ufffd'))
    .slice(0, MAX_QUERY_CHARS)
    .join('')
    .trim()
  return { text, terms: queryTerms(text, lang), page }
}

/** Reads one KV value as JSON; the route gives the store's reader. */
export type ShardReader = <T>(key: string) => Promise<T>

/** A bounded map that forgets its oldest entry first. */
class Bounded<V> {
  private readonly map = new Map<string, V>()
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key)
    if (value !== undefined) {
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }
  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value
      if (oldest !== undefined) this.map.delete(oldest)
    }
  }
  delete(key: string): void {
    this.map.delete(key)
  }
  clear(): void {
    this.map.clear()
  }
}

const results = new Bounded<Promise<string[]>>(RESULT_CACHE_ENTRIES)
const shards = new Bounded<Promise<unknown>>(SHARD_CACHE_ENTRIES)

function readCached<T>(key: string, read: ShardReader): Promise<T> {
  let value = shards.get(key) as Promise<T> | undefined
  if (!value) {
    value = read<T>(key)
    shards.set(key, value)
    // A failed read must not stick.
    value.catch(() => shards.delete(key))
  }
  return value
}

/**
 * Document ids matching the terms, best first: documents holding more of the terms first, then
 * by BM25 over the weighted term frequencies. Cached under the content version, the language
 * and the normalized terms; `cached` says whether the cache answered.
 */
export function rankedIds(
  version: string,
  lang: Lang,
  root: SearchRoot,
  terms: readonly string[],
  read: ShardReader,
): Promise<{ ids: string[]; cached: boolean }> {
  const key = `${version}|${lang}|${terms.join(' ')}`
  const cached = results.get(key)
  if (cached) return cached.then((ids) => ({ ids, cached: true }))
  const ranked = rank(root, terms, read)
  results.set(key, ranked)
  ranked.catch(() => results.delete(key))
  return ranked.then((ids) => ({ ids, cached: false }))
}

/**
 * Empties the isolate's result cache, and its shard cache unless `keepShards`: what a fresh
 * isolate, or a busy one meeting a new query, starts from (for the bench).
 */
export function clearSearchCaches(keepShards = false): void {
  results.clear()
  if (!keepShards) shards.clear()
}

async function rank(root: SearchRoot, terms: readonly string[], read: ShardReader) {
  if (terms.length === 0 || root.docs === 0) return []
  const lists = await Promise.all(
    terms.map(async (term) => {
      const key = root.terms[shardOf(term, root.terms.length)]
      if (key === undefined) return []
      const shard = await readCached<TermShard>(key, read)
      return Object.hasOwn(shard, term) ? (shard[term] ?? []) : []
    }),
  )
  return score(root, lists)
}

/** BM25 (k1 1.2, b 0.75), documents with more matched terms first. Pure. */
export function score(root: Pick<SearchRoot, 'docs' | 'avgLength'>, lists: Posting[][]): string[] {
  const scores = new Map<string, { matched: number; score: number }>()
  const avg = root.avgLength || 1
  for (const list of lists) {
    const df = list.length
    if (df === 0) continue
    const idf = Math.log(1 + (root.docs - df + 0.5) / (df + 0.5))
    for (const [id, weight, length] of list) {
      const tf = (weight * 2.2) / (weight + 1.2 * (0.25 + (0.75 * length) / avg))
      const entry = scores.get(id)
      if (entry) {
        entry.matched++
        entry.score += idf * tf
      } else scores.set(id, { matched: 1, score: idf * tf })
    }
  }
  // Only the best MAX_RESULTS are sorted: a common term can match every document.
  const ranked = [...scores].map(([id, e]) => ({ id, key: e.matched * 1e6 + e.score }))
  if (ranked.length > MAX_RESULTS) {
    const keys = Float64Array.from(ranked, (r) => r.key).sort()
    const threshold = keys[keys.length - MAX_RESULTS] ?? 0
    return finish(ranked.filter((r) => r.key >= threshold))
  }
  return finish(ranked)
}

function finish(ranked: { id: string; key: number }[]): string[] {
  return ranked
    .sort((a, b) => b.key - a.key || (a.id < b.id ? -1 : 1))
    .slice(0, MAX_RESULTS)
    .map((r) => r.id)
}

const visibleByCatalog = new WeakMap<Catalog, Map<string, PostSummary>>()

/**
 * The visible documents of a catalog by index id: scheduled posts join on their date, drafts
 * and other languages' documents never match another language's index.
 */
export function visibleDocs(catalog: Catalog): Map<string, PostSummary> {
  let map = visibleByCatalog.get(catalog)
  if (!map) {
    map = new Map()
    for (const doc of catalog.byUrl.values()) if (!doc.draft) map.set(docId(doc.url), doc)
    visibleByCatalog.set(catalog, map)
  }
  return map
}

/** A piece of a snippet: plain text, or a matched word to mark. */
export interface SnippetPart {
  text: string
  mark: boolean
}

const SNIPPET_CHARS = 240

/** The snippet texts of some documents, read from their text shards. */
export async function snippetSources(
  root: SearchRoot,
  ids: readonly string[],
  read: ShardReader,
): Promise<Map<string, string>> {
  const keys = [...new Set(ids.map((id) => root.texts[textShardOf(id, root.texts.length)]))]
  const loaded = await Promise.all(
    keys.flatMap((key) => (key === undefined ? [] : [readCached<TextShard>(key, read)])),
  )
  const out = new Map<string, string>()
  for (const shard of loaded)
    for (const id of ids) if (Object.hasOwn(shard, id)) out.set(id, shard[id] ?? '')
  return out
}

/** A window of a text around its first matched word, the matched words marked. Pure. */
export function snippet(text: string, lang: Lang, terms: readonly string[]): SnippetPart[] {
  const wanted = new Set(terms)
  const words = tokens(text, lang).filter((t) => t.term !== undefined && wanted.has(t.term))
  const first = words[0]
  let start = first ? Math.max(0, first.start - SNIPPET_CHARS / 3) : 0
  // Start on a word boundary.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start
  const end = Math.min(text.length, start + SNIPPET_CHARS)
  const parts: SnippetPart[] = []
  let at = start
  for (const word of words) {
    if (word.start < start || word.end > end) continue
    if (word.start > at) parts.push({ text: text.slice(at, word.start), mark: false })
    parts.push({ text: text.slice(word.start, word.end), mark: true })
    at = word.end
  }
  if (at < end) parts.push({ text: text.slice(at, end), mark: false })
  if (start > 0) parts.unshift({ text: '… ', mark: false })
  if (end < text.length) parts.push({ text: ' …', mark: false })
  return parts
}
