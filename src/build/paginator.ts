import { homePath } from '../model/paths'
import type { Lang, RedirectRule } from '../model/types'
import type { SiteConfig } from './config'

// Jekyll's listing pages are Liquid templates that a paginator fills (jekyll-paginate-v2:
// `pagination: {enabled: true}`; jekyll-paginate: the index.html of paginate_path's folder).
// Until Kiosque renders Liquid, their URLs send visitors to Kiosque's own listing.

/** A page a paginator fills: its URL (page 1) and language. */
export interface PaginatorPage {
  url: string
  lang: Lang
}

/** True when a page's front matter asks jekyll-paginate-v2 to paginate it. */
export function isPaginatedByV2(frontMatter: Record<string, unknown>): boolean {
  const pagination = frontMatter.pagination
  if (typeof pagination !== 'object' || pagination === null || Array.isArray(pagination))
    return false
  // Ruby's truthiness: anything but false and nil enables it.
  const enabled = (pagination as Record<string, unknown>).enabled
  return enabled !== undefined && enabled !== null && enabled !== false
}

/**
 * The folder of paginate_path when it is not the root (`/blog/` for `blog/page:num`): there
 * jekyll-paginate v1 writes page 1 from that folder's index.html.
 */
export function paginationFolder(paginatePath: string): string | undefined {
  const folder = paginatePath.slice(
    0,
    paginatePath.lastIndexOf('/', paginatePath.indexOf(':num')) + 1,
  )
  return folder === '/' || folder === '' ? undefined : folder
}

/**
 * Redirects from a paginated page and its numbered pages (`/blog/`, `/blog/page2/`…) to
 * Kiosque's listing of the same language and number (`/`, `/page2/`…): 302, since the page will
 * be served once Liquid is rendered. With jekyll-paginate's paginate_path in a folder, that
 * folder (and `/<lang>/` + folder) redirects to the home for good (301) when no page is there.
 * @example paginatorRedirects([{ url: '/en/blog/', lang: 'en' }], config, ['fr', 'en'], { en: 11 })
 */
export function paginatorRedirects(
  pages: readonly PaginatorPage[],
  config: Pick<SiteConfig, 'paginatePath' | 'perPage' | 'defaultLang'>,
  languages: readonly Lang[],
  postsPerLang: Readonly<Record<Lang, number>>,
): RedirectRule[] {
  const rules: RedirectRule[] = []
  const seen = new Set<string>()
  const add = (from: string, to: string, status: 301 | 302) => {
    if (from === to || seen.has(from)) return
    seen.add(from)
    rules.push({ from, to, status, force: true })
  }
  const folder = paginationFolder(config.paginatePath) ?? '/'
  // What follows the folder in paginate_path, the numbered pages' part: `page:num/`.
  const numbered = config.paginatePath.slice(folder.length)
  for (const page of pages) {
    const count = Math.max(1, Math.ceil((postsPerLang[page.lang] ?? 0) / config.perPage))
    const base = page.url.endsWith('/') ? page.url : page.url.replace(/[^/]*$/, '')
    add(page.url, homePath(config, page.lang), 302)
    for (let n = 2; n <= count; n++) {
      add(`${base}${numbered.replace(':num', String(n))}`, homePath(config, page.lang, n), 302)
    }
  }
  if (folder !== '/') {
    for (const lang of languages) {
      const prefix = lang === config.defaultLang ? '' : `/${lang}`
      add(`${prefix}${folder}`, homePath(config, lang), 301)
    }
  }
  return rules
}
