import { stemmer as en } from '@orama/stemmers/english'
import { stemmer as fr } from '@orama/stemmers/french'
import { stemmer as de } from '@orama/stemmers/german'
import { stemmer as it } from '@orama/stemmers/italian'
import { stemmer as es } from '@orama/stemmers/spanish'
import { stopwords as enStop } from '@orama/stopwords/english'
import { stopwords as frStop } from '@orama/stopwords/french'
import { stopwords as deStop } from '@orama/stopwords/german'
import { stopwords as itStop } from '@orama/stopwords/italian'
import { stopwords as esStop } from '@orama/stopwords/spanish'
import type { Lang } from './types'

/**
 * The search index's text analysis and shard scheme, shared by the build (which indexes) and the
 * worker (which analyses queries the same way). Stemming and stop words are Orama's Snowball
 * stemmers and lists; tokenizing, folding, sharding and scoring are Kiosque's, so that a query
 * reads a bounded number of bounded KV values instead of one whole-site index.
 */

/** A query longer than this is cut, in code points. */
export const MAX_QUERY_CHARS = 200
/** Terms of a query past this many are ignored. */
export const MAX_QUERY_TERMS = 12
/** Tokens longer than this are noise (hashes, URLs), not words anyone searches for. */
const MAX_TOKEN_CHARS = 40
/** Characters of a document's plain text kept for snippets. */
export const SNIPPET_SOURCE_CHARS = 1200
/** Title and tags weigh this many body occurrences. */
export const TITLE_WEIGHT = 4

const STEMMERS: Partial<Record<string, (word: string) => string>> = { de, en, es, fr, it }
const STOP_LISTS: Partial<Record<string, readonly string[]>> = {
  de: deStop,
  en: enStop,
  es: esStop,
  fr: frStop,
  it: itStop,
}
const stopSets = new Map<string, Set<string>>()

/** The base language of a tag: `pt-br` → `pt`. */
function baseOf(lang: Lang): string {
  return lang.toLowerCase().split('-')[0] ?? ''
}

/** Whether a language's terms are stemmed (others are normalized exact terms). */
export function hasStemmer(lang: Lang): boolean {
  return STEMMERS[baseOf(lang)] !== undefined
}

/**
 * Text folded for matching: Arabic letter forms unified (alef variants, taa marbuta, alef
 * maqsura, tatweel, harakat), accents and other combining marks removed, lower case.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0629/g, '\u0647')
    .replace(/\u0649/g, '\u064a')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
}

/** One word of a text: where it is in the text, and its index term (undefined for stop words). */
export interface Token {
  start: number
  end: number
  term: string | undefined
}

// Marks belong to their word (Arabic harakat, decomposed accents): folding removes them.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu

/**
 * The words of a text with their positions in it and their index terms: folded, stop words
 * dropped, stemmed where the language has a stemmer.
 */
export function tokens(text: string, lang: Lang): Token[] {
  const out: Token[] = []
  const analyse = analyser(lang)
  for (const match of text.matchAll(WORD)) {
    const start = match.index
    out.push({ start, end: start + match[0].length, term: analyse(match[0]) })
  }
  return out
}

// Words repeat: each language's analysis of a word is remembered, up to a bound.
const MEMO_ENTRIES = 50_000
const analysers = new Map<string, (word: string) => string | undefined>()

/** The index term of one word in a language, or undefined for a stop word or noise. */
function analyser(lang: Lang): (word: string) => string | undefined {
  const base = baseOf(lang)
  const known = analysers.get(base)
  if (known) return known
  const stem = STEMMERS[base]
  const stop = stopSet(base)
  let memo = new Map<string, string | undefined>()
  const analyse = (word: string): string | undefined => {
    if (memo.has(word)) return memo.get(word)
    const folded = foldText(word)
    const skip = folded.length > MAX_TOKEN_CHARS || (folded.length < 2 && !/\p{N}/u.test(folded))
    const stemmed = skip || stop.has(folded) ? undefined : stem ? stem(folded) : folded
    const term = stemmed === '' ? undefined : stemmed
    if (memo.size >= MEMO_ENTRIES) memo = new Map()
    memo.set(word, term)
    return term
  }
  analysers.set(base, analyse)
  return analyse
}

/** The index terms of a text, repeated as often as they occur. */
export function terms(text: string, lang: Lang): string[] {
  const out: string[] = []
  for (const token of tokens(text, lang)) if (token.term !== undefined) out.push(token.term)
  return out
}

/** A query as the index reads it: capped, analysed, its distinct terms in order. */
export function queryTerms(query: string, lang: Lang): string[] {
  const capped = Array.from(query).slice(0, MAX_QUERY_CHARS).join('')
  return [...new Set(terms(capped, lang))].slice(0, MAX_QUERY_TERMS)
}

function stopSet(base: string): Set<string> {
  let set = stopSets.get(base)
  if (!set) {
    set = new Set((STOP_LISTS[base] ?? []).map(foldText))
    stopSets.set(base, set)
  }
  return set
}

/** FNV-1a over a string's UTF-16 units, from a given offset basis: fast, stable, well spread. */
function fnv1a(text: string, basis: number): number {
  let hash = basis
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 16777619)
  }
  return hash >>> 0
}

/** The shard of a term among `count` (a power of two). */
export function shardOf(term: string, count: number): number {
  return fnv1a(term, 2166136261) & (count - 1)
}

/** A document's id in the index, from its URL: stable across builds, so edits stay local. */
export function docId(url: string): string {
  return fnv1a(url, 2166136261).toString(36) + fnv1a(url, 84696351).toString(36)
}

/** The snippet shard of a document id among `count` (a power of two). */
export function textShardOf(id: string, count: number): number {
  return fnv1a(id, 2166136261) & (count - 1)
}

/**
 * One posting: the document's id, its weighted term frequency (title and tags count
 * TITLE_WEIGHT times) and its length in terms, for BM25.
 */
export type Posting = [id: string, weight: number, length: number]

/** A term shard: the postings of every term whose hash falls in it. */
export type TermShard = Record<string, Posting[]>

/** A snippet shard: the start of each document's plain text, by id. */
export type TextShard = Record<string, string>

/** What the manifest records of one language's index; the keys are content-addressed. */
export interface SearchRoot {
  /** Documents indexed. */
  docs: number
  /** Mean length of a document in terms. */
  avgLength: number
  /** Term shard keys, by shard number; their count is a power of two. */
  terms: string[]
  /** Snippet shard keys, by shard number; their count is a power of two. */
  texts: string[]
  /** False when the language's terms are exact (no stemmer). */
  stemmed: boolean
}

/** The smallest power of two at least `n` (and at least 1). */
export function powerOfTwoAtLeast(n: number): number {
  let p = 1
  while (p < n) p *= 2
  return p
}
