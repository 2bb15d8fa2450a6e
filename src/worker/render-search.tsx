import type { Lang } from '../model/types'
import type { Catalog } from './catalog'
import { siteTitle } from './i18n'
import { siteUrl } from './site-url'
import { SearchPage, type SearchPageProps } from './views/search'
import { openSearchPath, searchPath } from './views/search-form'
import { escapeXml } from './xml'

/** The search page as HTML, from what the route found. */
export async function renderSearch(props: SearchPageProps): Promise<string> {
  return `<!DOCTYPE html>${await String(<SearchPage {...props} />)}`
}

/** OpenSearch 1.1 description of a language's search, which browsers offer as a search engine. */
export function renderOpenSearch(catalog: Catalog, lang: Lang): string {
  const { site } = catalog
  const title = siteTitle(site, lang)
  // ShortName is at most 16 characters in the specification.
  const short = Array.from(title).slice(0, 16).join('')
  const template = `${siteUrl(site, searchPath(site, lang))}?q={searchTerms}`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `  <ShortName>${escapeXml(short)}</ShortName>`,
    `  <Description>${escapeXml(title)}</Description>`,
    '  <InputEncoding>UTF-8</InputEncoding>',
    `  <Language>${escapeXml(lang)}</Language>`,
    `  <Url type="text/html" method="get" template="${escapeXml(template)}"/>`,
    `  <Url type="application/opensearchdescription+xml" rel="self" template="${escapeXml(siteUrl(site, openSearchPath(site, lang)))}"/>`,
    '</OpenSearchDescription>',
    '',
  ].join('\n')
}
