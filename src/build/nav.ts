import { parseDocument } from 'yaml'
import type { Lang, NavItem, SiteSettings } from '../model/types'
import type { DiagnosticList, Position } from './diagnostics'
import { normalizeLang } from './language'
import type { SourceFile } from './post'
import { parseYamlMapping } from './yaml-source'

/**
 * Reads the navigation menus from `_data/`: `nav.yml` as a list (every language) or keyed by
 * language, and `nav-<lang>.yml` or `nav/<lang>.yml` as a list. Items are `{ title, url }`.
 */
export function readNav(
  files: SourceFile[],
  languages: Lang[],
  diagnostics: DiagnosticList,
): SiteSettings['nav'] {
  const nav: SiteSettings['nav'] = {}
  const put = (file: SourceFile, lang: Lang, value: unknown, at: Position) => {
    const items = navItems(file, value, at, diagnostics)
    if (items) nav[lang] = items
  }
  for (const file of files) {
    const perLang = /^_data\/nav(?:-|\/)([^/]+)\.ya?ml$/.exec(file.path)
    if (perLang?.[1]) {
      put(file, normalizeLang(perLang[1]), parseDocument(file.text, { version: '1.1' }).toJS(), {
        line: 1,
        col: 1,
      })
      continue
    }
    if (!/^_data\/nav\.ya?ml$/.test(file.path)) continue
    const list = parseDocument(file.text, { version: '1.1' })
    const value = list.errors.length === 0 ? list.toJS() : undefined
    if (Array.isArray(value)) {
      for (const lang of languages) put(file, lang, value, { line: 1, col: 1 })
      continue
    }
    const yaml = parseYamlMapping(file.displayPath, file.text, 1, diagnostics)
    if (!yaml) continue
    for (const [lang, items] of Object.entries(yaml.data))
      put(file, normalizeLang(lang), items, yaml.at(lang))
  }
  return nav
}

function navItems(
  file: SourceFile,
  value: unknown,
  at: Position,
  diagnostics: DiagnosticList,
): NavItem[] | undefined {
  if (!Array.isArray(value)) {
    diagnostics.error(file.displayPath, at, 'a navigation menu must be a list of { title, url }')
    return undefined
  }
  const items: NavItem[] = []
  for (const [i, item] of value.entries()) {
    const { title, url } = (item ?? {}) as { title?: unknown; url?: unknown }
    if (
      typeof title !== 'string' ||
      typeof url !== 'string' ||
      !/^(\/(?!\/)|https?:\/\/)/.test(url)
    ) {
      diagnostics.error(
        file.displayPath,
        at,
        `menu item ${i + 1} needs a title and a url starting with / or http(s)://`,
      )
      continue
    }
    items.push({ title, url })
  }
  return items
}
