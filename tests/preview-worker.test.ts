import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare, type WorkerOptions } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFolder } from '../src/build/build-folder'
import type { SiteBuild } from '../src/build/site'
import { signPreviewToken } from '../src/model/preview-token'
import { isPreviewHost } from '../src/worker/preview'
import { BUNDLE_DIR, TEST_DIR } from './support/paths'
import { compatibilityDate, fillKv } from './support/site'

// The bundled worker in workerd, twice on one KV namespace, as Cloudflare runs a preview: the
// live version (content built without drafts) and a preview version (built by `npm run preview
// -- --drafts`, with its CONTENT_VERSION var). A request is a preview by its host alone.

const SECRET = 'a-test-secret-of-the-preview-links'
const LIVE_HOST = 'https://kiosque.acct.workers.dev'
const PREVIEW_HOST = 'https://drafts-kiosque.acct.workers.dev'
const NOW = Date.now()

let scratch: string
let live: SiteBuild
let preview: SiteBuild
let mf: Miniflare
let token: string
let draftUrl: string
let futureUrl: string

function worker(name: string, out: string, version: string): WorkerOptions {
  return {
    name,
    modules: true,
    scriptPath: join(BUNDLE_DIR, 'index.js'),
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
    compatibilityDate: compatibilityDate(),
    kvNamespaces: { POSTS: 'shared-posts' },
    bindings: { CONTENT_VERSION: version, WORKER_NAME: 'kiosque', KIOSQUE_PREVIEW_SECRET: SECRET },
    assets: { directory: join(out, 'assets'), routerConfig: { has_user_worker: true } },
  }
}

async function get(which: 'live' | 'preview', url: string, headers: Record<string, string> = {}) {
  const fetcher = await mf.getWorker(which)
  const res = await fetcher.fetch(url, { redirect: 'manual', headers })
  return { res, html: await res.text() }
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kiosque-preview-'))
  const content = join(scratch, 'content')
  await mkdir(join(content, '_posts'), { recursive: true })
  await mkdir(join(content, '_drafts'), { recursive: true })
  await writeFile(
    join(content, '_config.yml'),
    'title: Carnet\nurl: "https://carnet.example"\nlang: fr\nlanguages: [fr]\n',
  )
  await writeFile(
    join(content, '_posts', '2020-01-01-bonjour.md'),
    '---\ntitle: "Bonjour"\n---\nLe premier article.\n',
  )
  await writeFile(
    join(content, '_posts', '2099-01-01-plus-tard.md'),
    '---\ntitle: "Plus tard"\n---\nUn article programmé.\n',
  )
  await writeFile(
    join(content, '_drafts', 'projet-secret.md'),
    '---\ntitle: "Projet secret"\n---\nPas encore pour les lecteurs.\n',
  )
  const liveOut = join(TEST_DIR, 'preview-live')
  const previewOut = join(TEST_DIR, 'preview-drafts')
  live = await buildFolder({ content, out: liveOut, drafts: false, now: NOW })
  preview = await buildFolder({
    content,
    out: previewOut,
    drafts: true,
    draftsByToken: true,
    now: NOW,
  })
  draftUrl = preview.manifest.posts.find((p) => p.draft)?.url ?? ''
  futureUrl = preview.manifest.posts.find((p) => p.title === 'Plus tard')?.url ?? ''
  expect(draftUrl).not.toBe('')
  mf = new Miniflare({
    workers: [
      worker('live', liveOut, live.version),
      worker('preview', previewOut, preview.version),
    ],
  })
  // Both builds' keys in the one namespace, as deploy then preview leave it.
  await fillKv(mf, liveOut)
  await fillKv(mf, previewOut)
  token = await signPreviewToken(SECRET, preview.version, Math.floor(NOW / 1000) + 3600)
})

afterAll(async () => {
  await mf?.dispose()
  await rm(scratch, { recursive: true, force: true })
})

describe('isPreviewHost', () => {
  it.each<[string, string | undefined, boolean]>([
    ['drafts-kiosque.acct.workers.dev', 'kiosque', true],
    ['39c054bc-kiosque.acct.workers.dev', 'kiosque', true],
    ['DRAFTS-Kiosque.acct.workers.dev:443', 'kiosque', true],
    ['kiosque.acct.workers.dev', 'kiosque', false],
    ['my-blog.acct.workers.dev', 'my-blog', false],
    ['new-my-blog.acct.workers.dev', 'my-blog', true],
    ['drafts-kiosque.example.org', 'kiosque', false],
    ['drafts-kiosque.acct.workers.dev.evil.test', 'kiosque', false],
    ['-kiosque.acct.workers.dev', 'kiosque', false],
    ['drafts-kiosque.acct.workers.dev', undefined, false],
    ['127.0.0.1:8787', 'kiosque', false],
  ])('%s (worker %s) → %s', (host, name, expected) => {
    expect(isPreviewHost(host, name)).toBe(expected)
  })
})

