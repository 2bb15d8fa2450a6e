import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostSummary } from '../src/model/types'
import { type ServedSite, serveContent, visiblePosts } from './support/site'

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kiosque-caching-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** A copy of content/ to edit, as an author would between two publishes. */
async function contentCopy(name: string): Promise<string> {
  const dir = join(scratch, name)
  await cp('content', dir, { recursive: true })
  return dir
}

describe('HTTP caching of pages', () => {
  let site: ServedSite
  let post: PostSummary
  beforeAll(async () => {
    site = await serveContent('content', { name: 'caching-http' })
    post = visiblePosts(site.build).find((p) => p.lang === 'fr' && p.langRef) as PostSummary
  })
  afterAll(() => site?.close())

  it('renders a page once, then serves it from the isolate cache whatever the headers', async () => {
    const path = encodeURI(post.url)
    const first = await site.fetch(path)
    expect(first.headers.get('x-kiosque-cache')).toBe('render')
    const variants = ['fr', 'en-GB,en;q=0.9', 'de', '*', 'x'.repeat(5000)]
    for (const acceptLanguage of variants) {
      const again = await site.fetch(path, {
        headers: { 'accept-language': acceptLanguage, cookie: `junk=${acceptLanguage.length}` },
      })
      expect(again.headers.get('x-kiosque-cache'), acceptLanguage.slice(0, 20)).toBe('memory')
    }
  })

  it('sends a strong ETag and Last-Modified, and answers 304 to a matching If-None-Match', async () => {
    const path = encodeURI(post.url)
    const res = await site.fetch(path)
    const etag = res.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(res.headers.get('last-modified')).toBe(new Date(post.date).toUTCString())
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const cached = await site.fetch(path, { headers: { 'if-none-match': inm } })
      expect(cached.status, inm).toBe(304)
      expect(cached.headers.get('etag')).toBe(etag)
      expect(await cached.text()).toBe('')
    }
    for (const inm of ['"nope"', etag.slice(0, -2), 'x'.repeat(10_000)]) {
      expect((await site.fetch(path, { headers: { 'if-none-match': inm } })).status).toBe(200)
    }
  })

  it.each([
    ['a date after the post', (d: Date) => new Date(d.getTime() + 86_400_000).toUTCString(), 304],
    ['the post date itself', (d: Date) => d.toUTCString(), 304],
    ['a date before the post', (d: Date) => new Date(d.getTime() - 86_400_000).toUTCString(), 200],
    ['garbage', () => 'yesterday-ish', 200],
  ])('answers If-Modified-Since with %s', async (_name, since, status) => {
    const res = await site.fetch(encodeURI(post.url), {
      headers: { 'if-modified-since': since(new Date(post.date)) },
    })
    expect(res.status).toBe(status)
  })

  it('answers HEAD like GET, without a body', async () => {
    const get = await site.fetch(encodeURI(post.url))
    const head = await site.fetch(encodeURI(post.url), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    for (const name of ['etag', 'content-type', 'content-language', 'cache-control']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name))
    }
  })

  it.each([
    ['a post', () => encodeURI(post.url), 200, /^public, max-age=300/],
    ['a listing', () => '/en/', 200, /^public, max-age=60,/],
    ['the negotiated root', () => '/', 200, /^public, max-age=60,/],
    ['a 404', () => '/no/such/page', 404, /^public, max-age=60$/],
    ['a canonical redirect', () => '/page1/', 301, /^public, max-age=3600$/],
  ])('sends a Cache-Control suited to %s', async (_name, path, status, control) => {
    const res = await site.fetch(path())
    expect(res.status).toBe(status)
    expect(res.headers.get('cache-control')).toMatch(control)
  })

  it('never lets a response that sets a cookie be cached', async () => {
    const res = await site.fetch(`${encodeURI(post.url)}?lang=en`)
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toMatch(/^kiosque_lang=en;/)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const plain = await site.fetch(encodeURI(post.url))
    expect(plain.headers.get('set-cookie')).toBeNull()
  })
})

