/** A problem found in the content folder, located the way editors and terminals understand. */
export interface Diagnostic {
  /** Path as the author knows it: relative to the working directory, or to the content root. */
  path: string
  line: number
  col: number
  message: string
  severity: 'error' | 'warning'
  /**
   * What kind of problem it is (`no-title`, `liquid`…), stable across messages: the CLI folds a
   * kind seen many times. Without one, a diagnostic is a kind of its own.
   */
  code?: string
}

/** A source position, 1-based. */
export interface Position {
  line: number
  col: number
}

/** Formats a diagnostic as `path:line:col: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : ''
  return `${d.path}:${d.line}:${d.col}: ${prefix}${d.message}`
}

/** Collects diagnostics while a build walks the content; the build fails if any is an error. */
export class DiagnosticList {
  readonly items: Diagnostic[] = []
  #strict = false

  error(path: string, at: Position, message: string, code?: string): void {
    this.items.push({ path, ...at, message, severity: 'error', ...(code && { code }) })
  }

  warn(path: string, at: Position, message: string, code?: string): void {
    const severity = this.#strict ? 'error' : 'warning'
    this.items.push({ path, ...at, message, severity, ...(code && { code }) })
  }

  /**
   * Strict mode (`--strict`, `kiosque.strict`), as Jekyll's `strict_front_matter`: every warning,
   * those already collected included (the config is read before it can ask for it), is an error.
   */
  makeStrict(): void {
    this.#strict = true
    for (const item of this.items) item.severity = 'error'
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error')
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning')
  }
}

/** Thrown by the build when the content is invalid; carries every error found, not just the first. */
export class ContentError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'))
    this.name = 'ContentError'
  }
}

/**
 * The lines to print for a list of diagnostics: each kind (its `code`) seen more than `over`
 * times shows its first `shown`, then one line counting the others. Diagnostics without a code
 * are all shown. Every diagnostic keeps its position; only printing is folded.
 * @example foldDiagnostics(warnings, { over: 5, shown: 3 })
 */
export function foldDiagnostics(
  items: readonly Diagnostic[],
  limits: { over: number; shown: number } = { over: 5, shown: 3 },
): string[] {
  const counts = new Map<string, number>()
  for (const d of items) if (d.code) counts.set(d.code, (counts.get(d.code) ?? 0) + 1)
  const printed = new Map<string, number>()
  const lines: string[] = []
  for (const d of items) {
    const total = d.code === undefined ? 0 : (counts.get(d.code) ?? 0)
    if (d.code === undefined || total <= limits.over) {
      lines.push(formatDiagnostic(d))
      continue
    }
    const n = (printed.get(d.code) ?? 0) + 1
    printed.set(d.code, n)
    if (n <= limits.shown) lines.push(formatDiagnostic(d))
    if (n === limits.shown) {
      lines.push(
        `… and ${total - limits.shown} more like this (run with --verbose to list them all)`,
      )
    }
  }
  return lines
}
