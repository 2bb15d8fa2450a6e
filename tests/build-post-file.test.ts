import { describe, expect, it } from 'vitest'
import { MARKDOWN_EXTENSIONS, parsePostFileName } from '../src/build/post-file'

const midnight = { hour: 0, minute: 0, second: 0 }

describe('parsePostFileName: dated post names', () => {
  it.each([
    ['four-digit year', '2018-07-27-x.md', 2018, 7, 27, 'x', '.md'],
    ['two-digit year 18 is 2018', '18-07-27-x.md', 2018, 7, 27, 'x', '.md'],
    ['two-digit year 00 is 2000', '00-01-01-x.md', 2000, 1, 1, 'x', '.md'],
    ['two-digit year 68 is 2068 (POSIX pivot)', '68-12-31-x.md', 2068, 12, 31, 'x', '.md'],
    ['two-digit year 69 is 1969 (POSIX pivot)', '69-01-01-x.md', 1969, 1, 1, 'x', '.md'],
    ['two-digit year 99 is 1999', '99-12-31-x.md', 1999, 12, 31, 'x', '.md'],
    ['one-digit month and day', '2019-6-4-x.md', 2019, 6, 4, 'x', '.md'],
    ['one-digit month, two-digit day', '2019-6-14-x.md', 2019, 6, 14, 'x', '.md'],
    ['title starting with a year', '2019-01-15-2019-bilan.md', 2019, 1, 15, '2019-bilan', '.md'],
    [
      'title that looks like a date',
      '2019-01-07-2019-01-08-double.md',
      2019,
      1,
      7,
      '2019-01-08-double',
      '.md',
    ],
    ['letter case kept', '2019-06-04-Demo-Day-EIG3.md', 2019, 6, 4, 'Demo-Day-EIG3', '.md'],
    ['accents kept', '2020-03-12-télétravail.md', 2020, 3, 12, 'télétravail', '.md'],
    ['leap day', '2020-02-29-leap.md', 2020, 2, 29, 'leap', '.md'],
    ['last extension only', '2019-01-15-notes.v2.markdown', 2019, 1, 15, 'notes.v2', '.markdown'],
    ['html post', '2019-01-15-page.html', 2019, 1, 15, 'page', '.html'],
    ['extension lower-cased', '2019-01-15-x.MD', 2019, 1, 15, 'x', '.md'],
  ])('%s: %s', (_name, fileName, year, month, day, title, ext) => {
    expect(parsePostFileName(fileName)).toEqual({
      date: { year, month, day, ...midnight },
      title,
      ext,
    })
  })
})

// Jekyll 4.3 publishes _posts/2019-02-30-x.md at /2019/03/02/x.html (Ruby's Time.parse rolls
// the date over) and fails on _posts/2019-13-01-x.md ("Invalid date '2019-13-01'").
describe('parsePostFileName: dates Jekyll rolls over, and dates it cannot read', () => {
  it.each([
    ['February 30th, rolled over by the caller', '2019-02-30-x.md', 2, 30, undefined],
    ['February 29th of a common year', '2019-02-29-x.md', 2, 29, undefined],
    ['April 31st', '2019-04-31-x.md', 4, 31, undefined],
    ['month 13', '2019-13-01-x.md', 13, 1, true],
    ['month 0', '2019-00-10-x.md', 0, 10, true],
    ['day 0', '2019-01-00-x.md', 1, 0, true],
    ['day 32', '2019-01-32-x.md', 1, 32, true],
  ])('%s: %s', (_name, fileName, month, day, unreadable) => {
    expect(parsePostFileName(fileName)).toEqual({
      date: { year: 2019, month, day, ...midnight },
      title: 'x',
      ext: '.md',
      ...(unreadable && { unreadable }),
    })
  })
})

describe('parsePostFileName: names that are not posts', () => {
  it.each([
    ['no date', 'x.md'],
    ['README', 'README.md'],
    ['date without title', '2019-01-15.md'],
    ['no extension', '2019-01-15-x'],
    ['date not at the start', 'notes-2019-01-15-x.md'],
    ['underscores instead of dashes', '2019_01_15_x.md'],
    ['compact date', '20190115-x.md'],
    ['three-digit month', '2019-001-15-x.md'],
  ])('%s: %s', (_name, fileName) => {
    expect(parsePostFileName(fileName)).toBeUndefined()
  })
})

describe('MARKDOWN_EXTENSIONS: the extensions Jekyll renders as Markdown', () => {
  it.each([
    ['.md', true],
    ['.markdown', true],
    ['.mkdown', true],
    ['.mkdn', true],
    ['.mkd', true],
    ['.html', false],
    ['.txt', false],
  ])('%s → %s', (ext, expected) => {
    expect(MARKDOWN_EXTENSIONS.has(ext)).toBe(expected)
  })
})