describe('publishing a new version', () => {
  let site: ServedSite
  let v1: ServedSite['build']
  beforeAll(async () => {
    site = await serveContent('content', { name: 'publish-v1' })
    v1 = site.build
  })
  afterAll(() => site?.close())

  it('changes the ETags of changed pages only, with requests served throughout', async () => {
    const etags = async () => {
      const out = new Map<string, string>()
      const paths = [
        ...visiblePosts(site.build).map((p) => encodeURI(p.url)),
        '/',
        '/en/',
        '/page2/',
      ]
      for (const path of paths) {
        const res = await site.fetch(path)
        expect(res.status, path).toBe(200)
        out.set(path, res.headers.get('etag') ?? '')
      }
      return out
    }
    const before = await etags()

    // An author edits one post's body, then publishes twice in a row.
    const dir = await contentCopy('edited')
    const edited = visiblePosts(v1).find((p) => p.lang === 'en' && !p.langRef) as PostSummary
    const file = join(dir, edited.source)
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}\n\nA paragraph added after publication.\n`,
    )
    // Visitors keep reading while the new version's keys are written and the worker switches.
    let publishing = true
    const statuses: number[] = []
    const visitors = (async () => {
      while (publishing) {
        for (const p of visiblePosts(v1)) statuses.push((await site.fetch(encodeURI(p.url))).status)
      }
    })()
    const v2 = await site.publish(dir, 'publish-v2').finally(() => {
      publishing = false
    })
    await visitors
    expect(statuses.length).toBeGreaterThan(visiblePosts(v1).length)
    expect(new Set(statuses)).toEqual(new Set([200]))
    expect(v2.version).not.toBe(v1.version)
    const afterFirst = await etags()
    const v3 = await site.publish(dir, 'publish-v3')
    expect(v3.version).toBe(v2.version)
    const afterSecond = await etags()

    const changed = [...before]
      .filter(([path, etag]) => afterFirst.get(path) !== etag)
      .map(([p]) => p)
    expect(changed).toEqual([encodeURI(edited.url)])
    expect(afterSecond).toEqual(afterFirst)
    const res = await site.fetch(encodeURI(edited.url))
    expect(await res.text()).toContain('A paragraph added after publication.')
  })

  it('keeps the old version whole in KV, so a rollback to it serves the old content', async () => {
    const kv = await site.mf.getKVNamespace('POSTS')
    for (const entry of v1.entries)
      expect(await kv.get(entry.key, 'text'), entry.key).toBe(entry.value)
  })
})

describe('KV faults injected at the binding', () => {
  let site: ServedSite
  let cacheDir: string
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'kiosque-cache-api-'))
    site = await serveContent('content', { name: 'faults', kvFaults: true, cachePersist: cacheDir })
  })
  afterAll(async () => {
    await site?.close()
    await rm(cacheDir, { recursive: true, force: true })
  })

  it.each(['error', 'missing', 'timeout'])(
    'answers a cold page with a 503, Retry-After and no stack trace when KV reads give %s',
    async (mode) => {
      const res = await site.fetch('/en/', { headers: { 'x-test-kv-fault': mode } })
      const html = await res.text()
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('30')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(html).toContain('<h1>')
      expect(html).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|Error:/)
    },
    15_000,
  )

  it('serves a page rendered earlier from the Cache API when a new isolate cannot read KV', async () => {
    const post = visiblePosts(site.build)[0] as PostSummary
    const warm = await site.fetch(encodeURI(post.url))
    expect(warm.status).toBe(200)
    await new Promise((r) => setTimeout(r, 200)) // let the Cache API write (waitUntil) land

    // Same deployment, fresh isolate (no catalog, no LRU), sharing the colo's Cache API.
    const second = await serveContent('content', {
      name: 'faults-2',
      kvFaults: true,
      cachePersist: cacheDir,
    })
    try {
      const res = await second.fetch(encodeURI(post.url), {
        headers: { 'x-test-kv-fault': 'error' },
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-kiosque-cache')).toBe('cache-api')
      expect(res.headers.get('etag')).toBe(warm.headers.get('etag'))
      const other = visiblePosts(site.build)[1] as PostSummary
      const cold = await second.fetch(encodeURI(other.url), {
        headers: { 'x-test-kv-fault': 'error' },
      })
      expect(cold.status).toBe(503)
    } finally {
      await second.close()
    }
  })

  it('answers a broken record with a 500 page that shows no stack trace', async () => {
    const kv = await site.mf.getKVNamespace('POSTS')
    const victim = visiblePosts(site.build).at(-1) as PostSummary
    await kv.put(victim.key, JSON.stringify({ title: 'no body' }))
    const res = await site.fetch(encodeURI(victim.url))
    const html = await res.text()
    expect(res.status).toBe(500)
    expect(res.headers.get('content-language')).toBe(victim.lang)
    expect(html).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|TypeError/)
  })
})
