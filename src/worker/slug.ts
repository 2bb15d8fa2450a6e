/**
 * Jekyll's `Utils.slugify(text, mode: "latin")`, which Jekyll 4 implements as
 *
 *     string = I18n.transliterate(string)                  # non-ASCII → ASCII, or "?"
 *     slug = string.gsub(/[^\p{M}\p{L}\p{Nd}]+/, "-")      # the "default" mode's regexp
 *     slug.gsub!(/^-|-$/, ""); slug.downcase!
 *
 * After transliteration the text is pure ASCII, where `[^\p{M}\p{L}\p{Nd}]` is `[^A-Za-z0-9]`.
 */

// I18n's HashTransliterator knows a fixed table (ruby-i18n 1.14 DEFAULT_APPROXIMATIONS):
// U+00C0–U+017E except ÷, plus ǪǫǬǭ and ẞ. Every other non-ASCII character becomes "?", even a
// Latin letter outside the table (ș with a comma below, ǎ, ơ) or a combining accent. For the
// letters of the table with a canonical decomposition, NFD and dropping the marks gives the
// table's value; the ones below have none (or only a compatibility one) and are listed as is.
const UNDECOMPOSABLE: Record<string, string> = {
  Æ: 'AE',
  æ: 'ae',
  Ð: 'D',
  ð: 'd',
  Ø: 'O',
  ø: 'o',
  Þ: 'Th',
  þ: 'th',
  ß: 'ss',
  ẞ: 'SS',
  '×': 'x',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ĳ: 'IJ',
  ĳ: 'ij',
  ĸ: 'k',
  Ŀ: 'L',
  ŀ: 'l',
  Ł: 'L',
  ł: 'l',
  ŉ: "'n",
  Ŋ: 'NG',
  ŋ: 'ng',
  Œ: 'OE',
  œ: 'oe',
  Ŧ: 'T',
  ŧ: 't',
}

function inI18nTable(cp: number): boolean {
  return (cp >= 0xc0 && cp <= 0x17e && cp !== 0xf7) || (cp >= 0x1ea && cp <= 0x1ed) || cp === 0x1e9e
}

/** Ruby's `I18n.transliterate` with the default rules: known Latin letters to ASCII, else `?`. */
export function transliterateLatin(text: string): string {
  // With the `u` flag each match is one code point, as Ruby's gsub sees characters; a lone
  // surrogate (which Ruby would reject as invalid UTF-8) is one match too, and becomes "?".
  return text.replace(/\P{ASCII}/gu, (c) => {
    const listed = UNDECOMPOSABLE[c]
    if (listed !== undefined) return listed
    if (!inI18nTable(c.codePointAt(0) ?? 0)) return '?'
    return c.normalize('NFD').replace(/\p{M}/gu, '')
  })
}

/** Jekyll's `slugify(text, mode: "latin")`: `Intérêt général` → `interet-general`; may be empty. */
export function slugifyLatin(text: string): string {
  return transliterateLatin(text)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
}

/**
 * The URL segment of a tag's page: its latin slug, else (a tag with no Latin letter or digit,
 * such as `日本語`) the percent-encoded lower-cased tag, which can never equal a latin slug since
 * it has no ASCII letter or digit outside its `%XX` escapes. Empty only for an empty tag.
 */
export function tagSlug(tag: string): string {
  // NFC first: a tag typed with a combining accent gets the slug of its precomposed twin
  // instead of "?"-mangled one (Jekyll would not, but tag pages are Kiosque's own URLs).
  const text = tag.normalize('NFC').trim()
  const slug = slugifyLatin(text)
  if (slug !== '') return slug
  // encodeURIComponent throws on a lone surrogate: replace those with U+FFFD first.
  const wellFormed = text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
  const encoded = encodeURIComponent(wellFormed.toLowerCase())
  // `.` and `..` are dot segments, which URL parsing removes (`/tag/../` is the home), and
  // `%2E` is no way out: it is not canonical, and WHATWG URLs treat it as a dot too. A trailing
  // encoded space is free, since no trimmed tag ends with one: `.` gets `.%20`, its own segment.
  return encoded === '.' || encoded === '..' ? `${encoded}%20` : encoded
}
