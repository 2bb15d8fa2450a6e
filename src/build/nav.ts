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
      put(file, normalizeLang(perLang[1]), yamlValue(file, diagnostics), {
        line: 1,
        col: 1,
      })
      continue
    }
    if (!/^_data\/nav\.ya?ml$/.test(file.path)) continue
    const list = parseDocument(file.text, { version: '1.1' })
    const before = diagnostics.errors.length
    const value = list.errors.length === 0 ? yamlValue(file, diagnostics) : undefined
    if (diagnostics.errors.length > before) continue
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

/** A YAML file's value; an alias bomb ("billion laughs") is an error, not a crash of the build. */
function yamlValue(file: SourceFile, diagnostics: DiagnosticList): unknown {
  try {
    return parseDocument(file.text, { version: '1.1' }).toJS({ maxAliasCount: 100 })
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable'
    diagnostics.error(file.displayPath, { line: 1, col: 1 }, `invalid YAML: ${reason}`)
    return undefined
  }
}
