import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PostSummary } from '../../src/model/types'
import { visiblePosts } from '../support/site'
import {
  DESKTOP,
  type LocalSite,
  PHONE,
  startSuite,
  Visit,
  type VisitOptions,
} from './support/browser'

const SITE_URL = 'https://kiosque.example'

// A journey opens several pages in a real browser: slack for a loaded machine.
vi.setConfig({ testTimeout: 60_000 })

let site: LocalSite
let browser: Browser
let posts: PostSummary[]
const visits: Visit[] = []

beforeAll(async () => {
  ;({ site, browser } = await startSuite('journeys'))
  posts = visiblePosts(site).filter((p) => !p.kind)
})
afterEach(async () => {
  // Every page a journey visited was healthy and styled, its own subresources loaded;
  // third-party requests were aborted, not counted.
  for (const visit of visits.splice(0)) {
    await visit.close()
    expect(visit.problems).toEqual([])
    expect(visit.loaded.filter((url) => url.endsWith('.css')).length).toBeGreaterThan(0)
  }
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

async function visit(options: VisitOptions): Promise<Visit> {
  const v = await Visit.open(browser, site, options)
  visits.push(v)
  return v
}

const post = (lang: string, langRef: string) =>
  posts.find((p) => p.lang === lang && p.langRef === langRef) as PostSummary

/** The page's `<link rel="alternate" hreflang>` links, as hreflang → href. */
async function alternates(v: Visit): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const link of await v.page.locator('link[rel=alternate][hreflang]').all())
    out[(await link.getAttribute('hreflang')) ?? ''] = (await link.getAttribute('href')) ?? ''
  return out
}

const lang = (v: Visit) => v.page.locator('html').getAttribute('lang')

describe('npm run dev, as the browser tests start it', () => {
  it('keeps its build in its own --out and its KV in its own --state-dir', async () => {
    const css = (await readdir(join(site.out, 'assets', '_kiosque'))).filter((f) =>
      f.endsWith('.css'),
    )
    expect(css).toHaveLength(1)
    expect(await readFile(join(site.out, 'assets', '_kiosque', css[0] as string), 'utf8')).toBe(
      await readFile('src/theme/kiosque.css', 'utf8'),
    )
    expect(site.manifest.site.stylesheet).toBe(`/_kiosque/${css[0]}`)
    expect((await readdir(site.stateDir, { recursive: true })).length).toBeGreaterThan(0)
    const log = await site.log()
    expect(log).toContain(`--out ${site.out}`)
    expect(log).toContain(`seeding local KV in ${site.stateDir}`)
  })
})

describe('a visitor lands on the home of their language', () => {
  it('a French browser stays on /', async () => {
    const v = await visit({ locale: 'fr-FR', shots: 'journeys/home-fr' })
    const response = await v.goto('/', 'home')
    expect(response?.status()).toBe(200)
    expect(v.path()).toBe('/')
    expect(await lang(v)).toBe('fr')
    await expect(v.page.locator('h1').textContent()).resolves.toBe('Derniers articles')
    expect(await alternates(v)).toEqual({
      fr: `${SITE_URL}/`,
      en: `${SITE_URL}/en/`,
      ar: `${SITE_URL}/ar/`,
      'x-default': `${SITE_URL}/`,
    })
  })

  it('an English browser is sent to /en/', async () => {
    const v = await visit({ locale: 'en-US', shots: 'journeys/home-en' })
    await v.goto('/', 'home')
    expect(v.path()).toBe('/en/')
    expect(await lang(v)).toBe('en')
    await expect(v.page.locator('h1').textContent()).resolves.toBe('Latest posts')
  })
})

describe('reading a post', () => {
  it('the language switcher leads to the translation, and the choice is remembered', async () => {
    const fr = post('fr', 'levain')
    const en = post('en', 'levain')
    const v = await visit({ locale: 'fr-FR', shots: 'journeys/switcher' })
    await v.goto(fr.url, 'post-fr')
    expect(await lang(v)).toBe('fr')
    expect(await alternates(v)).toEqual({
      fr: `${SITE_URL}${encodeURI(fr.url)}`,
      en: `${SITE_URL}${encodeURI(en.url)}`,
      'x-default': `${SITE_URL}${encodeURI(fr.url)}`,
    })
    const switcher = v.page.getByRole('navigation', { name: 'Langue' })
    await expect(
      switcher.locator('[aria-current=page]').textContent(),
      'the current language is marked',
    ).resolves.toBe('Français')

    await v.follow(switcher.getByRole('link', { name: 'English' }), 'post-en')
    expect(v.path()).toBe(en.url)
    expect(await lang(v)).toBe('en')
    await expect(v.page.locator('h1').textContent()).resolves.toBe(en.title)
    expect(await alternates(v)).toEqual({
      fr: `${SITE_URL}${encodeURI(fr.url)}`,
      en: `${SITE_URL}${encodeURI(en.url)}`,
      'x-default': `${SITE_URL}${encodeURI(fr.url)}`,
    })

    // A French browser, but the visitor chose English: the home is now /en/.
    await v.goto('/', 'home-remembered')
    expect(v.path()).toBe('/en/')
    const cookies = await v.page.context().cookies()
    expect(cookies.find((c) => c.name === 'kiosque_lang')?.value).toBe('en')
  })

  it('the "also available in" notice stays dismissed, on reload and on other posts', async () => {
    const levain = post('fr', 'levain')
    const opening = post('fr', 'ouverture')
    const v = await visit({ locale: 'en-US', shots: 'journeys/notice' })
    const notice = v.page.locator('aside.notice')

    await v.goto(opening.url, 'other-post-before')
    await expect(notice.isVisible()).resolves.toBe(true)

    await v.goto(levain.url, 'post-with-notice')
    await expect(notice.getAttribute('lang')).resolves.toBe('en')
    await expect(notice.getByRole('link').first().textContent()).resolves.toBe(
      'This post is also available in English.',
    )
    await v.follow(notice.locator('a.dismiss'), 'dismissed')
    expect(v.path(), 'back on the clean URL').toBe(levain.url)
    await expect(notice.count()).resolves.toBe(0)

    await v.reload('reloaded')
    await expect(notice.count()).resolves.toBe(0)
    await v.goto(opening.url, 'other-post-after')
    await expect(notice.count()).resolves.toBe(0)
  })

  it('a tag on a post opens the tag page, which lists the post', async () => {
    const tagged = posts.find((p) => p.lang === 'fr' && p.tags.includes('coopérative'))
    const v = await visit({ locale: 'fr-FR', shots: 'journeys/tag' })
    await v.goto((tagged as PostSummary).url, 'post')
    const tag = v.page.locator('article a[rel=tag]', { hasText: 'coopérative' })
    await v.follow(tag, 'tag-page')
    expect(v.path()).toBe('/tag/cooperative/')
    await expect(v.page.locator('h1').textContent()).resolves.toBe(
      'Articles étiquetés « coopérative »',
    )
    await expect(
      v.page.locator(`main a[href="${encodeURI((tagged as PostSummary).url)}"]`).count(),
    ).resolves.toBeGreaterThan(0)
  })
})

