import type { Lang } from '../model/types'

// The most frequent short words of each language: enough to tell a site's main language from a
// few posts, which is all this is for.
const STOP_WORDS: Record<Lang, string[]> = {
  fr: [
    'le',
    'la',
    'les',
    'des',
    'est',
    'et',
    'un',
    'une',
    'du',
    'dans',
    'pour',
    'que',
    'qui',
    'pas',
    'sur',
    'au',
    'avec',
    'nous',
  ],
  en: [
    'the',
    'and',
    'is',
    'of',
    'to',
    'in',
    'that',
    'it',
    'for',
    'with',
    'was',
    'on',
    'are',
    'this',
    'we',
    'be',
    'have',
    'from',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'ein',
    'eine',
    'zu',
    'den',
    'mit',
    'sich',
    'auf',
    'für',
    'wir',
    'auch',
    'dem',
    'von',
  ],
  es: [
    'el',
    'los',
    'las',
    'y',
    'es',
    'en',
    'un',
    'una',
    'por',
    'con',
    'para',
    'del',
    'que',
    'se',
    'no',
    'su',
    'al',
    'lo',
  ],
  it: [
    'il',
    'di',
    'che',
    'è',
    'e',
    'per',
    'un',
    'una',
    'non',
    'del',
    'della',
    'con',
    'sono',
    'gli',
    'le',
    'si',
    'nel',
    'anche',
  ],
  pt: [
    'o',
    'os',
    'as',
    'de',
    'que',
    'e',
    'do',
    'da',
    'em',
    'um',
    'uma',
    'para',
    'com',
    'não',
    'no',
    'na',
    'se',
    'mais',
  ],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'van',
    'is',
    'dat',
    'niet',
    'op',
    'te',
    'zijn',
    'met',
    'voor',
    'ook',
    'die',
    'wij',
    'maar',
    'bij',
  ],
}
const LOOKUP = new Map<string, Lang[]>()
for (const [lang, words] of Object.entries(STOP_WORDS)) {
  for (const word of words) LOOKUP.set(word, [...(LOOKUP.get(word) ?? []), lang])
}

/**
 * Guesses the language of a set of texts from their most common words. Used only when
 * `_config.yml` names no language, as many single-language-first Jekyll sites do.
 */
export function detectLanguage(texts: readonly string[]): Lang | undefined {
  const scores = new Map<Lang, number>()
  for (const text of texts) {
    for (const word of text
      .slice(0, 20_000)
      .toLowerCase()
      .split(/[^\p{L}]+/u)) {
      for (const lang of LOOKUP.get(word) ?? []) scores.set(lang, (scores.get(lang) ?? 0) + 1)
    }
  }
  let best: [Lang, number] | undefined
  for (const entry of scores) if (!best || entry[1] > best[1]) best = entry
  return best && best[1] >= 5 ? best[0] : undefined
}
