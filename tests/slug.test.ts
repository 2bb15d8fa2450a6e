import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { slugifyLatin, tagSlug, transliterateLatin } from '../src/worker/slug'
import { hostileString } from './support/hostile-string'

// ruby-i18n's HashTransliterator::DEFAULT_APPROXIMATIONS, the whole table, as `char=ascii` pairs.
const I18N_TABLE = `À=A Á=A Â=A Ã=A Ä=A Å=A Æ=AE Ç=C È=E É=E Ê=E Ë=E Ì=I Í=I Î=I Ï=I Ð=D Ñ=N
Ò=O Ó=O Ô=O Õ=O Ö=O ×=x Ø=O Ù=U Ú=U Û=U Ü=U Ý=Y Þ=Th ß=ss ẞ=SS à=a á=a â=a ã=a ä=a å=a æ=ae
ç=c è=e é=e ê=e ë=e ì=i í=i î=i ï=i ð=d ñ=n ò=o ó=o ô=o õ=o ö=o ø=o ù=u ú=u û=u ü=u ý=y þ=th
ÿ=y Ā=A ā=a Ă=A ă=a Ą=A ą=a Ć=C ć=c Ĉ=C ĉ=c Ċ=C ċ=c Č=C č=c Ď=D ď=d Đ=D đ=d Ē=E ē=e Ĕ=E ĕ=e
Ė=E ė=e Ę=E ę=e Ě=E ě=e Ĝ=G ĝ=g Ğ=G ğ=g Ġ=G ġ=g Ģ=G ģ=g Ĥ=H ĥ=h Ħ=H ħ=h Ĩ=I ĩ=i Ī=I ī=i Ĭ=I
ĭ=i Į=I į=i İ=I ı=i Ĳ=IJ ĳ=ij Ĵ=J ĵ=j Ķ=K ķ=k ĸ=k Ĺ=L ĺ=l Ļ=L ļ=l Ľ=L ľ=l Ŀ=L ŀ=l Ł=L ł=l
Ń=N ń=n Ņ=N ņ=n Ň=N ň=n ŉ='n Ŋ=NG ŋ=ng Ō=O ō=o Ŏ=O ŏ=o Ő=O ő=o Œ=OE œ=oe Ŕ=R ŕ=r Ŗ=R ŗ=r
Ř=R ř=r Ś=S ś=s Ŝ=S ŝ=s Ş=S ş=s Š=S š=s Ţ=T ţ=t Ť=T ť=t Ŧ=T ŧ=t Ũ=U ũ=u Ū=U ū=u Ŭ=U ŭ=u Ů=U
ů=u Ű=U ű=u Ų=U ų=u Ŵ=W ŵ=w Ŷ=Y ŷ=y Ÿ=Y Ź=Z ź=z Ż=Z ż=z Ž=Z ž=z Ǫ=O ǫ=o Ǭ=O ǭ=o`
const TABLE = new Map(
  I18N_TABLE.split(/\s+/).map((pair) => [
    pair.slice(0, pair.indexOf('=')),
    pair.slice(pair.indexOf('=') + 1),
  ]),
)

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

describe('transliterateLatin reproduces I18n.transliterate', () => {
  it('has the whole table (sanity check of the fixture)', () => {
    // U+00C0–U+00FF but ÷ (63), U+0100–U+017E (127), ǪǫǬǭ and ẞ.
    expect(TABLE.size).toBe(195)
  })

  it.each([...TABLE])('%s → %s', (char, ascii) => {
    expect(transliterateLatin(char)).toBe(ascii)
  })

  it('turns every other non-ASCII code point into ?', () => {
    for (let cp = 0x80; cp <= 0x3000; cp++) {
      const c = String.fromCodePoint(cp)
      if (!TABLE.has(c)) expect(transliterateLatin(c), `U+${cp.toString(16)}`).toBe('?')
    }
  })

  it.each<[string, string, string]>([
    ['ASCII unchanged, controls included', 'a-Z_0 ~\u0000\n', 'a-Z_0 ~\u0000\n'],
    ['÷ is not in the table', '÷', '?'],
    ['ſ (long s) is not in the table', 'ſ', '?'],
    ['Romanian ș/ț (comma below) are not in the table, ş/ţ (cedilla) are', 'șțşţ', '??st'],
    ['decomposed é is e plus an unknown combining mark', 'e\u0301', 'e?'],
    ['an astral emoji is one character', '🎉', '?'],
    ['a ZWJ emoji sequence is several', '👩‍💻', '???'],
    ['lone surrogate', '\uD83D', '?'],
  ])('%s', (_name, input, expected) => {
    expect(transliterateLatin(input)).toBe(expected)
  })
})