/**
 * In the page: where the first character of an element's text sits within the element's
 * content box, in pixels from its right and left edges.
 */
const FIRST_CHARACTER = `((selector) => {
  const element = document.querySelector(selector)
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, (n) =>
    n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP)
  const text = walker.nextNode()
  const start = text.textContent.search(/\\S/)
  const range = document.createRange()
  range.setStart(text, start)
  range.setEnd(text, start + 1)
  const char = range.getBoundingClientRect()
  const box = element.getBoundingClientRect()
  const style = getComputedStyle(element)
  const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)
  const left = box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth)
  return { fromRight: right - char.right, fromLeft: char.left - left, width: right - left }
})`

describe('a right-to-left reader', () => {
  it('reads the Arabic post from the right, at 375 px and at 1280 px', async () => {
    const ar = post('ar', 'farines')
    const v = await visit({ locale: 'ar', shots: 'journeys/arabic' })
    await v.goto(ar.url, 'post-ar')
    expect(await lang(v)).toBe('ar')
    await expect(v.page.locator('html').getAttribute('dir')).resolves.toBe('rtl')
    await expect(v.page.locator('h1').textContent()).resolves.toBe('من أين يأتي طحيننا؟')
    for (const size of [PHONE, DESKTOP]) {
      await v.page.setViewportSize(size)
      for (const selector of ['h1', '.body p', 'footer.site']) {
        const at = await v.page.evaluate<{ fromRight: number; fromLeft: number; width: number }>(
          `${FIRST_CHARACTER}(${JSON.stringify(selector)})`,
        )
        expect(at.fromRight, `${selector} at ${size.width} px starts on the right`).toBeLessThan(2)
        expect(at.fromLeft, `${selector} at ${size.width} px`).toBeGreaterThan(at.width / 2)
      }
    }
    // The other languages in the switcher are laid out their own way.
    const english = v.page.getByRole('navigation', { name: 'اللغة' }).locator('a[lang=en]')
    await expect(english.getAttribute('dir')).resolves.toBe('ltr')
  })
})

describe('paging through the home', () => {
  it.each([
    ['fr-FR', '/', '/page2/', 'Page 2 sur'],
    ['en-US', '/en/', '/en/page2/', 'Page 2 of'],
  ])('%s: next, then previous', async (locale, home, second, heading) => {
    const v = await visit({ locale, shots: `journeys/pages-${locale}` })
    await v.goto(home, 'home')
    const pages = v.page.locator('nav.pages')
    const firstTitles = await v.page.locator('.posts h2').allTextContents()

    await v.follow(pages.locator('a[rel=next]'), 'page-2')
    expect(v.path()).toBe(second)
    await expect(v.page.locator('h1').textContent()).resolves.toContain(heading)
    const secondTitles = await v.page.locator('.posts h2').allTextContents()
    expect(secondTitles.length).toBeGreaterThan(0)
    expect(secondTitles.filter((t) => firstTitles.includes(t))).toEqual([])

    await v.follow(pages.locator('a[rel=prev]'), 'back-to-page-1')
    expect(v.path()).toBe(home)
    await expect(v.page.locator('.posts h2').allTextContents()).resolves.toEqual(firstTitles)
  })
})

describe('a link to a missing page', () => {
  it.each([
    ['fr-FR', '/', '/blog/2019/01/01/disparu.html', 'fr', 'Page introuvable', '/'],
    ['en-US', '/en/', '/en/blog/2019/01/01/gone.html', 'en', 'Page not found', '/en/'],
  ])('%s: a localized 404 that leads back home', async (locale, from, missing, l, title, home) => {
    const v = await visit({ locale, shots: `journeys/not-found-${l}` })
    await v.goto(from, 'home')
    // A stale link, as another site or an old post would have it.
    await v.page.evaluate(
      `document.querySelector('main').insertAdjacentHTML('afterbegin', '<p><a id="stale" href="${missing}">stale link</a></p>')`,
    )
    v.expectMissing(missing)
    const response = await v.follow(v.page.locator('#stale'), 'not-found')
    expect(response?.status()).toBe(404)
    expect(v.path()).toBe(missing)
    expect(await lang(v)).toBe(l)
    await expect(v.page.locator('h1').textContent()).resolves.toBe(title)

    await v.follow(v.page.locator('main a').last(), 'back-home')
    expect(v.path()).toBe(home)
  })
})
