import { describe, expect, it } from 'vitest'
import { type Diagnostic, foldDiagnostics, formatDiagnostic } from '../src/build/diagnostics'
import type { SourceFile } from '../src/build/post'
import { buildSite, type ContentTree, emptyTree } from '../src/build/site'

const warning = (n: number, code?: string): Diagnostic => ({
  path: `_communaute/${n}.md`,
  line: 2,
  col: 1,
  message: `no title ${n}`,
  severity: 'warning',
  ...(code && { code }),
})
const many = (count: number, code?: string) =>
  Array.from({ length: count }, (_, i) => warning(i + 1, code))
const more = (n: number) => `… and ${n} more like this (run with --verbose to list them all)`

describe('foldDiagnostics: a kind seen more than 5 times prints its first 3 and a count', () => {
  it.each<[string, Diagnostic[], string[]]>([
    [
      '5 of a kind: all',
      many(5, 'no-title'),
      many(5).map((d) => `${d.path}:2:1: warning: ${d.message}`),
    ],
    [
      '259 of a kind: 3 and a count',
      many(259, 'no-title'),
      [
        '_communaute/1.md:2:1: warning: no title 1',
        '_communaute/2.md:2:1: warning: no title 2',
        '_communaute/3.md:2:1: warning: no title 3',
        more(256),
      ],
    ],
    [
      'without a code: never folded',
      many(7),
      many(7).map((d) => `${d.path}:2:1: warning: ${d.message}`),
    ],
    [
      'kinds folded apart, in the order met',
      [...many(6, 'a'), warning(100), ...many(6, 'b').map((d) => ({ ...d, line: 9 }))],
      [
        '_communaute/1.md:2:1: warning: no title 1',
        '_communaute/2.md:2:1: warning: no title 2',
        '_communaute/3.md:2:1: warning: no title 3',
        more(3),
        '_communaute/100.md:2:1: warning: no title 100',
        '_communaute/1.md:9:1: warning: no title 1',
        '_communaute/2.md:9:1: warning: no title 2',
        '_communaute/3.md:9:1: warning: no title 3',
        more(3),
      ],
    ],
  ])('%s', (_name, items, expected) => {
    expect(foldDiagnostics(items)).toEqual(expected)
  })
})

// Every kind of warning has a stable code, so that the CLI can fold it.

type Files = Record<string, string>

function warningsOf(files: Files, rubyPlugins: string[] = []): Diagnostic[] {
  const tree: ContentTree = emptyTree()
  for (const [path, text] of Object.entries(files)) {
    const file: SourceFile = { path, displayPath: path, text, mtimeMs: 0 }
    if (path === '_config.yml') tree.config = file
    else if (path.startsWith('_data/')) tree.data.push(file)
    else if (path.includes('_posts/')) tree.posts.push(file)
  }
  tree.rubyPlugins = rubyPlugins.map((path) => ({ path, displayPath: path }))
  return buildSite(tree, { now: Date.UTC(2024, 0, 1), drafts: false }).warnings
}

const CONFIG = 'title: Site\nlang: fr\n'
const post = (frontMatter: string, body = 'Un billet en français, avec des mots.') =>
  `---\n${frontMatter}\n---\n${body}\n`
const P = '_posts/2020-01-01-billet.md'

describe('every warning has a code: one kind of each', () => {
  it.each<[string, Files, string[]?]>([
    ['no-title', { [P]: post('lang: fr') }],
    ['field-type', { [P]: post('title: T\ntags: {a: 1}') }],
    ['lang-value', { [P]: post('title: T\nlang: no') }],
    ['unknown-lang', { [P]: post('title: T\nlang: xx') }],
    ['translation-key', { [P]: post('title: T\nlang-ref: ""') }],
    ['no-front-matter', { [P]: 'Pas de front matter.\n' }],
    ['front-matter-unclosed', { [P]: '---\ntitle: T\n' }],
    ['front-matter-yaml', { [P]: post('title: [') }],
    ['duplicate-key', { [P]: post('title: A\ntitle: B') }],
    ['undated-post', { '_posts/billet.md': post('title: T') }],
    ['date-rolled-over', { '_posts/2019-02-30-billet.md': post('title: T') }],
    ['liquid-left-out', { [P]: post('title: T', '{% include x.html %}') }],
    [
      'highlight-options',
      { [P]: post('title: T', '{% highlight sh linenos %}\nls\n{% endhighlight %}') },
    ],
    ['redirect-from', { [P]: post('title: T\nredirect_from: https://x.org/a') }],
    ['config-type', { '_config.yml': `${CONFIG}description: [a]\n` }],
    ['config-url', { '_config.yml': `${CONFIG}url: example.org\n` }],
    ['config-timezone', { '_config.yml': `${CONFIG}timezone: Mars/Olympus\n` }],
    ['kiosque-option', { '_config.yml': `${CONFIG}kiosque: 3\n` }],
    ['plugin', { '_config.yml': `${CONFIG}plugins: [jekyll-feed]\n` }],
    ['theme', { '_config.yml': `${CONFIG}theme: minima\n` }],
    ['ruby-plugin', {}, ['_plugins/x.rb']],
    [
      'detected-lang',
      {
        '_config.yml': 'title: Site\n',
        [P]: post(
          'title: T',
          "Le programme des entrepreneurs d'intérêt général est une aventure pour les équipes de l'administration et pour les talents qui les rejoignent.",
        ),
      },
    ],
    ['nav', { '_data/nav.yml': '- 3\n' }],
    ['ui-string', { '_data/i18n.yml': 'fr:\n  inconnue: x\n' }],
  ])('%s', (code, files, rubyPlugins) => {
    const warnings = warningsOf(
      { '_config.yml': CONFIG, '_posts/2019-01-01-ok.md': post('title: Ok'), ...files },
      rubyPlugins,
    )
    expect(warnings.map((w) => w.code)).toContain(code)
    expect(warnings.filter((w) => w.code === undefined).map(formatDiagnostic)).toEqual([])
  })
})
