import type { Child, FC } from 'hono/jsx'
import type { Lang, SiteSettings } from '../../model/types'
import { homePath } from '../catalog'
import { languageName, strings } from '../i18n'

/** A link to the same page in another language, for `hreflang` and the switcher. */
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
  alternates?: Alternate[]
  children?: Child
}

/** The page shell of the default theme: head, header with navigation, main, footer. */
export const Layout: FC<LayoutProps> = ({
  site,
  lang,
  title,
  description,
  path,
  alternates = [],
  children,
}) => {
  const t = strings(lang)
  const siteTitle = site.titles[lang] ?? site.title
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteTitle ? title : `${title} · ${siteTitle}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {path ? <link rel="canonical" href={absolute(site, path)} /> : null}
        {alternates.map((a) => (
          <link rel="alternate" hreflang={a.lang} href={absolute(site, a.url)} />
        ))}
        <style>{STYLE}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="site">
          <a class="brand" href={homePath(site, lang)}>
            {siteTitle}
          </a>
          {site.languages.length > 1 ? (
            <nav aria-label={t.language}>
              <ul class="langs">
                {site.languages.map((l) => {
                  const target = alternates.find((a) => a.lang === l)?.url ?? homePath(site, l)
                  return (
                    <li>
                      <a
                        href={encodeURI(target)}
                        hreflang={l}
                        lang={l}
                        aria-current={l === lang ? 'true' : undefined}
                      >
                        {languageName(l)}
                      </a>
                    </li>
                  )
                })}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <a href={homePath(site, lang)}>{t.home}</a> · {siteTitle}
        </footer>
      </body>
    </html>
  )
}

/** An absolute URL on the site's configured origin, never the request's Host. */
export function absolute(site: SiteSettings, path: string): string {
  return site.url + encodeURI(path)
}

// Inline for now: one small stylesheet, no third-party fonts, light and dark.
const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1f;--bg:#fdfdfc;--muted:#5b5b66;--accent:#1d4ed8;--line:#e3e3e8}
@media (prefers-color-scheme:dark){:root{--fg:#ececf1;--bg:#16161a;--muted:#a4a4b0;--accent:#93b4ff;--line:#2c2c35}}
*{box-sizing:border-box}body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header.site,main,footer.site{max-width:44rem;margin:0 auto;padding:1rem}
header.site{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;text-decoration:none;color:var(--fg)}
.langs{display:flex;gap:.75rem;list-style:none;margin:0;padding:0}.langs [aria-current]{font-weight:700}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
.meta{color:var(--muted);font-size:.9rem}.tags{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}
.tags li{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;font-size:.85rem}
article img,article iframe,article video{max-width:100%;height:auto}
figure{margin:1.5rem 0}figcaption{color:var(--muted);font-size:.9rem;font-style:italic}
pre{overflow-x:auto;padding:1rem;border:1px solid var(--line);border-radius:.4rem}
table{border-collapse:collapse;display:block;overflow-x:auto}td,th{border:1px solid var(--line);padding:.3rem .6rem}
.posts{list-style:none;padding:0}.posts>li{margin:0 0 2rem}.posts h2{margin:.2rem 0}
nav.pages{display:flex;justify-content:space-between;gap:1rem}
@media print{header.site nav,.skip,nav.pages{display:none}a{color:inherit}}
`
