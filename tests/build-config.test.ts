import { describe, expect, it } from 'vitest'
import { parseConfig, type SiteConfig } from '../src/build/config'
import { DiagnosticList, formatDiagnostic } from '../src/build/diagnostics'

const PATH = 'content/_config.yml'

function parse(text: string) {
  const diagnostics = new DiagnosticList()
  const config = parseConfig(PATH, text, diagnostics)
  return { config, messages: diagnostics.items.map(formatDiagnostic) }
}

describe('parseConfig: defaults of an empty config', () => {
  it.each<[keyof SiteConfig, unknown]>([
    ['title', 'Kiosque'],
    ['description', ''],
    ['url', 'http://127.0.0.1:8787'],
    ['permalink', 'date'],
    ['defaults', []],
    ['future', false],
    ['perPage', 10],
    ['timezone', 'UTC'],
    ['defaultLang', 'en'],
    ['langDeclared', false],
    ['languages', []],
    ['include', ['.htaccess']],
    ['titles', {}],
  ])('%s is %j', (key, expected) => {
    const { config, messages } = parse('')
    expect(messages).toEqual([])
    expect(config?.[key]).toEqual(expected)
  })
})

describe('parseConfig: settings read', () => {
  it.each<[string, string, Partial<SiteConfig>]>([
    [
      'url and baseurl kept apart, trailing slashes dropped',
      'url: https://example.org/\nbaseurl: /blog/',
      { url: 'https://example.org', baseurl: '/blog' },
    ],
    ['baseurl without its leading slash', 'baseurl: blog', { baseurl: '/blog' }],
    ['baseurl of a slash is none', 'baseurl: /', { baseurl: '' }],
    ['no baseurl', 'title: x', { baseurl: '' }],
    ['permalink style', 'permalink: pretty', { permalink: 'pretty' }],
    ['lang', 'lang: fr', { defaultLang: 'fr', langDeclared: true, languages: ['fr'] }],
    ['locale normalized', 'locale: fr_FR', { defaultLang: 'fr-fr', languages: ['fr-fr'] }],
    [
      'languages, first is the default',
      'languages: [en, fr]',
      { defaultLang: 'en', languages: ['en', 'fr'] },
    ],
    [
      'lang moved first in languages',
      'lang: fr\nlanguages: [en, fr]',
      { defaultLang: 'fr', languages: ['fr', 'en'] },
    ],
    [
      'root defaults lang',
      'defaults:\n  - scope: {path: ""}\n    values: {locale: de}',
      { defaultLang: 'de', langDeclared: true },
    ],
    ['paginate', 'paginate: 4', { perPage: 4 }],
    ['pagination.per_page', 'pagination:\n  per_page: 6', { perPage: 6 }],
    ['timezone', 'timezone: Europe/Paris', { timezone: 'Europe/Paris' }],
    ['future', 'future: true', { future: true }],
    [
      'per-language titles',
      'title: Blog\ntitle_en: The blog\ntitle_pt_BR: O blog',
      { title: 'Blog', titles: { en: 'The blog', 'pt-br': 'O blog' } },
    ],
    ['numeric title', 'title: 2048', { title: '2048' }],
    [
      'defaults scope path trimmed of slashes',
      'defaults:\n  - scope: {path: /en/, type: posts}\n    values: {lang: en}',
      { defaults: [{ path: 'en', type: 'posts', values: { lang: 'en' } }] },
    ],
  ])('%s', (_name, text, expected) => {
    const { config, messages } = parse(text)
    expect(messages).toEqual([])
    expect(config).toMatchObject(expected)
  })

  it('exclude adds to Jekyll’s default exclusions', () => {
    const { config } = parse('exclude: [notes, "*.psd"]')
    expect(config?.exclude).toContain('Gemfile')
    expect(config?.exclude).toContain('node_modules')
    expect(config?.exclude.slice(0, 2)).toEqual(['notes', '*.psd'])
  })
})

describe('parseConfig: what Jekyll ignores is a warning, and the config is read', () => {
  it.each([
    [
      'lang: xx',
      [
        `${PATH}:1:7: warning: unknown language code "xx", used as written: declare it in languages, or use an ISO 639-1 code`,
      ],
    ],
    [
      'default_lang: 42',
      [
        `${PATH}:1:15: warning: default_lang is not a language code such as fr or en: it is ignored (quote it: YAML reads no as false)`,
      ],
    ],
    [
      'kiosque: {strict: maybe}',
      [`${PATH}:1:10: warning: kiosque.strict must be true or false: false is used`],
    ],
  ])('%s', (text, expected) => {
    const { config, messages } = parse(text)
    expect(config).toBeDefined()
    expect(messages).toEqual(expected)
  })

  it.each([
    ['default_lang: fr\nlanguages: [en, fr]', { defaultLang: 'fr', languages: ['fr', 'en'] }],
    ['kiosque: {strict: true, translation_key: ref}', { strict: true, translationKey: 'ref' }],
    ['include: [_redirects]', { include: ['_redirects'] }],
  ])('%s', (text, expected) => {
    expect(parse(text).config).toMatchObject(expected)
  })
})

