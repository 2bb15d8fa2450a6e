import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PostSummary } from '../../src/model/types'
import { visiblePosts } from '../support/site'
import { type LocalSite, startSuite, Visit } from './support/browser'

// A journey opens several pages in a real browser: slack for a loaded machine.
vi.setConfig({ testTimeout: 60_000 })

let site: LocalSite
let browser: Browser
let posts: PostSummary[]

beforeAll(async () => {
  ;({ site, browser } = await startSuite('accessibility'))
  posts = visiblePosts(site).filter((p) => !p.kind)
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const url = (lang: string, langRef: string) =>
  (posts.find((p) => p.lang === lang && p.langRef === langRef) as PostSummary).url
const source = (file: string) => (posts.find((p) => p.source.endsWith(file)) as PostSummary).url

/**
 * Scans a page with axe-core and expects no `serious` or `critical` violation. The page's
 * health is checked as in the journeys (console, requests, 375 px); the journeys photograph
 * these pages in light mode, so only the dark-mode scans save screenshots here. Returns the
 * hosts of the third-party requests that were aborted.
 * `bypassCSP`: the site's policy rightly refuses inline scripts, and axe is injected as one.
 */
async function scan(
  path: string,
  options: { locale: string; missing?: boolean; dark?: boolean; shots?: string },
): Promise<string[]> {
  const v = await Visit.open(browser, site, {
    locale: options.locale,
    colorScheme: options.dark ? 'dark' : 'light',
    bypassCSP: true,
    shots: options.shots && `accessibility/${options.shots}`,
  })
  try {
    if (options.missing) v.expectMissing(path)
    const response = await v.goto(path, 'page')
    expect(response?.status()).toBe(options.missing ? 404 : 200)
    expect(await v.seriousViolations()).toEqual([])
    expect(v.problems).toEqual([])
    expect(v.loaded.filter((u) => u.endsWith('.css')).length, 'the stylesheet loaded').toBe(1)
    return [...new Set(v.blocked.map((u) => new URL(u).host))]
  } finally {
    await v.close()
  }
}

describe('no serious or critical axe-core violation', () => {
  // A post read by a visitor of the other language has the notice on it too. The theme itself
  // makes no third-party request: only a post's own embeds do.
  const pages: [name: string, locale: string, path: () => string, thirdParty: string[]][] = [
    ['the French home', 'fr-FR', () => '/', []],
    ['a French post with code, and the notice', 'en-US', () => url('fr', 'levain'), []],
    [
      'a French post with a video',
      'fr-FR',
      () => source('Retour-sur-le-Salon-du-Pain.md'),
      ['www.youtube-nocookie.com'],
    ],
    ['a French tag page', 'fr-FR', () => '/tag/cooperative/', []],
    ['the English home', 'en-US', () => '/en/', []],
    ['an English post with a table', 'en-US', () => source('cargo-bike-deliveries.md'), []],
    ['an English tag page', 'en-US', () => '/en/tag/fermentation/', []],
    ['the Arabic home, right to left', 'ar', () => '/ar/', []],
    ['the Arabic post, and the notice in French', 'fr-FR', () => url('ar', 'farines'), []],
  ]
  it.each(pages)('%s', async (_name, locale, path, thirdParty) => {
    expect(await scan(path(), { locale })).toEqual(thirdParty)
  })

  it.each([
    ['French', 'fr-FR', '/blog/nulle-part.html'],
    ['English', 'en-US', '/en/nowhere/'],
  ])('the %s 404', async (_name, locale, path) => {
    await scan(path, { locale, missing: true })
  })

  const dark: [name: string, locale: string, path: () => string, shots: string][] = [
    ['a French post with code, and the notice', 'en-US', () => url('fr', 'levain'), 'post-fr'],
    ['an English post with a table', 'en-US', () => source('cargo-bike-deliveries.md'), 'post-en'],
  ]
  it.each(dark)('in dark mode: %s', async (_name, locale, path, shots) => {
    await scan(path(), { locale, dark: true, shots: `dark-${shots}` })
  })
})