describe('slugifyLatin', () => {
  it.each<[string, string]>([
    ['méthode', 'methode'],
    ['Intérêt général', 'interet-general'],
    ['C++', 'c'],
    ['Ça va ?', 'ca-va'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['open-source', 'open-source'],
    ["l'équipe", 'l-equipe'],
    ['l’équipe', 'l-equipe'],
    ['日本語', ''],
    ['🎉', ''],
    ['Fête 🎉 2019', 'fete-2019'],
    ['   ', ''],
    ['\t\n', ''],
    ['', ''],
    ['---', ''],
    ['--a--b--', 'a-b'],
    ['The _config.yml file', 'the-config-yml-file'],
    ['Æsir Øresund Þór', 'aesir-oresund-thor'],
    ['Łódź', 'lodz'],
    ['Đakovo', 'dakovo'],
    ['Œuvre cœur', 'oeuvre-coeur'],
    ['ĳsselmeer', 'ijsselmeer'],
    ['Iğdır İzmir', 'igdir-izmir'],
    ['paŀla', 'palla'],
    ['ŉ', 'n'],
    ['5 × 3', '5-x-3'],
    ['București', 'bucure-ti'],
    ['Bucureşti', 'bucuresti'],
    ['cafe\u0301 noir', 'cafe-noir'],
    ['de\u0301cor', 'de-cor'],
    ['Ελληνικά', ''],
    ['Москва 2020', '2020'],
    ['2019-01-15', '2019-01-15'],
    ['a_b.c/d', 'a-b-c-d'],
  ])('%j → %j', (input, expected) => {
    expect(slugifyLatin(input)).toBe(expected)
  })

  it('gives a slug or nothing, never throws, and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), fc.string({ unit: 'grapheme' })), (text) => {
        const slug = slugifyLatin(text)
        expect(slug === '' || SLUG.test(slug)).toBe(true)
        expect(slugifyLatin(slug)).toBe(slug)
      }),
    )
  })
})

describe('tagSlug', () => {
  it.each<[string, string]>([
    ['Intérêt général', 'interet-general'],
    ['C++', 'c'],
    ['  padded  ', 'padded'],
    ['de\u0301cor', 'decor'],
    ['日本語', '%E6%97%A5%E6%9C%AC%E8%AA%9E'],
    [' 日本語 ', '%E6%97%A5%E6%9C%AC%E8%AA%9E'],
    ['Ελληνικά', '%CE%B5%CE%BB%CE%BB%CE%B7%CE%BD%CE%B9%CE%BA%CE%AC'],
    ['ΕΛΛΗΝΙΚΆ', '%CE%B5%CE%BB%CE%BB%CE%B7%CE%BD%CE%B9%CE%BA%CE%AC'],
    ['🎉', '%F0%9F%8E%89'],
    ['++', '%2B%2B'],
    ['/', '%2F'],
    ['\uD83D', '%EF%BF%BD'],
    ['.', '.%20'],
    [' . ', '.%20'],
    ['..', '..%20'],
    ['...', '...'],
    ['.-', '.-'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (tag, expected) => {
    expect(tagSlug(tag)).toBe(expected)
  })

  it('gives tags of only dots slugs of their own, distinct from every other tag', () => {
    const others = ['.-', '-.', '. .', '…', '%20', '. -', '.%20']
    for (const dots of ['.', '..']) {
      for (const other of others) expect(tagSlug(other)).not.toBe(tagSlug(dots))
    }
  })

  it('never throws, and is a latin slug or an encoded form with no ASCII letter or digit', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(), fc.string({ unit: 'grapheme' })), (tag) => {
        const slug = tagSlug(tag)
        if (SLUG.test(slug)) return
        expect(slug.replace(/%[0-9A-F]{2}/g, '')).toMatch(/^[^A-Za-z0-9]*$/)
        expect(encodeURIComponent(decodeURIComponent(slug))).toBe(slug)
        // Never a dot segment, which URL parsing would resolve away.
        expect(['.', '..']).not.toContain(slug)
      }),
    )
  })
})
