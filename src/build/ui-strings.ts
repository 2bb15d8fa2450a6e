import type { Lang, SiteSettings } from '../model/types'
import { UI_STRING_KEYS, type UiKey } from '../model/ui-strings'
import type { DataFile } from './data'
import type { DiagnosticList } from './diagnostics'
import { normalizeLang } from './language'

const KEYS = new Set<string>(UI_STRING_KEYS)

/** `read_more` → `readMore`: data files are YAML, where snake_case is the habit. */
function keyName(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/**
 * Reads interface-string overrides from `_data/i18n.yml` (keyed by language) and
 * `_data/i18n/<lang>.yml`. Unknown keys and non-string values are left out with a warning at
 * their position: a data file is the site's own, which its templates may read differently.
 */
export function readUiStrings(
  files: readonly DataFile[],
  diagnostics: DiagnosticList,
): SiteSettings['strings'] {
  const out: Partial<Record<Lang, Record<string, string>>> = {}
  const add = (data: DataFile, lang: Lang, values: unknown, at: string[]) => {
    const path = data.file.displayPath
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      diagnostics.warn(
        path,
        data.at(at),
        `strings for "${lang}" are not used: they must be a mapping of name: text`,
        'ui-string',
      )
      return
    }
    const target = out[lang] ?? {}
    out[lang] = target
    for (const [raw, text] of Object.entries(values)) {
      const key = keyName(raw)
      if (!KEYS.has(key)) {
        diagnostics.warn(
          path,
          data.at([...at, raw]),
          `"${raw}" is not an interface string of Kiosque, left out; known: ${UI_STRING_KEYS.join(', ')}`,
          'ui-string',
        )
      } else if (typeof text !== 'string') {
        diagnostics.warn(
          path,
          data.at([...at, raw]),
          `interface string "${raw}" is not text, left out`,
          'ui-string',
        )
      } else target[key as UiKey] = text
    }
  }
  for (const data of files) {
    const single = /^_data\/i18n\/([^/]+)\.(?:ya?ml|json)$/.exec(data.file.path)
    if (!single && !/^_data\/i18n\.(?:ya?ml|json)$/.test(data.file.path)) continue
    if (single?.[1]) add(data, normalizeLang(single[1]), data.value, [])
    else if (data.value && typeof data.value === 'object' && !Array.isArray(data.value))
      for (const [lang, values] of Object.entries(data.value))
        add(data, normalizeLang(lang), values, [lang])
    else add(data, 'every language', data.value, [])
  }
  return out
}
