import { isMap, isScalar, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml'
import type { DiagnosticList, Position } from './diagnostics'

/**
 * A parsed YAML mapping that remembers where each key came from, so that every later check can
 * point at the offending line and column. Parsed as YAML 1.1, as Jekyll (Psych) does: `no` is
 * false and `2018-07-27` is a timestamp.
 */
export interface YamlMapping {
  /** The mapping as plain values. */
  data: Record<string, unknown>
  /** Where a key's value starts, or where the mapping starts when the key is absent. */
  at(key: string): Position
  /** The text of a scalar value as written, before YAML typed it (for dates). */
  sourceOf(key: string): string | undefined
}

/**
 * Parses `text` as a YAML mapping. `firstLine` is the line of the file where `text` starts, so
 * positions are those of the file. Reports syntax errors and returns undefined on failure.
 */
export function parseYamlMapping(
  path: string,
  text: string,
  firstLine: number,
  diagnostics: DiagnosticList,
): YamlMapping | undefined {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {
    version: '1.1',
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
  })
  const toFile = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line: line + firstLine - 1, col }
  }
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      diagnostics.error(
        path,
        toFile(errorOffset(text, error)),
        `invalid YAML: ${firstSentence(error.message)}`,
      )
    }
    return undefined
  }
  const contents = doc.contents
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { data: {}, at: () => ({ line: firstLine, col: 1 }), sourceOf: () => undefined }
  }
  if (!isMap(contents)) {
    diagnostics.error(
      path,
      toFile(contents.range?.[0] ?? 0),
      'expected a mapping of `key: value` pairs',
    )
    return undefined
  }
  let data: Record<string, unknown>
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>
  } catch (error) {
    // yaml refuses aliases that expand without bound ("billion laughs") by throwing.
    diagnostics.error(
      path,
      toFile(contents.range?.[0] ?? 0),
      `invalid YAML: ${error instanceof Error ? firstSentence(error.message) : 'unreadable'}`,
    )
    return undefined
  }
  const valueNode = (key: string): Node | undefined => findValue(contents, key)
  return {
    data,
    at(key) {
      const node = valueNode(key)
      return node?.range ? toFile(node.range[0]) : toFile(contents.range?.[0] ?? 0)
    },
    sourceOf(key) {
      const node = valueNode(key)
      return isScalar(node) ? (node.source ?? String(node.value)) : undefined
    },
  }
}

// yaml reports an unclosed quote where the text ends; the author needs where the quote opened.
function errorOffset(
  text: string,
  error: { code: string; message: string; pos: [number, number] },
): number {
  const quote = /Missing closing (["'])quote/.exec(error.message)?.[1]
  if (error.code !== 'MISSING_CHAR' || !quote) return error.pos[0]
  const opening = text.lastIndexOf(quote, error.pos[0] - 1)
  return opening >= 0 ? opening : error.pos[0]
}

function findValue(map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? pair.key.value : pair.key
    if (String(k) === key) return (pair.value ?? pair.key) as Node
  }
  return undefined
}

// yaml's messages carry a trailing excerpt of the source; the position already says where.
function firstSentence(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message
}
