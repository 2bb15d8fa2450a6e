import type { Lang, NavItem, SiteSettings } from '../model/types'
import type { DataFile } from './data'
import type { DiagnosticList } from './diagnostics'
import { normalizeLang } from './language'

// Deeper menus than this are cut: no theme draws more, and hostile data must stay bounded.
const MAX_DEPTH = 4

/**
 * Reads the navigation menus from `_data/`: `nav.yml` as a list (every language) or keyed by
 * language, and `nav-<lang>.yml` or `nav/<lang>.yml` as a list, which wins over `nav.yml` for its
 * language. Items take the shapes Jekyll themes use: `title` or `name`, `url`, `path` or `link`
 * (a path without `/` is from the site's root), `children` or `subnav`. What does not fit is
 * left out with a warning: a data file is the site's own, never an error.
 */
export function readNav(
  files: readonly DataFile[],
  languages: Lang[],
  diagnostics: DiagnosticList,
): SiteSettings['nav'] {
  const nav: SiteSettings['nav'] = {}
  const general = files.filter((f) => /^_data\/nav\.(?:ya?ml|json)$/.test(f.file.path))
  const specific = files.filter((f) =>
    /^_data\/nav(?:-|\/)[^/]+\.(?:ya?ml|json)$/.test(f.file.path),
  )
  for (const data of general) {
    const { value } = data
    if (Array.isArray(value)) {
      const items = navItems(data, value, [], 1, diagnostics)
      for (const lang of languages) nav[lang] = items
    } else if (isRecord(value)) {
      for (const [lang, items] of Object.entries(value)) {
        nav[normalizeLang(lang)] = navList(data, items, [lang], diagnostics)
      }
    } else {
      diagnostics.warn(
        data.file.displayPath,
        data.at([]),
        'not used as a menu: a navigation menu is a list of items, or a mapping of language: list',
        'nav',
      )
    }
  }
  for (const data of specific) {
    const lang = /^_data\/nav(?:-|\/)([^/]+)\.(?:ya?ml|json)$/.exec(data.file.path)?.[1] ?? ''
    nav[normalizeLang(lang)] = navList(data, data.value, [], diagnostics)
  }
  return nav
}

function navList(
  data: DataFile,
  value: unknown,
  at: (string | number)[],
  diagnostics: DiagnosticList,
): NavItem[] {
  if (Array.isArray(value)) return navItems(data, value, at, 1, diagnostics)
  diagnostics.warn(
    data.file.displayPath,
    data.at(at),
    'not used as a menu: a navigation menu is a list of { title, url } items',
    'nav',
  )
  return []
}

function navItems(
  data: DataFile,
  list: unknown[],
  at: (string | number)[],
  depth: number,
  diagnostics: DiagnosticList,
): NavItem[] {
  const items: NavItem[] = []
  for (const [i, raw] of list.entries()) {
    const where = [...at, i]
    const warn = (message: string) =>
      diagnostics.warn(data.file.displayPath, data.at(where), message, 'nav')
    if (!isRecord(raw)) {
      warn(`menu item ${i + 1} is left out: it is not a mapping`)
      continue
    }
    const title = raw.title ?? raw.name
    const link = raw.url ?? raw.path ?? raw.link ?? raw.href
    const nested = raw.children ?? raw.subnav ?? raw.submenu
    if (typeof title !== 'string' && typeof title !== 'number') {
      warn(`menu item ${i + 1} is left out: it has no \`title\` or \`name\``)
      continue
    }
    const url = typeof link === 'string' ? menuUrl(link) : undefined
    if (typeof link === 'string' && url === undefined) {
      warn(`menu item ${i + 1}: "${link}" is not a link Kiosque can serve; the item has no link`)
    }
    let children: NavItem[] | undefined
    if (Array.isArray(nested)) {
      const key =
        raw.children !== undefined ? 'children' : raw.subnav !== undefined ? 'subnav' : 'submenu'
      if (depth >= MAX_DEPTH)
        warn(`menu item ${i + 1}: menus deeper than ${MAX_DEPTH} levels are cut`)
      else children = navItems(data, nested, [...where, key], depth + 1, diagnostics)
    }
    if (url === undefined && !children?.length) {
      warn(`menu item ${i + 1} is left out: it has no \`url\`, \`path\` or \`link\`, nor children`)
      continue
    }
    items.push({
      title: String(title),
      url: url ?? '',
      ...(children?.length ? { children } : {}),
    })
  }
  return items
}

/**
 * A menu link as the worker writes it: absolute URLs and `/` paths as they are; a relative path
 * (`presentation.html`, `blog/`) is from the site's root, as themes write `{{ site.url }}/{{ path }}`.
 */
function menuUrl(link: string): string | undefined {
  const trimmed = link.trim()
  if (/^(?:https?:|mailto:|tel:)/i.test(trimmed)) return trimmed
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return undefined
  if (trimmed.startsWith('/') || trimmed.startsWith('#')) return trimmed
  return `/${trimmed.replace(/^(?:\.\/)+/, '')}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
