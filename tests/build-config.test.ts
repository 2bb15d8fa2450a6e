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

describe('parseConfig: every error, at the offending value', () => {
  it.each([
    ['paginate: -1', [`${PATH}:1:11: paginate must be a whole number between 1 and 1000`]],
    ['paginate: 2.5', [`${PATH}:1:11: paginate must be a whole number between 1 and 1000`]],
    ['paginate: "4"', [`${PATH}:1:11: paginate must be a whole number between 1 and 1000`]],
    [
      'timezone: Mars/Base',
      [`${PATH}:1:11: unknown timezone "Mars/Base": use an IANA name such as Europe/Paris`],
    ],
    [
      'url: not-a-url',
      [`${PATH}:1:6: url must be an absolute http(s) URL such as https://example.org`],
    ],
    [
      'url: ftp://example.org',
      [`${PATH}:1:6: url must be an absolute http(s) URL such as https://example.org`],
    ],
    [
      'baseurl: /blog?x',
      [`${PATH}:1:10: baseurl "/blog?x" must be a path such as /blog, without ?, #, % or spaces`],
    ],
    [
      'baseurl: /a/../b',
      [`${PATH}:1:10: baseurl "/a/../b" must be a path such as /blog, without ?, #, % or spaces`],
    ],
    ['permalink: /:foo/:title/', [`${PATH}:1:12: unknown permalink placeholder :foo`]],
    ['future: maybe', [`${PATH}:1:9: future must be true or false`]],
    ['title: [a, b]', [`${PATH}:1:8: title must be a string`]],
    ['exclude: notes', [`${PATH}:1:10: exclude must be a list of strings`]],
    [
      'languages: [fr, "en us"]',
      [`${PATH}:1:12: "en us" is not a language tag such as fr or pt-br`],
    ],
    ['defaults: {a: 1}', [`${PATH}:1:11: defaults must be a list of {scope, values} entries`]],
    ['defaults:\n  - scope: {path: en}', [`${PATH}:2:3: defaults[0] must have a values mapping`]],
    [
      'defaults:\n  - scope: {path: 1}\n    values: {a: 1}',
      [`${PATH}:2:3: defaults[0].scope.path must be a string`],
    ],
    [
      'url: https://example.org\n\tlang: fr',
      [`${PATH}:2:1: invalid YAML: Tabs are not allowed as indentation`],
    ],
    [
      'paginate: -1\ntimezone: Mars/Base\nurl: not-a-url',
      [
        `${PATH}:1:11: paginate must be a whole number between 1 and 1000`,
        `${PATH}:2:11: unknown timezone "Mars/Base": use an IANA name such as Europe/Paris`,
        `${PATH}:3:6: url must be an absolute http(s) URL such as https://example.org`,
      ],
    ],
  ])('%j', (text, expected) => {
    const { messages } = parse(text)
    expect([...messages].sort()).toEqual([...expected].sort())
  })
})
