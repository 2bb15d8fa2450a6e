/**
 * The sanitizing mode (`kiosque.sanitize`), for sites whose authors are less trusted: a post's
 * HTML keeps text, structure, links and images, and iframes from the hosts `_config.yml` lists
 * in `kiosque.csp.frame_src`; scripts, styles, event handlers, forms, plugins and `javascript:`
 * URLs go. js-xss does the parsing and the allowlist: it needs no DOM, so it runs in workerd.
 */
import {
  escapeAttrValue,
  FilterXSS,
  friendlyAttrValue,
  getDefaultWhiteList,
  type IWhiteList,
} from 'xss'
import type { SiteSettings } from '../model/types'

/** Attributes every allowed element may carry. */
const GLOBAL_ATTRIBUTES = ['class', 'id', 'title', 'lang', 'dir', 'role', 'hidden']

/** Elements added to js-xss's defaults, and the attributes they keep. */
const EXTRA_ELEMENTS: IWhiteList = {
  a: ['href', 'title', 'target', 'rel', 'hreflang', 'name'],
  img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
  iframe: [
    'src',
    'width',
    'height',
    'title',
    'allow',
    'allowfullscreen',
    'frameborder',
    'loading',
    'referrerpolicy',
    'sandbox',
  ],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  input: ['type', 'checked', 'disabled'],
  picture: [],
  source: ['srcset', 'type', 'media', 'src'],
  time: ['datetime'],
  q: ['cite'],
  dfn: [],
  var: [],
  samp: [],
  wbr: [],
  ruby: [],
  rt: [],
  rp: [],
  data: ['value'],
}

const ALLOWED = allowlist()

// Removed with their content, not only their tags: what they hold is code or would show as junk.
const STRIPPED_WITH_BODY = [
  'script',
  'style',
  'template',
  'noscript',
  'object',
  'embed',
  'applet',
  'textarea',
  'select',
  'title',
  'xmp',
  'noembed',
  'noframes',
  'svg',
  'math',
]

/** Schemes a link or media URL may use; anything else (`javascript:`, `vbscript:`, `data:text/html`) is dropped. */
const SAFE_SCHEME = /^(?:https?|mailto|tel):/i
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'poster', 'srcset'])

/**
 * Sanitizes a post's HTML when the site asks for it, else returns it unchanged.
 * @example sanitizedBody(catalog.site, html)
 */
export function sanitizedBody(site: Pick<SiteSettings, 'sanitize' | 'csp'>, html: string): string {
  return site.sanitize ? sanitizeHtml(html, site.csp?.frameSrc ?? []) : html
}

/**
 * Keeps what is safe in `html`: allowlisted elements and attributes, URLs with a safe scheme or
 * none (relative), and iframes whose URL matches one of `frameSources` (CSP sources such as
 * `https://www.youtube-nocookie.com`). Other iframes are removed.
 * @example sanitizeHtml('<p onclick="x()">Hi<script>alert(1)</script></p>', []) // '<p>Hi</p>'
 */
export function sanitizeHtml(html: string, frameSources: readonly string[]): string {
  // Per call: which iframes were dropped, so that their closing tags go too.
  const open: boolean[] = []
  const filter = new FilterXSS({
    whiteList: ALLOWED,
    stripIgnoreTag: true,
    stripIgnoreTagBody: STRIPPED_WITH_BODY,
    allowCommentTag: false,
    stripBlankChar: true,
    css: false,
    onTag(tag, raw, info) {
      // A form field would let a post ask visitors for input; task-list checkboxes are fine.
      if (tag === 'input') return /\stype\s*=\s*["']?checkbox\b/i.test(raw) ? undefined : ''
      if (tag !== 'iframe') return undefined
      // A closing tag whose opening was dropped, or that opens nothing, goes too.
      if (info.isClosing) return open.pop() === true ? undefined : ''
      const allowed = iframeAllowed(raw, frameSources)
      if (!raw.endsWith('/>')) open.push(allowed)
      return allowed ? undefined : ''
    },
    onTagAttr(tag, name, value) {
      // The security boundary for iframes: whatever the tag-level check read, no src survives
      // unless its host is listed.
      if (
        tag === 'iframe' &&
        name === 'src' &&
        !frameAllowed(friendlyAttrValue(value), frameSources)
      )
        return ''
      return undefined
    },
    onIgnoreTagAttr(_tag, name, value) {
      // aria-* and data-* carry no behaviour without scripts.
      if (/^(?:aria|data)-[a-z0-9-]+$/.test(name)) return `${name}="${escapeAttrValue(value)}"`
      return undefined
    },
    safeAttrValue(tag, name, value) {
      const text = friendlyAttrValue(value)
      if (name === 'style' || /^on/i.test(name)) return ''
      if (URL_ATTRIBUTES.has(name)) {
        const urls =
          name === 'srcset' ? text.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [text]
        if (!urls.every((url) => urlAllowed(url, tag))) return ''
      }
      if (tag === 'input' && name === 'type' && text.toLowerCase() !== 'checkbox') return ''
      return escapeAttrValue(text)
    },
  })
  return filter.process(html)
}

function allowlist(): IWhiteList {
  const list: IWhiteList = { ...getDefaultWhiteList(), ...EXTRA_ELEMENTS }
  // js-xss's defaults allow <font color> and <video autoplay>; neither is needed, both annoy.
  delete list.font
  for (const [tag, attributes] of Object.entries(list))
    list[tag] = [...new Set([...(attributes ?? []), ...GLOBAL_ATTRIBUTES])]
  return list
}

/** A relative URL, or one with a safe scheme; `data:` only for images that are not SVG. */
function urlAllowed(url: string, tag: string): boolean {
  // Browsers drop tabs and newlines inside a scheme (`java\tscript:`), so must the check.
  const compact = url.replace(/[\p{Cc} ]+/gu, '')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]
  if (scheme === undefined) return true
  if (SAFE_SCHEME.test(compact)) return true
  return tag === 'img' && /^data:image\/(?:png|gif|jpe?g|webp|avif);/i.test(compact)
}

/** True when an iframe tag's src is allowed; the tag's raw text is parsed like js-xss does. */
function iframeAllowed(raw: string, frameSources: readonly string[]): boolean {
  const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(raw)
  const value = src ? (src[1] ?? src[2] ?? src[3] ?? '') : ''
  return frameAllowed(friendlyAttrValue(value), frameSources)
}

/** True when a frame URL matches one of the CSP sources (`https://host`, `*.host`, `https:`). */
export function frameAllowed(url: string, sources: readonly string[]): boolean {
  let parsed: URL
  try {
    parsed = new URL(url.startsWith('//') ? `https:${url}` : url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false
  return sources.some((source) => {
    const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?/i.exec(source)
    if (!m || source.endsWith(':')) return source.toLowerCase() === parsed.protocol
    const [, scheme, wildcard, host = '', port] = m
    if (scheme && `${scheme.toLowerCase()}:` !== parsed.protocol) return false
    if (!scheme && parsed.protocol !== 'https:') return false
    // No port in the source means the scheme's default port, as CSP reads it.
    if (port !== '*' && (port ?? '') !== parsed.port) return false
    const wanted = host.toLowerCase()
    return wildcard ? parsed.hostname.endsWith(`.${wanted}`) : parsed.hostname === wanted
  })
}
