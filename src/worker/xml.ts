/**
 * XML 1.0 escaping, shared by the feeds and the sitemap. One function serves element text and
 * quoted attribute values alike, so no caller has to choose between two and pick the wrong one.
 */

// What XML 1.0 cannot carry at all, not even as a character reference: C0 controls other than
// tab, LF and CR (NUL first of all), lone surrogates, U+FFFE and U+FFFF. With the `u` flag a
// lone surrogate is one code point outside every allowed range, while a valid pair is not.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

// `'` and `"` are escaped everywhere so that the output is safe in either quoting style. A CR is
// written as a reference because parsers turn a literal CR (or CRLF) into LF.
const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
}

/** Drops the characters XML 1.0 forbids (NUL and other C0 controls, lone surrogates, U+FFFE/F). */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '')
}

/** Escapes text for XML element content and for quoted attribute values (`&<>"'` and CR). */
export function escapeXml(text: string): string {
  return xmlChars(text).replace(/[&<>"'\r]/g, (c) => REFERENCES[c] ?? c)
}

/** Wraps text in a CDATA section, split wherever the text holds `]]>` so it cannot end early. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
