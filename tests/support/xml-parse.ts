/**
 * A small strict XML 1.0 parser for tests: it throws on anything not well-formed (unbalanced or
 * mismatched tags, a bare `&` or `<`, an unknown entity, `]]>` in text, a character XML forbids,
 * a duplicate attribute, an undeclared namespace prefix) and returns the tree with text decoded.
 * No DTDs, comments or processing instructions beyond the XML declaration: the documents under
 * test never contain them.
 */

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: (XmlElement | string)[]
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u
const NAME = /[A-Za-z_][\w.:-]*/y
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

export function parseXml(xml: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(xml)
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} not allowed`)
  let pos = 0
  const fail = (message: string): never => {
    throw new Error(`${message} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 30))}`)
  }
  const name = (): string => {
    NAME.lastIndex = pos
    const m = NAME.exec(xml)
    if (!m) return fail('expected a name')
    pos += m[0].length
    return m[0]
  }
  const space = () => {
    while (/[ \t\r\n]/.test(xml[pos] ?? '')) pos++
  }
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('< in text or attribute')
    return raw.replace(/&([^;]*);?/g, (ref, body: string) => {
      if (!ref.endsWith(';')) return fail(`bare & (${ref})`)
      const code = /^#x([0-9a-fA-F]+)$/.exec(body)?.[1] ?? /^#([0-9]+)$/.exec(body)?.[1]
      if (code !== undefined) {
        const cp = Number.parseInt(code, body.startsWith('#x') ? 16 : 10)
        const c = String.fromCodePoint(cp)
        if (NOT_XML_CHAR.test(c)) fail(`reference to forbidden character ${ref}`)
        return c
      }
      return PREDEFINED[body] ?? fail(`unknown entity ${ref}`)
    })
  }
  const checkPrefix = (qname: string, scopes: Set<string>) => {
    const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : undefined
    if (prefix !== undefined && prefix !== 'xml' && prefix !== 'xmlns' && !scopes.has(prefix)) {
      fail(`undeclared namespace prefix ${prefix}:`)
    }
  }
  const element = (outer: Set<string>): XmlElement => {
    if (xml[pos] !== '<') fail('expected <')
    pos++
    const el: XmlElement = { name: name(), attrs: {}, children: [] }
    for (;;) {
      const before = pos
      space()
      if (xml.startsWith('/>', pos) || xml[pos] === '>') break
      if (pos === before) fail('expected space before attribute')
      const attr = name()
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`)
      space()
      if (xml[pos] !== '=') fail('expected =')
      pos++
      space()
      const quote = xml[pos]
      if (quote !== '"' && quote !== "'") return fail('expected a quoted value')
      const end = xml.indexOf(quote, pos + 1)
      if (end === -1) fail('unterminated attribute')
      el.attrs[attr] = decode(xml.slice(pos + 1, end))
      pos = end + 1
    }
    const scopes = new Set(outer)
    for (const attr of Object.keys(el.attrs))
      if (attr.startsWith('xmlns:')) scopes.add(attr.slice(6))
    checkPrefix(el.name, scopes)
    for (const attr of Object.keys(el.attrs)) checkPrefix(attr, scopes)
    if (xml.startsWith('/>', pos)) {
      pos += 2
      return el
    }
    pos++
    for (;;) {
      if (xml.startsWith('</', pos)) {
        pos += 2
        const closing = name()
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`)
        space()
        if (xml[pos] !== '>') fail('expected >')
        pos++
        return el
      }
      if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos)
        if (end === -1) fail('unterminated CDATA')
        el.children.push(xml.slice(pos + 9, end))
        pos = end + 3
      } else if (xml[pos] === '<') {
        el.children.push(element(scopes))
      } else {
        const end = xml.indexOf('<', pos)
        if (end === -1) fail(`unclosed <${el.name}>`)
        const raw = xml.slice(pos, end)
        if (raw.includes(']]>')) fail(']]> in text')
        el.children.push(decode(raw))
        pos = end
      }
    }
  }
  const decl = /^<\?xml version="1\.0" encoding="(?:utf-8|UTF-8)"\?>/.exec(xml)
  if (decl) pos = decl[0].length
  space()
  const root = element(new Set())
  space()
  if (pos !== xml.length) fail('content after the root element')
  return root
}

/** The element's children with this name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name)
}

/** The one child with this name; throws when there is none or several. */
export function only(el: XmlElement, name: string): XmlElement {
  const found = childrenNamed(el, name)
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${name}>`)
  return found[0] as XmlElement
}

/** The element's text, CDATA sections and references decoded, child elements ignored. */
export function textOf(el: XmlElement): string {
  return el.children.filter((c) => typeof c === 'string').join('')
}

/** Every element of the tree, depth first. */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap((c) => (typeof c === 'string' ? [] : allElements(c)))]
}
