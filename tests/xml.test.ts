import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rfc822, rfc3339 } from '../src/worker/datetime'
import { cdata, escapeXml, xmlChars } from '../src/worker/xml'
import { hostileString } from './support/hostile-string'
import { parseXml, textOf } from './support/xml-parse'

describe('escapeXml', () => {
  it.each<[string, string, string]>([
    ['plain text unchanged', 'Intérêt général', 'Intérêt général'],
    ['ampersand', 'a & b', 'a &amp; b'],
    ['already escaped text is escaped again', '&amp;', '&amp;amp;'],
    ['angle brackets', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['both quotes', `"l'équipe"`, '&quot;l&apos;équipe&quot;'],
    ['CDATA end', ']]>', ']]&gt;'],
    ['NUL dropped', 'a\u0000b', 'ab'],
    ['other C0 controls dropped', '\u0001\u0008\u000b\u000c\u001f', ''],
    ['tab and LF kept', 'a\tb\nc', 'a\tb\nc'],
    ['CR as a reference, so parsers keep it', 'a\r\nb', 'a&#13;\nb'],
    ['lone high surrogate dropped', 'a\uD83Db', 'ab'],
    ['lone low surrogate dropped', 'a\uDE00b', 'ab'],
    ['reversed pair dropped', '\uDE00\uD83D', ''],
    ['emoji (a valid pair) kept', 'ok 🎉', 'ok 🎉'],
    ['U+FFFE and U+FFFF dropped', 'a\uFFFEb\uFFFF', 'ab'],
    ['U+FFFD kept', '\uFFFD', '\uFFFD'],
    ['C1 control kept (allowed by XML 1.0)', '\u0085', '\u0085'],
    ['astral plane kept', '𝄞', '𝄞'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(escapeXml(input)).toBe(expected)
  })

  it('round-trips through a strict parser, in text and in attributes', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const doc = parseXml(`<a b="${escapeXml(s)}" c='${escapeXml(s)}'>${escapeXml(s)}</a>`)
        const expected = xmlChars(s)
        expect(textOf(doc)).toBe(expected)
        expect(doc.attrs.b).toBe(expected)
        expect(doc.attrs.c).toBe(expected)
      }),
    )
  })
})

describe('cdata', () => {
  it.each<[string, string, string]>([
    ['plain', '<p>a &amp; b</p>', '<![CDATA[<p>a &amp; b</p>]]>'],
    ['one ]]>', 'a]]>b', '<![CDATA[a]]]]><![CDATA[>b]]>'],
    ['two ]]>', ']]>]]>', '<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>'],
    [']] alone kept', 'a]]b', '<![CDATA[a]]b]]>'],
    ['NUL dropped', 'a\u0000', '<![CDATA[a]]>'],
    ['empty', '', '<![CDATA[]]>'],
  ])('%s', (_name, input, expected) => {
    expect(cdata(input)).toBe(expected)
  })

  it('round-trips through a strict parser', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        // CR is normalised by XML parsers, not by this parser; leave it out of the comparison.
        const input = s.replaceAll('\r', '')
        expect(textOf(parseXml(`<a>${cdata(input)}</a>`))).toBe(xmlChars(input))
      }),
    )
  })
})

describe('rfc3339 and rfc822', () => {
  it.each<[string, string, string]>([
    ['2018-07-27T08:05:00.000Z', '2018-07-27T08:05:00Z', 'Fri, 27 Jul 2018 08:05:00 GMT'],
    ['2018-07-27T10:05:00+02:00', '2018-07-27T08:05:00Z', 'Fri, 27 Jul 2018 08:05:00 GMT'],
    ['2018-07-27T08:05:00.250Z', '2018-07-27T08:05:00.250Z', 'Fri, 27 Jul 2018 08:05:00 GMT'],
    ['2018-07-27', '2018-07-27T00:00:00Z', 'Fri, 27 Jul 2018 00:00:00 GMT'],
    ['1999-12-31T23:59:59Z', '1999-12-31T23:59:59Z', 'Fri, 31 Dec 1999 23:59:59 GMT'],
  ])('%s', (input, iso, rss) => {
    expect(rfc3339(input)).toBe(iso)
    expect(rfc822(input)).toBe(rss)
  })

  // Day overflow (Feb 30) is rolled over by Date, not caught: the build validates dates first.
  it.each(['', 'yesterday', '2018-13-01T00:00:00Z', '2018-07-27T25:00:00Z'])(
    '%j is rejected',
    (input) => {
      expect(() => rfc3339(input)).toThrow(RangeError)
      expect(() => rfc822(input)).toThrow(RangeError)
    },
  )
})

describe('the strict test parser rejects what is not well-formed', () => {
  it.each<[string, string]>([
    ['unclosed', '<a><b></a>'],
    ['mismatched', '<a></b>'],
    ['bare ampersand', '<a>a & b</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['< in attribute', '<a b="<"/>'],
    [']]> in text', '<a>]]></a>'],
    ['NUL', '<a>\u0000</a>'],
    ['reference to NUL', '<a>&#0;</a>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['undeclared prefix', '<a><x:b/></a>'],
    ['two roots', '<a/><b/>'],
    ['unterminated CDATA', '<a><![CDATA[x</a>'],
  ])('%s', (_name, xml) => {
    expect(() => parseXml(xml)).toThrow()
  })
})
