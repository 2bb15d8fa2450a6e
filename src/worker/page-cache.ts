import type { ContentVersion, Lang, Permalink } from '../model/types'
import type { CacheKind } from './http-cache'

/** A rendered page as the caches keep it: everything needed to answer without rendering again. */
export interface RenderedPage {
  status: 200 | 404
  kind: CacheKind
  lang: Lang
  /** The body: HTML for pages, XML or JSON for feeds and the sitemap. */
  html: string
  /** Content-Type of the body; HTML when absent. */
  contentType?: string
  etag: string
  lastModified?: string
  /** The set of visible posts it was rendered for (see Catalog.epoch). */
  epoch: string
  /** Other-language versions of this page, for the "also available in" notice. */
  translations: Partial<Record<Lang, Permalink>>
}

/**
 * The key of a page in every cache. It is derived from the content version, the path and the
 * negotiated language only, never from raw headers, so a publish needs no purge and headers
 * cannot fragment or poison the cache. Authoritative URLs (posts, `/<lang>/`) use `-`.
 */
export function pageKey(version: ContentVersion, variant: Lang | '-', path: string): string {
  return `${version}|${variant}|${path}`
}

/** A least-recently-used cache of rendered pages, bounded by total bytes and by entries. */
export class PageCache {
  private readonly pages = new Map<string, { page: RenderedPage; bytes: number }>()
  private bytes = 0

  constructor(
    readonly maxBytes: number,
    readonly maxEntries: number,
  ) {}

  /** The page under `key`, marked as recently used. */
  get(key: string): RenderedPage | undefined {
    const hit = this.pages.get(key)
    if (!hit) return undefined
    this.pages.delete(key)
    this.pages.set(key, hit)
    return hit.page
  }

  /** Stores a page, evicting the least recently used ones beyond the bounds. */
  set(key: string, page: RenderedPage): void {
    const bytes = page.html.length * 2 + 256
    if (bytes > this.maxBytes) return
    this.delete(key)
    this.pages.set(key, { page, bytes })
    this.bytes += bytes
    while (this.bytes > this.maxBytes || this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value
      if (oldest === undefined) break
      this.delete(oldest)
    }
  }

  /** Number of pages and bytes held, for benchmarks and tests. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.pages.size, bytes: this.bytes }
  }

  private delete(key: string): void {
    const hit = this.pages.get(key)
    if (!hit) return
    this.pages.delete(key)
    this.bytes -= hit.bytes
  }
}
