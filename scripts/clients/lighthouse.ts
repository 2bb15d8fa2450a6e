/**
 * Lighthouse 12 on Debian's Chromium: one headless browser for every run, each page audited in
 * the language its reader asks for, at a phone's width and at a desktop's.
 */
import { launch } from 'chrome-launcher'
import lighthouse, { desktopConfig } from 'lighthouse'

/** The categories Lighthouse scores, as its report names them. */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
export type Category = (typeof CATEGORIES)[number]

/** Which width a page is audited at: Lighthouse's phone emulation, or its desktop preset. */
export type FormFactor = 'mobile' | 'desktop'

/** What one run found: its scores, and the audits that cost points outside performance. */
export interface LighthouseRun {
  scores: Record<Category, number>
  failing: string[]
}

/** A started Chromium that Lighthouse drives, until `close()`. */
export interface Auditor {
  run(url: string, formFactor: FormFactor, acceptLanguage: string): Promise<LighthouseRun>
  close(): Promise<void>
}

// No network here, and no calling home: the same flags as the browser tests.
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
]

/** Starts Chromium (`chromePath`, Debian's by default) for Lighthouse to drive. */
export async function startAuditor(chromePath: string): Promise<Auditor> {
  const chrome = await launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent' })
  return {
    async run(url, formFactor, acceptLanguage) {
      const result = await lighthouse(
        url,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
          // The reader's language: the home answers a French reader in French, another with a
          // redirect to their language's home.
          extraHeaders: { 'Accept-Language': acceptLanguage },
        },
        formFactor === 'desktop' ? desktopConfig : undefined,
      )
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
      const { lhr } = result
      if (lhr.runtimeError)
        throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`)
      const scores = Object.fromEntries(
        CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? 0]),
      ) as Record<Category, number>
      const failing = CATEGORIES.filter((c) => c !== 'performance').flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0)
          .map((ref) => lhr.audits[ref.id])
          .filter((audit) => audit !== undefined && audit.score !== null && audit.score < 1)
          .map((audit) => `${c}: ${audit?.id} (${audit?.title})`),
      )
      return { scores, failing }
    },
    async close() {
      chrome.kill()
    },
  }
}

/** The median of each category's scores over several runs of one page. */
export function medianScores(runs: LighthouseRun[]): Record<Category, number> {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const mid = Math.floor(sorted.length / 2)
    return sorted.length % 2
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
  }
  return Object.fromEntries(
    CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c]))]),
  ) as Record<Category, number>
}
