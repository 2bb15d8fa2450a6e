/** Instants in the two formats feeds and sitemaps use. Inputs are ISO 8601 strings. */

function instant(date: string): Date {
  const d = new Date(date)
  // A feed with "Invalid Date" in it is silently broken for every reader: fail loudly instead.
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${JSON.stringify(date)}`)
  return d
}

/** RFC 3339 in UTC, as Atom, JSON Feed and sitemaps want it: `2018-07-27T08:05:00Z`. */
export function rfc3339(date: string): string {
  return instant(date)
    .toISOString()
    .replace(/\.000Z$/, 'Z')
}

/** RFC 822 with a four-digit year, as RSS 2.0 wants it: `Fri, 27 Jul 2018 08:05:00 GMT`. */
export function rfc822(date: string): string {
  return instant(date).toUTCString()
}
