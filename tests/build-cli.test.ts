import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type Files = Record<string, string>

let root = ''
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kiosque-cli-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Writes `{ path: text }` under a new folder of the scratch root and returns its path. */
async function folder(name: string, files: Files): Promise<string> {
  const dir = join(root, name)
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  return dir
}

function runBuild(content: string, out: string, ...extra: string[]): SpawnSyncReturns<string> {
  return spawnSync(
    'npx',
    ['tsx', 'src/cli/build.ts', '--content', content, '--out', out, ...extra],
    {
      cwd: process.cwd(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  )
}

/** Every file under `dir`, relative, sorted, with its content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files: Record<string, string> = {}
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = join(entry.parentPath, entry.name)
    files[full.slice(dir.length + 1)] = await readFile(full, 'utf8')
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
}

function md(frontMatter: string[], body = 'Corps du billet.'): string {
  return `---\n${frontMatter.join('\n')}\n---\n${body}\n`
}

const BROKEN: Files = {
  '_config.yml': 'title: Cassé\nlang: fr\n',
  // Valid, as in Jekyll: a post without a title is named after its file.
  '_posts/2019-01-01-sans-titre.md': md(['description: Pas de titre']),
  '_posts/2019-01-02-date.md': md(['title: Date', 'date: demain']),
  '_posts/2019-01-03-ok.md': md(['title: Valide']),
  // Jekyll only warns about front matter it cannot read, and so does Kiosque.
  'en/_posts/2019-01-04-yaml.md': md(['title: A', 'date: 2019-01-04', '\tfoo: 1']),
  '_posts/2019-01-05-a.md': md(['title: A', 'permalink: /meme.html']),
  '_posts/2019-01-06-b.md': md(['title: B', 'permalink: /meme.html']),
  'img/a.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
}

const brokenLines = (dir: string) => [
  `${dir}/_posts/2019-01-02-date.md:3:7: unparsable date "demain": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200`,
  `${dir}/_posts/2019-01-06-b.md:3:12: URL /meme.html is already the URL of ${dir}/_posts/2019-01-05-a.md:3:12: change one post's permalink or file name`,
]

describe('npm run build: an invalid content folder', () => {
  it('exits 1, prints every error as path:line:col: message, and writes nothing', async () => {
    const content = await folder('broken', BROKEN)
    const out = join(root, 'broken-dist', 'site')
    const result = runBuild(content, out)
    expect(result.status).toBe(1)
    const lines = result.stderr.trim().split('\n')
    for (const line of brokenLines(content)) expect(lines).toContain(line)
    expect(lines.at(-1)).toBe('build failed: 2 error(s); nothing was written')
    expect(lines).toHaveLength(3)
    expect(result.stdout).toBe('')
    expect(existsSync(out)).toBe(false)
    expect(existsSync(dirname(out))).toBe(false)
  })

  it.each([
    [
      'bad config',
      { '_config.yml': 'exclude: notes\nbaseurl: /blog?x\npermalink: /:foo/:title/\n' },
      [
        '_config.yml:1:10: exclude must be a list of strings, as Jekyll requires',
        '_config.yml:2:10: baseurl "/blog?x" must be a path such as /blog, without ?, #, % or spaces',
        '_config.yml:3:12: unknown permalink placeholder :foo',
      ],
    ],
    [
      'two posts, two dates Jekyll cannot read',
      {
        '_config.yml': 'lang: fr\n',
        '_posts/2019-01-01-x.md': md(['title: X', 'date: demain']),
        'en/_posts/2019-01-02-y.md': md(['title: Y', 'date: 2019-13-30']),
      },
      [
        '_posts/2019-01-01-x.md:3:7: unparsable date "demain": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200',
        'en/_posts/2019-01-02-y.md:3:7: unparsable date "2019-13-30": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200',
      ],
    ],
  ])('%s: every error on stderr', async (name, files, expected) => {
    const content = await folder(`broken-${name.replace(/\W+/g, '-')}`, files)
    const out = join(root, `out-${name.replace(/\W+/g, '-')}`)
    const result = runBuild(content, out)
    expect(result.status).toBe(1)
    const lines = result.stderr.trim().split('\n')
    expect(lines.slice(0, -1).sort()).toEqual(expected.map((l) => `${content}/${l}`).sort())
    expect(lines.at(-1)).toBe(`build failed: ${expected.length} error(s); nothing was written`)
    expect(existsSync(out)).toBe(false)
  })

  it('leaves an older build at --out untouched', async () => {
    const content = await folder('broken-again', BROKEN)
    const out = join(root, 'older-dist')
    await mkdir(join(out, 'assets', 'img'), { recursive: true })
    await writeFile(join(out, 'build.json'), '{"version":"older"}\n')
    await writeFile(join(out, 'kv.json'), '[]')
    await writeFile(join(out, 'assets', 'img', 'old.svg'), '<svg/>')
    const before = await snapshot(out)
    const result = runBuild(content, out)
    expect(result.status).toBe(1)
    expect(await snapshot(out)).toEqual(before)
    expect(before['build.json']).toBe('{"version":"older"}\n')
    expect((await readdir(root)).filter((n) => n.startsWith('older-dist'))).toEqual(['older-dist'])
  })
})

describe('npm run build: a valid content folder', () => {
  const VALID: Files = {
    '_config.yml':
      'title: Le Fournil\nlang: fr\nlanguages: [fr, en]\nurl: https://kiosque.example\n',
    '_posts/2019-01-01-pain.md': md(['title: Pain', 'lang-ref: pain']),
    'en/_posts/2019-01-01-bread.md': md(['title: Bread', 'lang-ref: pain']),
    '_posts/2099-01-01-futur.md': md(['title: Futur']),
    '_posts/2019-02-01-cache.md': md(['title: Caché', 'published: false']),
    '_drafts/brouillon.md': md(['title: Brouillon']),
    '_notes.md': 'not a static file',
    Gemfile: "source 'https://rubygems.org'\n", // excluded by default, as in Jekyll
    'a-propos.md': md(['title: À propos']),
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>',
    'img/blog/four.svg': '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
  }

  it('exits 0 and writes kv.json, build.json and assets/, consistent with each other', async () => {
    const content = await folder('valid', VALID)
    const out = join(root, 'valid-dist')
    await mkdir(out)
    await writeFile(join(out, 'stale.txt'), 'from an older build')
    const result = runBuild(content, out)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(
      /^built 3 posts and 1 pages in fr, en, 2 static files \(1 scheduled, 1 unpublished skipped\) → .+, version [0-9a-f]{20}\n$/,
    )

    expect((await readdir(out)).sort()).toEqual(['assets', 'build.json', 'kv.json'])
    const kv = JSON.parse(await readFile(join(out, 'kv.json'), 'utf8')) as {
      key: string
      value: string
    }[]
    const record = JSON.parse(await readFile(join(out, 'build.json'), 'utf8')) as {
      version: string
      keys: string[]
      posts: number
      languages: string[]
      assets: number
    }
    expect(record.keys).toEqual(kv.map((e) => e.key))
    expect(record.keys.at(-1)).toBe(`manifest:${record.version}`)
    expect(record).toMatchObject({ posts: 3, languages: ['fr', 'en'], assets: 2 })
    expect(result.stdout).toContain(`version ${record.version}`)
    const manifest = JSON.parse(kv.at(-1)?.value ?? '{}') as {
      posts: { url: string }[]
      site: { stylesheet: string; favicon: string }
    }
    expect(manifest.posts.map((p) => p.url).sort()).toEqual([
      // Jekyll's default permalink, the date style: the en/ folder is a category.
      '/2019/01/01/pain.html',
      '/2099/01/01/futur.html',
      '/en/2019/01/01/bread.html',
    ])
    const assets = await snapshot(join(out, 'assets'))
    expect(Object.keys(assets).filter((name) => !name.startsWith('_'))).toEqual([
      'favicon.svg',
      'img/blog/four.svg',
    ])
    expect(assets['favicon.svg']).toBe(VALID['favicon.svg'])
    // Kiosque's own: the theme's stylesheet, byte for byte, and the headers of static assets.
    const own = Object.keys(assets).filter((name) => name.startsWith('_'))
    expect(own).toEqual([
      '_headers',
      expect.stringMatching(/^_kiosque\/kiosque\.[0-9a-f]{12}\.css$/),
    ])
    const theme = await readFile('src/theme/kiosque.css', 'utf8')
    expect(theme.length).toBeGreaterThan(1000)
    expect(assets[own[1] as string]).toBe(theme)
    expect(manifest.site.stylesheet).toBe(`/${own[1]}`)
    // The site's own icon, so Kiosque's is not published.
    expect(manifest.site.favicon).toBe('/favicon.svg')
    expect((await readdir(root)).filter((n) => n.startsWith('valid-dist'))).toEqual(['valid-dist'])
  })

  it('a site without an icon of its own gets the theme’s, byte for byte', async () => {
    const { 'favicon.svg': _icon, ...noIcon } = VALID
    const content = await folder('valid-no-icon', noIcon)
    const out = join(root, 'no-icon-dist')
    expect(runBuild(content, out).status).toBe(0)
    const kv = JSON.parse(await readFile(join(out, 'kv.json'), 'utf8')) as { value: string }[]
    const { site } = JSON.parse(kv.at(-1)?.value ?? '{}') as { site: { favicon: string } }
    expect(site.favicon).toMatch(/^\/_kiosque\/icon\.[0-9a-f]{12}\.svg$/)
    const icon = await readFile(join(out, 'assets', site.favicon), 'utf8')
    expect(icon).toBe(await readFile('src/theme/favicon.svg', 'utf8'))
    expect(icon).toContain('<svg')
  })

  it('--drafts adds the drafts', async () => {
    const { '_posts/2099-01-01-futur.md': _future, ...noFuture } = VALID
    const content = await folder('valid-drafts', noFuture)
    const out = join(root, 'drafts-dist')
    const result = runBuild(content, out, '--drafts')
    expect(result.status).toBe(0)
    const record = JSON.parse(await readFile(join(out, 'build.json'), 'utf8')) as { posts: number }
    expect(record.posts).toBe(3)
    expect(result.stdout).toContain(
      'built 3 posts and 1 pages in fr, en, 2 static files (0 scheduled, 1 unpublished skipped)',
    )
  })

  it('--strict turns a warning into an error: exit 1, nothing written', async () => {
    const files = { ...VALID, _redirects: 'https://old.example/* /:splat 301\n' }
    const content = await folder('valid-strict', files)
    const warning = `${content}/_redirects:1:1: warning: a source with a host (domain-level redirect) is not supported: ignored`
    const lenient = runBuild(content, join(root, 'lenient-dist'))
    expect(lenient.status).toBe(0)
    expect(lenient.stderr.trim().split('\n')).toEqual([warning])
    expect(lenient.stdout).toContain('1 warning(s)')

    const out = join(root, 'strict-dist')
    const strict = runBuild(content, out, '--strict')
    expect(strict.status).toBe(1)
    expect(strict.stderr.trim().split('\n')).toEqual([
      warning.replace(': warning: ', ': '),
      'build failed: 1 error(s); nothing was written',
    ])
    expect(existsSync(out)).toBe(false)
  })

  it('folds a kind of warning seen more than 5 times to its first 3; --verbose lists them all', async () => {
    const untitled = Object.fromEntries(
      [1, 2, 3, 4, 5, 6, 7].map((n) => [
        `_posts/2019-03-0${n}-sans-titre-${n}.md`,
        md(['lang: fr']),
      ]),
    )
    const content = await folder('valid-fold', {
      ...VALID,
      ...untitled,
      '_posts/2019-04-01-liquid.md': md(['title: Liquid'], 'Avant {% include note.html %} après.'),
    })
    const untitledWarning = (n: number) =>
      `${content}/_posts/2019-03-0${n}-sans-titre-${n}.md:2:1: warning: no title: "Sans Titre ${n}", from the file name, as Jekyll does; add \`title: ...\` to choose it`
    const liquid = `${content}/_posts/2019-04-01-liquid.md:4:7: warning: \`{% include note.html %}\` left out: Jekyll outputs something here, and Kiosque will once it renders Liquid`

    const folded = runBuild(content, join(root, 'fold-dist'))
    expect(folded.status).toBe(0)
    expect(folded.stderr.trim().split('\n')).toEqual([
      untitledWarning(1),
      untitledWarning(2),
      untitledWarning(3),
      '… and 4 more like this (run with --verbose to list them all)',
      liquid,
    ])
    expect(folded.stdout).toContain('8 warning(s)')

    const verbose = runBuild(content, join(root, 'verbose-dist'), '--verbose')
    expect(verbose.status).toBe(0)
    expect(verbose.stderr.trim().split('\n')).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map(untitledWarning),
      liquid,
    ])
    // What is built is the same: only printing is folded.
    expect(await readFile(join(root, 'verbose-dist', 'kv.json'), 'utf8')).toBe(
      await readFile(join(root, 'fold-dist', 'kv.json'), 'utf8'),
    )
  })

  it('an unknown option exits non-zero without writing', async () => {
    const content = await folder('valid-option', VALID)
    const out = join(root, 'option-dist')
    const result = runBuild(content, out, '--bogus')
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('--bogus')
    expect(existsSync(out)).toBe(false)
  })
})

/** Runs a script of package.json through npm, as a user would. */
function npmRun(script: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' },
  })
}

describe('npm run dev and npm run test:sites: a wrong command line exits 2 with the usage', () => {
  it.each([
    ['dev', ['--bogus'], "Unknown option '--bogus'"],
    ['dev', ['--port', 'eighty'], '--port must be a port number, not "eighty"'],
    ['dev', ['--state-dir'], "Option '--state-dir <value>' argument missing"],
    ['test:sites', [], 'test:sites needs the site folder to check: --content DIR'],
    ['test:sites', ['--content', 'no/such/folder'], '--content no/such/folder: no such folder'],
    ['test:sites', ['--content', 'src'], '--content src: no _config.yml there'],
  ])('npm run %s -- %j', (script, args, message) => {
    const result = npmRun(script, ...args)
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain(`usage: npm run ${script} -- `)
    expect(result.stdout).toBe('')
  })
})
