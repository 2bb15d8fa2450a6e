/**
 * The site's own data, `_data/`, read as Jekyll's DataReader reads it: YAML, JSON (through the
 * YAML parser, as Jekyll does), CSV and TSV (rows keyed by the header line), in nested folders.
 */
import { LineCounter } from 'yaml'
import type { DiagnosticList, Position } from './diagnostics'
import type { SourceFile } from './post'
import { nodeOffset, parseAsPsych, warnDuplicateKeys } from './yaml-source'

/** One data file, parsed, with the position of any value in it for messages. */
export interface DataFile {
  file: SourceFile
  value: unknown
  /** Where the value at `keys` (mapping keys, list indexes) is written; the file's start if absent. */
  at(keys: readonly (string | number)[]): Position
}

/** The extensions Jekyll reads in `_data/`. */
export const DATA_FILE = /\.(?:ya?ml|json|csv|tsv)$/

/**
 * Parses every data file. Syntax Jekyll refuses (YAML that Psych rejects, a CSV quote left open)
 * is an error, since Jekyll fails on it too; what a file holds is never checked here.
 */
export function readData(files: readonly SourceFile[], diagnostics: DiagnosticList): DataFile[] {
  const out: DataFile[] = []
  for (const file of files) {
    const parsed = /\.[ct]sv$/.test(file.path)
      ? readTable(file, file.path.endsWith('.tsv') ? '\t' : ',', diagnostics)
      : readYaml(file, diagnostics)
    if (parsed) out.push(parsed)
  }
  return out
}

/** `site.data`: each file's value under its folders and name, as Jekyll nests them. */
export function siteData(files: readonly DataFile[]): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const { file, value } of files) {
    const parts = file.path.split('/').slice(1)
    const name = (parts.pop() ?? '').replace(/\.[^.]+$/, '')
    let node = root
    for (const folder of parts) {
      const key = dataKey(folder)
      const next = node[key]
      node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}
      node = node[key] as Record<string, unknown>
    }
    node[dataKey(name)] = value
  }
  return root
}

// Jekyll's DataReader#sanitize_filename: Ruby's \w is ASCII, so `é` is dropped.
function dataKey(name: string): string {
  return name
    .replace(/[^\w\s-]+/g, '')
    .trim()
    .replace(/\s+/g, '_')
}

function readYaml(file: SourceFile, diagnostics: DiagnosticList): DataFile | undefined {
  const lineCounter = new LineCounter()
  const doc = parseAsPsych(file.text, lineCounter)
  const toFile = (offset: number): Position => lineCounter.linePos(offset)
  warnDuplicateKeys(doc, file.displayPath, toFile, diagnostics)
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      diagnostics.error(
        file.displayPath,
        toFile(error.pos[0]),
        `invalid YAML, which Jekyll refuses too: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      )
    }
    return undefined
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 100 })
    return { file, value, at: (keys) => toFile(nodeOffset(doc.contents, keys)) }
  } catch (error) {
    // yaml refuses aliases that expand without bound ("billion laughs") by throwing.
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable'
    diagnostics.error(file.displayPath, { line: 1, col: 1 }, `invalid YAML: ${reason}`)
    return undefined
  }
}

/** A CSV or TSV file with a header line, as Ruby's CSV reads it: a list of `{ column: text }`. */
function readTable(
  file: SourceFile,
  separator: string,
  diagnostics: DiagnosticList,
): DataFile | undefined {
  const rows: { cells: string[]; line: number }[] = []
  const text = file.text.replace(/^\uFEFF/, '')
  let cells: string[] = []
  let cell = ''
  let line = 1
  let rowLine = 1
  let quoted = false
  let quoteLine = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else {
        if (c === '\n') line++
        cell += c
      }
    } else if (c === '"' && cell === '') {
      quoted = true
      quoteLine = line
    } else if (c === separator) {
      cells.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      cells.push(cell)
      rows.push({ cells, line: rowLine })
      cells = []
      cell = ''
      line++
      rowLine = line
    } else cell += c
  }
  if (quoted) {
    diagnostics.error(
      file.displayPath,
      { line: quoteLine, col: 1 },
      'unclosed quoted field, which Jekyll refuses too: close the quote with "',
    )
    return undefined
  }
  if (cell !== '' || cells.length > 0) rows.push({ cells: [...cells, cell], line: rowLine })
  const [header, ...body] = rows.filter((r) => !(r.cells.length === 1 && r.cells[0] === ''))
  const names = header?.cells ?? []
  const value = body.map((row) =>
    Object.fromEntries(names.map((name, i) => [name, row.cells[i] ?? null])),
  )
  return {
    file,
    value,
    at: (keys) => ({ line: typeof keys[0] === 'number' ? (body[keys[0]]?.line ?? 1) : 1, col: 1 }),
  }
}
