import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { securityHeaders } from '../model/security'
import type { SiteSettings } from '../model/types'

/** The default theme's stylesheet, named by its content hash so that it can be cached for a year. */
export interface Theme {
  /** Site path of the stylesheet: `/_kiosque/kiosque.<hash>.css`. */
  path: string
  css: string
  /** The icon of sites that have no favicon of their own: `/_kiosque/icon.<hash>.svg`. */
  icon: { path: string; svg: string }
}

/** Folder of the static assets Kiosque itself adds to a site. */
export const THEME_DIR = '_kiosque'

/** Reads the default theme shipped with Kiosque. */
export async function readTheme(): Promise<Theme> {
  const [css, icon] = await Promise.all(
    ['kiosque.css', 'favicon.svg'].map((name) =>
      readFile(new URL(`../theme/${name}`, import.meta.url), 'utf8'),
    ),
  )
  return themeOf(css ?? '', icon)
}

/** Names a stylesheet and an icon by the hash of their text. */
export function themeOf(css: string, iconSvg = ''): Theme {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12)
  return {
    path: `/${THEME_DIR}/kiosque.${hash(css)}.css`,
    css,
    icon: { path: `/${THEME_DIR}/icon.${hash(iconSvg)}.svg`, svg: iconSvg },
  }
}

/**
 * The `_headers` file of the static assets: every file gets the security headers the worker
 * sends, and hashed theme files, which never change, may be kept for a year.
 */
export function assetHeaders(site: Pick<SiteSettings, 'csp' | 'hsts' | 'baseurl'>): string {
  const security = Object.entries(securityHeaders(site)).map(
    ([name, value]) => `  ${name}: ${value}\n`,
  )
  return `/*\n${security.join('')}${site.baseurl}/${THEME_DIR}/*\n  Cache-Control: public, max-age=31536000, immutable\n`
}
