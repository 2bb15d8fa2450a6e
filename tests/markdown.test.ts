import { marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../src/worker/markdown'

const iframe =
  '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" frameborder="0" allowfullscreen></iframe>'
const speakerdeck =
  '<script async class="speakerdeck-embed" data-id="abc123" src="//speakerdeck.com/assets/embed.js"></script>'
const img = '<img src="/img/photo.jpg" alt="Une photo">'

describe('renderMarkdown: GFM', () => {
  it.each([
    [
      'table with alignment',
      '| Nom | Âge |\n|:---|---:|\n| Léa | 7 |',
      '<table>\n<thead>\n<tr>\n<th align="left">Nom</th>\n<th align="right">Âge</th>\n</tr>\n</thead>\n' +
        '<tbody><tr>\n<td align="left">Léa</td>\n<td align="right">7</td>\n</tr>\n</tbody></table>\n',
    ],
    ['strikethrough', '~~barré~~ et ~simple~', '<p><del>barré</del> et <del>simple</del></p>\n'],
    [
      'bare URL autolinks, trailing dot excluded',
      'Voir www.example.com et https://example.org/page.',
      '<p>Voir <a href="http://www.example.com">www.example.com</a> et ' +
        '<a href="https://example.org/page">https://example.org/page</a>.</p>\n',
    ],
    [
      'fenced code with language, HTML escaped',
      '```ts\nconst a = 1 < 2\n```',
      '<pre><code class="language-ts">const a = 1 &lt; 2\n</code></pre>\n',
    ],
    ['fenced code without language', '```\nbrut\n```', '<pre><code>brut\n</code></pre>\n'],
    ['empty input', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(renderMarkdown(input)).toBe(expected)
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
    expect(renderMarkdown(input)).toBe(expected)
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
    const html = renderMarkdown(input)
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
        '<a href="https://lea.example">son site</a></figcaption></figure>\n',
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
      '<figure><img src="/img/photo.jpg" alt="Une photo" title="Titre">' +
        '<figcaption>Au marché</figcaption></figure>\n',
    ],
    [
      'captioned image inside a blockquote',
      '> ![Une photo](/img/photo.jpg)\n> _Au marché_',
      `<blockquote>\n<figure>${img}<figcaption>Au marché</figcaption></figure>\n</blockquote>\n`,
    ],
  ])('%s', (_name, input, expected) => {
    expect(renderMarkdown(input)).toBe(expected)
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
    const html = renderMarkdown(input)
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
    expect(renderMarkdown(input)).toBe(expected)
  })
})

describe('renderMarkdown: non-breaking spaces and headings', () => {
  it.each([
    ['literal U+00A0 survives', '10\u00a0km « oui\u00a0»', '<p>10\u00a0km « oui\u00a0»</p>\n'],
    ['&nbsp; entity survives', 'Attention&nbsp;!', '<p>Attention&nbsp;!</p>\n'],
    ['U+00A0 in a heading', '## Pourquoi\u00a0?', '<h2>Pourquoi\u00a0?</h2>\n'],
    [
      'ATX headings have no id',
      '# Titre\n\n## Sous-titre',
      '<h1>Titre</h1>\n<h2>Sous-titre</h2>\n',
    ],
    ['setext heading has no id', 'Titre\n=====', '<h1>Titre</h1>\n'],
  ])('%s', (_name, input, expected) => {
    expect(renderMarkdown(input)).toBe(expected)
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
    const html = renderMarkdown(input)
    expect(typeof html).toBe('string')
    expect(html).toContain(expected)
    expect(html).not.toContain('\0')
  })

  it.each([
    ['5 levels render fully', `${'> '.repeat(5)}x`, 5],
    ['10,000 levels are capped', `${nestedBlockquote} profond`, 32],
  ])('blockquote depth: %s', (_name, input, depth) => {
    expect(renderMarkdown(input).match(/<blockquote>/g)).toHaveLength(depth)
  })
})

describe('renderMarkdown: state', () => {
  it('renders normally again after input that exhausts the stack', () => {
    renderMarkdown(`${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`)
    renderMarkdown(`${'>'.repeat(10_000)} profond`)
    expect(renderMarkdown('> *ok*')).toBe('<blockquote>\n<p><em>ok</em></p>\n</blockquote>\n')
  })

  it('leaves the global marked instance untouched', () => {
    renderMarkdown('![a](/1.png)\n_b_')
    expect(marked.parse('![a](/1.png)\n_b_', { async: false })).not.toContain('<figure>')
  })
})
