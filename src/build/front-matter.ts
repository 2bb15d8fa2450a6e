import type { DiagnosticList } from './diagnostics'
import { parseYamlMapping, type YamlMapping } from './yaml-source'

/** A content file split into its front matter and its body. */
export interface FrontMatterFile {
  frontMatter: YamlMapping
  body: string
}

const OPENING = /^---[ \t]*\r?\n/
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m

/** True when the file starts with a front-matter fence, which is what makes Jekyll process it. */
export function hasFrontMatter(text: string): boolean {
  return OPENING.test(stripBom(text))
}

/**
 * Splits and parses a file's front matter. Returns undefined (with diagnostics) when the fence is
 * unclosed or the YAML is invalid; callers decide whether a file without front matter is an error.
 */
export function parseFrontMatter(
  path: string,
  text: string,
  diagnostics: DiagnosticList,
): FrontMatterFile | undefined {
  const source = stripBom(text)
  const opening = OPENING.exec(source)
  if (!opening) {
    diagnostics.error(
      path,
      { line: 1, col: 1 },
      'missing front matter: the file must start with a `---` line',
    )
    return undefined
  }
  const rest = source.slice(opening[0].length)
  // The closing fence must start a line: search from the start of `rest` or after a newline.
  const closing = CLOSING.exec(rest)
  if (!closing) {
    diagnostics.error(
      path,
      { line: 1, col: 1 },
      'front matter is not closed: add a `---` line after it',
    )
    return undefined
  }
  const yaml = rest.slice(0, closing.index)
  const frontMatter = parseYamlMapping(path, yaml, 2, diagnostics)
  if (!frontMatter) return undefined
  const afterFence = rest.slice(closing.index + closing[0].length)
  const body = afterFence.replace(/^\r?\n/, '')
  return { frontMatter, body }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
