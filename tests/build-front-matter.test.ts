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

// Jekyll only warns about a front matter it cannot read, and reads the file without it.
describe('parseFrontMatter: what Jekyll cannot read is a warning, and read as no front matter', () => {
  it.each([
    [
      'no front matter',
      'title: A\n\nBody',
      'title: A\n\nBody',
      [
        `${PATH}:1:1: warning: no front matter: read with the defaults of _config.yml only, as Jekyll reads it; start the file with a \`---\` line to give it some`,
      ],
    ],
    [
      'empty file',
      '',
      '',
      [
        `${PATH}:1:1: warning: no front matter: read with the defaults of _config.yml only, as Jekyll reads it; start the file with a \`---\` line to give it some`,
      ],
    ],
    [
      'front matter not at the start',
      '\n---\ntitle: A\n---\n',
      '\n---\ntitle: A\n---\n',
      [
        `${PATH}:1:1: warning: no front matter: read with the defaults of _config.yml only, as Jekyll reads it; start the file with a \`---\` line to give it some`,
      ],
    ],
    [
      'unclosed front matter: the whole file is the body',
      '---\ntitle: A\nBody\n',
      '---\ntitle: A\nBody\n',
      [
        `${PATH}:1:1: warning: front matter is not closed: Jekyll reads the whole file as the body, and so does Kiosque; add a \`---\` line after it`,
      ],
    ],
    [
      'tab indentation',
      '---\ntitle: A\ndate: 2019-01-01\n\tfoo: 1\n---\n',
      '',
      [
        `${PATH}:4:1: warning: invalid YAML: Tabs are not allowed as indentation; the front matter is ignored, as Jekyll ignores it`,
      ],
    ],
    [
      'mapping value inside a plain scalar',
      '---\nlang: fr\ntitle: Pain: bilan\n---\n',
      '',
      [
        `${PATH}:3:8: warning: invalid YAML: Nested mappings are not allowed in compact mappings; the front matter is ignored, as Jekyll ignores it`,
      ],
    ],
    // Psych: "found unexpected end of stream while scanning a quoted scalar at line 2 column 8".
    [
      'unclosed quote points at the quote',
      '---\ntitle: "Pain\n---\n',
      '',
      [
        `${PATH}:2:8: warning: invalid YAML: Missing closing "quote; the front matter is ignored, as Jekyll ignores it`,
      ],
    ],
    [
      'a list instead of a mapping',
      '---\n- a\n- b\n---\n',
      '',
      [
        `${PATH}:2:1: warning: expected a mapping of \`key: value\` pairs; the front matter is ignored, as Jekyll ignores it`,
      ],
    ],
    [
      'a scalar instead of a mapping',
      '---\njust text\n---\nBody',
      'Body',
      [
        `${PATH}:2:1: warning: expected a mapping of \`key: value\` pairs; the front matter is ignored, as Jekyll ignores it`,
      ],
    ],
  ])('%s', (_name, text, body, expected) => {
    const { parsed, messages } = parse(text)
    expect(parsed.frontMatter.data).toEqual({})
    expect(parsed.body).toBe(body)
    expect(messages).toEqual(expected)
  })
})

describe('parseFrontMatter: YAML as Psych reads it', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['y and n are strings, not booleans', '---\na: y\nb: n\n---\n', { a: 'y', b: 'n' }],
    [
      'yes, no, on, off in any case are booleans',
      '---\na: YES\nb: Off\nc: oN\nd: no\n---\n',
      { a: true, b: false, c: true, d: false },
    ],
    [
      'an unquoted date is a date',
      '---\nd: 2018-01-08\n---\n',
      { d: new Date(Date.UTC(2018, 0, 8)) },
    ],
    ['a duplicate key: the last one wins', '---\nt: A\nt: B\n---\n', { t: 'B' }],
    [
      'quoted text whose lines are under-indented, as libyaml accepts it',
      '---\nlist:\n  - text: "un\ndeux"\n    by: x\n---\n',
      { list: [{ text: 'un deux', by: 'x' }] },
    ],
  ])('%s', (_name, text, expected) => {
    expect(parse(text).parsed.frontMatter.data).toEqual(expected)
  })

  it('a duplicate key is a warning at the second one', () => {
    expect(parse('---\ntitle: A\ntitle: B\n---\n').messages).toEqual([
      `${PATH}:3:1: warning: duplicate key "title": the last one is used, as Jekyll does; remove the other`,
    ])
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
