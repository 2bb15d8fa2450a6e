import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type LocalSite, startSuite, Visit } from './support/browser'

// A journey opens several pages in a real browser: slack for a loaded machine.
vi.setConfig({ testTimeout: 60_000 })

let site: LocalSite
let browser: Browser
beforeAll(async () => {
  ;({ site, browser } = await startSuite('search'))
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

describe('searching through npm run dev', () => {
  it.each([
    ['fr-FR', '/', 'Rechercher', 'farine', /farines/],
    ['en-US', '/en/', 'Search', 'cargo bikes', /cargo bike/i],
  ])(
    '%s: types a query in the header form and follows a result',
    async (locale, home, label, query, title) => {
      const v = await Visit.open(browser, site, { locale, shots: `search/${locale}` })
      try {
        await v.goto(home, 'home')
        const form = v.page.locator('header.site form.search')
        await form.getByRole('searchbox', { name: label }).fill(query)
        await v.follow(form.getByRole('button', { name: label }), 'results')
        expect(v.path()).toBe(`${home}search?q=${query.replace(/ /g, '+')}`)
        const first = v.page.locator('ol.results h2 a').first()
        await expect(first.textContent()).resolves.toMatch(title)
        expect(await v.page.locator('ol.results mark').count()).toBeGreaterThan(0)
        const href = await first.getAttribute('href')
        await v.follow(first, 'result')
        expect(v.path()).toBe(decodeURI(href ?? ''))
        await expect(v.page.locator('h1').textContent()).resolves.toMatch(title)
        expect(v.problems).toEqual([])
      } finally {
        await v.close()
      }
    },
  )
})
