import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

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
 * The `_headers` file of the static assets: hashed theme files never change, so browsers and
 * the edge may keep them for a year.
 */
export function assetHeaders(): string {
  return `/${THEME_DIR}/*\n  Cache-Control: public, max-age=31536000, immutable\n`
}