describe('a drafts preview in workerd', () => {
  it('with its token, the preview worker serves the draft with the banner and noindex', async () => {
    const open = await get('preview', `${PREVIEW_HOST}/?preview=${token}`)
    expect(open.res.status).toBe(302)
    expect(open.res.headers.get('Location')).toBe('/')
    const cookie = open.res.headers.get('Set-Cookie') ?? ''
    expect(cookie).toMatch(
      new RegExp(
        `^kiosque_preview=${token.replace('.', '\\.')}; Path=/; Max-Age=(3[5-6]\\d\\d); HttpOnly; Secure; SameSite=Lax$`,
      ),
    )
    const draft = await get('preview', `${PREVIEW_HOST}${draftUrl}`, {
      cookie: `kiosque_preview=${token}`,
    })
    expect(draft.res.status).toBe(200)
    expect(draft.html).toContain('Projet secret')
    expect(draft.res.headers.get('X-Robots-Tag')).toBe('noindex')
    expect(draft.res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(draft.res.headers.get('ETag')).toBeNull()
    expect(draft.html).toMatch(/<meta name="robots" content="noindex"><\/head>/)
    expect(draft.html).toContain(
      '<aside class="preview-banner" lang="fr" role="note">Aperçu : les lecteurs ne voient pas cette version du site. Les brouillons et les articles programmés sont affichés.</aside>',
    )
    const home = await get('preview', `${PREVIEW_HOST}/`, { cookie: `kiosque_preview=${token}` })
    expect(home.html).toContain('Projet secret')
    expect(home.html).toContain('Plus tard')
  })

  it('without a valid token, the preview serves what the live site would, still as a preview', async () => {
    for (const cookie of [
      '',
      'kiosque_preview=garbage',
      `kiosque_preview=${await signPreviewToken('another-secret', preview.version, Math.floor(NOW / 1000) + 3600)}`,
      `kiosque_preview=${await signPreviewToken(SECRET, live.version, Math.floor(NOW / 1000) + 3600)}`,
      `kiosque_preview=${await signPreviewToken(SECRET, preview.version, Math.floor(NOW / 1000) - 1)}`,
    ]) {
      const draft = await get('preview', `${PREVIEW_HOST}${draftUrl}`, { cookie })
      expect(draft.res.status).toBe(404)
      expect(draft.html).not.toContain('Projet secret')
      const scheduled = await get('preview', `${PREVIEW_HOST}${futureUrl}`, { cookie })
      expect(scheduled.res.status).toBe(404)
      const home = await get('preview', `${PREVIEW_HOST}/`, { cookie })
      expect(home.html).toContain('Bonjour')
      expect(home.html).not.toContain('Projet secret')
      expect(home.html).not.toContain('Plus tard')
      expect(home.res.headers.get('X-Robots-Tag')).toBe('noindex')
      expect(home.html).toContain(
        '<aside class="preview-banner" lang="fr" role="note">Aperçu : les lecteurs ne voient pas cette version du site.</aside>',
      )
    }
    const refused = await get('preview', `${PREVIEW_HOST}/?preview=1.nope`)
    expect(refused.res.status).toBe(302)
    expect(refused.res.headers.get('Set-Cookie')).toBeNull()
  })

  it('the live worker on the same KV shows neither the draft nor a banner', async () => {
    const draft = await get('live', `${LIVE_HOST}${draftUrl}`, {
      cookie: `kiosque_preview=${token}`,
    })
    expect(draft.res.status).toBe(404)
    expect(draft.html).not.toContain('Projet secret')
    const home = await get('live', `${LIVE_HOST}/`)
    expect(home.res.status).toBe(200)
    expect(home.html).not.toContain('preview-banner')
    expect(home.html).not.toContain('noindex')
    expect(home.res.headers.get('X-Robots-Tag')).toBeNull()
    expect(home.res.headers.get('Cache-Control')).not.toContain('no-store')
  })

  it('the preview version on a host that is no preview URL carries no banner and opens nothing', async () => {
    const draft = await get('preview', `${LIVE_HOST}${draftUrl}`, {
      cookie: `kiosque_preview=${token}`,
    })
    expect(draft.res.status).toBe(404)
    const home = await get('preview', `${LIVE_HOST}/?preview=${token}`)
    expect(home.res.status).toBe(200)
    expect(home.res.headers.get('Set-Cookie')).toBeNull()
    expect(home.html).not.toContain('preview-banner')
    expect(home.res.headers.get('X-Robots-Tag')).toBeNull()
  })
})
