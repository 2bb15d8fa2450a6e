/**
 * Checks that sanitized HTML can run nothing: every `<` opens a tag this reads (js-xss writes
 * attributes quoted with `"` and escapes `<` and `>` inside them, so a simple tokenizer reads
 * its output as a browser does), no event handler or style attribute, no URL with a scheme
 * other than http(s), mailto or tel (nor `data:` but raster images), no element that runs or
 * loads code, and iframes only from `frameHosts`. Returns the problems found, none when inert.
 */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'<>/=]+(?:="[^"<>]*")?)*)\s*(\/?)>/y
const ATTRIBUTE = /\s+([^\s"'<>/=]+)(?:="([^"<>]*)")?/g
const FORBIDDEN_ELEMENTS =
  /^(?:script|style|object|embed|applet|base|meta|link|form|button|frame|frameset|svg|math|template|noscript|xmp|textarea|select|option|plaintext|iframe|title|isindex|bgsound|layer|ilayer|xml|import)$/i

export function inertProblems(html: string, frameHosts: readonly string[] = []): string[] {
  const problems: string[] = []
  let at = 0
  while (at < html.length) {
    const lt = html.indexOf('<', at)
    if (lt === -1) break
    TAG.lastIndex = lt
    const tag = TAG.exec(html)
    if (!tag) {
      problems.push(`a < that opens no tag: ${JSON.stringify(html.slice(lt, lt + 40))}`)
      at = lt + 1
      continue
    }
    at = TAG.lastIndex
    const [, closing, rawName = '', attributes = ''] = tag
    const name = rawName.toLowerCase()
    if (closing) continue
    const attrs = [...attributes.matchAll(ATTRIBUTE)].map(([, n = '', v = '']) => [
      n.toLowerCase(),
      decode(v),
    ])
    if (name === 'iframe') {
      const src = attrs.find(([n]) => n === 'src')?.[1] ?? ''
      const host = /^(?:https:)?\/\/([^/?#]+)/i.exec(src)?.[1]?.toLowerCase()
      if (host === undefined || !frameHosts.includes(host)) problems.push(`an iframe from ${src}`)
    } else if (FORBIDDEN_ELEMENTS.test(name)) problems.push(`a <${name}>`)
    // A form field would let a post ask visitors for input; only task-list checkboxes are fine.
    if (
      name === 'input' &&
      !attrs.some(([n, v]) => n === 'type' && v?.toLowerCase() === 'checkbox')
    )
      problems.push('an <input> that is not a checkbox')
    for (const [attr = '', value = ''] of attrs) {
      if (/^on/.test(attr) || attr === 'style' || attr === 'srcdoc' || attr === 'formaction')
        problems.push(`a ${attr} attribute on <${name}>`)
      const urls =
        attr === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value]
      for (const url of urls) {
        const compact = url.replace(/[\p{Cc} ]+/gu, '')
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase()
        if (
          scheme !== undefined &&
          !['http', 'https', 'mailto', 'tel'].includes(scheme) &&
          !(scheme === 'data' && /^data:image\/(?:png|gif|jpe?g|webp|avif);/i.test(compact))
        )
          problems.push(`a ${scheme}: URL in ${attr} of <${name}>`)
      }
    }
  }
  return problems
}

/** Decodes the character references a browser would in an attribute value. */
function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (ref, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1]?.toLowerCase() === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1))
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    }
    const named: Record<string, string> = {
      colon: ':',
      tab: '\t',
      newline: '\n',
      amp: '&',
      lt: '<',
      gt: '>',
      quot: '"',
      apos: "'",
    }
    return named[body.toLowerCase()] ?? ref
  })
}
