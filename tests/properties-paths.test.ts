/**
 * Listing URLs the worker writes must route back to the same listing: for any tag or author
 * name, language and page number, the worker reads the link it wrote for that page as that page.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { listingPath, parseListingPath } from '../src/model/paths'
import type { SiteSettings } from '../src/model/types'
import { tagSlug } from '../src/worker/slug'
import { hostileString } from './support/hostile-string'

function requestPath(link: string): string {
  return decodeURIComponent(new URL(link, 'https://x').pathname)
}

const site = (paginatePath: string) =>
  ({
    defaultLang: 'fr',
    languages: ['fr', 'en', 'pt-br'],
    paginatePath,
    collections: [],
  }) as unknown as SiteSettings

describe('listing paths: properties', () => {
  it('a tag’s or author’s page is read back as that page, in that language', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileString(20), fc.string({ unit: 'grapheme', maxLength: 12 })),
        fc.constantFrom('fr', 'en', 'pt-br'),
        fc.constantFrom<'tag' | 'author'>('tag', 'author'),
        fc.integer({ min: 1, max: 999_999 }),
        fc.constantFrom('/page:num/', '/page/:num/', '/blog/page:num.html', '/p:num/'),
        (name, lang, kind, page, paginatePath) => {
          const slug = tagSlug(name)
          fc.pre(slug !== '')
          const s = site(paginatePath)
          const path = listingPath(s, { lang, kind, slug }, page)
          expect(parseListingPath(s, requestPath(encodeURI(path)))).toEqual({
            ref: { lang, kind, slug },
            page,
          })
        },
      ),
      { numRuns: 2000 },
    )
  })

  it.each([
    ['.', '/tag/.%20/'],
    ['..', '/tag/..%20/'],
    ['...', '/tag/.../'],
  ])(
    'a tag named %j has a page of its own at %s, not a dot segment URL parsing removes',
    (tag, path) => {
      const s = site('/page:num/')
      expect(listingPath(s, { lang: 'fr', kind: 'tag', slug: tagSlug(tag) })).toBe(path)
      expect(requestPath(encodeURI(path))).toBe(path)
      expect(parseListingPath(s, requestPath(encodeURI(path)))?.ref.slug).toBe(tagSlug(tag))
    },
  )

  it('a home page of any language and number is read back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('fr', 'en', 'pt-br'),
        fc.integer({ min: 1, max: 999_999 }),
        (lang, page) => {
          const s = site('/page:num/')
          const path = listingPath(s, { lang, kind: 'home', slug: '' }, page)
          expect(parseListingPath(s, requestPath(encodeURI(path)))).toEqual({
            ref: { lang, kind: 'home', slug: '' },
            page,
          })
        },
      ),
    )
  })
})
