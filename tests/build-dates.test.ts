import { describe, expect, it } from 'vitest'
import {
  type DateParts,
  isKnownTimeZone,
  isValidParts,
  parseDate,
  partsInZone,
  rolledOver,
} from '../src/build/dates'

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())

describe('parseDate: front-matter dates', () => {
  it.each([
    ['date only, UTC', '2018-07-27', 'UTC', '2018-07-27T00:00:00.000Z'],
    // Ruby: Time.parse('18-01-08 10:20:00') is 2018-01-08 10:20:00; '69-…' is 1969.
    ['two-digit year', '18-01-08 10:20:00', 'UTC', '2018-01-08T10:20:00.000Z'],
    ['two-digit year 69 is 1969', '69-01-08', 'UTC', '1969-01-08T00:00:00.000Z'],
    [
      'two-digit year in the site zone',
      '18-01-08 10:20:00',
      'Europe/Paris',
      '2018-01-08T09:20:00.000Z',
    ],
    ['date and minutes, UTC', '2018-07-27 10:05', 'UTC', '2018-07-27T10:05:00.000Z'],
    ['date and seconds, UTC', '2018-07-27 10:05:09', 'UTC', '2018-07-27T10:05:09.000Z'],
    ['offset +0200', '2018-07-27 10:05:00 +0200', 'UTC', '2018-07-27T08:05:00.000Z'],
    ['offset +02:00', '2018-07-27 10:05:00 +02:00', 'UTC', '2018-07-27T08:05:00.000Z'],
    ['offset +02', '2018-07-27 10:05 +02', 'UTC', '2018-07-27T08:05:00.000Z'],
    ['offset glued to the time', '2018-07-27 10:05:00+0200', 'UTC', '2018-07-27T08:05:00.000Z'],
    [
      'negative offset with minutes',
      '2018-07-27 10:05:00 -0530',
      'UTC',
      '2018-07-27T15:35:00.000Z',
    ],
    ['offset crossing midnight', '2018-12-01 00:30:00 +0100', 'UTC', '2018-11-30T23:30:00.000Z'],
    ['ISO with T and Z', '2018-07-27T10:05:00Z', 'UTC', '2018-07-27T10:05:00.000Z'],
    ['ISO with lower-case z', '2018-07-27T10:05:00z', 'UTC', '2018-07-27T10:05:00.000Z'],
    ['ISO with T and offset', '2018-07-27T10:05:00+02:00', 'UTC', '2018-07-27T08:05:00.000Z'],
    ['ISO with T, no offset', '2018-07-27T10:05', 'UTC', '2018-07-27T10:05:00.000Z'],
    ['one-digit month and day', '2018-7-4', 'UTC', '2018-07-04T00:00:00.000Z'],
    ['surrounding spaces', '  2018-07-27  ', 'UTC', '2018-07-27T00:00:00.000Z'],
    ['leap day', '2020-02-29', 'UTC', '2020-02-29T00:00:00.000Z'],
    ['date only, Paris summer', '2018-07-27', 'Europe/Paris', '2018-07-26T22:00:00.000Z'],
    ['wall time, Paris summer', '2018-07-27 10:05', 'Europe/Paris', '2018-07-27T08:05:00.000Z'],
    ['wall time, Paris winter', '2018-12-01 00:30', 'Europe/Paris', '2018-11-30T23:30:00.000Z'],
    [
      'explicit offset beats the zone',
      '2018-07-27 10:05 +0000',
      'Europe/Paris',
      '2018-07-27T10:05:00.000Z',
    ],
    ['Z beats the zone', '2018-07-27T10:05:00Z', 'Europe/Paris', '2018-07-27T10:05:00.000Z'],
    [
      'Paris, last minute before spring DST',
      '2019-03-31 01:59',
      'Europe/Paris',
      '2019-03-31T00:59:00.000Z',
    ],
    [
      'Paris, first minute after spring DST',
      '2019-03-31 03:00',
      'Europe/Paris',
      '2019-03-31T01:00:00.000Z',
    ],
    [
      'Paris, skipped 02:30 moves forward to 03:30 CEST',
      '2019-03-31 02:30',
      'Europe/Paris',
      '2019-03-31T01:30:00.000Z',
    ],
    ['Paris, day after spring DST', '2019-04-01', 'Europe/Paris', '2019-03-31T22:00:00.000Z'],
    [
      'Paris, 01:59 before autumn DST (CEST)',
      '2019-10-27 01:59',
      'Europe/Paris',
      '2019-10-26T23:59:00.000Z',
    ],
    [
      'Paris, 03:00 after autumn DST (CET)',
      '2019-10-27 03:00',
      'Europe/Paris',
      '2019-10-27T02:00:00.000Z',
    ],
    ['Paris, day before autumn DST', '2019-10-26', 'Europe/Paris', '2019-10-25T22:00:00.000Z'],
    ['Paris, day after autumn DST', '2019-10-28', 'Europe/Paris', '2019-10-27T23:00:00.000Z'],
    [
      'New York, after spring DST',
      '2019-03-10 12:00',
      'America/New_York',
      '2019-03-10T16:00:00.000Z',
    ],
    ['Tokyo, no DST', '2019-01-01', 'Asia/Tokyo', '2018-12-31T15:00:00.000Z'],
  ])('%s: %j in %s', (_name, text, zone, expected) => {
    expect(iso(parseDate(text, zone))).toBe(expected)
  })

  it('an ambiguous autumn wall time (Paris 2019-10-27 02:30) is one of its two instants', () => {
    const instant = parseDate('2019-10-27 02:30', 'Europe/Paris')
    expect(['2019-10-27T00:30:00.000Z', '2019-10-27T01:30:00.000Z']).toContain(iso(instant))
    expect(partsInZone(instant ?? 0, 'Europe/Paris')).toEqual({
      year: 2019,
      month: 10,
      day: 27,
      hour: 2,
      minute: 30,
      second: 0,
    })
  })
})

