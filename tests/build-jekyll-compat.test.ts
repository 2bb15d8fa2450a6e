/**
 * What Jekyll 4.3 builds, Kiosque builds, doing what Jekyll does and saying so: default titles,
 * EntryFilter, `_data/`, menus, plugins, `redirect_from`, translation keys and strict mode.
 * Expected values from Ruby are noted where they were computed with Jekyll or Ruby itself.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readData, siteData } from '../src/build/data'
import { ContentError, DiagnosticList, formatDiagnostic } from '../src/build/diagnostics'
import { fnmatch, isFilteredOut } from '../src/build/entry-filter'
import { readNav } from '../src/build/nav'
import type { SourceFile } from '../src/build/post'
import { defaultTitle } from '../src/build/post-file'
import { scanContent } from '../src/build/scan'
import { buildSite, type ContentTree, emptyTree, type SiteBuild } from '../src/build/site'

type Files = Record<string, string>

function file(path: string, text: string): SourceFile {
  return { path, displayPath: `content/${path}`, text, mtimeMs: 0 }
}

function treeOf(files: Files): ContentTree {
  const tree = emptyTree()
  for (const [path, text] of Object.entries(files)) {
    const f = file(path, text)
    if (path === '_config.yml') tree.config = f
    else if (path.startsWith('_data/')) tree.data.push(f)
    else if (path.includes('_posts/')) tree.posts.push(f)
    else tree.pages.push(f)
  }
  return tree
}

function build(files: Files, strict = false): SiteBuild {
  return buildSite(treeOf(files), { now: Date.UTC(2024, 0, 1), drafts: false, strict })
}

function errorsOf(files: Files, strict = false): string[] {
  try {
    build(files, strict)
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    return error.diagnostics.map(formatDiagnostic)
  }
  return expect.unreachable('the build should have failed')
}

const md = (frontMatter: string[], body = 'Corps.') =>
  `---\n${frontMatter.join('\n')}\n---\n${body}\n`
const FR = { '_config.yml': 'lang: fr\n' }

describe('defaultTitle: Jekyll’s Utils.titleize_slug of the file name', () => {
  // Expected values from Ruby: slug.split("-").map!(&:capitalize).join(" ").
  it.each([
    ['2018-05-29-pourquoi-devenir-EIG.md', 'Pourquoi Devenir Eig'],
    ['18-01-08-bilan.md', 'Bilan'],
    ['2020-09-01-vincent-chery.md', 'Vincent Chery'],
    ['a--b.md', 'A  B'],
    ['-a-.md', ' A'],
    ['x..md', 'X'],
    ['été-à-paris.md', 'Été À Paris'],
    ['README', 'Readme'],
  ])('%s → %j', (name, expected) => {
    expect(defaultTitle(name)).toBe(expected)
  })
})

describe('isFilteredOut: Jekyll’s EntryFilter', () => {
  const rules = (include: string[], exclude: string[]) => ({ include, exclude })
  const jekyll = rules(['.htaccess'], ['Gemfile', 'vendor/bundle/', 'node_modules'])
  it.each<[string, { include: string[]; exclude: string[] }, boolean]>([
    ['img/a.png', jekyll, false],
    ['.circleci/config.yml', jekyll, true],
    ['.gitignore', jekyll, true],
    ['.htaccess', jekyll, false],
    ['blog/.htaccess', jekyll, false],
    ['_notes.md', jekyll, true],
    ['#draft.md', jekyll, true],
    ['~tmp.md', jekyll, true],
    ['notes.md~', jekyll, true],
    ['Gemfile', jekyll, true],
    ['Gemfile.lock', jekyll, true],
    ['vendor/bundle/x.rb', jekyll, true],
    ['vendor/other/x.rb', jekyll, false],
    ['node_modules/x/index.js', jekyll, true],
    ['_redirects', rules(['_redirects'], []), false],
    ['.well-known/security.txt', rules(['.well-known'], []), false],
    ['.htaccess', rules(['_redirects'], []), true],
    ['docs/a.md', rules([], ['docs']), true],
    ['docs-old/a.md', rules([], ['docs']), true],
    ['a/docs/x.md', rules([], ['docs']), false],
    // Ruby: File.fnmatch('/s/*.psd', '/s/img/a.psd') is true: without flags, * crosses /.
    ['img/a.psd', rules([], ['*.psd']), true],
    ['img/a.psd', rules([], ['img/*.psd']), true],
    ['a.psd', rules([], ['*.psd']), true],
    ['tests/x.html', rules(['tests'], ['tests']), false],
  ])('%s with %j: %s', (path, r, expected) => {
    expect(isFilteredOut(path, r)).toBe(expected)
  })

  it('walks Jekyll’s own folders whatever their names', () => {
    const reserved = (_i: number, name: string) => name === '_posts'
    expect(isFilteredOut('en/_posts/2019-01-01-a.md', jekyll, reserved)).toBe(false)
    expect(isFilteredOut('_posts/_brouillon.md', jekyll, reserved)).toBe(true)
  })
})

describe('fnmatch: Ruby’s File.fnmatch without flags', () => {
  it.each([
    ['*.psd', 'a.psd', true],
    ['*.psd', 'img/a.psd', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['[ab]x', 'bx', true],
    ['[!ab]x', 'bx', false],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a.b', 'axb', false],
  ])('%s ~ %s: %s', (pattern, text, expected) => {
    expect(fnmatch(pattern, text)).toBe(expected)
  })
})

describe('readData: _data/ as Jekyll’s DataReader reads it', () => {
  it('reads YAML, JSON, CSV and TSV in nested folders into site.data', () => {
    const diagnostics = new DiagnosticList()
    const data = readData(
      [
        file('_data/nav.yml', '- name: A\n  path: a.html\n'),
        file('_data/stats.json', '{"a": 1, "b": [true, null]}'),
        file('_data/team/people.csv', 'name,role\nAda,"dev, ops"\r\nLin,"say ""hi"""\n'),
        file('_data/team/skills.tsv', 'skill\tlevel\ngo\t3\n'),
        file('_data/my file-é.yml', 'x: 1\n'),
      ],
      diagnostics,
    )
    expect(diagnostics.items).toEqual([])
    expect(siteData(data)).toEqual({
      nav: [{ name: 'A', path: 'a.html' }],
      stats: { a: 1, b: [true, null] },
      team: {
        people: [
          { name: 'Ada', role: 'dev, ops' },
          { name: 'Lin', role: 'say "hi"' },
        ],
        skills: [{ skill: 'go', level: '3' }],
      },
      'my_file-': { x: 1 },
    })
  })

  it.each([
    [
      'YAML that Psych refuses is an error, as Jekyll fails on it',
      file('_data/a.yml', 'a: [1, 2\n'),
      /^content\/_data\/a\.yml:\d+:\d+: invalid YAML, which Jekyll refuses too: /,
    ],
    [
      'an unclosed CSV quote is an error, as Ruby’s CSV refuses it',
      file('_data/a.csv', 'a,b\n1,"x\n'),
      /^content\/_data\/a\.csv:2:1: unclosed quoted field, which Jekyll refuses too/,
    ],
  ])('%s', (_name, source, expected) => {
    const diagnostics = new DiagnosticList()
    expect(readData([source], diagnostics)).toEqual([])
    expect(diagnostics.errors.map(formatDiagnostic)[0]).toMatch(expected)
  })

  it('a duplicate key is a warning at the second one, and the last one is kept', () => {
    const diagnostics = new DiagnosticList()
    const [data] = readData([file('_data/p.yml', '- title: A\n  title: B\n')], diagnostics)
    expect(data?.value).toEqual([{ title: 'B' }])
    expect(diagnostics.items.map(formatDiagnostic)).toEqual([
      'content/_data/p.yml:2:3: warning: duplicate key "title": the last one is used, as Jekyll does; remove the other',
    ])
  })
})

describe('readNav: the menu shapes sites use, anything else a warning', () => {
  const nav = (path: string, text: string) => {
    const diagnostics = new DiagnosticList()
    const data = readData([file(path, text)], diagnostics)
    const menus = readNav(data, ['fr', 'en'], diagnostics)
    return { menus, messages: diagnostics.items.map(formatDiagnostic) }
  }

  it.each([
    [
      'name, path relative to the root, children (the customer’s nav.yml)',
      '- name: Programme\n  children:\n  - name : Présentation\n    path: presentation.html\n- name: Blog\n  path: blog/\n',
      [
        {
          title: 'Programme',
          url: '',
          children: [{ title: 'Présentation', url: '/presentation.html' }],
        },
        { title: 'Blog', url: '/blog/' },
      ],
    ],
    [
      'title and url, link and subnav',
      '- title: A\n  url: /a/\n- title: B\n  link: https://b.example/\n  subnav:\n  - title: C\n    url: ./c.html\n',
      [
        { title: 'A', url: '/a/' },
        { title: 'B', url: 'https://b.example/', children: [{ title: 'C', url: '/c.html' }] },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    const { menus, messages } = nav('_data/nav.yml', text)
    expect(messages).toEqual([])
    expect(menus).toEqual({ fr: expected, en: expected })
  })

  it('nav-<lang>.yml wins over nav.yml for its language, whatever the file order', () => {
    const diagnostics = new DiagnosticList()
    const data = readData(
      [
        file('_data/nav-en.yml', '- name: Blog\n  path: en/blog/\n'),
        file('_data/nav.yml', '- name: Blog\n  path: blog/\n'),
      ],
      diagnostics,
    )
    expect(readNav(data, ['fr', 'en'], diagnostics)).toEqual({
      fr: [{ title: 'Blog', url: '/blog/' }],
      en: [{ title: 'Blog', url: '/en/blog/' }],
    })
  })

  it.each([
    [
      'an item without a title',
      '- path: a.html\n',
      ['content/_data/nav.yml:1:3: warning: menu item 1 is left out: it has no `title` or `name`'],
    ],
    [
      'an item with neither link nor children',
      '- name: A\n',
      [
        'content/_data/nav.yml:1:3: warning: menu item 1 is left out: it has no `url`, `path` or `link`, nor children',
      ],
    ],
    [
      'a scalar item',
      '- just text\n',
      ['content/_data/nav.yml:1:3: warning: menu item 1 is left out: it is not a mapping'],
    ],
    [
      'a link Kiosque cannot serve',
      '- name: A\n  url: "javascript:alert(1)"\n',
      [
        'content/_data/nav.yml:1:3: warning: menu item 1: "javascript:alert(1)" is not a link Kiosque can serve; the item has no link',
        'content/_data/nav.yml:1:3: warning: menu item 1 is left out: it has no `url`, `path` or `link`, nor children',
      ],
    ],
    [
      'a number instead of a menu',
      '42\n',
      [
        'content/_data/nav.yml:1:1: warning: not used as a menu: a navigation menu is a list of items, or a mapping of language: list',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(nav('_data/nav.yml', text).messages).toEqual(expected)
  })
})

describe('buildSite: plugins, themes and Ruby, one warning each', () => {
  it('names what Kiosque does instead of each known plugin, once even if listed twice', () => {
    const site = build({
      '_config.yml':
        'lang: fr\nplugins: [jekyll-feed, jekyll-seo-tag, jekyll-sitemap, jekyll-paginate, jekyll-redirect-from, jekyll-foo]\ngems: [jekyll-feed]\ntheme: minima\nremote_theme: owner/theme\n',
    })
    expect(site.warnings.map((w) => w.message)).toEqual([
      'plugin jekyll-feed is not run: Kiosque serves its own feeds per language (/feed.xml RSS, /feed.atom, /feed.json)',
      'plugin jekyll-seo-tag is not run: Kiosque writes its own title, description, canonical, OpenGraph, Twitter and JSON-LD tags',
      'plugin jekyll-sitemap is not run: Kiosque serves its own /sitemap.xml, with hreflang alternates',
      'plugin jekyll-paginate is not run: Kiosque paginates listings itself, by paginate and paginate_path (or pagination.per_page and pagination.permalink)',
      'plugin jekyll-redirect-from is not run: Kiosque turns redirect_from into 301 redirects itself',
      'plugin jekyll-foo is not run: Kiosque runs no Jekyll plugin, so what it adds to the site will be missing',
      "theme minima is not used: its layouts, includes and styles are not in the folder, and pages are shown with Kiosque's theme",
      "remote_theme owner/theme is not used: its layouts, includes and styles are not in the folder, and pages are shown with Kiosque's theme",
    ])
  })
})

describe('buildSite: redirect_from (jekyll-redirect-from)', () => {
  it('each old path gives a forced 301 to the document', () => {
    const site = build({
      ...FR,
      '_posts/2019-01-01-a.md': md(['title: A', 'redirect_from: [/old/, old.html]']),
      '_posts/2019-01-02-b.md': md(['title: B', 'redirect_from: /b-old']),
    })
    expect(site.manifest.redirects).toEqual([
      { from: '/old/', to: '/2019/01/01/a.html', status: 301, force: true },
      { from: '/old.html', to: '/2019/01/01/a.html', status: 301, force: true },
      { from: '/b-old', to: '/2019/01/02/b.html', status: 301, force: true },
    ])
  })

  it('one old path claimed by two documents is an error naming both places', () => {
    expect(
      errorsOf({
        ...FR,
        '_posts/2019-01-01-a.md': md(['title: A', 'redirect_from: /old/']),
        '_posts/2019-01-02-b.md': md(['title: B', 'redirect_from: [/old/]']),
      }),
    ).toEqual([
      'content/_posts/2019-01-02-b.md:3:16: redirect_from /old/ is also claimed by content/_posts/2019-01-01-a.md:3:16: keep it in one of them',
    ])
  })

  it('an old path Kiosque would read as a pattern is left out with a warning', () => {
    const site = build({
      ...FR,
      '_posts/2019-01-01-a.md': md(['title: A', 'redirect_from: /p/:id']),
    })
    expect(site.manifest.redirects).toEqual([])
    expect(site.warnings.map(formatDiagnostic)).toEqual([
      "content/_posts/2019-01-01-a.md:3:16: warning: redirect_from /p/:id is not redirected: Kiosque's redirects read :name, * , ? and # as patterns",
    ])
  })
})

describe('buildSite: a post’s language and translation groups, from every convention', () => {
  it.each<[string, Files, [string, string][]]>([
    [
      '`language` in front matter',
      { ...FR, '_posts/2019-01-01-a.md': md(['title: A', 'language: en']) },
      [['/2019/01/01/a.html', 'en']],
    ],
    [
      'a language folder inside _posts',
      { ...FR, '_posts/en/2019-01-01-a.md': md(['title: A']) },
      [['/2019/01/01/a.html', 'en']],
    ],
    [
      'jekyll-polyglot’s default_lang and languages',
      {
        '_config.yml': 'default_lang: de\nlanguages: [en, de]\n',
        '_posts/2019-01-01-a.md': md(['title: A']),
      },
      [['/2019/01/01/a.html', 'de']],
    ],
  ])('%s', (_name, files, expected) => {
    expect(build(files).manifest.posts.map((p) => [p.url, p.lang])).toEqual(expected)
  })

  it('kiosque.translation_key groups translations by another key', () => {
    const site = build({
      '_config.yml': 'lang: fr\nkiosque: {translation_key: ref}\n',
      '_posts/2019-01-01-a.md': md(['title: A', 'ref: pain']),
      '_posts/en/2019-01-01-b.md': md(['title: B', 'ref: pain']),
    })
    expect(site.manifest.posts.map((p) => p.langRef)).toEqual(['pain', 'pain'])
    expect(site.warnings).toEqual([])
  })

  it('a site grouping with another key than the chosen one is told, once', () => {
    const site = build({
      ...FR,
      '_posts/2019-01-01-a.md': md(['title: A', 'ref: pain']),
      '_posts/en/2019-01-01-b.md': md(['title: B', 'ref: pain']),
    })
    expect(site.warnings.map(formatDiagnostic)).toEqual([
      'content/_config.yml:1:1: warning: 2 files have `ref` (content/_posts/2019-01-01-a.md…) and none `lang-ref`: translations are not linked; add `kiosque: { translation_key: ref }` if ref groups them',
    ])
  })
})

describe('buildSite: strict mode turns warnings into errors', () => {
  const lenient = { '_posts/2019-01-01-sans-titre.md': md(['published: maybe']) }
  const expected = [
    'content/_posts/2019-01-01-sans-titre.md:2:12: published is not true or false: "maybe" is read as true, as Jekyll reads it',
    'content/_posts/2019-01-01-sans-titre.md:2:1: no title: "Sans Titre", from the file name, as Jekyll does; add `title: ...` to choose it',
  ]

  it('builds with warnings by default', () => {
    expect(build({ ...FR, ...lenient }).warnings).toHaveLength(2)
  })

  it('fails with buildSite’s strict option', () => {
    expect(errorsOf({ ...FR, ...lenient }, true)).toEqual(expected)
  })

  it('fails with kiosque.strict, config warnings included', () => {
    expect(
      errorsOf({
        '_config.yml': 'lang: fr\nplugins: [jekyll-x]\nkiosque: {strict: true}\n',
        ...lenient,
      }),
    ).toEqual([
      'content/_config.yml:2:10: plugin jekyll-x is not run: Kiosque runs no Jekyll plugin, so what it adds to the site will be missing',
      ...expected,
    ])
  })
})

describe('scanContent + buildSite on tests/fixtures/jekyll-edge: what Jekyll publishes', () => {
  it('publishes the static files Jekyll copies, none of its templates, no dot-file, no draft', async () => {
    const site = buildSite(await scanContent('tests/fixtures/jekyll-edge'), {
      now: Date.UTC(2024, 0, 1),
      drafts: false,
    })
    // Jekyll's _site also has _redirects (include) and the Liquid outputs (feed.xml, css/site.css,
    // tag/design.html); the rest is the same.
    expect(site.assets.sort()).toEqual(['.well-known/security.txt'])
    expect(site.manifest.pages).toEqual([])
    expect(site.manifest.posts.map((p) => [p.url, p.title, p.lang])).toEqual([
      ['/2019/03/02/bonjour.html', 'Bonjour', 'fr'],
      ['/2019/03/01/hello-WORLD.html', 'Hello World', 'en'],
    ])
    expect(site.manifest.redirects).toContainEqual({
      from: '/hello/',
      to: '/2019/03/01/hello-WORLD.html',
      status: 301,
      force: true,
    })
    expect(site.data).toMatchObject({
      stats: { a: 1 },
      menus: {
        team: [
          { name: 'Ada', role: 'dev, ops' },
          { name: 'Lin', role: 'design' },
        ],
      },
    })
    expect(
      site.warnings.map((w) => `${w.path.replace(/^.*jekyll-edge\//, '')}:${w.line}:${w.col}`),
    ).toEqual([
      '_config.yml:7:10',
      '_plugins/bundler.rb:1:1',
      '_posts/en/2019-03-01-hello-WORLD.md:2:1',
      'css/site.scss:1:1',
      'feed.xml:5:6',
      'tag/design.md:2:9',
    ])
  })
})

describe('scanContent + buildSite on tests/fixtures/jekyll-defaults: a site that sets nothing', () => {
  // The golden file is what Jekyll 4.3 wrote: scripts/jekyll-urls.sh tests/fixtures/jekyll-defaults.
  const golden = readFileSync('tests/fixtures/jekyll-defaults.urls.txt', 'utf8').trim().split('\n')

  const now = Date.UTC(2024, 5, 1)
  const built = async () =>
    buildSite(await scanContent('tests/fixtures/jekyll-defaults'), { now, drafts: false })

  it("puts posts at Jekyll's default permalink, the date style with categories", async () => {
    // 2019-02-30-impossible.md is at /2019/03/02/: Ruby's Time.parse rolls the date over.
    expect((await built()).manifest.posts.map((p) => encodeURI(p.url)).sort()).toEqual(golden)
  })

  // Jekyll 4.3 wrote _site/defis/<this year>/sans-date.html and _site/archives/:year/archives.html.
  it("dates an undated document by the build's time, and keeps a page's date placeholders", async () => {
    const site = await built()
    expect(site.manifest.pages.map((p) => [p.url, p.date]).sort()).toEqual([
      ['/archives/:year/archives.html', ''],
      ['/defis/2024/sans-date.html', new Date(now).toISOString()],
    ])
    expect(
      site.warnings.map(
        (w) => `${w.path.replace(/^.*jekyll-defaults\//, '')}:${w.line}:${w.col} ${w.code}`,
      ),
    ).toEqual([
      '_posts/2019-02-30-impossible.md:1:1 date-rolled-over',
      'archives.md:3:12 page-placeholder',
      '_defis/sans-date.md:2:1 undated',
    ])
  })
})
