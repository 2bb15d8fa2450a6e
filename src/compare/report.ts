import type { DifferenceKind, PageResult, Scope } from './page-comparison'

/** The figures a person decides on. */
export interface Summary {
  scope: Scope
  compared: number
  alike: number
  missing: number
  /** Pages with a difference of each kind (a page may count under several). */
  differing: Record<Exclude<DifferenceKind, 'missing'>, number>
  /** Pages whose `<html lang>` in Jekyll's output contradicts the language they declare. */
  jekyllLangSlips: number
}

/** Counts what the comparison found. */
export function summarize(results: readonly PageResult[], scope: Scope): Summary {
  const differing = { status: 0, lang: 0, title: 0, text: 0 }
  let missing = 0
  for (const result of results) {
    for (const { kind } of result.differences) {
      if (kind === 'missing') missing++
      else differing[kind]++
    }
  }
  return {
    scope,
    compared: results.length,
    alike: results.filter((r) => r.alike).length,
    missing,
    differing,
    jekyllLangSlips: results.filter((r) => r.jekyllHtmlLang !== undefined).length,
  }
}

/** The share of pages alike, in percent, rounded down so that 100% means every page. */
export function alikePercent(summary: Summary): number {
  return summary.compared === 0 ? 100 : Math.floor((100 * summary.alike) / summary.compared)
}

/** Whether at least `min` percent of the pages are alike (exactly, without rounding). */
export function meetsMinimum(summary: Summary, min: number): boolean {
  return summary.alike * 100 >= min * summary.compared
}

function pages(count: number, scope: Scope): string {
  const noun = scope === 'posts' ? 'post' : 'page'
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** `compare: 58 of 61 posts alike (95%); 2 differ in text, 1 in lang; 1 missing`. */
export function summaryLine(summary: Summary): string {
  const parts = [
    `compare: ${summary.alike} of ${pages(summary.compared, summary.scope)} alike (${alikePercent(summary)}%)`,
  ]
  const kinds = (['text', 'lang', 'title', 'status'] as const)
    .filter((kind) => summary.differing[kind] > 0)
    .map((kind, i) => `${summary.differing[kind]}${i === 0 ? ' differ' : ''} in ${kind}`)
  if (kinds.length > 0) parts.push(kinds.join(', '))
  if (summary.missing > 0) parts.push(`${summary.missing} missing`)
  return parts.join('; ')
}

const LABELS: Record<DifferenceKind, string> = {
  missing: 'missing',
  status: 'status',
  lang: 'lang',
  title: 'title',
  text: 'text',
}

/** Missing pages first, then other statuses, then the least similar. */
function worstFirst(a: PageResult, b: PageResult): number {
  const rank = (r: PageResult) =>
    r.differences.some((d) => d.kind === 'missing')
      ? 0
      : r.differences.some((d) => d.kind === 'status')
        ? 1
        : 2
  return (
    rank(a) - rank(b) ||
    (a.similarity ?? 0) - (b.similarity ?? 0) ||
    (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)
  )
}

function percent(similarity: number | null): string {
  return similarity === null ? '  -' : `${Math.floor(similarity * 100)}%`.padStart(4)
}

/** The report for people: what differs, grouped, worst first, then the summary line. */
export function formatReport(results: readonly PageResult[], scope: Scope): string {
  const summary = summarize(results, scope)
  const lines: string[] = []
  const missing = results.filter((r) => r.differences.some((d) => d.kind === 'missing'))
  if (missing.length > 0) {
    lines.push(
      `Missing: ${pages(missing.length, scope)} that Jekyll publishes and Kiosque does not serve (404)`,
    )
    for (const r of [...missing].sort(worstFirst)) lines.push(`  ${decodeForPeople(r.url)}`)
    lines.push('')
  }
  const other = results.filter((r) => !r.alike && !missing.includes(r)).sort(worstFirst)
  if (other.length > 0) {
    const what =
      scope === 'posts' ? 'content, status or language' : 'text, title, language or status'
    lines.push(`Differing: ${pages(other.length, scope)} (${what}), least alike first`)
    for (const r of other) {
      lines.push(`  ${percent(r.similarity)}  ${decodeForPeople(r.url)}`)
      for (const d of r.differences) {
        if (d.kind === 'text' && r.excerpts.length > 0) continue
        const show = d.kind === 'title' || d.kind === 'lang' ? (v: string) => `"${v}"` : String
        lines.push(
          `         ${LABELS[d.kind]}: Jekyll ${show(d.jekyll)} · Kiosque ${show(d.kiosque)}`,
        )
      }
      if (r.differences.some((d) => d.kind === 'text')) {
        for (const e of r.excerpts) {
          lines.push(`         Jekyll:  ${e.jekyll}`)
          lines.push(`         Kiosque: ${e.kiosque}`)
        }
      }
    }
    lines.push('')
  }
  if (summary.jekyllLangSlips > 0) {
    lines.push(
      `Note: on ${pages(summary.jekyllLangSlips, scope)}, Jekyll's <html lang> contradicts the ` +
        'language the page declares (lang, locale or language): the declared one is expected.',
    )
    lines.push('')
  }
  if (results.length > 0 && summary.alike === results.length) {
    lines.push(`Every one of the ${pages(results.length, scope)} is alike.`)
    lines.push('')
  }
  lines.push(summaryLine(summary))
  return lines.join('\n')
}

/** A URL as a person reads it: `/blog/café.html` rather than `/blog/caf%C3%A9.html`. */
export function decodeForPeople(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}
