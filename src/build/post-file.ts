import type { DateParts } from './dates'
import { rubyReadsParts } from './dates'

/** What a post's file name says: its date and its title part. */
export interface PostFileName {
  date: DateParts
  /** Everything between the date and the extension, letter case kept: Jekyll's `:title`. */
  title: string
  ext: string
  /** Fields Ruby's Time cannot read (month 13, day 0 or 32): Jekyll fails on such a name. */
  unreadable?: true
}

// Jekyll's matcher: the date is the first `Y-M-D-`; the rest, even if it looks like a date, is
// the title. A two-digit year is 20YY, up to 68: Jekyll reads it with Ruby's Time.parse, which
// follows POSIX and makes 69-99 into 1969-1999, so we do the same to keep Jekyll's URLs.
const POST_NAME_RE = /^(\d{4}|\d{2})-(\d{1,2})-(\d{1,2})-(.+)(\.[^.]+)$/

/** Extensions Jekyll renders as Markdown. */
export const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown', '.mkdown', '.mkdn', '.mkd'])

/**
 * Parses `2018-07-27-title.md` or `18-07-27-title.md`; undefined when the name is not a post's.
 * Its date is read as Jekyll reads it (Ruby's Time.parse): `2019-02-30` is kept for the caller
 * to roll over to March 2nd, and `2019-13-01` is marked unreadable.
 */
export function parsePostFileName(name: string): PostFileName | undefined {
  const m = POST_NAME_RE.exec(name)
  if (!m) return undefined
  const [, y = '', mo = '', d = '', title = '', ext = ''] = m
  const date: DateParts = {
    year: y.length === 2 ? (Number(y) >= 69 ? 1900 : 2000) + Number(y) : Number(y),
    month: Number(mo),
    day: Number(d),
    hour: 0,
    minute: 0,
    second: 0,
  }
  return { date, title, ext: ext.toLowerCase(), ...(!rubyReadsParts(date) && { unreadable: true }) }
}

/**
 * The title Jekyll gives a document without one (Document#populate_title): the file name's part
 * after its date (or the whole name), trailing periods dropped, each `-`-separated word
 * capitalized as Ruby's String#capitalize does (first letter upper case, the rest lower case).
 * @example defaultTitle('2018-05-29-pourquoi-devenir-EIG.md') // 'Pourquoi Devenir Eig'
 */
export function defaultTitle(fileName: string): string {
  const dated = /^\d{2,4}-\d{1,2}-\d{1,2}-(.*)(\.[^.]+)$/.exec(fileName)
  const dateless = /^(.*)(\.[^.]+)$/.exec(fileName)
  const slug = (dated?.[1] ?? dateless?.[1] ?? fileName).replace(/\.+$/, '')
  const words = slug.split('-')
  // Ruby's String#split drops trailing empty fields: `a-` is one word.
  while (words.length > 0 && words[words.length - 1] === '') words.pop()
  return words
    .map((word) => {
      const [first = '', ...rest] = [...word]
      return first.toUpperCase() + rest.join('').toLowerCase()
    })
    .join(' ')
}
