import type { Lang, SiteSettings } from '../model/types'
import { UI_STRING_KEYS, type UiKey } from '../model/ui-strings'
import type { DiagnosticList } from './diagnostics'
import { normalizeLang } from './language'
import type { SourceFile } from './post'
import { parseYamlMapping } from './yaml-source'

const KEYS = new Set<string>(UI_STRING_KEYS)

/** `read_more` → `readMore`: data files are YAML, where snake_case is the habit. */
function keyName(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/**
 * Reads interface-string overrides from `_data/i18n.yml` (keyed by language) and
 * `_data/i18n/<lang>.yml`. Unknown keys and non-string values are errors, with their position.
 */
export function readUiStrings(
  files: SourceFile[],
  diagnostics: DiagnosticList,
): SiteSettings['strings'] {
  const out: Partial<Record<Lang, Record<string, string>>> = {}
  const add = (
    file: SourceFile,
    lang: Lang,
    values: unknown,
    at: { line: number; col: number },
  ) => {
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      diagnostics.error(
        file.displayPath,
        at,
        `strings for "${lang}" must be a mapping of name: text`,
      )
      return
    }
    const target = out[lang] ?? {}
    out[lang] = target
    for (const [raw, text] of Object.entries(values)) {
      const key = keyName(raw)
      if (!KEYS.has(key)) {
        diagnostics.error(
          file.displayPath,
          at,
          `unknown interface string "${raw}"; known: ${UI_STRING_KEYS.join(', ')}`,
        )
      } else if (typeof text !== 'string') {
        diagnostics.error(file.displayPath, at, `interface string "${raw}" must be text`)
      } else target[key as UiKey] = text
    }
  }
  for (const file of files) {
    const single = /^_data\/i18n\/([^/]+)\.ya?ml$/.exec(file.path)
    if (!single && !/^_data\/i18n\.ya?ml$/.test(file.path)) continue
    const yaml = parseYamlMapping(file.displayPath, file.text, 1, diagnostics)
    if (!yaml) continue
    if (single?.[1]) add(file, normalizeLang(single[1]), yaml.data, { line: 1, col: 1 })
    else
      for (const [lang, values] of Object.entries(yaml.data))
        add(file, normalizeLang(lang), values, yaml.at(lang))
  }
  return out
}
