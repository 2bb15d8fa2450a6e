import { describe, expect, it } from 'vitest'
import { isPaginatedByV2, paginationFolder, paginatorRedirects } from '../src/build/paginator'
import type { RedirectRule } from '../src/model/types'

const r = (from: string, to: string, status: 301 | 302 = 302): RedirectRule => ({
  from,
  to,
  status,
  force: true,
})

describe('isPaginatedByV2: pagination.enabled in front matter, as Ruby reads it', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['enabled', { pagination: { enabled: true } }, true],
    ['enabled with filters', { pagination: { enabled: true, locale: 'en', category: 'x' } }, true],
    ['any value but false and nil', { pagination: { enabled: 'yes' } }, true],
    ['disabled', { pagination: { enabled: false } }, false],
    ['no enabled key', { pagination: {} }, false],
    ['not a mapping', { pagination: true }, false],
    ['none', {}, false],
  ])('%s', (_name, frontMatter, expected) => {
    expect(isPaginatedByV2(frontMatter)).toBe(expected)
  })
})

describe('paginationFolder', () => {
  it.each([
    ['/page:num/', undefined],
    ['/blog/page:num/', '/blog/'],
    ['/a/b/page:num/', '/a/b/'],
  ])('%s → %s', (path, expected) => {
    expect(paginationFolder(path)).toBe(expected)
  })
})

describe('paginatorRedirects: Jekyll’s listing URLs to Kiosque’s of the same language and page', () => {
  const v2 = { paginatePath: '/page:num/', perPage: 8, defaultLang: 'fr' }
  const v1 = { paginatePath: '/blog/page:num/', perPage: 4, defaultLang: 'fr' }
  it.each<[string, Parameters<typeof paginatorRedirects>, RedirectRule[]]>([
    [
      'v2, two languages, pages counted from each language’s posts',
      [
        [
          { url: '/blog/', lang: 'fr' },
          { url: '/en/blog/', lang: 'en' },
        ],
        v2,
        ['fr', 'en'],
        { fr: 17, en: 8 },
      ],
      [
        r('/blog/', '/'),
        r('/blog/page2/', '/page2/'),
        r('/blog/page3/', '/page3/'),
        r('/en/blog/', '/en/'),
      ],
    ],
    [
      'v2, a page with no posts yet',
      [[{ url: '/blog/', lang: 'fr' }], v2, ['fr'], {}],
      [r('/blog/', '/')],
    ],
    [
      'v1: its numbered pages are Kiosque’s already; the folder of a language without page too, for good',
      [[{ url: '/blog/', lang: 'fr' }], v1, ['fr', 'en'], { fr: 9 }],
      [r('/blog/', '/'), r('/en/blog/', '/en/', 301)],
    ],
    [
      'v1 without index.html: the folder redirects to the home, for good',
      [[], v1, ['fr'], { fr: 9 }],
      [r('/blog/', '/', 301)],
    ],
    ['v2 without paginated page: nothing', [[], v2, ['fr'], { fr: 9 }], []],
  ])('%s', (_name, args, expected) => {
    expect(paginatorRedirects(...args)).toEqual(expected)
  })
})
