import type { DiagnosticList } from './diagnostics'
import { emptyMapping, parseYamlMapping, type YamlMapping } from './yaml-source'

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
 * Splits and parses a file's front matter. What Jekyll only warns about (no front matter, an
 * unclosed fence, YAML that Psych refuses) is a warning, and the file is read as Jekyll reads it:
 * with no front-matter values, the body being the whole text after an opening fence Jekyll found.
 */
export function parseFrontMatter(
  path: string,
  text: string,
  diagnostics: DiagnosticList,
): FrontMatterFile {
  const source = stripBom(text)
  const opening = OPENING.exec(source)
  if (!opening) {
    diagnostics.warn(
      path,
      { line: 1, col: 1 },
      'no front matter: read with the defaults of _config.yml only, as Jekyll reads it; start the file with a `---` line to give it some',
      'no-front-matter',
    )
    return { frontMatter: emptyMapping(1), body: source }
  }
  const rest = source.slice(opening[0].length)
  // The closing fence must start a line: search from the start of `rest` or after a newline.
  const closing = CLOSING.exec(rest)
  if (!closing) {
    diagnostics.warn(
      path,
      { line: 1, col: 1 },
      'front matter is not closed: Jekyll reads the whole file as the body, and so does Kiosque; add a `---` line after it',
      'front-matter-unclosed',
    )
    return { frontMatter: emptyMapping(1), body: source }
  }
  const yaml = rest.slice(0, closing.index)
  const afterFence = rest.slice(closing.index + closing[0].length)
  const body = afterFence.replace(/^\r?\n/, '')
  const frontMatter = parseYamlMapping(path, yaml, 2, diagnostics, 'warn') ?? emptyMapping(2)
  return { frontMatter, body }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
