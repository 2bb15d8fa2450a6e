import { describe, expect, it } from 'vitest'
import { ContentError, formatDiagnostic } from '../src/build/diagnostics'
import { type LiquidScope, resolveLiquid } from '../src/build/liquid-in-posts'
import type { SourceFile } from '../src/build/post'
import { buildSite, type ContentTree, emptyTree } from '../src/build/site'
import type { PostRecord } from '../src/model/types'

// Expected outputs are Jekyll 4.3.1's (Liquid 5.4.0), checked by building the same bodies.

const scope = (over: Partial<LiquidScope> = {}): LiquidScope => ({
  format: 'markdown',
  site: { title: 'Le Site', url: 'https://exemple.org', baseurl: '/blog', empty: null },
  page: { author: 'Moi', count: 3, date: new Date(0) },
  document: { url: '/2020/01/01/essai.html', title: 'Essai', path: '_posts/2020-01-01-essai.md' },
  postUrl: (name) =>
    name === '2018-07-27-cible' ? { url: '/blog/2018/07/27/cible.html' } : undefined,
  link: (path) => (path === 'a-propos.md' ? '/blog/a-propos.html' : undefined),
  ...over,
})

/** The body Kiosque serves, and each finding as `offset code`. */
function resolved(body: string, over: Partial<LiquidScope> = {}): [string, string[]] {
  const result = resolveLiquid(body, scope(over))
  return [result.body, result.findings.map((f) => `${f.offset} ${f.code}`)]
}

describe('resolveLiquid: what Jekyll outputs, where it is certain', () => {
  it.each<[string, string, string, string[]]>([
    ['no Liquid', 'Just text.', 'Just text.', []],
    [
      'raw keeps its text, tags and broken tags included',
      '{% raw %}{{ site.url }} {% if %} {{ x }{% endraw %}!',
      '{{ site.url }} {% if %} {{ x }!',
      [],
    ],
    [
      'a comment is removed, Liquid inside it too',
      'a{% comment %} {{ x }} {% endcomment %}b',
      'ab',
      [],
    ],
    ['an inline comment is removed', 'a{% # note %}b', 'ab', []],
    [
      'site and page values',
      '{{ site.url }}{{ site.baseurl }} {{ site.title }} {{page.title}} {{ page.author }} {{ page.url }}',
      'https://exemple.org/blog Le Site Essai Moi /2020/01/01/essai.html',
      [],
    ],
    ['a value set to null prints nothing', '[{{ site.empty }}]', '[]', []],
    [
      'relative_url and absolute_url, on strings and values',
      `{{ "/img/a.png" | relative_url }} {{ 'img/a.png' | absolute_url }} {{ page.url | absolute_url }}`,
      '/blog/img/a.png https://exemple.org/blog/img/a.png https://exemple.org/blog/2020/01/01/essai.html',
      [],
    ],
    [
      'an absolute URL is kept by the filters',
      '{{ "https://x.org/é" | relative_url }}',
      'https://x.org/é',
      [],
    ],
    [
      'relative_url escapes what a URL cannot hold',
      '{{ "/café lait.png" | relative_url }}',
      '/blog/caf%C3%A9%20lait.png',
      [],
    ],
    [
      'whitespace control trims around',
      'a   {%- comment -%} x {%- endcomment -%}   b {{- "c" -}} d',
      'abcd',
      [],
    ],
    ['an empty variable prints nothing', 'a{{ }}b', 'ab', []],
    ['post_url', '{% post_url 2018-07-27-cible %}', '/blog/2018/07/27/cible.html', []],
    ['link', '{% link a-propos.md %}', '/blog/a-propos.html', []],
    [
      'assign and capture print nothing',
      '{% assign x = 1 %}{% capture y %}z{% endcapture %}.',
      '.',
      [],
    ],
    [
      'Liquid in a code fence is Liquid: Jekyll renders it before Markdown',
      '```\n{{ site.title }} {% raw %}{{ x }}{% endraw %}\n```',
      '```\nLe Site {{ x }}\n```',
      [],
    ],
  ])('%s', (_, body, expected, findings) => {
    expect(resolved(body)).toEqual([expected, findings])
  })
})

