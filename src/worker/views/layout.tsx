import type { Child, FC } from 'hono/jsx'
import { feedPath, homePath } from '../../model/paths'
import type { Lang, NavItem, SiteSettings } from '../../model/types'
import {
  dirWithin,
  languageName,
  ogLocale,
  siteTitle as siteTitleOf,
  strings,
  textDirection,
} from '../i18n'
import { sitePath, siteUrl } from '../site-url'
import { openSearchPath, SearchForm } from './search-form'

/** The same page in another language, for `hreflang`, OpenGraph and the switcher. */
export interface Alternate {
  lang: Lang
  url: string
}

export interface LayoutProps {
  site: SiteSettings
  lang: Lang
  title: string
  description?: string
  /** Site-absolute path of this page; the canonical URL is built from the site's `url`. */
  path?: string
  /** Every language version of this page, this one included; empty for pages with no versions. */
  alternates?: Alternate[]
  /** The version `x-default` points to. */
  xDefault?: string
  /** `rel="prev"`/`rel="next"` neighbours of a paginated page. */
  prev?: string
  next?: string
  /** OpenGraph type: `article` for posts. */
  ogType?: 'website' | 'article'
  /** Extra tags for the head (social metadata of posts). */
  head?: Child
  children?: Child
}

/** The page shell of the default theme: head, header with language switcher, main, footer. */
export const Layout: FC<LayoutProps> = (props) => {
  const { site, lang, title, description, path, alternates = [], xDefault, head, children } = props
  const feeds = [
    ['atom', 'application/atom+xml'],
    ['json', 'application/feed+json'],
    ['rss', 'application/rss+xml'],
  ] as const
  const t = strings(site, lang)
  const siteTitle = siteTitleOf(site, lang)
  return (
    <html lang={lang} dir={textDirection(lang) === 'rtl' ? 'rtl' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteTitle ? title : `${title} · ${siteTitle}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {path ? <link rel="canonical" href={siteUrl(site, path)} /> : null}
        {alternates.map((a) => (
          <link rel="alternate" hreflang={a.lang} href={siteUrl(site, a.url)} />
        ))}
        {xDefault ? (
          <link rel="alternate" hreflang="x-default" href={siteUrl(site, xDefault)} />
        ) : null}
        {props.prev ? <link rel="prev" href={siteUrl(site, props.prev)} /> : null}
        {props.next ? <link rel="next" href={siteUrl(site, props.next)} /> : null}
        {feeds.map(([format, type]) => (
          <link
            rel="alternate"
            type={type}
            title={`${siteTitle} (${format.toUpperCase()})`}
            href={siteUrl(site, feedPath(site, lang, format))}
          />
        ))}
        <meta property="og:site_name" content={siteTitle} />
        <meta property="og:type" content={props.ogType ?? 'website'} />
        <meta property="og:title" content={title} />
        {description ? <meta property="og:description" content={description} /> : null}
        {path ? <meta property="og:url" content={siteUrl(site, path)} /> : null}
        <meta property="og:locale" content={ogLocale(lang)} />
        {alternates
          .filter((a) => a.lang !== lang)
          .map((a) => (
            <meta property="og:locale:alternate" content={ogLocale(a.lang)} />
          ))}
        {head}
        {site.stylesheet ? <link rel="stylesheet" href={sitePath(site, site.stylesheet)} /> : null}
        {site.favicon ? <link rel="icon" href={sitePath(site, site.favicon)} /> : null}
        <link
          rel="search"
          type="application/opensearchdescription+xml"
          title={siteTitle}
          href={sitePath(site, openSearchPath(site, lang))}
        />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <a class="brand" href={sitePath(site, homePath(site, lang))}>
            {siteTitle}
          </a>
          {(site.nav[lang] ?? []).length > 0 ? (
            <nav aria-label={t.menu}>
              <Menu site={site} items={site.nav[lang] ?? []} path={path} />
            </nav>
          ) : null}
          {alternates.length > 1 ? (
            <nav aria-label={t.language}>
              <ul class="langs">
                {alternates.map((a) => (
                  <li>
                    {a.lang === lang ? (
                      <a
                        href={sitePath(site, a.url)}
                        hreflang={a.lang}
                        lang={a.lang}
                        dir={dirWithin(a.lang, lang)}
                        aria-current="page"
                      >
                        {languageName(a.lang)}
                      </a>
                    ) : (
                      <a
                        href={`${sitePath(site, a.url)}?lang=${a.lang}`}
                        hreflang={a.lang}
                        lang={a.lang}
                        dir={dirWithin(a.lang, lang)}
                      >
                        {languageName(a.lang)}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <SearchForm site={site} lang={lang} />
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <a href={sitePath(site, homePath(site, lang))}>{t.home}</a> · {siteTitle}
        </footer>
      </body>
    </html>
  )
}

/**
 * A menu as nested lists. A submenu is a `<details>` disclosure, which opens without JavaScript
 * and is announced as expandable; its name is marked when it holds the current page (opening it
 * would cover the page on wide screens). A parent that
 * has its own page links it first in its submenu, since a link inside `<summary>` is not
 * reliably reachable.
 */
const Menu: FC<{ site: SiteSettings; items: NavItem[]; path?: string; sub?: boolean }> = ({
  site,
  items,
  path,
  sub,
}) => (
  <ul class={sub ? 'submenu' : 'menu'}>
    {items.map((item) => {
      const children = item.children ?? []
      if (children.length === 0) return <li>{menuLink(site, item, path)}</li>
      const entries =
        item.url === '' ? children : [{ title: item.title, url: item.url }, ...children]
      return (
        <li>
          <details>
            <summary class={holds(entries, path) ? 'current' : undefined}>{item.title}</summary>
            <Menu site={site} items={entries} path={path} sub />
          </details>
        </li>
      )
    })}
  </ul>
)

function menuLink(site: SiteSettings, item: NavItem, path: string | undefined) {
  if (item.url === '') return <span>{item.title}</span>
  return (
    <a
      href={item.url.startsWith('/') ? sitePath(site, item.url) : item.url}
      aria-current={item.url === path ? 'page' : undefined}
    >
      {item.title}
    </a>
  )
}

function holds(items: NavItem[], path: string | undefined): boolean {
  return path !== undefined && items.some((i) => i.url === path || holds(i.children ?? [], path))
}