describe('parseDate: invalid dates are undefined', () => {
  it.each([
    ['month 13', '2019-13-01'],
    ['day 0', '2019-01-00'],
    ['day 32', '2019-01-32'],
    ['a word', 'tomorrow'],
    ['day first with slashes', '27/07/2018'],
    ['compact', '20180727'],
    ['year and month only', '2018-07'],
    ['hour 25', '2018-07-27 25:00'],
    ['minute 60', '2018-07-27 10:60'],
    ['offset over 18 hours', '2018-07-27 10:05 +2500'],
    ['trailing text', '2018-07-27 at noon'],
    ['empty', ''],
  ])('%s: %j', (_name, text) => {
    expect(parseDate(text, 'UTC')).toBeUndefined()
    expect(parseDate(text, 'Europe/Paris')).toBeUndefined()
  })
})

// What Ruby's Time.parse gives (TZ=UTC ruby -rtime -e 'puts Time.parse("2019-02-30")'), and so
// Jekyll: past the month's end, the date rolls over; a day 32 or a month 13 it refuses.
describe('parseDate: dates past the end of their month roll over, as in Ruby', () => {
  it.each([
    ['2019-02-29', '2019-03-01T00:00:00.000Z'],
    ['2019-02-30', '2019-03-02T00:00:00.000Z'],
    ['2019-02-31', '2019-03-03T00:00:00.000Z'],
    ['2019-04-31', '2019-05-01T00:00:00.000Z'],
    ['2020-02-30', '2020-03-01T00:00:00.000Z'],
    ['2019-02-30 10:00:00', '2019-03-02T10:00:00.000Z'],
    ['2019-01-01 24:00:00', '2019-01-02T00:00:00.000Z'],
    ['2019-02-30T10:00:00+02:00', '2019-03-02T08:00:00.000Z'],
  ])('%j is %s', (text, iso) => {
    expect(new Date(parseDate(text, 'UTC') ?? Number.NaN).toISOString()).toBe(iso)
  })

  it.each([
    ['2019-02-30', '2019-03-02'],
    ['2019-02-28', undefined],
    ['2019-13-01', undefined],
    ['tomorrow', undefined],
  ])('rolledOver(%j) is %j', (text, expected) => {
    expect(rolledOver(text)).toBe(expected)
  })
})

describe('partsInZone: calendar fields of an instant', () => {
  const parts = (
    year: number,
    month: number,
    day: number,
    hour: number,
    minute = 0,
    second = 0,
  ): DateParts => ({ year, month, day, hour, minute, second })

  it.each([
    ['UTC, late evening', Date.UTC(2018, 10, 30, 23, 30), 'UTC', parts(2018, 11, 30, 23, 30)],
    ['Paris, next day', Date.UTC(2018, 10, 30, 23, 30), 'Europe/Paris', parts(2018, 12, 1, 0, 30)],
    [
      'Paris, midnight is hour 0',
      Date.UTC(2018, 6, 26, 22, 0),
      'Europe/Paris',
      parts(2018, 7, 27, 0),
    ],
    [
      'Paris, seconds kept',
      Date.UTC(2018, 6, 27, 8, 5, 9),
      'Europe/Paris',
      parts(2018, 7, 27, 10, 5, 9),
    ],
    ['Tokyo, new year', Date.UTC(2018, 11, 31, 15), 'Asia/Tokyo', parts(2019, 1, 1, 0)],
    [
      'Los Angeles, previous day',
      Date.UTC(2019, 0, 1, 5),
      'America/Los_Angeles',
      parts(2018, 12, 31, 21),
    ],
  ])('%s', (_name, instant, zone, expected) => {
    expect(partsInZone(instant, zone)).toEqual(expected)
  })
})

describe('isKnownTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Paris', true],
    ['America/New_York', true],
    ['Mars/Base', false],
    ['Europe/Pariss', false],
  ])('%s → %s', (zone, expected) => {
    expect(isKnownTimeZone(zone)).toBe(expected)
  })
})

describe('isValidParts', () => {
  const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
    year,
    month,
    day,
    hour,
    minute,
    second,
  })
  it.each([
    ['leap day of a leap year', at(2020, 2, 29), true],
    ['leap day of 2000', at(2000, 2, 29), true],
    ['leap day of 2100 (not leap)', at(2100, 2, 29), false],
    ['December 31', at(2019, 12, 31, 23, 59, 59), true],
    ['month 0', at(2019, 0, 1), false],
    ['day 32', at(2019, 1, 32), false],
    ['hour 24', at(2019, 1, 1, 24), false],
    ['minute 60', at(2019, 1, 1, 0, 60), false],
  ])('%s → %s', (_name, parts, expected) => {
    expect(isValidParts(parts)).toBe(expected)
  })
})
