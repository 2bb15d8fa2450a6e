import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `npm run compare` end to end, on a tiny site of its own: Jekyll builds it, `npm run dev`
// serves it. It needs Jekyll, as CI and the project's machines have it: without it, this fails.
const SITE = 'tests/fixtures/compare-site'
const TSX = join('node_modules', 'tsx', 'dist', 'cli.mjs')

let root = ''
beforeAll(async () => {
  const jekyll = spawnSync('ruby', ['-e', 'require "jekyll"'], { encoding: 'utf8' })
  if (jekyll.status !== 0) {
    throw new Error(
      'the compare tests need Jekyll: apt-get install jekyll ruby-jekyll-paginate-v2 ' +
        `(ruby said: ${jekyll.error?.message ?? jekyll.stderr.trim()})`,
    )
  }
  root = await mkdtemp(join(tmpdir(), 'kiosque-compare-cli-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the compare command as `npm run compare` does (tsx src/cli/compare.ts). */
function compare(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [TSX, 'src/cli/compare.ts', ...args], {
      env: { ...env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk
    })
    child.on('close', (status) => done({ status, stdout, stderr }))
  })
}

const explain = (run: Run | SpawnSyncReturns<string>) =>
  `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`

describe('npm run compare', () => {
  it('finds every post of a small site alike, content and language, and writes the report', async () => {
    const json = join(root, 'report.json')
    const run = await compare([
      '--content',
      SITE,
      '--scope',
      'posts',
      '--min-alike',
      '100',
      '--json',
      json,
    ])
    expect(run.status, explain(run)).toBe(0)
    expect(run.stdout).toContain('Kiosque and Jekyll 4.3.')
    expect(run.stdout).toContain('compare: 2 of 2 posts alike (100%)')
    expect(run.stderr).toContain('compare: comparing pages 2/2')
    const report = JSON.parse(await readFile(json, 'utf8'))
    expect(report.summary).toMatchObject({ scope: 'posts', compared: 2, alike: 2, missing: 0 })
    expect(
      report.pages.map((p: { url: string; similarity: number }) => [p.url, p.similarity]).sort(),
    ).toEqual([
      ['/blog/2024/03/01/first-post.html', 1],
      ['/blog/2024/03/01/premier-billet.html', 1],
    ])
    // The site was copied: Jekyll wrote nothing into it.
    expect(existsSync(join(SITE, '_site'))).toBe(false)
  }, 180_000)

  it('says when Kiosque cannot build the site, and exits 1', async () => {
    const site = join(root, 'conflict')
    const post = (title: string) => `---\ntitle: ${title}\npermalink: /same.html\n---\n\n${title}\n`
    const files = {
      '_config.yml': 'title: Conflit\nurl: "https://conflit.example"\nlang: fr\n',
      '_posts/2024-01-01-un.md': post('Un'),
      '_posts/2024-01-02-deux.md': post('Deux'),
    }
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(site, path)), { recursive: true })
      await writeFile(join(site, path), text)
    }
    const run = await compare(['--content', site, '--scope', 'posts'])
    expect(run.status, explain(run)).toBe(1)
    expect(run.stderr).toMatch(/compare: Kiosque cannot build this site yet \(\d+ error/)
    expect(run.stderr).toContain('_posts/2024-01-0')
  }, 180_000)

  it('says when Jekyll is not installed, and exits 2', async () => {
    const run = await compare(['--content', SITE], {
      ...process.env,
      PATH: join(root, 'no-such-bin'),
    })
    expect(run.status, explain(run)).toBe(2)
    expect(run.stderr).toContain(
      'compare: Jekyll is not installed, so there is nothing to compare with',
    )
  })

  const usage: [string, string[], string][] = [
    ['no --content', [], '--content DIR is required'],
    ['a folder that does not exist', ['--content', 'no/such/site'], 'no such folder'],
    ['a folder without _config.yml', ['--content', 'src'], 'no _config.yml there'],
    ['an unknown scope', ['--content', SITE, '--scope', 'pages'], '--scope must be posts or all'],
    [
      'a minimum over 100',
      ['--content', SITE, '--min-alike', '101'],
      '--min-alike must be a percentage',
    ],
    ['an unknown option', ['--content', SITE, '--fast'], "Unknown option '--fast'"],
  ]
  it.each(usage)('refuses %s with exit 2', async (_, args, message) => {
    const run = await compare(args)
    expect(run.status, explain(run)).toBe(2)
    expect(run.stderr).toContain(message)
  })
})
