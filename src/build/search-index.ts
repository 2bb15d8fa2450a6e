import { createHash } from 'node:crypto'
import { searchKey } from '../model/keys'
import {
  docId,
  hasStemmer,
  type Posting,
  powerOfTwoAtLeast,
  type SearchRoot,
  SNIPPET_SOURCE_CHARS,
  shardOf,
  type TermShard,
  type TextShard,
  TITLE_WEIGHT,
  terms,
  textShardOf,
} from '../model/search'
import type { Lang, PostRecord } from '../model/types'
import { plainText } from './excerpt'

// Shard counts grow by powers of two with the index, so that an edit keeps every other shard.
const POSTINGS_PER_SHARD = 2000
const DOCS_PER_TEXT_SHARD = 16

/** One KV entry of the index. */
export interface SearchEntry {
  key: string
  value: string
}

/** The index of every language, and the KV entries that hold it. */
export interface SearchIndex {
  roots: Partial<Record<Lang, SearchRoot>>
  entries: SearchEntry[]
}

/**
 * Builds the search index of published posts, pages and documents, one per language (drafts
 * are left out; scheduled posts are in, and the worker hides them until their date). Pure.
 */
export function buildSearchIndex(
  records: readonly Omit<PostRecord, 'key'>[],
  languages: readonly Lang[],
): SearchIndex {
  const roots: Partial<Record<Lang, SearchRoot>> = {}
  const entries: SearchEntry[] = []
  for (const lang of languages) {
    const docs = records.filter((r) => r.lang === lang && !r.draft)
    const index = languageIndex(docs, lang)
    roots[lang] = index.root
    entries.push(...index.entries)
  }
  return { roots, entries }
}

function languageIndex(
  docs: readonly Omit<PostRecord, 'key'>[],
  lang: Lang,
): { root: SearchRoot; entries: SearchEntry[] } {
  const postings = new Map<string, Posting[]>()
  const texts = new Map<string, string>()
  let totalLength = 0
  let postingCount = 0
  // Sorted by URL so that every shard's value depends on its documents only, not file order.
  for (const doc of [...docs].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
    const id = docId(doc.url)
    const body = plainText(doc.body)
    const heading = [doc.title, ...doc.tags].join(' \n ')
    const counts = new Map<string, number>()
    const headingTerms = terms(heading, lang)
    const bodyTerms = terms(`${doc.description ?? ''} ${body}`, lang)
    for (const term of headingTerms) counts.set(term, (counts.get(term) ?? 0) + TITLE_WEIGHT)
    for (const term of bodyTerms) counts.set(term, (counts.get(term) ?? 0) + 1)
    const length = headingTerms.length + bodyTerms.length
    totalLength += length
    // Lengths in steps of a quarter power of two: a small edit keeps the shards of words it
    // does not touch (BM25 needs no finer length).
    const bucket = Math.round(2 ** (Math.round(Math.log2(length + 1) * 4) / 4))
    for (const [term, weight] of counts) {
      let list = postings.get(term)
      if (!list) {
        list = []
        postings.set(term, list)
      }
      list.push([id, weight, bucket])
      postingCount++
    }
    texts.set(id, body.replace(/\s+/g, ' ').slice(0, SNIPPET_SOURCE_CHARS))
  }
  const termShards = powerOfTwoAtLeast(Math.ceil(postingCount / POSTINGS_PER_SHARD))
  const textShards = powerOfTwoAtLeast(Math.ceil(docs.length / DOCS_PER_TEXT_SHARD))
  const byTermShard: TermShard[] = Array.from({ length: termShards }, () => ({}))
  for (const term of [...postings.keys()].sort()) {
    const shard = byTermShard[shardOf(term, termShards)]
    if (shard) shard[term] = postings.get(term) ?? []
  }
  const byTextShard: TextShard[] = Array.from({ length: textShards }, () => ({}))
  for (const [id, text] of texts) {
    const shard = byTextShard[textShardOf(id, textShards)]
    if (shard) shard[id] = text
  }
  const entries: SearchEntry[] = []
  const keyOf = (part: 'terms' | 'texts', shard: object): string => {
    const value = JSON.stringify(shard)
    const key = searchKey(part, createHash('sha256').update(value).digest('hex').slice(0, 32))
    entries.push({ key, value })
    return key
  }
  const root: SearchRoot = {
    docs: docs.length,
    avgLength: docs.length === 0 ? 0 : Math.round((totalLength / docs.length) * 10) / 10,
    terms: byTermShard.map((s) => keyOf('terms', s)),
    texts: byTextShard.map((s) => keyOf('texts', s)),
    stemmed: hasStemmer(lang),
  }
  return { root, entries }
}
