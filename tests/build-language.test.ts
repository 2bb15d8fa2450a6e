import { describe, expect, it } from 'vitest'
import { detectLanguage } from '../src/build/detect-lang'
import { isKnownLang, langOfTopFolder, normalizeLang } from '../src/build/language'

describe('normalizeLang', () => {
  it.each([
    ['fr', 'fr'],
    ['FR', 'fr'],
    ['fr_FR', 'fr-fr'],
    [' pt-BR ', 'pt-br'],
    ['zh_Hant_TW', 'zh-hant-tw'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeLang(input)).toBe(expected)
  })
})

describe('isKnownLang', () => {
  it.each([
    ['ISO 639-1 code', 'fr', [], true],
    ['upper case', 'DE', [], true],
    ['region subtag', 'pt-BR', [], true],
    ['POSIX locale', 'en_US', [], true],
    ['unknown two-letter code', 'xx', [], false],
    ['unknown code declared', 'xx', ['xx'], true],
    ['three-letter code not in ISO 639-1', 'tlh', [], false],
    ['three-letter code declared', 'tlh', ['tlh'], true],
    ['subtag of a declared primary', 'xx-yy', ['xx'], true],
    ['a word', 'french', [], false],
    ['one letter', 'f', [], false],
    ['trailing hyphen', 'en-', [], false],
    ['empty', '', [], false],
  ])('%s: %j (declared %j) → %s', (_name, value, declared, expected) => {
    expect(isKnownLang(value, declared)).toBe(expected)
  })
})

describe('langOfTopFolder', () => {
  it.each([
    ['de/_posts/2019-01-01-x.md', [], 'de'],
    ['en/_posts/2019-01-01-x.md', [], 'en'],
    ['pt-BR/_posts/2019-01-01-x.md', [], 'pt-br'],
    ['xx/_posts/2019-01-01-x.md', ['xx'], 'xx'],
    ['xx/_posts/2019-01-01-x.md', [], undefined],
    ['_posts/2019-01-01-x.md', [], undefined],
    ['blog/_posts/2019-01-01-x.md', [], undefined],
    ['img/photo.jpg', [], undefined],
    ['2019-01-01-x.md', [], undefined],
    ['/en/_posts/x.md', [], undefined],
  ])('%s (declared %j) → %s', (path, declared, expected) => {
    expect(langOfTopFolder(path, declared)).toBe(expected)
  })
})

describe('detectLanguage', () => {
  const fr =
    "Le fournil est ouvert depuis la rentrée. Nous avons fait le choix d'une farine locale, et le pain est cuit dans un four à bois pour les habitants du quartier."
  const en =
    'The bakery opened this autumn. We chose a local flour, and the bread is baked in a wood oven for the people of the neighbourhood, with love and patience.'
  const de =
    'Die Bäckerei ist seit dem Herbst offen. Wir haben uns für ein lokales Mehl entschieden, und das Brot wird mit Holz gebacken, für die Nachbarn und auch für uns.'
  it.each([
    ['French', [fr], 'fr'],
    ['English', [en], 'en'],
    ['German', [de], 'de'],
    ['mostly French', [fr, fr, en], 'fr'],
    ['no text', [], undefined],
    ['too few common words', ['le pain et la farine'], undefined],
    ['no common words at all', ['Croissant, baguette, brioche.'], undefined],
  ])('%s → %s', (_name, texts, expected) => {
    expect(detectLanguage(texts)).toBe(expected)
  })
})
