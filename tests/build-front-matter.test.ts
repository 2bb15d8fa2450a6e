import { describe, expect, it } from 'vitest'
import { DiagnosticList, formatDiagnostic } from '../src/build/diagnostics'
import { hasFrontMatter, parseFrontMatter } from '../src/build/front-matter'

const PATH = 'content/_posts/2018-07-27-x.md'

function parse(text: string) {
  const diagnostics = new DiagnosticList()
  const parsed = parseFrontMatter(PATH, text, diagnostics)
  return { parsed, messages: diagnostics.items.map(formatDiagnostic) }
}

describe('parseFrontMatter: splitting front matter and body', () => {
  it.each([
    ['plain', '---\ntitle: A\n---\nBody\n', { title: 'A' }, 'Body\n'],
    ['byte-order mark', '\uFEFF---\ntitle: A\n---\nBody', { title: 'A' }, 'Body'],
    ['CRLF line ends', '---\r\ntitle: A\r\n---\r\nBody\r\n', { title: 'A' }, 'Body\r\n'],
    ['spaces after the fences', '---  \ntitle: A\n---\t\nBody', { title: 'A' }, 'Body'],
    ['`...` closes the front matter', '---\ntitle: A\n...\nBody', { title: 'A' }, 'Body'],
    ['empty front matter', '---\n---\nBody', {}, 'Body'],
    ['blank front matter', '---\n\n---\nBody', {}, 'Body'],
    ['no body', '---\ntitle: A\n---', { title: 'A' }, ''],
    [
      'a later `---` stays in the body',
      '---\ntitle: A\n---\nUn\n\n---\n\nDeux',
      { title: 'A' },
      'Un\n\n---\n\nDeux',
    ],
    [
      'only the first blank line after the fence is dropped',
      '---\ntitle: A\n---\n\nBody',
      { title: 'A' },
      '\nBody',
    ],
    ['tags as a list', '---\ntags:\n  - a\n  - b\n---\n', { tags: ['a', 'b'] }, ''],
    [
      'YAML 1.1 booleans, as Psych reads them',
      '---\npublished: no\ncomments: yes\n---\n',
      { published: false, comments: true },
      '',
    ],
  ])('%s', (_name, text, data, body) => {
    const { parsed, messages } = parse(text)
    expect(messages).toEqual([])
    expect(parsed?.frontMatter.data).toEqual(data)
    expect(parsed?.body).toBe(body)
  })

  it.each([
    ['2018-07-27', true],
    ['2018-07-27 10:05:00 +0200', false],
    ['2018-07-27T10:05:00Z', true],
    ['"2018-07-27 10:05"', false],
  ])(
    'the source text of date: %s is kept whatever YAML typed it as (a Date: %s)',
    (written, isDate) => {
      const { parsed } = parse(`---\ntitle: A\ndate: ${written}\n---\n`)
      expect(parsed?.frontMatter.data.date instanceof Date).toBe(isDate)
      expect(parsed?.frontMatter.sourceOf('date')).toBe(written.replace(/"/g, ''))
    },
  )
})

describe('parseFrontMatter: positions are those of the file', () => {
  const text = [
    '---',
    'title: Retour',
    'date:   2018-07-27',
    'tags:',
    '  - a',
    'lang-ref: "x"',
    '---',
    'Body',
  ].join('\n')
  it.each([
    ['title', { line: 2, col: 8 }],
    ['date', { line: 3, col: 9 }],
    ['tags', { line: 5, col: 3 }],
    ['lang-ref', { line: 6, col: 11 }],
    ['absent key: the mapping start', { line: 2, col: 1 }],
  ])('%s', (key, position) => {
    expect(parse(text).parsed?.frontMatter.at(key)).toEqual(position)
  })
})

describe('parseFrontMatter: errors', () => {
  it.each([
    [
      'no front matter',
      'title: A\n\nBody',
      [`${PATH}:1:1: missing front matter: the file must start with a \`---\` line`],
    ],
    [
      'empty file',
      '',
      [`${PATH}:1:1: missing front matter: the file must start with a \`---\` line`],
    ],
    [
      'front matter not at the start',
      '\n---\ntitle: A\n---\n',
      [`${PATH}:1:1: missing front matter: the file must start with a \`---\` line`],
    ],
    [
      'unclosed front matter',
      '---\ntitle: A\nBody\n',
      [`${PATH}:1:1: front matter is not closed: add a \`---\` line after it`],
    ],
    [
      'tab indentation',
      '---\ntitle: A\ndate: 2019-01-01\n\tfoo: 1\n---\n',
      [`${PATH}:4:1: invalid YAML: Tabs are not allowed as indentation`],
    ],
    [
      'mapping value inside a plain scalar',
      '---\nlang: fr\ntitle: Pain: bilan\n---\n',
      [`${PATH}:3:8: invalid YAML: Nested mappings are not allowed in compact mappings`],
    ],
    // Psych: "found unexpected end of stream while scanning a quoted scalar at line 2 column 8".
    [
      'unclosed quote points at the quote',
      '---\ntitle: "Pain\n---\n',
      [`${PATH}:2:8: invalid YAML: Missing closing "quote`],
    ],
    [
      'a list instead of a mapping',
      '---\n- a\n- b\n---\n',
      [`${PATH}:2:1: expected a mapping of \`key: value\` pairs`],
    ],
    [
      'a scalar instead of a mapping',
      '---\njust text\n---\n',
      [`${PATH}:2:1: expected a mapping of \`key: value\` pairs`],
    ],
  ])('%s', (_name, text, expected) => {
    const { parsed, messages } = parse(text)
    expect(parsed).toBeUndefined()
    expect(messages).toEqual(expected)
  })
})

describe('hasFrontMatter', () => {
  it.each([
    ['---\ntitle: A\n---\n', true],
    ['\uFEFF---\r\n---\r\n', true],
    ['--- \n---\n', true],
    ['# Title\n', false],
    ['----\n', false],
    ['\n---\n', false],
  ])('%j → %s', (text, expected) => {
    expect(hasFrontMatter(text)).toBe(expected)
  })
})
