import { describe, expect, it } from 'vitest'
import { fragmentWords, normalizeText, readPage, wordsOf } from '../src/compare/visible-text'

describe('normalizeText: typography that says the same thing', () => {
  const cases: [string, string, string][] = [
    ['curly apostrophes', 'l’État ‘x’', "l'état 'x'"],
    ['double quotes and guillemets', '“a” «b» „c“', '"a" "b" "c"'],
    ['en and em dashes, minus', 'a – b — c − d', 'a - b - c - d'],
    ['ellipsis', 'suite…', 'suite...'],
    ['soft hyphen and zero-width space', 'inter\u00adnational\u200b', 'international'],
    ['composed and decomposed accents', 'e\u0301t\u00e9', '\u00e9t\u00e9'],
    ['case', 'Lire La Suite', 'lire la suite'],
  ]
  it.each(cases)('%s', (_, text, expected) => {
    expect(normalizeText(text)).toBe(expected)
  })
})

describe('wordsOf: words and punctuation marks, spacing aside', () => {
  const cases: [string, string, string[]][] = [
    ['French spacing around punctuation', '« Bonjour » : oui', ['"', 'bonjour', '"', ':', 'oui']],
    ['no spacing', '«Bonjour»: oui', ['"', 'bonjour', '"', ':', 'oui']],
    ['NBSP and narrow NBSP are spaces', 'a\u00a0b\u202fc', ['a', 'b', 'c']],
    ['apostrophes split', 'l’interdisciplinarité', ['l', "'", 'interdisciplinarité']],
    ['digits', 'CC BY-SA 4.0', ['cc', 'by', '-', 'sa', '4', '.', '0']],
    ['nothing', '  \n ', []],
  ]
  it.each(cases)('%s', (_, text, expected) => {
    expect(wordsOf(text)).toEqual(expected)
  })
})

describe('readPage: what a reader sees of a page', () => {
  const page = (body: string, head = '<title>T</title>') =>
    `<!DOCTYPE html><html lang="fr"><head>${head}</head><body>${body}</body></html>`
  const cases: [string, string, string[]][] = [
    ['paragraphs are separate words', '<p>un</p><p>deux</p>', ['un', 'deux']],
    ['inline elements join', '<p><em>in</em>visible</p>', ['invisible']],
    ['a line break separates', 'a<br>b', ['a', 'b']],
    [
      'scripts, styles, noscript and template are out',
      '<script>x()</script><style>p{}</style><noscript>n</noscript><template>t</template>ok',
      ['ok'],
    ],
    ['hidden elements are out', '<p hidden>no</p><p>yes</p>', ['yes']],
    ['entities decoded', '<p>caf&eacute; &amp; th&#xE9;</p>', ['café', '&', 'thé']],
    [
      'an unclosed paragraph closes where a browser closes it',
      '<p>a<div>b</div>c',
      ['a', 'b', 'c'],
    ],
    ['image alt text is not visible text', '<p>a <img alt="photo"> b</p>', ['a', 'b']],
  ]
  it.each(cases)('%s', (_, body, expected) => {
    expect(readPage(page(body)).words).toEqual(expected)
  })

  it('reads the title, whitespace collapsed, and the html lang', () => {
    const facts = readPage(page('x', '<title>\n  Un  titre &amp; demi </title>'))
    expect(facts).toEqual({ title: 'Un titre & demi', lang: 'fr', words: ['x'] })
  })

  it('reads the element Kiosque marks as a post body', () => {
    const html = page(
      '<h1>Titre</h1><div class="body" data-kiosque-content="true"><p>Corps</p></div><footer>pied</footer>',
    )
    expect(readPage(html).content).toEqual(['corps'])
    expect(readPage(html).words).toEqual(['titre', 'corps', 'pied'])
  })

  it('gives empty facts for a page without html, title or body text', () => {
    expect(readPage('')).toEqual({ title: '', lang: '', words: [] })
  })

  it('reads a hostile page nested 100,000 deep without exhausting the stack', () => {
    const deep = `${'<span>'.repeat(100_000)}fond${'</span>'.repeat(100_000)}`
    expect(readPage(page(deep)).words).toEqual(['fond'])
  })
})

describe('fragmentWords: what Jekyll gives a layout as {{ content }}', () => {
  it('reads a fragment without html or body', () => {
    expect(fragmentWords('<h2 id="x">Titre</h2>\n<p>Texte <a href="#">lien</a>.</p>')).toEqual([
      'titre',
      'texte',
      'lien',
      '.',
    ])
  })
})
