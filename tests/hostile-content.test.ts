/**
 * Malformed content of every kind stops the build with `path:line:col: message` and publishes
 * nothing. Cases already in build-site.test.ts and build-cli.test.ts (bad YAML syntax, missing
 * title, unparsable dates, tags/published/lang-ref/description of the wrong type, unknown
 * language codes, lang-ref conflicts, duplicate URLs, a 26 MiB post in buildSite) are not
 * repeated: these are the ones they leave out.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContentError, formatDiagnostic } from '../src/build/diagnostics'
import { buildSite, type ContentTree, type SiteBuild } from '../src/build/site'

type Files = Record<string, string>

function treeOf(files: Files): ContentTree {
  const tree: ContentTree = {
    posts: [],
    drafts: [],
    pages: [],
    collections: [],
    data: [],
    assets: [],
  }
  for (const [path, text] of Object.entries(files)) {
    const file = { path, displayPath: `content/${path}`, text, mtimeMs: 0 }
    if (path === '_config.yml') tree.config = file
    else if (path.startsWith('_data/')) tree.data.push(file)
    else if (path.includes('_posts/')) tree.posts.push(file)
  }
  return tree
}

function build(files: Files): SiteBuild {
  return buildSite(treeOf(files), { now: Date.UTC(2024, 0, 1), drafts: false })
}

/** A failing build's errors; a build that succeeds (Jekyll would go on too) gives its warnings. */
function errorsOf(files: Files): string[] {
  try {
    return build(files).warnings.map(formatDiagnostic)
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    return error.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)
  }
}

const md = (frontMatter: string[], body = 'Corps.') =>
  `---\n${frontMatter.join('\n')}\n---\n${body}\n`
const FR = { '_config.yml': 'lang: fr\n' }
const post = (frontMatter: string[], body?: string) => ({
  ...FR,
  '_posts/2019-01-01-a.md': md(frontMatter, body),
})

