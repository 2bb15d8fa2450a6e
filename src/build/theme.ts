import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { securityHeaders } from '../model/security'
import type { SiteSettings } from '../model/types'

/** The default theme's stylesheet, named by its content hash so that it can be cached for a year. */
export interface Theme {
  /** Site path of the stylesheet: `/_kiosque/kiosque.<hash>.css`. */
  path: string
  css: string
}

/** Folder of the static assets Kiosque itself adds to a site. */
export const THEME_DIR = '_kiosque'

/** Reads the default theme shipped with Kiosque. */
export async function readTheme(): Promise<Theme> {
  const css = await readFile(new URL('../theme/kiosque.css', import.meta.url), 'utf8')
  return themeOf(css)
}

/** Names a stylesheet by the hash of its text. */
export function themeOf(css: string): Theme {
  const hash = createHash('sha256').update(css).digest('hex').slice(0, 12)
  return { path: `/${THEME_DIR}/kiosque.${hash}.css`, css }
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
