/** Calendar fields of an instant in the site's time zone; what permalinks are made of. */
export interface DateParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

// Jekyll (Ruby's Time.parse) accepts more, but these are the forms Jekyll's docs and generators
// write: `2018-07-27`, `2018-07-27 10:05`, `2018-07-27 10:05:00 +0200`, ISO 8601 with T and Z,
// and two-digit years (`18-01-08 10:20:00`).
const DATE_RE =
  /^(\d{4}|\d{2})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * Parses a front-matter date into an instant (ms since the epoch). A date without an offset is
 * wall-clock time in `timeZone`, as Jekyll reads it in the site's `timezone`.
 */
export function parseDate(text: string, timeZone: string): number | undefined {
  const m = DATE_RE.exec(text.trim())
  if (!m) return undefined
  const parts = fieldsOf(m)
  if (!rubyReadsParts(parts)) return undefined
  const offset = m[7]
  if (offset === undefined) return wallTimeToInstant(parts, timeZone)
  const utc = utcOf(parts)
  if (offset.toUpperCase() === 'Z') return utc
  const sign = offset.startsWith('-') ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)
  if (minutes > 18 * 60) return undefined
  return utc - sign * minutes * 60_000
}

/**
 * The calendar date Ruby's Time.parse makes of fields past their month's end, as Jekyll reads
 * `2019-02-30` (March 2nd); undefined when the fields are a calendar date already, or
 * unreadable.
 * @example rolledOver('2019-02-30') // '2019-03-02'
 */
export function rolledOver(text: string): string | undefined {
  const m = DATE_RE.exec(text.trim())
  if (!m) return undefined
  const parts = fieldsOf(m)
  if (isValidParts(parts) || !rubyReadsParts(parts)) return undefined
  return new Date(utcOf(parts)).toISOString().slice(0, 10)
}

/**
 * True when Ruby's Time accepts the fields, rolling them over past the end of the month or
 * day: days 1 to 31 in any month, hours up to 24:00:00, a leap second.
 */
export function rubyReadsParts(p: DateParts): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return false
  if (p.minute > 59 || p.second > 60) return false
  return p.hour < 24 || (p.hour === 24 && p.minute === 0 && p.second === 0)
}

function fieldsOf(m: RegExpExecArray): DateParts {
  return {
    // Ruby's Time.parse reads a two-digit year as POSIX does: 69-99 are 1969-1999, 00-68 20xx.
    year: m[1]?.length === 2 ? (Number(m[1]) >= 69 ? 1900 : 2000) + Number(m[1]) : Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  }
}

/** The instant the fields name when read as UTC; fields past their range roll over. */
function utcOf(p: DateParts): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
}

/** True when the fields name a real calendar date and time. */
export function isValidParts(p: DateParts): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1) return false
  if (p.hour > 23 || p.minute > 59 || p.second > 60) return false
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate()
  return p.day <= daysInMonth
}

/** The instant at which the wall clock in `timeZone` shows `parts`. */
export function wallTimeToInstant(parts: DateParts, timeZone: string): number {
  const asUtc = utcOf(parts)
  let instant = asUtc - offsetAt(asUtc, timeZone)
  // A second pass settles instants near a daylight-saving change.
  instant = asUtc - offsetAt(instant, timeZone)
  return instant
}

/** Calendar fields of `instant` in `timeZone`. */
export function partsInZone(instant: number, timeZone: string): DateParts {
  const fields = formatter(timeZone).formatToParts(new Date(instant))
  const get = (type: string) => Number(fields.find((f) => f.type === type)?.value ?? 0)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  }
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

function offsetAt(instant: number, timeZone: string): number {
  const p = partsInZone(instant, timeZone)
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return wall - Math.floor(instant / 1000) * 1000
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}