describe('resolveLiquid: highlight', () => {
  it.each<[string, string, LiquidScope['format'], string, string[]]>([
    [
      'a fence in Markdown, the code rendered',
      'Code :\n\n{% highlight Python %}\ndef f():\n    return "{{ site.title }}"\n{% endhighlight %}\nFin',
      'markdown',
      'Code :\n\n```python\ndef f():\n    return "Le Site"\n```\n\nFin',
      [],
    ],
    [
      'indented as the tag is, inside a list item',
      '1. Un\n   {% highlight sh %}\n   ls\n   {% endhighlight %}\n',
      'markdown',
      '1. Un\n   ```sh\n   ls\n   ```\n\n',
      [],
    ],
    [
      'on its own line when text comes before it',
      'Voir {% highlight js %}x(){% endhighlight %} ici',
      'markdown',
      'Voir \n\n```js\nx()\n```\n ici',
      [],
    ],
    [
      'a longer fence around code holding one',
      '{% highlight md %}\n```\nx\n```\n{% endhighlight %}',
      'markdown',
      '````md\n```\nx\n```\n````\n',
      [],
    ],
    [
      'linenos is not applied, and said',
      '{% highlight python linenos %}\nx\n{% endhighlight %}',
      'markdown',
      '```python\nx\n```\n',
      ['0 highlight-options'],
    ],
    [
      "Jekyll's figure in HTML, the code escaped",
      '<p>x</p>\n{% highlight c++ %}\nputs "<a>" & 1\n{% endhighlight %}',
      'html',
      '<p>x</p>\n<figure class="highlight"><pre><code class="language-c--" data-lang="c++">puts &quot;&lt;a&gt;&quot; &amp; 1</code></pre></figure>',
      [],
    ],
  ])('%s', (_, body, format, expected, findings) => {
    expect(resolved(body, { format })).toEqual([expected, findings])
  })
})

