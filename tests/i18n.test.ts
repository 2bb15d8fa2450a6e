import { describe, expect, it } from 'vitest'
import type { SiteSettings } from '../src/model/types'
import { UI_STRING_KEYS } from '../src/model/ui-strings'
import { arrowsFor, dirWithin, formatDate, strings, textDirection } from '../src/worker/i18n'

const SITE = { strings: {} } as unknown as SiteSettings
// The languages with built-in strings: any other falls back to English.
const BUILT_IN_LANGS = ['fr', 'en', 'de', 'es', 'it', 'ar', 'he']
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('textDirection', () => {
  it.each([
    ['ar', 'rtl'],
    ['he', 'rtl'],
    ['fa', 'rtl'],
    ['ur', 'rtl'],
    ['ar-MA', 'rtl'],
    ['fa_IR', 'rtl'],
    ['HE', 'rtl'],
    ['iw', 'rtl'],
    ['yi', 'rtl'],
    ['fr', 'ltr'],
    ['en-US', 'ltr'],
    // Sorani is written in Arabic script, Kurmanji (ku) mostly in Latin.
    ['ckb', 'rtl'],
    ['ku', 'ltr'],
    ['', 'ltr'],
    ['arabic', 'ltr'],
  ])('%s is %s', (lang, dir) => {
    expect(textDirection(lang)).toBe(dir)
  })
})

describe('dirWithin: a dir on whatever is in another language than the page', () => {
  it.each<[string | undefined, string, string | undefined]>([
    ['fr', 'fr', undefined],
    [undefined, 'ar', undefined],
    ['en', 'fr', 'ltr'],
    ['en', 'ar', 'ltr'],
    ['ar', 'fr', 'rtl'],
    ['he', 'ar', 'rtl'],
  ])('%s in a %s page: %s', (lang, page, dir) => {
    expect(dirWithin(lang, page)).toBe(dir)
  })
})

describe('arrowsFor', () => {
  it('points back to the left in a left-to-right page, to the right in a right-to-left one', () => {
    expect(arrowsFor('en')).toEqual({ back: '←', forward: '→' })
    expect(arrowsFor('ar')).toEqual({ back: '→', forward: '←' })
  })
})

describe('built-in interface strings', () => {
  it.each(BUILT_IN_LANGS)('%s has every key, with the placeholders of English', (lang) => {
    const own = strings(SITE, lang)
    const english = strings(SITE, 'en')
    expect(Object.keys(own).sort()).toEqual([...UI_STRING_KEYS].sort())
    for (const key of UI_STRING_KEYS) {
      expect(own[key].trim(), `${lang}.${key}`).not.toBe('')
      expect(placeholders(own[key]), `${lang}.${key}`).toEqual(placeholders(english[key]))
    }
  })

  it.each([
    ['ar', 'ar-EG'],
    ['he', 'he-IL'],
  ])('%s strings are in their own script, not English', (lang, regional) => {
    const own = strings(SITE, lang)
    expect(strings(SITE, regional)).toEqual(own)
    const script = lang === 'ar' ? /\p{Script=Arabic}/u : /\p{Script=Hebrew}/u
    for (const key of UI_STRING_KEYS) expect(own[key], `${lang}.${key}`).toMatch(script)
  })
})

describe('formatDate in right-to-left languages, by Intl', () => {
  it.each([
    ['ar', 'فبراير'],
    ['he', 'בפברואר'],
    ['fa', 'بهمن'],
    ['fr', '18 février 2023'],
  ])('%s names the month in its own words', (lang, expected) => {
    expect(formatDate('2023-02-18T10:00:00Z', lang, 'UTC')).toContain(expected)
  })
})
