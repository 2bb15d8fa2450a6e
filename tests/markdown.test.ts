import fc from 'fast-check'
import { marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../src/worker/markdown'

/** The HTML alone, for a page in no particular language on no particular site. */
const render = (markdown: string, options?: { lang?: string; siteUrl?: string }): string =>
  renderMarkdown(markdown, options).html

/** The level and id of each heading with an id in some HTML, in order. */
const headingIds = (html: string): [string, string][] =>
  [...html.matchAll(/<h([1-6]) id="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? ''])

const iframe =
  '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" frameborder="0" allowfullscreen></iframe>'
const speakerdeck =
  '<script async class="speakerdeck-embed" data-id="abc123" src="//speakerdeck.com/assets/embed.js"></script>'
const img = '<img src="/img/photo.jpg" alt="Une photo" loading="lazy" decoding="async">'

describe('renderMarkdown: GFM', () => {
  it.each([
    [
      'table with alignment',
      '| Nom | Âge |\n|:---|---:|\n| Léa | 7 |',
      '<div class="table-scroll" tabindex="0"><table>\n<thead>\n<tr>\n<th align="left">Nom</th>\n<th align="right">Âge</th>\n</tr>\n</thead>\n' +
        '<tbody><tr>\n<td align="left">Léa</td>\n<td align="right">7</td>\n</tr>\n</tbody></table>\n</div>\n',
    ],
    ['strikethrough', '~~barré~~ et ~simple~', '<p><del>barré</del> et <del>simple</del></p>\n'],
    [
      'bare URL autolinks, trailing dot excluded',
      'Voir www.example.com et https://example.org/page.',
      '<p>Voir <a href="http://www.example.com" rel="noopener">www.example.com</a> et ' +
        '<a href="https://example.org/page" rel="noopener">https://example.org/page</a>.</p>\n',
    ],
    [
      'fenced code with language, highlighted and HTML escaped',
      '```ts\nconst a = 1 < 2\n```',
      '<pre><code class="hljs language-ts"><span class="hljs-keyword">const</span> a = ' +
        '<span class="hljs-number">1</span> &lt; <span class="hljs-number">2</span>\n</code></pre>\n',
    ],
    ['fenced code without language', '```\nbrut\n```', '<pre><code>brut\n</code></pre>\n'],
    ['empty input', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })
})

describe('renderMarkdown: raw HTML is kept verbatim', () => {
  it.each([
    ['iframe block', iframe, iframe],
    ['speakerdeck script block', `${speakerdeck}\n`, `${speakerdeck}\n`],
    ['speakerdeck script inline', `Slides : ${speakerdeck}`, `<p>Slides : ${speakerdeck}</p>\n`],
    [
      'div block with nested HTML',
      '<div class="note">\n<p>HTML <b>brut</b></p>\n</div>',
      '<div class="note">\n<p>HTML <b>brut</b></p>\n</div>',
    ],
    [
      'inline span',
      'Texte <span style="color:red">rouge</span> fin.',
      '<p>Texte <span style="color:red">rouge</span> fin.</p>\n',
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })

  it.each([
    [
      'iframe between paragraphs',
      `Avant\n\n${iframe}\n\nAprès`,
      [`<p>Avant</p>\n${iframe}`, '<p>Après</p>'],
    ],
    [
      'script between paragraphs',
      `Avant\n\n${speakerdeck}\n\nAprès`,
      [speakerdeck, '<p>Après</p>'],
    ],
  ])('%s', (_name, input, fragments) => {
    const html = render(input)
    for (const fragment of fragments) expect(html).toContain(fragment)
  })
})

describe('renderMarkdown: image captions', () => {
  it.each([
    [
      'underscore caption',
      '![Une photo](/img/photo.jpg)\n_Au marché_',
      `<figure>${img}<figcaption>Au marché</figcaption></figure>\n`,
    ],
    [
      'asterisk caption',
      '![Une photo](/img/photo.jpg)\n*Au marché*',
      `<figure>${img}<figcaption>Au marché</figcaption></figure>\n`,
    ],
    [
      'inline markdown inside the caption',
      '![Une photo](/img/photo.jpg)\n_Photo de **Léa**, voir [son site](https://lea.example)_',
      `<figure>${img}<figcaption>Photo de <strong>Léa</strong>, voir ` +
        '<a href="https://lea.example" rel="noopener">son site</a></figcaption></figure>\n',
    ],
    [
      'trailing space after the image and the caption',
      '![Une photo](/img/photo.jpg) \n_Au marché_ ',
      `<figure>${img}<figcaption>Au marché</figcaption></figure>\n`,
    ],
    [
      'hard break (two spaces) after the image',
      '![Une photo](/img/photo.jpg)  \n_Au marché_',
      `<figure>${img}<figcaption>Au marché</figcaption></figure>\n`,
    ],
    [
      'image wrapped in a link',
      '[![Une photo](/img/photo.jpg)](/img/grande.jpg)\n*Au marché*',
      `<figure><a href="/img/grande.jpg">${img}</a><figcaption>Au marché</figcaption></figure>\n`,
    ],
    [
      'image with a title',
      '![Une photo](/img/photo.jpg "Titre")\n_Au marché_',
      '<figure><img src="/img/photo.jpg" alt="Une photo" title="Titre" loading="lazy" decoding="async">' +
        '<figcaption>Au marché</figcaption></figure>\n',
    ],
    [
      'captioned image inside a blockquote',
      '> ![Une photo](/img/photo.jpg)\n> _Au marché_',
      `<blockquote>\n<figure>${img}<figcaption>Au marché</figcaption></figure>\n</blockquote>\n`,
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })

  it.each([
    ['image alone', '![Une photo](/img/photo.jpg)', `<p>${img}</p>\n`],
    ['em alone', '_Au marché_', '<p><em>Au marché</em></p>\n'],
    ['em under text', 'Texte\n_Au marché_', '<p>Texte\n<em>Au marché</em></p>\n'],
    [
      'em under a plain link',
      '[lien](/x)\n_Au marché_',
      '<p><a href="/x">lien</a>\n<em>Au marché</em></p>',
    ],
    [
      'blank line between image and em',
      '![Une photo](/img/photo.jpg)\n\n_Au marché_',
      `<p>${img}</p>\n<p><em>Au marché</em></p>\n`,
    ],
    [
      'em on the image line',
      '![Une photo](/img/photo.jpg) _Au marché_',
      `<p>${img} <em>Au marché</em></p>`,
    ],
    [
      'text before the image',
      'Voir ![Une photo](/img/photo.jpg)\n_Au marché_',
      '<em>Au marché</em>',
    ],
    [
      'caption line not entirely italic',
      '![Une photo](/img/photo.jpg)\n_Au marché_ hier',
      '<em>Au marché</em> hier',
    ],
    [
      'more lines after the caption',
      '![Une photo](/img/photo.jpg)\n_Au marché_\nSuite',
      '\n<em>Au marché</em>\nSuite',
    ],
    [
      'bold instead of italic',
      '![Une photo](/img/photo.jpg)\n**Au marché**',
      '<strong>Au marché</strong>',
    ],
    ['two images then em', '![a](/1.png)\n![b](/2.png)\n_Au marché_', '<em>Au marché</em>'],
    ['link holding image and text', '[![a](/1.png) texte](/x)\n_Au marché_', '<em>Au marché</em>'],
  ])('no figure: %s', (_name, input, expected) => {
    const html = render(input)
    expect(html).toContain(expected)
    expect(html).not.toContain('<figure>')
    expect(html).not.toContain('<figcaption>')
  })
})

describe('renderMarkdown: list right after a paragraph line', () => {
  it.each([
    [
      '* bullets',
      'Parmi elles :\n* apprentissage\n* fierté',
      '<p>Parmi elles :</p>\n<ul>\n<li>apprentissage</li>\n<li>fierté</li>\n</ul>\n',
    ],
    [
      '- bullets',
      'Parmi elles :\n- un\n- deux',
      '<p>Parmi elles :</p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n',
    ],
    [
      '+ bullets',
      'Parmi elles :\n+ un\n+ deux',
      '<p>Parmi elles :</p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n',
    ],
    [
      '1. ordered',
      'Parmi elles :\n1. un\n2. deux',
      '<p>Parmi elles :</p>\n<ol>\n<li>un</li>\n<li>deux</li>\n</ol>\n',
    ],
    [
      '1) ordered',
      'Parmi elles :\n1) un\n2) deux',
      '<p>Parmi elles :</p>\n<ol>\n<li>un</li>\n<li>deux</li>\n</ol>\n',
    ],
    // CommonMark: only a list starting at 1 may interrupt a paragraph (so "en 2015. Puis" stays text).
    [
      '2. does not interrupt',
      'Parmi elles :\n2. un\n3. deux',
      '<p>Parmi elles :\n2. un\n3. deux</p>\n',
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })
})

describe('renderMarkdown: non-breaking spaces', () => {
  it.each([
    ['literal U+00A0 survives', '10\u00a0km « oui\u00a0»', '<p>10\u00a0km « oui\u00a0»</p>\n'],
    ['&nbsp; entity survives', 'Attention&nbsp;!', '<p>Attention&nbsp;!</p>\n'],
    [
      'U+00A0 in a heading (dropped from the id, as on GitHub)',
      '## Pourquoi\u00a0?',
      '<h2 id="pourquoi">Pourquoi\u00a0? <a class="anchor" href="#pourquoi" ' +
        'aria-label="Link to the section “Pourquoi\u00a0?”">#</a></h2>\n',
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })
})

/** The anchor link an h2–h4 ends with. */
const anchor = (id: string, label: string): string =>
  ` <a class="anchor" href="#${id}" aria-label="${label}">#</a>`

describe('renderMarkdown: heading ids and anchors', () => {
  it.each([
    [
      'GitHub-style id, anchor in an h2',
      '## Des réussites',
      `<h2 id="des-réussites">Des réussites${anchor('des-réussites', 'Link to the section “Des réussites”')}</h2>\n`,
    ],
    [
      'repeated headings get -1, -2',
      '## Bilan\n\n### Bilan\n\n#### Bilan',
      `<h2 id="bilan">Bilan${anchor('bilan', 'Link to the section “Bilan”')}</h2>\n` +
        `<h3 id="bilan-1">Bilan${anchor('bilan-1', 'Link to the section “Bilan”')}</h3>\n` +
        `<h4 id="bilan-2">Bilan${anchor('bilan-2', 'Link to the section “Bilan”')}</h4>\n`,
    ],
    [
      'h1, h5 and h6 get an id but no anchor',
      '# Titre\n\n##### Cinq\n\n###### Six',
      '<h1 id="titre">Titre</h1>\n<h5 id="cinq">Cinq</h5>\n<h6 id="six">Six</h6>\n',
    ],
    ['setext heading', 'Titre\n=====', '<h1 id="titre">Titre</h1>\n'],
    [
      'markup and punctuation left out of the id',
      '## Le `code` *ici*, & là !',
      '<h2 id="le-code-ici--là-">Le <code>code</code> <em>ici</em>, &amp; là !' +
        `${anchor('le-code-ici--là-', 'Link to the section “Le code ici, &amp; là !”')}</h2>\n`,
    ],
    [
      'a link in the heading: the anchor comes after it, not around it',
      '## Voir [la doc](/doc)',
      `<h2 id="voir-la-doc">Voir <a href="/doc">la doc</a>${anchor('voir-la-doc', 'Link to the section “Voir la doc”')}</h2>\n`,
    ],
    [
      'quotes in the text are escaped in the label',
      '## Le "levain"',
      `<h2 id="le-levain">Le “levain”${anchor('le-levain', 'Link to the section “Le “levain””')}</h2>\n`,
    ],
    [
      'punctuation only: a non-empty id',
      '## ?\n\n## !',
      `<h2 id="section">?${anchor('section', 'Link to the section “?”')}</h2>\n` +
        `<h2 id="section-1">!${anchor('section-1', 'Link to the section “!”')}</h2>\n`,
    ],
    [
      'heading in a blockquote',
      '> ## Cité',
      `<blockquote>\n<h2 id="cité">Cité${anchor('cité', 'Link to the section “Cité”')}</h2>\n</blockquote>\n`,
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })

  it.each([
    ['fr', 'Lien vers la section «\u00a0L’été\u00a0»'],
    ['de', 'Link zum Abschnitt „L’été“'],
    ['es', 'Enlace a la sección «L’été»'],
    ['it', 'Link alla sezione «L’été»'],
    ['pt-BR', 'Link to the section “L’été”'],
  ])('anchor label in %s', (lang, label) => {
    expect(render("## L'été", { lang })).toBe(`<h2 id="lété">L’été${anchor('lété', label)}</h2>\n`)
  })

  it('gives the headings their ids in order', () => {
    const { html } = renderMarkdown(
      '# Un\n\nTexte\n\n## Des *réussites* "ici"\n\n- ### Dans une liste\n\n## Un',
      { lang: 'fr' },
    )
    expect(headingIds(html)).toEqual([
      ['1', 'un'],
      ['2', 'des-réussites-ici'],
      ['3', 'dans-une-liste'],
      ['2', 'un-1'],
    ])
  })

  it('starts ids afresh for each document', () => {
    expect(headingIds(renderMarkdown('## A').html)).toEqual([['2', 'a']])
    expect(headingIds(renderMarkdown('## A').html)).toEqual([['2', 'a']])
  })

  it('gives no heading to a document without any', () => {
    expect(headingIds(renderMarkdown('Texte').html)).toEqual([])
  })
})

/** The footnotes section as GFM writes it, for the given items and heading. */
const footnotes = (items: string, heading = 'Footnotes'): string =>
  '<section class="footnotes" data-footnotes>\n' +
  `<h2 id="footnote-label" class="sr-only">${heading}</h2>\n<ol>\n${items}</ol>\n</section>\n`
/** A footnote reference mark. */
const ref = (label: string, n: number, suffix = ''): string =>
  `<sup><a id="footnote-ref-${label}${suffix}" href="#footnote-${label}" data-footnote-ref ` +
  `aria-describedby="footnote-label">${n}</a></sup>`
/** A back-reference from a footnote to its mark. */
const backref = (label: string, text: string, suffix = '', mark = '↩'): string =>
  `<a href="#footnote-ref-${label}${suffix}" data-footnote-backref aria-label="${text}">${mark}</a>`

describe('renderMarkdown: footnotes', () => {
  it.each([
    [
      'one footnote',
      'Texte[^1].\n\n[^1]: Une note.',
      {},
      `<p>Texte${ref('1', 1)}.</p>\n` +
        footnotes(
          `<li id="footnote-1">\n<p>Une note. ${backref('1', 'Back to reference 1')}</p>\n</li>\n`,
        ),
    ],
    [
      'named labels, numbered in order of use; a note used twice has two back-references',
      'Un[^b] deux[^a] trois[^b].\n\n[^a]: Première.\n[^b]: Seconde *note*.\n[^c]: Jamais citée.',
      {},
      `<p>Un${ref('b', 1)} deux${ref('a', 2)} trois${ref('b', 1, '-2')}.</p>\n` +
        footnotes(
          `<li id="footnote-b">\n<p>Seconde <em>note</em>. ${backref('b', 'Back to reference b')} ` +
            `${backref('b', 'Back to reference b', '-2', '↩<sup>2</sup>')}</p>\n</li>\n` +
            `<li id="footnote-a">\n<p>Première. ${backref('a', 'Back to reference a')}</p>\n</li>\n`,
        ),
    ],
    [
      'in French, with French typography inside the note',
      'Texte[^1].\n\n[^1]: Une note "ici" !',
      { lang: 'fr' },
      `<p>Texte${ref('1', 1)}.</p>\n` +
        footnotes(
          `<li id="footnote-1">\n<p>Une note «\u00a0ici\u00a0»\u202f! ${backref('1', 'Retour à l’appel de note 1')}</p>\n</li>\n`,
          'Notes',
        ),
    ],
    [
      'a note of several paragraphs',
      'Texte[^n].\n\n[^n]: Premier.\n\n    Second.',
      {},
      `<p>Texte${ref('n', 1)}.</p>\n` +
        footnotes(
          `<li id="footnote-n">\n<p>Premier.</p>\n<p>Second. ${backref('n', 'Back to reference n')}</p>\n</li>\n`,
        ),
    ],
    ['a reference without a definition stays text', 'Texte[^x].', {}, '<p>Texte[^x].</p>\n'],
    ['a definition never referenced is left out', '[^x]: Seule.', {}, ''],
  ])('%s', (_name, input, options, expected) => {
    expect(render(input, options)).toBe(expected)
  })

  it('numbers each document from 1', () => {
    render('A[^a] B[^b]\n\n[^a]: a\n[^b]: b')
    expect(render('C[^c]\n\n[^c]: c')).toContain(ref('c', 1))
  })
})

describe('renderMarkdown: syntax highlighting', () => {
  const code = (lang: string, body: string): string =>
    `<pre><code class="hljs language-${lang}">${body}\n</code></pre>\n`
  it.each([
    [
      'js',
      'let a = 1',
      code('js', '<span class="hljs-keyword">let</span> a = <span class="hljs-number">1</span>'),
    ],
    [
      'json',
      '{"a": true}',
      code(
        'json',
        '<span class="hljs-punctuation">{</span><span class="hljs-attr">&quot;a&quot;</span><span class="hljs-punctuation">:</span> <span class="hljs-literal"><span class="hljs-keyword">true</span></span><span class="hljs-punctuation">}</span>',
      ),
    ],
    [
      'html',
      '<b>x</b>',
      code(
        'html',
        '<span class="hljs-tag">&lt;<span class="hljs-name">b</span>&gt;</span>x<span class="hljs-tag">&lt;/<span class="hljs-name">b</span>&gt;</span>',
      ),
    ],
    [
      'css',
      'a { color: red }',
      code(
        'css',
        '<span class="hljs-selector-tag">a</span> { <span class="hljs-attribute">color</span>: red }',
      ),
    ],
    [
      'bash',
      'echo "$HOME" # x',
      code(
        'bash',
        '<span class="hljs-built_in">echo</span> <span class="hljs-string">&quot;<span class="hljs-variable">$HOME</span>&quot;</span> <span class="hljs-comment"># x</span>',
      ),
    ],
    ['shell (read as bash)', 'echo x', code('shell', '<span class="hljs-built_in">echo</span> x')],
    [
      'python',
      'def f(): pass',
      code(
        'python',
        '<span class="hljs-keyword">def</span> <span class="hljs-title function_">f</span>(): <span class="hljs-keyword">pass</span>',
      ),
    ],
    [
      'yaml',
      'a: 1',
      code('yaml', '<span class="hljs-attr">a:</span> <span class="hljs-number">1</span>'),
    ],
    ['markdown', '# Titre', code('markdown', '<span class="hljs-section"># Titre</span>')],
    ['diff', '+ajout', code('diff', '<span class="hljs-addition">+ajout</span>')],
    [
      'sql',
      'SELECT 1',
      code('sql', '<span class="hljs-keyword">SELECT</span> <span class="hljs-number">1</span>'),
    ],
    [
      'go',
      'func f() {}',
      code(
        'go',
        '<span class="hljs-function"><span class="hljs-keyword">func</span> <span class="hljs-title">f</span><span class="hljs-params">()</span></span> {}',
      ),
    ],
    [
      'rust',
      'fn f() {}',
      code(
        'rust',
        '<span class="hljs-keyword">fn</span> <span class="hljs-title function_">f</span>() {}',
      ),
    ],
    [
      'ts, any case',
      'const a: number = 1',
      code(
        'TS',
        '<span class="hljs-keyword">const</span> <span class="hljs-attr">a</span>: <span class="hljs-built_in">number</span> = <span class="hljs-number">1</span>',
      ),
    ],
  ])('%s', (name, source, expected) => {
    const lang = expected.match(/language-(\S+)"/)?.[1] ?? name
    expect(render(`\`\`\`${lang}\n${source}\n\`\`\``)).toBe(expected)
  })

  it.each([
    [
      'unknown language: plain and escaped',
      '```cobol\nIF A < B\n```',
      '<pre><code class="language-cobol">IF A &lt; B\n</code></pre>\n',
    ],
    ['no language', '```\n<b>\n```', '<pre><code>&lt;b&gt;\n</code></pre>\n'],
    [
      'info string after the language',
      '```js title="a.js"\n1\n```',
      '<pre><code class="hljs language-js"><span class="hljs-number">1</span>\n</code></pre>\n',
    ],
    ['empty block', '```js\n```', '<pre><code class="language-js"></code></pre>\n'],
    [
      'indented code is never highlighted',
      '    let a = 1',
      '<pre><code>let a = 1\n</code></pre>\n',
    ],
    [
      'HTML in code is escaped',
      '```js\n"</code><script>"\n```',
      '<pre><code class="hljs language-js"><span class="hljs-string">&quot;&lt;/code&gt;&lt;script&gt;&quot;</span>\n</code></pre>\n',
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })

  it('writes classes only, never inline styles', () => {
    const all = [
      'js',
      'ts',
      'json',
      'html',
      'css',
      'bash',
      'python',
      'yaml',
      'md',
      'diff',
      'sql',
      'go',
      'rust',
    ]
    for (const lang of all) {
      const html = render(`\`\`\`${lang}\nconst x = "<a style='x'>" // y\n\`\`\``)
      expect(html).toContain('class="hljs ')
      expect(html).not.toMatch(/<[^>]* style=/)
    }
  })

  it('leaves a very large block plain', () => {
    const big = 'let a = 1\n'.repeat(4000)
    expect(render(`\`\`\`js\n${big}\`\`\``)).toBe(
      `<pre><code class="language-js">${big}</code></pre>\n`,
    )
  })
})

describe('renderMarkdown: typography', () => {
  it.each([
    [
      'English quotes and apostrophes',
      'en',
      `"Bread" isn't 'cake'.`,
      '<p>“Bread” isn’t ‘cake’.</p>\n',
    ],
    ['no language: English quotes', '', `"oui"`, '<p>“oui”</p>\n'],
    ['dashes and ellipsis', 'en', 'a -- b --- c...', '<p>a – b — c…</p>\n'],
    ['<< and >>', 'en', '<<1>> << b >>', '<p>«1» «\u00a0b\u00a0»</p>\n'],
    ['decade', 'en', `the '80s`, '<p>the ’80s</p>\n'],
    ['German quotes', 'de', `Er sagte "ja".`, '<p>Er sagte „ja“.</p>\n'],
    [
      'quotes around emphasis',
      'en',
      `"*so*" and '**so**'`,
      '<p>“<em>so</em>” and ‘<strong>so</strong>’</p>\n',
    ],
    ['escaped quotes stay straight', 'en', String.raw`\"a\"`, '<p>&quot;a&quot;</p>\n'],
    [
      'French: quotes, narrow space before ; ! ?, no-break space before :',
      'fr',
      `Il a dit "oui" ; vraiment? Oui! Voici : la liste`,
      '<p>Il a dit «\u00a0oui\u00a0»\u202f; vraiment\u202f? Oui\u202f! Voici\u00a0: la liste</p>\n',
    ],
    [
      'French: guillemets as typed',
      'fr',
      '« oui » et «non»',
      '<p>«\u00a0oui\u00a0» et «\u00a0non\u00a0»</p>\n',
    ],
    [
      'French: spaced straight quotes',
      'fr',
      `" oui " et " non ".`,
      '<p>«\u00a0oui\u00a0» et «\u00a0non\u00a0».</p>\n',
    ],
    ['French: ?! takes one space', 'fr', 'Quoi ?!', '<p>Quoi\u202f?!</p>\n'],
    ['French: apostrophes', 'fr', `l'été, aujourd'hui`, '<p>l’été, aujourd’hui</p>\n'],
    [
      'French: across emphasis',
      'fr',
      '*Bravo*! « *oui* »',
      '<p><em>Bravo</em>\u202f! «\u00a0<em>oui</em>\u00a0»</p>\n',
    ],
    [
      'French: U+00A0 kept, not doubled',
      'fr',
      'Attention\u00a0! Oui\u202f?',
      '<p>Attention\u00a0! Oui\u202f?</p>\n',
    ],
    [
      'French: &nbsp; kept, not doubled',
      'fr',
      'Attention&nbsp;! «&nbsp;oui&nbsp;»',
      '<p>Attention&nbsp;! «&nbsp;oui&nbsp;»</p>\n',
    ],
    [
      'French: entities untouched',
      'fr',
      'Tom &amp; Jerry; &#233;t&eacute;',
      '<p>Tom &amp; Jerry\u202f; ét&eacute;</p>\n',
    ],
    [
      'French: times, ratios, URLs in text',
      'fr',
      'À 10:30, 1:2, voir [https://a.fr/x--y?a=1](https://a.fr/x--y?a=1)',
      '<p>À 10:30, 1:2, voir <a href="https://a.fr/x--y?a=1" rel="noopener">https://a.fr/x--y?a=1</a></p>\n',
    ],
    [
      'French: English page unaffected',
      'en',
      'Why ? Because : yes',
      '<p>Why ? Because : yes</p>\n',
    ],
    [
      'French: in a table cell',
      'fr',
      '| Quoi? |\n|---|\n| "ça" |',
      '<div class="table-scroll" tabindex="0"><table>\n<thead>\n<tr>\n<th>Quoi\u202f?</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>«\u00a0ça\u00a0»</td>\n</tr>\n</tbody></table>\n</div>\n',
    ],
    [
      'French: in a figure caption',
      'fr',
      `![Photo](/p.jpg)\n_Le "four"_`,
      '<figure><img src="/p.jpg" alt="Photo" loading="lazy" decoding="async"><figcaption>Le «\u00a0four\u00a0»</figcaption></figure>\n',
    ],
    [
      'French: in a tight list',
      'fr',
      '- Oui!\n- Non?',
      '<ul>\n<li>Oui\u202f!</li>\n<li>Non\u202f?</li>\n</ul>\n',
    ],
  ])('%s', (_name, lang, input, expected) => {
    expect(render(input, { lang })).toBe(expected)
  })

  it.each([
    [
      'code span',
      'Le `"a" -- b; c: d!` ici',
      '<p>Le <code>&quot;a&quot; -- b; c: d!</code> ici</p>\n',
    ],
    [
      'code block',
      '```\n"a" -- b; c: d!\n```',
      '<pre><code>&quot;a&quot; -- b; c: d!\n</code></pre>\n',
    ],
    [
      'autolinked URL',
      'Voir https://a.fr/x--y;z et www.b.fr/c...d',
      '<p>Voir <a href="https://a.fr/x--y;z" rel="noopener">https://a.fr/x--y;z</a> et <a href="http://www.b.fr/c...d" rel="noopener">www.b.fr/c...d</a></p>\n',
    ],
    [
      'link target and title',
      `[lien](/a--b "c -- d")`,
      '<p><a href="/a--b" title="c -- d">lien</a></p>\n',
    ],
    [
      'image alt text (kramdown leaves it)',
      `![l'été -- "oui"](/a.png)`,
      '<p><img src="/a.png" alt="l&#39;été -- &quot;oui&quot;" loading="lazy" decoding="async"></p>\n',
    ],
    [
      'raw HTML tags and attributes',
      `Un <span title="a -- b: c!" data-x='"q"'>x -- y</span>`,
      `<p>Un <span title="a -- b: c!" data-x='"q"'>x – y</span></p>\n`,
    ],
    [
      'raw HTML block',
      `<div title="a -- b">\n"x" -- y!\n</div>`,
      `<div title="a -- b">\n"x" -- y!\n</div>`,
    ],
    [
      'content of raw code elements',
      'Tapez <kbd>Ctrl--</kbd> et <code>a: "b" c</code>!',
      '<p>Tapez <kbd>Ctrl--</kbd> et <code>a: "b" c</code>\u202f!</p>\n',
    ],
    ['HTML comment', '<!-- "a" -- b -->', '<!-- "a" -- b -->'],
  ])('never inside: %s', (_name, input, expected) => {
    expect(render(input, { lang: 'fr' })).toBe(expected)
  })
})

describe('renderMarkdown: lazy images', () => {
  it.each([
    [
      'image',
      '![Un four](/four.jpg)',
      '<p><img src="/four.jpg" alt="Un four" loading="lazy" decoding="async"></p>\n',
    ],
    [
      'image with a title',
      '![Un four](/four.jpg "Le four")',
      '<p><img src="/four.jpg" alt="Un four" title="Le four" loading="lazy" decoding="async"></p>\n',
    ],
    [
      'image in a link',
      '[![Un four](/four.jpg)](/grand.jpg)',
      '<p><a href="/grand.jpg"><img src="/four.jpg" alt="Un four" loading="lazy" decoding="async"></a></p>\n',
    ],
    [
      'image in a figure',
      '![Un four](/four.jpg)\n_Le four_',
      '<figure><img src="/four.jpg" alt="Un four" loading="lazy" decoding="async"><figcaption>Le four</figcaption></figure>\n',
    ],
    [
      'reference image',
      '![Un four][f]\n\n[f]: /four.jpg',
      '<p><img src="/four.jpg" alt="Un four" loading="lazy" decoding="async"></p>\n',
    ],
    [
      'raw HTML image left as authored',
      '<img src="/four.jpg" alt="Un four">',
      '<img src="/four.jpg" alt="Un four">',
    ],
    [
      'inline raw HTML image left as authored',
      'Un <img src="/four.jpg" alt="four"> ici',
      '<p>Un <img src="/four.jpg" alt="four"> ici</p>\n',
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input)).toBe(expected)
  })
})

describe('renderMarkdown: external links', () => {
  const siteUrl = 'https://fournil.example'
  it.each([
    [
      'other origin',
      '[a](https://autre.example/x)',
      '<a href="https://autre.example/x" rel="noopener">a</a>',
    ],
    ['http', '[a](http://autre.example)', '<a href="http://autre.example" rel="noopener">a</a>'],
    [
      'same host over http',
      '[a](http://fournil.example/x)',
      '<a href="http://fournil.example/x" rel="noopener">a</a>',
    ],
    [
      'subdomain',
      '[a](https://www.fournil.example/)',
      '<a href="https://www.fournil.example/" rel="noopener">a</a>',
    ],
    [
      'other port',
      '[a](https://fournil.example:8443/)',
      '<a href="https://fournil.example:8443/" rel="noopener">a</a>',
    ],
    [
      'scheme-relative',
      '[a](//autre.example/x)',
      '<a href="//autre.example/x" rel="noopener">a</a>',
    ],
    [
      'with a title',
      '[a](https://autre.example "T")',
      '<a href="https://autre.example" rel="noopener" title="T">a</a>',
    ],
    [
      'reference link',
      '[a][r]\n\n[r]: https://autre.example',
      '<a href="https://autre.example" rel="noopener">a</a>',
    ],
    [
      'autolink',
      '<https://autre.example>',
      '<a href="https://autre.example" rel="noopener">https://autre.example</a>',
    ],
    [
      'same origin, absolute',
      '[a](https://fournil.example/blog/x.html)',
      '<a href="https://fournil.example/blog/x.html">a</a>',
    ],
    [
      'same origin, upper case',
      '[a](HTTPS://Fournil.Example/x)',
      '<a href="HTTPS://Fournil.Example/x">a</a>',
    ],
    ['root-relative', '[a](/blog/x.html)', '<a href="/blog/x.html">a</a>'],
    ['relative', '[a](x.html)', '<a href="x.html">a</a>'],
    ['fragment', '[a](#b)', '<a href="#b">a</a>'],
    ['mailto', '[a](mailto:a@b.example)', '<a href="mailto:a@b.example">a</a>'],
    [
      'raw HTML link left as authored',
      '<a href="https://autre.example">a</a>',
      '<a href="https://autre.example">a</a>',
    ],
  ])('%s', (_name, input, expected) => {
    expect(render(input, { siteUrl })).toBe(`<p>${expected}</p>\n`)
  })

  it.each([
    ['no siteUrl', undefined],
    ['an invalid siteUrl', 'pas une URL'],
  ])('every http(s) link is external with %s', (_name, url) => {
    expect(render('[a](https://fournil.example/x) [b](/x)', { siteUrl: url })).toBe(
      '<p><a href="https://fournil.example/x" rel="noopener">a</a> <a href="/x">b</a></p>\n',
    )
  })

  it('compares origins, whatever the siteUrl path', () => {
    expect(
      render('[a](https://fournil.example/x)', { siteUrl: 'https://fournil.example/blog/' }),
    ).toBe('<p><a href="https://fournil.example/x">a</a></p>\n')
  })
})

describe('renderMarkdown: hostile input never throws', () => {
  const nestedBlockquote = '>'.repeat(10_000)
  it.each([
    ['1 MB of text', 'Lorem *ipsum* dolor sit amet.\n\n'.repeat(32_000), '<p>Lorem <em>ipsum</em>'],
    ['1 MB single paragraph', 'mot '.repeat(250_000), '<p>mot mot'],
    ['10,000 nested blockquotes', `${nestedBlockquote} profond`, 'profond'],
    ['10,000 nested "> " blockquotes', `${'> '.repeat(10_000)}profond`, 'profond'],
    ['10,000 nested lists', `${'- '.repeat(10_000)}profond`, 'profond'],
    ['100,000 [', '['.repeat(100_000), '[[[['],
    ['10,000 nested links', `${'['.repeat(10_000)}a${'](b)'.repeat(10_000)}`, 'a'],
    ['10,000 nested *', `${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`, 'a'],
    [
      'unterminated code fence',
      '```js\nconst a = 1\n\n# pas un titre',
      '# pas un titre\n</code></pre>',
    ],
    ['unterminated HTML comment', '<!-- jamais fermé\n\ntexte', '<!-- jamais fermé'],
    ['NUL bytes become U+FFFD', 'a\0b', '<p>a\uFFFDb</p>'],
    ['only NUL bytes', '\0'.repeat(1000), '\uFFFD'.repeat(1000)],
  ])('%s', (_name, input, expected) => {
    const html = render(input)
    expect(typeof html).toBe('string')
    expect(html).toContain(expected)
    expect(html).not.toContain('\0')
  })

  it.each([
    ['5 levels render fully', `${'> '.repeat(5)}x`, 5],
    ['10,000 levels are capped', `${nestedBlockquote} profond`, 32],
  ])('blockquote depth: %s', (_name, input, depth) => {
    expect(render(input).match(/<blockquote>/g)).toHaveLength(depth)
  })
})

describe('renderMarkdown: state', () => {
  it('renders normally again after input that exhausts the stack', () => {
    render(`${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`)
    render(`${'>'.repeat(10_000)} profond`)
    expect(render('> *ok*')).toBe('<blockquote>\n<p><em>ok</em></p>\n</blockquote>\n')
  })

  it('renders footnotes normally again after input that exhausts the stack', () => {
    render(`${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`, { lang: 'fr' })
    expect(render('Texte[^1].\n\n[^1]: Note.', { lang: 'fr' })).toContain(
      '<li id="footnote-1">\n<p>Note. ',
    )
  })

  it("drops a heading that an uncited footnote held, keeps a cited one's", () => {
    expect(renderMarkdown('[^1]:#', { lang: 'fr' })).toEqual({ html: '' })
    const cited = renderMarkdown('Voir[^1].\n\n[^1]: ## Note', { lang: 'fr' })
    expect(headingIds(cited.html)).toContainEqual(['2', 'note'])
  })

  it('any Markdown-like input: no throw, unique ids, each one in the HTML', () => {
    const piece = fc.constantFrom(
      '#',
      '## ',
      '\n',
      '\n\n',
      ' ',
      'a',
      'é',
      '"',
      "'",
      '*',
      '_',
      '`',
      '[',
      ']',
      '(',
      ')',
      '^',
      ':',
      '!',
      '?',
      '-',
      '<',
      '>',
      '|',
      '&nbsp;',
      '[^1]',
      '[^1]: n\n',
      '```js\n',
      'https://x.fr ',
      '![i](/i.png)',
    )
    const markdown = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''))
    fc.assert(
      fc.property(markdown, fc.constantFrom('fr', 'en', 'de'), (input, lang) => {
        const { html } = renderMarkdown(input, { lang, siteUrl: 'https://x.fr' })
        const ids = headingIds(html).map(([, id]) => id)
        expect(new Set(ids).size).toBe(ids.length)
      }),
      { numRuns: 1000 },
    )
  })

  it('leaves the global marked instance untouched', () => {
    render('![a](/1.png)\n_b_')
    expect(marked.parse('![a](/1.png)\n_b_', { async: false })).not.toContain('<figure>')
  })
})