describe('resolveLiquid: what Kiosque cannot output yet is left out, and said', () => {
  it.each<[string, string, string, string[]]>([
    ['an include', 'a {% include note.html %} b', 'a  b', ['2 liquid-left-out']],
    [
      'an unknown value',
      '[{{ page.nothing }}] [{{ site.nothing }}]',
      '[] []',
      ['1 liquid-left-out', '22 liquid-left-out'],
    ],
    [
      'a value Jekyll computes',
      '{{ site.posts }}{{ page.date }}',
      '',
      ['0 liquid-left-out', '16 liquid-left-out'],
    ],
    ['a number, which Ruby may print otherwise', '{{ page.count }}', '', ['0 liquid-left-out']],
    ['another filter', '{{ page.author | upcase }}', '', ['0 liquid-left-out']],
    ['a lookup', '{{ site.data.nav[0] }}', '', ['0 liquid-left-out']],
    [
      'a conditional, with everything it holds',
      'a\n{% if page.author %}\n**{{ page.author }}**\n{% else %}\nnone\n{% endif %}\nb',
      'a\n\nb',
      ['2 liquid-left-out'],
    ],
    ['a loop', '{% for p in site.posts %}{{ p.title }}{% endfor %}.', '.', ['0 liquid-left-out']],
    [
      "a plugin's block, by its end tag",
      '{% tabs x %}secret{% endtabs %}.',
      '.',
      ['0 liquid-left-out'],
    ],
    ["a plugin's tag", '{% youtube abc %}.', '.', ['0 liquid-left-out']],
    ['a link built with Liquid', '{% link {{ page.x }} %}.', '.', ['0 liquid-left-out']],
  ])('%s', (_, body, expected, findings) => {
    const [out, found] = resolved(body)
    expect([out, found]).toEqual([expected, findings])
    expect(out).not.toMatch(/\{%|\{\{/)
  })

  it('says what was left out, and why', () => {
    const { findings } = resolveLiquid('{{ page.nothing }}', scope())
    expect(findings.map((f) => f.message)).toEqual([
      '`{{ page.nothing }}` left out (page.nothing is set in neither the front matter nor, as far as Kiosque knows, by Jekyll): Jekyll outputs something here, and Kiosque will once it renders Liquid',
    ])
  })
})

describe('resolveLiquid: what Liquid refuses is an error, as Jekyll fails on it', () => {
  it.each<[string, string, number, string]>([
    ['raw never closed', 'a {% raw %} x', 2, '`{% raw %}` is never closed by {% endraw %}'],
    [
      'highlight never closed',
      '{% highlight python %}\nx',
      0,
      '`{% highlight python %}` is never closed by {% endhighlight %}',
    ],
    ['if never closed', 'a\n{% if x %}', 2, '`{% if x %}` is never closed by {% endif %}'],
    ['a variable without }}', 'a {{ x } b', 2, '`{{ x }` is not closed by }}'],
    ['a tag without %}', 'a {% x', 2, '`{%` is not closed by %}'],
    ['an end closing nothing', 'x {% endif %}', 2, '`{% endif %}` closes no tag'],
    [
      'another block ends it',
      '{% if a %}{% endfor %}',
      10,
      '`{% endfor %}` does not belong in `{% if a %}`, closed by {% endif %}',
    ],
    ['raw with an argument', '{% raw x %}{% endraw %}', 0, '`{% raw x %}` takes no argument'],
    [
      'highlight without a language',
      '{% highlight %}x{% endhighlight %}',
      0,
      '`{% highlight %}` is not `highlight <lang> [linenos]`, and Jekyll fails on it too',
    ],
    [
      'nesting over 100 deep',
      '{% if a %}'.repeat(102) + '{% endif %}'.repeat(102),
      1000,
      '`{% if a %}` is nested over 100 deep',
    ],
  ])('%s', (_, body, offset, message) => {
    const { findings } = resolveLiquid(body, scope())
    const error = findings.find((f) => f.severity === 'error')
    expect(error?.offset).toBe(offset)
    expect(error?.message.startsWith(message)).toBe(true)
  })

  it.each<[string, string, string]>([
    [
      'post_url of no post',
      '{% post_url 2001-01-01-nope %}',
      '`{% post_url 2001-01-01-nope %}`: could not find post "2001-01-01-nope", and neither could Jekyll: name a post as its file is named, without the extension (en/2018-07-27-title for en/_posts/)',
    ],
    [
      'link to nothing',
      '{% link nope.md %}',
      '`{% link nope.md %}`: could not find "nope.md", and neither could Jekyll: give the path of a page, post, document or file from the site\'s root',
    ],
  ])('%s', (_, body, message) => {
    expect(resolveLiquid(body, scope()).findings).toEqual([
      { offset: 0, severity: 'error', message, code: body.includes('link') ? 'link' : 'post-url' },
    ])
  })
})

describe('resolveLiquid: hostile bodies', () => {
  it('a huge body of unclosed {% is one error, read in one pass', () => {
    const { findings } = resolveLiquid(`x ${'{% '.repeat(200_000)}`, scope())
    expect(findings).toHaveLength(1)
    expect(findings[0]?.offset).toBe(2)
  })

  it('a huge body of {{ … }} is resolved whole', () => {
    const body = '{{ site.title }} '.repeat(100_000)
    expect(resolveLiquid(body, scope()).body).toBe('Le Site '.repeat(100_000))
  })

  it('a lone surrogate in a URL is left out, not a crash', () => {
    const [out, findings] = resolved('{{ "/\ud800" | relative_url }}')
    expect([out, findings]).toEqual(['', ['0 liquid-left-out']])
  })
})

// Through the build: the site's own posts, documents, pages and files, and positions in the file.

type Files = Record<string, string>

function treeOf(files: Files): ContentTree {
  const tree: ContentTree = emptyTree()
  for (const [path, text] of Object.entries(files)) {
    const file: SourceFile = { path, displayPath: `content/${path}`, text, mtimeMs: 0 }
    if (path === '_config.yml') tree.config = file
    else if (path.includes('_posts/')) tree.posts.push(file)
    else if (path.startsWith('_recettes/')) tree.collections.push(file)
    else if (path.endsWith('.md')) tree.pages.push(file)
    else tree.assets.push(path)
  }
  return tree
}

const SITE: Files = {
  '_config.yml':
    'title: Le Site\nlang: fr\nurl: https://exemple.org\nbaseurl: /blog\ncollections:\n  recettes:\n    output: true\n',
  '_posts/2018-07-27-cible.md': '---\ntitle: Cible\n---\nCible.\n',
  'en/_posts/2019-01-02-target.md': '---\ntitle: Target\n---\nTarget.\n',
  'a-propos.md': '---\ntitle: À propos\n---\n{{ site.title }}\n',
  'img/a.png': '',
}

function bodies(files: Files): Record<string, PostRecord> {
  const build = buildSite(treeOf({ ...SITE, ...files }), {
    now: Date.UTC(2024, 0, 1),
    drafts: false,
  })
  const records = build.entries
    .filter((e) => e.key.startsWith('post:'))
    .map((e) => JSON.parse(e.value) as PostRecord)
  return Object.fromEntries(records.map((r) => [r.source, r]))
}

function problems(files: Files): string[] {
  try {
    return buildSite(treeOf({ ...SITE, ...files }), { now: 0, drafts: false })
      .warnings.map(formatDiagnostic)
      .filter((line) => !line.includes('a-propos.md'))
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    return error.diagnostics.map(formatDiagnostic)
  }
}

describe('Liquid in posts and documents, through the build', () => {
  it("post_url and link point at the site's posts, pages and files, under the baseurl", () => {
    const post = '_posts/2020-01-01-liens.md'
    const body =
      '{% post_url 2018-07-27-cible %} {% post_url en/2019-01-02-target %} {% link a-propos.md %} {% link img/a.png %} {% link _posts/2018-07-27-cible.md %}'
    expect(bodies({ [post]: `---\ntitle: Liens\n---\n${body}\n` })[post]?.body).toBe(
      '/blog/2018/07/27/cible.html /blog/en/2019/01/02/target.html /blog/a-propos.html /blog/img/a.png /blog/2018/07/27/cible.html\n',
    )
  })

  it('post_url by date and title alone still finds the post, as Jekyll does, with a warning', () => {
    const post = '_posts/2020-01-01-liens.md'
    const files = { [post]: '---\ntitle: Liens\n---\n{% post_url 2019-01-02-target %}\n' }
    expect(bodies(files)[post]?.body).toBe('/blog/en/2019/01/02/target.html\n')
    expect(problems(files)).toEqual([
      'content/_posts/2020-01-01-liens.md:4:1: warning: `{% post_url 2019-01-02-target %}` names no post exactly and is matched by its date and title, as Jekyll does with a deprecation warning: name the post as its file is named',
    ])
  })

  it('a document of a collection is served with its Liquid resolved, not left out', () => {
    const doc = '_recettes/2020-01-01-pain.md'
    const records = bodies({
      [doc]: '---\ntitle: Pain\n---\n{% raw %}{{ farine }}{% endraw %} pour {{ page.title }}\n',
    })
    expect(records[doc]?.body).toBe('{{ farine }} pour Pain\n')
  })

  it('the excerpt is taken from the resolved body', () => {
    const post = '_posts/2020-01-01-extrait.md'
    const records = bodies({
      [post]:
        '---\ntitle: Extrait\n---\nSur {{ site.title }}{% comment %} caché {% endcomment %}.\n',
    })
    expect(records[post]?.excerpt).toBe('Sur Le Site.')
  })

  it('render_with_liquid: false keeps the body as written, as Jekyll does', () => {
    const post = '_posts/2020-01-01-brut.md'
    const records = bodies({
      [post]: '---\ntitle: Brut\nrender_with_liquid: false\n---\n{{ x }}\n',
    })
    expect(records[post]?.body).toBe('{{ x }}\n')
  })

  it('warnings and errors point at the construct in the file', () => {
    expect(
      problems({
        '_posts/2020-01-01-a.md': '---\ntitle: A\n---\nUn\n\n  Deux {% include x.html %}\n',
      }),
    ).toEqual([
      'content/_posts/2020-01-01-a.md:6:8: warning: `{% include x.html %}` left out: Jekyll outputs something here, and Kiosque will once it renders Liquid',
    ])
    expect(
      problems({
        '_posts/2020-01-01-a.md': '---\ntitle: A\n---\nUn\n{% post_url 2001-01-01-nope %}\n',
        '_posts/2020-01-02-b.md': '---\ntitle: B\n---\n{% raw %}\n',
      }),
    ).toEqual([
      'content/_posts/2020-01-01-a.md:5:1: `{% post_url 2001-01-01-nope %}`: could not find post "2001-01-01-nope", and neither could Jekyll: name a post as its file is named, without the extension (en/2018-07-27-title for en/_posts/)',
      'content/_posts/2020-01-02-b.md:4:1: `{% raw %}` is never closed by {% endraw %}, a Liquid syntax error Jekyll fails on too',
    ])
  })
})
