/**
 * Jekyll plugins and themes a site names: Kiosque runs none of them. Each one gets one warning
 * line saying what Kiosque does in its place, or what will be missing.
 */
import type { DiagnosticList, Position } from './diagnostics'

/** What Kiosque does itself in place of the plugins real sites use. */
const IN_PLACE: Record<string, string> = {
  'jekyll-feed':
    'Kiosque serves its own feeds per language (/feed.xml RSS, /feed.atom, /feed.json)',
  'jekyll-seo-tag':
    'Kiosque writes its own title, description, canonical, OpenGraph, Twitter and JSON-LD tags',
  'jekyll-sitemap': 'Kiosque serves its own /sitemap.xml, with hreflang alternates',
  'jekyll-paginate':
    'Kiosque paginates listings itself, by paginate and paginate_path (or pagination.per_page and pagination.permalink)',
  'jekyll-paginate-v2':
    'Kiosque paginates listings itself, by pagination.per_page and pagination.permalink (or paginate and paginate_path)',
  'jekyll-redirect-from': 'Kiosque turns redirect_from into 301 redirects itself',
  'jekyll-polyglot': 'Kiosque reads lang, languages and default_lang itself',
}

/**
 * Warns once per plugin of `plugins:` and `gems:`, and per `theme:` and `remote_theme:`.
 * @example pluginWarnings('_config.yml', { plugins: ['jekyll-feed'] }, yaml.at, diagnostics)
 */
export function pluginWarnings(
  path: string,
  data: Record<string, unknown>,
  at: (key: string) => Position,
  diagnostics: DiagnosticList,
): void {
  const seen = new Set<string>()
  for (const key of ['plugins', 'gems']) {
    const value = data[key]
    const names = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
    for (const raw of names) {
      const name = String(raw).trim()
      if (name === '' || seen.has(name)) continue
      seen.add(name)
      const instead = IN_PLACE[name]
      diagnostics.warn(
        path,
        at(key),
        instead
          ? `plugin ${name} is not run: ${instead}`
          : `plugin ${name} is not run: Kiosque runs no Jekyll plugin, so what it adds to the site will be missing`,
        'plugin',
      )
    }
  }
  for (const key of ['theme', 'remote_theme']) {
    const theme = data[key]
    if (typeof theme !== 'string' || theme.trim() === '') continue
    diagnostics.warn(
      path,
      at(key),
      `${key} ${theme.trim()} is not used: its layouts, includes and styles are not in the folder, and pages are shown with Kiosque's theme`,
      'theme',
    )
  }
}

/** Warns once per Ruby file of `_plugins/`, which Jekyll loads outside safe mode. */
export function rubyPluginWarnings(
  rubyFiles: readonly { displayPath: string }[],
  diagnostics: DiagnosticList,
): void {
  for (const file of rubyFiles) {
    diagnostics.warn(
      file.displayPath,
      { line: 1, col: 1 },
      'Ruby plugin not run: Kiosque runs no Ruby, so what it generates, converts or filters will be missing',
      'ruby-plugin',
    )
  }
}
