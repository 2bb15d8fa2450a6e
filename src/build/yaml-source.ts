import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type ScalarTag,
  type Tags,
  visit,
  type YAMLMap,
} from 'yaml'
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
  /** The node at a path of keys (the last of equal keys, as Psych keeps), for nested checks. */
  node(keys: readonly string[]): Node | undefined
  /** Where a node starts in the file; the file's first line when it has no position. */
  position(node: Node | null | undefined): Position
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
  /** Front matter Jekyll cannot read only warns: the file is read as if it had none. */
  invalid: 'error' | 'warn' = 'error',
): YamlMapping | undefined {
  const report = (at: Position, message: string) =>
    invalid === 'error'
      ? diagnostics.error(path, at, message)
      : diagnostics.warn(
          path,
          at,
          `${message}; the front matter is ignored, as Jekyll ignores it`,
          'front-matter-yaml',
        )
  const lineCounter = new LineCounter()
  const doc = parseAsPsych(text, lineCounter)
  const toFile = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line: line + firstLine - 1, col }
  }
  warnDuplicateKeys(doc, path, toFile, diagnostics)
  if (doc.errors.length > 0) {
    for (const error of doc.errors.slice(0, invalid === 'error' ? undefined : 1)) {
      report(toFile(errorOffset(text, error)), `invalid YAML: ${firstSentence(error.message)}`)
    }
    return undefined
  }
  const contents = doc.contents
  const position = (node: Node | null | undefined): Position => toFile(node?.range?.[0] ?? 0)
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return emptyMapping(firstLine)
  }
  if (!isMap(contents)) {
    report(toFile(contents.range?.[0] ?? 0), 'expected a mapping of `key: value` pairs')
    return undefined
  }
  let data: Record<string, unknown>
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>
  } catch (error) {
    // yaml refuses aliases that expand without bound ("billion laughs") by throwing.
    report(
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
    node(keys) {
      let node: Node | undefined = contents
      for (const key of keys) node = isMap(node) ? findValue(node, key) : undefined
      return node
    },
    position,
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

// The last pair of a key, since the last one is the one kept.
function findValue(map: YAMLMap, key: string): Node | undefined {
  let found: Node | undefined
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? pair.key.value : pair.key
    if (String(k) === key) found = (pair.value ?? pair.key) as Node
  }
  return found
}

// yaml's messages carry a trailing excerpt of the source; the position already says where.
function firstSentence(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message
}

/**
 * Options that make `yaml` read as Psych (YAML 1.1) does: `yes`, `no`, `on`, `off` (in any case)
 * are booleans but `y` and `n` are strings, and a repeated key is allowed, the last one winning.
 */
export function yamlOptions(lineCounter?: LineCounter) {
  return {
    version: '1.1' as const,
    uniqueKeys: false,
    prettyErrors: false,
    customTags: psychBooleans,
    ...(lineCounter && { lineCounter }),
  }
}

function psychBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:bool' || !('test' in tag))
      return tag
    const scalar = tag as ScalarTag
    const value = scalar.test?.test('true') === true
    return { ...scalar, test: value ? /^(?:yes|true|on)$/i : /^(?:no|false|off)$/i }
  })
}

/** Psych keeps the last of two equal keys; the author is told, at the second one. */
export function warnDuplicateKeys(
  doc: ReturnType<typeof parseDocument>,
  path: string,
  toFile: (offset: number) => Position,
  diagnostics: DiagnosticList,
): void {
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>()
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue
        const key = String(pair.key.value)
        if (key === '<<') continue
        if (seen.has(key)) {
          diagnostics.warn(
            path,
            toFile(pair.key.range?.[0] ?? 0),
            `duplicate key "${key}": the last one is used, as Jekyll does; remove the other`,
            'duplicate-key',
          )
        }
        seen.add(key)
      }
    },
  })
}

/** Where the node at `keys` (mapping keys and list indexes) starts, or the nearest parent. */
export function nodeOffset(root: Node | null, keys: readonly (string | number)[]): number {
  let node: Node | null | undefined = root
  let offset = root?.range?.[0] ?? 0
  for (const key of keys) {
    if (isMap(node)) node = findValue(node, String(key))
    else if (isSeq(node) && typeof key === 'number') node = node.items[key] as Node | undefined
    else break
    if (!node?.range) break
    offset = node.range[0]
  }
  return offset
}

/**
 * Psych (libyaml) accepts a quoted scalar whose continuation lines are indented less than its key,
 * which the YAML spec and `yaml` refuse. The same text with those lines indented further means the
 * same value, since folding drops a continuation line's leading spaces: it is what Jekyll reads.
 * Returns undefined when no quoted scalar spans lines.
 */
export function indentQuotedContinuations(text: string): string | undefined {
  const lines = text.split('\n')
  let changed = false
  let quote: '"' | "'" | undefined
  let depth = 0
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n] ?? ''
    if (quote) {
      line = `${' '.repeat(depth)}${line}`
      lines[n] = line
      changed = true
    }
    const indent = /^[ -]*/.exec(line)?.[0].length ?? 0
    for (let i = quote ? depth : 0; i < line.length; i++) {
      const c = line[i]
      if (quote === '"' && c === '\\') i++
      else if (quote === "'" && c === "'" && line[i + 1] === "'") i++
      else if (quote && c === quote) quote = undefined
      else if (!quote && c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) break
      else if (!quote && (c === '"' || c === "'") && /(?:^|[:\-[{,])\s*$/.test(line.slice(0, i))) {
        quote = c
        depth = indent + 2
      }
    }
  }
  return changed ? lines.join('\n') : undefined
}

/** Parses YAML as Jekyll reads it; `lineCounter` gets the lines of the text that was parsed. */
export function parseAsPsych(text: string, lineCounter: LineCounter) {
  const doc = parseDocument(text, yamlOptions(lineCounter))
  if (doc.errors.length === 0) return doc
  const lenient = indentQuotedContinuations(text)
  if (lenient === undefined) return doc
  const counter = new LineCounter()
  const retry = parseDocument(lenient, yamlOptions(counter))
  if (retry.errors.length > 0) return doc
  lineCounter.lineStarts.splice(0, lineCounter.lineStarts.length, ...counter.lineStarts)
  return retry
}

/** A mapping with nothing in it, positioned at `line`. */
export function emptyMapping(line: number): YamlMapping {
  return {
    data: {},
    at: () => ({ line, col: 1 }),
    sourceOf: () => undefined,
    node: () => undefined,
    position: () => ({ line, col: 1 }),
  }
}
