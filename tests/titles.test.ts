import { describe, expect, it } from 'vitest'
import type { SiteSettings } from '../src/model/types'
import { siteTitle, titleOf } from '../src/worker/i18n'

const site = {
  title: 'Carnet de la ruche',
  titles: { en: 'The Hive Notebook' },
} as Pick<SiteSettings, 'title' | 'titles'> as SiteSettings

describe('what names a post, page or document', () => {
  it.each<[string, string, string, string]>([
    ['its own title', 'Première récolte', 'fr', 'Première récolte'],
    ['its own title in another language', 'First harvest', 'en', 'First harvest'],
    ['none: the site’s title', '', 'fr', 'Carnet de la ruche'],
    ['none: the site’s title in its language', '', 'en', 'The Hive Notebook'],
    ['none, in a language without its own title', '', 'de', 'Carnet de la ruche'],
    ['only spaces: none', '  \n', 'en', 'The Hive Notebook'],
  ])('%s', (_name, title, lang, expected) => {
    expect(titleOf(site, { title, lang })).toBe(expected)
  })

  it.each([
    ['fr', 'Carnet de la ruche'],
    ['en', 'The Hive Notebook'],
  ])('the site’s title in %s is %s', (lang, expected) => {
    expect(siteTitle(site, lang)).toBe(expected)
  })
})
