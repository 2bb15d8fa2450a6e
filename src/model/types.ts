/**
 * The records the build writes to KV and the worker reads back. This module and `keys.ts` are
 * the only code shared by the build (Node) and the worker (workerd).
 */

import type { SearchRoot } from './search'

/** A lower-case BCP 47 language tag as the site uses it: `fr`, `en`, `pt-br`. */
export type Lang = string

/** A site-absolute URL path, always starting with `/`: `/blog/2018/07/27/x.html`. */
export type Permalink = string

/** The hash that names one published state of the content. */
export type ContentVersion = string

/** A KV key, made only by `keys.ts`. */
export type RecordKey = string

/** Site settings the worker needs, taken from `_config.yml`. */
export interface SiteSettings {
  title: string
  description: string
  /** Absolute origin of the site, without trailing slash: `https://example.org`. */
  url: string
  /**
   * The sub-path the site is served under (`_config.yml` `baseurl`), as `/blog`, or empty.
   * Permalinks and every other site path in records leave it out, as Jekyll's `page.url` does;
   * the worker strips it from requests and adds it to every link it writes.
   */
  baseurl: string
  defaultLang: Lang
  /** Every language of the site, the default first. */
  languages: Lang[]
  perPage: number
  /** `_config.yml` `future`: show posts dated after now. When false, they appear on their date. */
  future: boolean
  /** Where listing pages after the first live: `paginate_path`, e.g. `/page:num/`. */
  paginatePath: string
  /** Collections with `output: true`, each with a listing page per language. */
  collections: { name: string; title: string }[]
  /** Navigation menu of each language, from `_data/`. */
  nav: Partial<Record<Lang, NavItem[]>>
  /**
   * Site path of the default language's search page (`site.kiosque.search_url` for layouts of
   * the site's own); another language's is `/<lang>` before it. Absent before search was.
   */
  searchUrl?: string
  /** Site path of the theme's stylesheet, named by its hash. */
  stylesheet: string
  /**
   * Site path of the icon: the site's own (`favicon.svg`, `.ico` or `.png` at its root), else
   * the theme's. Absent from manifests built before icons were.
   */
  favicon?: string
  /** IANA time zone in which dates are shown (`_config.yml` `timezone`). */
  timezone: string
  /** Show other languages' untranslated posts on each language's listings (`kiosque.list_untranslated`). */
  listUntranslated: boolean
  /** Interface strings from `_data/`, overriding the built-in ones, by language then key. */
  strings: Partial<Record<Lang, Record<string, string>>>
  /** Per-language overrides of the title and description (`_config.yml` `title_<lang>` keys). */
  titles: Partial<Record<Lang, string>>
  descriptions: Partial<Record<Lang, string>>
  /** Sources the Content-Security-Policy adds to its defaults: hosts the posts embed, `kiosque.csp`. */
  csp?: CspSources
  /** Strict-Transport-Security (`kiosque.hsts`); false sends none. Absent: the default policy. */
  hsts?: HstsPolicy | false
  /** `kiosque.sanitize`: post HTML is sanitized before it is served, for less trusted authors. */
  sanitize?: boolean
  /**
   * Built by `npm run preview -- --drafts`: drafts, and posts dated after now unless `future`,
   * are shown only to a request with a valid preview token; without one, what the live site shows.
   */
  draftsByToken?: true
}

/** Host or scheme sources, such as `https://www.youtube-nocookie.com`, by CSP directive. */
export interface CspSources {
  scriptSrc: string[]
  frameSrc: string[]
  imgSrc: string[]
}

/** The Strict-Transport-Security policy. */
export interface HstsPolicy {
  maxAge: number
  includeSubdomains: boolean
  preload: boolean
}

/** One entry of a navigation menu. */
export interface NavItem {
  title: string
  /** A site path or an absolute URL; '' for an item that only opens its children. */
  url: string
  /** A submenu (`children` or `subnav` in `_data/nav.yml`). */
  children?: NavItem[]
}

/** What a listing needs to know of a post; the manifest holds one per published post. */
export interface PostSummary {
  /** KV key of the full record. */
  key: RecordKey
  /** A standalone page, or a document of a collection; absent for posts. */
  kind?: 'page' | 'doc'
  /** The collection of a document. */
  collection?: string
  url: Permalink
  lang: Lang
  title: string
  /** Publication instant, ISO 8601 in UTC; empty for undated pages and documents. */
  date: string
  description?: string
  /** `description`, else the post's first paragraph as plain text. */
  excerpt?: string
  /** Estimated minutes of reading. */
  readingMinutes: number
  tags: string[]
  author?: string
  langRef?: string
  /** A draft (`_drafts/`), published only by `--drafts`. */
  draft?: true
  /** Source path inside the content folder, for messages. */
  source: string
}

/** A post as stored in KV: its summary plus its body and the rest of its front matter. */
export interface PostRecord extends PostSummary {
  /** `markdown` bodies are rendered with marked; `html` bodies (Jekyll `.html` posts) are kept. */
  format: 'markdown' | 'html'
  body: string
  image?: string
  twitter?: string
  /** Front-matter keys Kiosque does not use itself, kept for templates and future use. */
  extra: Record<string, unknown>
}

/** The index of one published version: everything the worker must know to route a request. */
export interface Manifest {
  /** Version of the record format, bumped when a record's shape changes. */
  format: 1
  site: SiteSettings
  /** Published posts, newest first. */
  posts: PostSummary[]
  /** Rules of the content's `_redirects` file, in file order. */
  redirects: RedirectRule[]
  /** Standalone pages and documents of output collections. */
  pages: PostSummary[]
  /** The search index of each language (`search.ts`); absent from manifests built before it. */
  search?: Partial<Record<Lang, SearchRoot>>
}

/**
 * One rule of the content's `_redirects` file, as the build parsed it. `from` is a decoded path
 * pattern (`/old/:id/*`); `to` is a percent-encoded path or absolute URL that may name the
 * source's placeholders and `:splat`.
 */
export interface RedirectRule {
  from: string
  to: string
  status: 301 | 302 | 303 | 307 | 308
  /** Written `301!`: applies even where a page exists (Netlify's shadowing otherwise skips it). */
  force: boolean
}