// Nine levels of nine aliases: 9^7 values from a few hundred bytes.
const BOMB = ['a: &a [x, x, x, x, x, x, x, x, x]']
for (const [name, prev] of [
  ['b', 'a'],
  ['c', 'b'],
  ['d', 'c'],
  ['e', 'd'],
  ['f', 'e'],
])
  BOMB.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`)
BOMB.push(`g: [${Array(9).fill('*f').join(', ')}]`)

describe('malformed content: every problem at its path:line:col; the build stops where Jekyll does', () => {
  it.each<[string, Files, string[]]>([
    [
      'a config that is a list',
      { '_config.yml': '- a\n- b\n' },
      ['content/_config.yml:1:1: expected a mapping of `key: value` pairs'],
    ],
    [
      'a config title that is a list',
      { '_config.yml': 'title: [a]\n' },
      ['content/_config.yml:1:8: warning: title is not text: it is ignored'],
    ],
    [
      'languages as a string',
      { '_config.yml': 'languages: fr\n' },
      ['content/_config.yml:1:12: warning: languages is not a list: read as [fr]'],
    ],
    [
      'a language that is no tag',
      { '_config.yml': 'languages: [fr, "not a lang"]\n' },
      [
        'content/_config.yml:1:12: warning: languages: "not a lang" is not a language tag such as fr or pt-br: it is left out',
      ],
    ],
    [
      'future as a string',
      { '_config.yml': 'future: "yes"\n' },
      [
        'content/_config.yml:1:9: warning: future is not true or false: "yes" is read as true, as Jekyll reads it',
      ],
    ],
    [
      'exclude as a mapping',
      { '_config.yml': 'exclude: {a: 1}\n' },
      ['content/_config.yml:1:10: exclude must be a list of strings, as Jekyll requires'],
    ],
    [
      'defaults as a mapping',
      { '_config.yml': 'defaults: {}\n' },
      [
        'content/_config.yml:1:11: warning: defaults is not a list of {scope, values} entries: it is ignored, as Jekyll ignores it',
      ],
    ],
    [
      'a config lang that is a number',
      { '_config.yml': 'lang: 42\n' },
      [
        'content/_config.yml:1:7: warning: lang is not a language code such as fr or en: it is ignored (quote it: YAML reads no as false)',
      ],
    ],
    [
      'a config locale that is a list',
      { '_config.yml': 'locale: [fr]\n' },
      [
        'content/_config.yml:1:9: warning: locale is not a language code such as fr or en: it is ignored (quote it: YAML reads no as false)',
      ],
    ],
    [
      'a YAML alias bomb in the config',
      { '_config.yml': `${BOMB.join('\n')}\n` },
      [
        'content/_config.yml:1:1: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
      ],
    ],
    [
      'a YAML alias bomb in front matter',
      post(['title: A', ...BOMB]),
      [
        'content/_posts/2019-01-01-a.md:2:1: warning: invalid YAML: Excessive alias count indicates a resource exhaustion attack; the front matter is ignored, as Jekyll ignores it',
        'content/_posts/2019-01-01-a.md:2:1: warning: no title: "A", from the file name, as Jekyll does; add `title: ...` to choose it',
      ],
    ],
    [
      'a YAML alias bomb in _data',
      {
        ...FR,
        '_data/nav.yml': `${BOMB.join('\n')}\n`,
        '_posts/2019-01-01-a.md': md(['title: A']),
      },
      [
        'content/_data/nav.yml:1:1: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
      ],
    ],
    [
      'author, twitter, image, slug and permalink of the wrong type',
      post([
        'title: A',
        'author: [a]',
        'twitter: {a: 1}',
        'image: [x]',
        'slug: [x]',
        'permalink: [x]',
      ]),
      [
        'content/_posts/2019-01-01-a.md:3:9: warning: author is a list or a mapping, not text: it is ignored',
        'content/_posts/2019-01-01-a.md:4:10: warning: twitter is a list or a mapping, not text: it is ignored',
        'content/_posts/2019-01-01-a.md:5:8: warning: image is a list or a mapping, not text: it is ignored',
        'content/_posts/2019-01-01-a.md:6:7: warning: slug is a list or a mapping, not text: it is ignored',
        'content/_posts/2019-01-01-a.md:7:12: warning: permalink is a list or a mapping, not text: it is ignored',
      ],
    ],
    [
      'categories as a mapping',
      post(['title: A', 'categories: {a: 1}']),
      [
        'content/_posts/2019-01-01-a.md:3:13: warning: categories is neither a list nor a space-separated string: it is ignored',
      ],
    ],
    [
      'nested tags',
      post(['title: A', 'tags: [[a]]']),
      [
        'content/_posts/2019-01-01-a.md:3:7: warning: tags is neither a list nor a space-separated string: it is ignored',
      ],
    ],
    [
      'lang as a list',
      post(['title: A', 'lang: [fr]']),
      [
        'content/_posts/2019-01-01-a.md:3:7: warning: lang is not a language code such as fr or en: fr is used (quote it: YAML reads no as false)',
      ],
    ],
    [
      'a date as a list',
      post(['title: A', 'date: [2019]']),
      [
        'content/_posts/2019-01-01-a.md:3:7: unparsable date "2019": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200',
      ],
    ],
    [
      'month 13, day 45',
      post(['title: A', 'date: 2019-13-45']),
      [
        'content/_posts/2019-01-01-a.md:3:7: unparsable date "2019-13-45": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200',
      ],
    ],
    [
      'February 29 of a common year: March 1st, as Ruby reads it',
      post(['title: A', 'date: 2019-02-29']),
      [
        "content/_posts/2019-01-01-a.md:3:7: warning: 2019-02-29 is not a calendar date: read as 2019-03-01, as Jekyll (Ruby's Time.parse) reads it",
      ],
    ],
    [
      'an hour 25',
      post(['title: A', 'date: 2019-01-01 25:00:00']),
      [
        'content/_posts/2019-01-01-a.md:3:7: unparsable date "2019-01-01 25:00:00": use YYYY-MM-DD, optionally with HH:MM:SS and an offset such as +0200',
      ],
    ],
    [
      'an empty file',
      { ...FR, '_posts/2019-01-01-a.md': '' },
      [
        'content/_posts/2019-01-01-a.md:1:1: warning: no front matter: read with the defaults of _config.yml only, as Jekyll reads it; start the file with a `---` line to give it some',
        'content/_posts/2019-01-01-a.md:1:1: warning: no title: "A", from the file name, as Jekyll does; add `title: ...` to choose it',
      ],
    ],
    [
      'binary bytes',
      { ...FR, '_posts/2019-01-01-a.md': '\u0000\u0001\uFFFD\uFFFDPNG\r\n' },
      [
        'content/_posts/2019-01-01-a.md:1:1: warning: no front matter: read with the defaults of _config.yml only, as Jekyll reads it; start the file with a `---` line to give it some',
        'content/_posts/2019-01-01-a.md:1:1: warning: no title: "A", from the file name, as Jekyll does; add `title: ...` to choose it',
      ],
    ],
    [
      'a category with ? in the URL',
      {
        '_config.yml': 'lang: fr\npermalink: date\n',
        '_posts/2019-01-01-a.md': md(['title: A', 'categories: ["a?b"]']),
      },
      [
        'content/_posts/2019-01-01-a.md:2:1: URL /a?b/2019/01/01/a.html contains "?", which links cannot carry: remove it from the categories, slug or permalink',
      ],
    ],
    [
      'a permalink with #',
      post(['title: A', 'permalink: "/c#/:title/"']),
      [
        'content/_posts/2019-01-01-a.md:3:12: URL /c#/a/ contains "#", which links cannot carry: remove it from the categories, slug or permalink',
      ],
    ],
  ])('%s', (_name, files, expected) => {
    expect(errorsOf(files)).toEqual(expected)
  })
})

describe('odd but valid content builds, and builds what the worker can serve', () => {
  it('a byte order mark before the front matter', () => {
    expect(
      build({ ...FR, '_posts/2019-01-01-a.md': `\uFEFF${md(['title: A'])}` }).manifest.posts,
    ).toHaveLength(1)
  })

  it('lone surrogates in a title, a category and a tag: the URL gets U+FFFD', () => {
    const site = build({
      '_config.yml': 'lang: fr\npermalink: date\n',
      '_posts/2019-01-01-a.md': md([
        'title: "A \\uD800"',
        'categories: ["\\uD800"]',
        'tags: ["\\uDC00"]',
      ]),
    })
    const [summary] = site.manifest.posts
    expect(summary?.url).toBe('/\uFFFD/2019/01/01/a.html')
    expect(() => encodeURI(summary?.url ?? '')).not.toThrow()
  })

  it('100,000 nested quotes with an iframe: built, the policy still read', () => {
    const site = build(
      post(['title: A'], `${'>'.repeat(100_000)} <iframe src="https://x.example/"></iframe>`),
    )
    expect(site.manifest.posts).toHaveLength(1)
    expect(site.manifest.site.csp?.frameSrc).toEqual(['https://x.example'])
  }, 30_000)
})

describe('hostile Liquid in a post: Jekyll fails where Liquid does, never a crash or raw tags', () => {
  it.each<[string, string, string[]]>([
    [
      'an unclosed raw',
      'Un\n{% raw %}\n{{ x }}',
      [
        'content/_posts/2019-01-01-a.md:5:1: `{% raw %}` is never closed by {% endraw %}, a Liquid syntax error Jekyll fails on too',
      ],
    ],
    [
      'an unclosed highlight',
      '{% highlight python %}\nx = 1',
      [
        'content/_posts/2019-01-01-a.md:4:1: `{% highlight python %}` is never closed by {% endhighlight %}, a Liquid syntax error Jekyll fails on too',
      ],
    ],
    [
      'blocks crossed',
      '{% if a %}{% for b in c %}{% endif %}{% endfor %}',
      [
        'content/_posts/2019-01-01-a.md:4:27: `{% endif %}` does not belong in `{% for b in c %}`, closed by {% endfor %}, a Liquid syntax error Jekyll fails on too',
      ],
    ],
    [
      '120 nested ifs',
      `${'{% if a %}'.repeat(120)}${'{% endif %}'.repeat(120)}`,
      [
        'content/_posts/2019-01-01-a.md:4:1001: `{% if a %}` is nested over 100 deep, a Liquid syntax error Jekyll fails on too',
      ],
    ],
  ])('%s', (_, body, expected) => {
    expect(errorsOf(post(['title: A'], body))).toEqual(expected)
  })

  it('a 5 MB body of tags, variables and fences: built, without {% or {{ left', () => {
    const chunk =
      '```\n{{ site.lang }} {% include x.html %}\n```\n{% comment %}{{ y }}{% endcomment %}{{ page.title | relative_url }}\n'
    const times = Math.ceil(5e6 / chunk.length)
    const site = build(post(['title: A'], chunk.repeat(times)))
    const body = JSON.parse(site.entries[0]?.value ?? '{}').body as string
    expect(body).toBe(`${'```\nfr \n```\n/A\n'.repeat(times)}\n`)
    expect(site.warnings).toHaveLength(times)
  }, 60_000)
})

describe('npm run build: a 30 MB post', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kiosque-hostile-content-'))
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('exits 1 with its path and the KV limit, and writes nothing', async () => {
    const content = join(root, 'content')
    const files: Files = {
      '_config.yml': 'title: Gros\nlang: fr\n',
      '_posts/2019-01-01-petit.md': md(['title: Petit']),
      '_posts/2019-01-02-enorme.md': md(
        ['title: Énorme'],
        'Du pain. '.repeat((30 * 1024 * 1024) / 9),
      ),
    }
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(content, path)), { recursive: true })
      await writeFile(join(content, path), text)
    }
    const out = join(root, 'dist')
    const result = spawnSync(
      'npx',
      ['tsx', 'src/cli/build.ts', '--content', content, '--out', out],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
    )
    expect(result.status).toBe(1)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toEqual([
      `${content}/_posts/2019-01-02-enorme.md:1:1: post is 30.0 MiB, over KV's 25 MiB value limit: split it or move media to static files`,
      'build failed: 1 error(s); nothing was written',
    ])
    expect(result.stdout).toBe('')
    expect(existsSync(out)).toBe(false)
  }, 120_000)
})
