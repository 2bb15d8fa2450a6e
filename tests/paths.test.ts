import { describe, expect, it } from 'vitest'
import { generatedBy } from '../src/model/paths'

// The languages of a content and the collections Kiosque lists there.
const site = { languages: ['fr', 'en'], collections: [{ name: 'projets', title: 'Projets' }] }

describe('generatedBy: the URLs Kiosque serves itself, which pages may not take', () => {
  it.each<[string, string | undefined]>([
    ['/', 'a home page or a feed'],
    ['/en/', 'a home page or a feed'],
    ['/fr/', 'a home page or a feed'],
    ['/en/feed.atom', 'a home page or a feed'],
    ['/en/feed.json', 'a home page or a feed'],
    ['/feed.xml', 'a generated file'],
    ['/feed.atom', 'a generated file'],
    ['/feed.json', 'a generated file'],
    ['/sitemap.xml', 'a generated file'],
    ['/robots.txt', 'a generated file'],
    ['/search', 'search'],
    ['/en/search', 'search'],
    ['/opensearch.xml', 'search'],
    ['/en/opensearch.xml', 'search'],
    ['/ref/hello', 'translation links'],
    ['/projets/', 'a collection listing'],
    ['/en/projets/', 'a collection listing'],
    ['/about/', undefined],
    ['/de/', undefined],
    ['/projets/un.html', undefined],
    ['/search/', undefined],
    ['/2018/07/27/hello.html', undefined],
  ])('%s', (url, expected) => {
    expect(generatedBy(site, url)).toBe(expected)
  })
})