describe('parseConfig: where Jekyll goes on, a warning saying what Kiosque did', () => {
  it.each<[string, Partial<SiteConfig>, string]>([
    [
      'paginate: -1',
      { perPage: 10 },
      `${PATH}:1:11: warning: paginate is not a whole number between 1 and 1000: listings show 10 posts a page`,
    ],
    [
      'paginate: 2.5',
      { perPage: 10 },
      `${PATH}:1:11: warning: paginate is not a whole number between 1 and 1000: listings show 10 posts a page`,
    ],
    [
      'paginate: "4"',
      { perPage: 4 },
      `${PATH}:1:11: warning: paginate is text: read as 4, as Jekyll reads it`,
    ],
    [
      'paginate_path: /page/',
      { paginatePath: '/page:num/' },
      `${PATH}:1:16: warning: paginate_path is not a path containing :num, such as /page:num/: listing pages are at /page:num/`,
    ],
    // Ruby's Time under an unknown TZ is UTC: TZ=Mars/Base ruby -e 'p Time.now.utc_offset' gives 0.
    [
      'timezone: Mars/Base',
      { timezone: 'UTC' },
      `${PATH}:1:11: warning: unknown timezone "Mars/Base": dates are read in UTC, as Jekyll (Ruby) reads them; use an IANA name such as Europe/Paris`,
    ],
    [
      'url: not-a-url',
      { url: 'http://127.0.0.1:8787' },
      `${PATH}:1:6: warning: url "not-a-url" is not an origin such as https://example.org: absolute links use http://127.0.0.1:8787, as for a site without url, until you set it`,
    ],
    [
      'url: ftp://example.org',
      { url: 'http://127.0.0.1:8787' },
      `${PATH}:1:6: warning: url "ftp://example.org" is not an origin such as https://example.org: absolute links use http://127.0.0.1:8787, as for a site without url, until you set it`,
    ],
    [
      'future: maybe',
      { future: true },
      `${PATH}:1:9: warning: future is not true or false: "maybe" is read as true, as Jekyll reads it`,
    ],
    [
      'title: [a, b]',
      { title: 'Kiosque' },
      `${PATH}:1:8: warning: title is not text: it is ignored`,
    ],
    [
      'languages: [fr, "en us"]',
      { languages: ['fr'] },
      `${PATH}:1:12: warning: languages: "en us" is not a language tag such as fr or pt-br: it is left out`,
    ],
    [
      'defaults: {a: 1}',
      { defaults: [] },
      `${PATH}:1:11: warning: defaults is not a list of {scope, values} entries: it is ignored, as Jekyll ignores it`,
    ],
    [
      'defaults:\n  - scope: {path: en}',
      { defaults: [] },
      `${PATH}:2:3: warning: defaults[0] has no values mapping: it is ignored, as Jekyll ignores it`,
    ],
    [
      'collections: notes',
      { collections: [] },
      `${PATH}:1:14: warning: collections is neither a list of names nor a mapping of name: { output, permalink }: no collection is read from it`,
    ],
    [
      'collections:\n  data: {output: true}',
      { collections: [] },
      `${PATH}:2:3: warning: "data" cannot be a collection name, Jekyll gives _data a meaning of its own: no collection is read from it`,
    ],
    [
      'collections:\n  notes: [a]',
      { collections: [] },
      `${PATH}:2:3: warning: collections.notes is not a mapping such as { output: true }: no collection is read from it`,
    ],
  ])('%j', (text, expected, message) => {
    const { config, messages } = parse(text)
    expect(messages).toEqual([message])
    expect(config).toMatchObject(expected)
  })

  it.each<[string, Partial<SiteConfig>]>([
    // Jekyll compares scope paths as text.
    [
      'defaults:\n  - scope: {path: 2019}\n    values: {a: 1}',
      { defaults: [{ path: '2019', values: { a: 1 } }] },
    ],
    // `posts` is Jekyll's own collection; a flag is true unless false or nil.
    [
      'collections:\n  posts: {output: true}\n  notes: {output: yes}',
      {
        collections: [
          {
            name: 'notes',
            output: true,
            permalink: '/:collection/:path:output_ext',
            title: 'notes',
          },
        ],
      },
    ],
  ])('%j is read as Jekyll reads it', (text, expected) => {
    const { config, messages } = parse(text)
    expect(messages).toEqual([])
    expect(config).toMatchObject(expected)
  })
})

describe('parseConfig: errors, only where Jekyll fails or Kiosque cannot serve', () => {
  it.each([
    [
      'baseurl: /blog?x',
      [`${PATH}:1:10: baseurl "/blog?x" must be a path such as /blog, without ?, #, % or spaces`],
    ],
    [
      'baseurl: /a/../b',
      [`${PATH}:1:10: baseurl "/a/../b" must be a path such as /blog, without ?, #, % or spaces`],
    ],
    ['permalink: /:foo/:title/', [`${PATH}:1:12: unknown permalink placeholder :foo`]],
    // Jekyll: "'exclude' should be set as an array" (check_include_exclude).
    ['exclude: notes', [`${PATH}:1:10: exclude must be a list of strings, as Jekyll requires`]],
    [
      'url: https://example.org\n\tlang: fr',
      [`${PATH}:2:1: invalid YAML: Tabs are not allowed as indentation`],
    ],
  ])('%j', (text, expected) => {
    const { config, messages } = parse(text)
    expect(config).toBeUndefined()
    expect([...messages].sort()).toEqual([...expected].sort())
  })
})
