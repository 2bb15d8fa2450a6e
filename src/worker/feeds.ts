/**
 * Feed documents (Atom 1.0, JSON Feed 1.1, RSS 2.0) built from plain values: no I/O, no Hono.
 * Every URL passed in must already be absolute; the builders never resolve one.
 */
import { rfc822, rfc3339 } from './datetime'
import { cdata, escapeXml as x } from './xml'

/** One post as a feed shows it. `date` and `updated` are ISO 8601 instants. */
export interface FeedEntry {
  url: string
  title: string
  date: string
  updated?: string
  /** Plain text. */
  summary?: string
  contentHtml: string
  author?: string
  tags: string[]
  lang: string
  image?: string
}

/** The feed itself. `siteUrl` is the page the feed belongs to, `feedUrl` the feed's own URL. */
export interface FeedMeta {
  title: string
  description: string
  siteUrl: string
  feedUrl: string
  lang: string
  updated: string
  author?: string
  generator?: string
}

const MEDIA_NS = 'http://search.yahoo.com/mrss/'

// Media RSS is what readers look at for a post's picture in Atom and RSS; it is declared only
// when some entry has one, so that feeds without images carry no unused namespace.
function mediaNs(entries: FeedEntry[]): string {
  return entries.some((e) => e.image !== undefined) ? ` xmlns:media="${MEDIA_NS}"` : ''
}

function media(e: FeedEntry, indent: string): string[] {
  return e.image === undefined
    ? []
    : [`${indent}<media:content url="${x(e.image)}" medium="image"/>`]
}

/** An Atom 1.0 feed (RFC 4287) with the full content of each entry as escaped HTML. */
export function atomFeed(meta: FeedMeta, entries: FeedEntry[]): string {
  // RFC 4287 §4.1.1: a feed needs an author unless every entry has one; the site's title
  // stands in when no author is configured.
  const feedAuthor = meta.author ?? (entries.every((e) => e.author) ? undefined : meta.title)
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${mediaNs(entries)} xml:lang="${x(meta.lang)}">`,
    // The feed's own URL is its id: each language has its own feed, so the site URL would not
    // be unique.
    `  <id>${x(meta.feedUrl)}</id>`,
    `  <title>${x(meta.title)}</title>`,
    `  <subtitle>${x(meta.description)}</subtitle>`,
    `  <updated>${rfc3339(meta.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(meta.feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(meta.siteUrl)}"/>`,
    ...(feedAuthor === undefined ? [] : [`  <author><name>${x(feedAuthor)}</name></author>`]),
    ...(meta.generator === undefined ? [] : [`  <generator>${x(meta.generator)}</generator>`]),
  ]
  for (const e of entries) {
    const lang = e.lang === meta.lang ? '' : ` xml:lang="${x(e.lang)}"`
    lines.push(
      `  <entry${lang}>`,
      `    <id>${x(e.url)}</id>`,
      `    <title>${x(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${x(e.url)}"/>`,
      `    <published>${rfc3339(e.date)}</published>`,
      `    <updated>${rfc3339(e.updated ?? e.date)}</updated>`,
      ...(e.author === undefined ? [] : [`    <author><name>${x(e.author)}</name></author>`]),
      ...e.tags.map((t) => `    <category term="${x(t)}"/>`),
      ...(e.summary === undefined ? [] : [`    <summary>${x(e.summary)}</summary>`]),
      `    <content type="html">${x(e.contentHtml)}</content>`,
      ...media(e, '    '),
      '  </entry>',
    )
  }
  lines.push('</feed>', '')
  return lines.join('\n')
}

/** A JSON Feed 1.1 document; JSON.stringify does all the escaping. */
export function jsonFeed(meta: FeedMeta, entries: FeedEntry[]): string {
  const authors = (name: string | undefined) => (name === undefined ? undefined : [{ name }])
  // Keys whose value is undefined are left out by JSON.stringify: optional fields just vanish.
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.siteUrl,
    feed_url: meta.feedUrl,
    description: meta.description,
    language: meta.lang,
    authors: authors(meta.author),
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      summary: e.summary,
      content_html: e.contentHtml,
      image: e.image,
      date_published: rfc3339(e.date),
      date_modified: e.updated === undefined ? undefined : rfc3339(e.updated),
      authors: authors(e.author),
      tags: e.tags.length > 0 ? e.tags : undefined,
      language: e.lang === meta.lang ? undefined : e.lang,
    })),
  })
}

/** An RSS 2.0 feed with an atom:link to itself and the full content in content:encoded. */
export function rssFeed(meta: FeedMeta, entries: FeedEntry[]): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"' +
      ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' +
      ` xmlns:dc="http://purl.org/dc/elements/1.1/"${mediaNs(entries)}>`,
    '  <channel>',
    `    <title>${x(meta.title)}</title>`,
    `    <link>${x(meta.siteUrl)}</link>`,
    `    <description>${x(meta.description)}</description>`,
    `    <language>${x(meta.lang)}</language>`,
    `    <lastBuildDate>${rfc822(meta.updated)}</lastBuildDate>`,
    ...(meta.generator === undefined ? [] : [`    <generator>${x(meta.generator)}</generator>`]),
    `    <atom:link href="${x(meta.feedUrl)}" rel="self" type="application/rss+xml"/>`,
  ]
  for (const e of entries) {
    // RSS's own <author> must be an e-mail address; Dublin Core's creator takes a name.
    const author = e.author ?? meta.author
    lines.push(
      '    <item>',
      `      <title>${x(e.title)}</title>`,
      `      <link>${x(e.url)}</link>`,
      `      <guid isPermaLink="true">${x(e.url)}</guid>`,
      `      <pubDate>${rfc822(e.date)}</pubDate>`,
      ...(author === undefined ? [] : [`      <dc:creator>${x(author)}</dc:creator>`]),
      ...e.tags.map((t) => `      <category>${x(t)}</category>`),
      ...(e.summary === undefined ? [] : [`      <description>${x(e.summary)}</description>`]),
      `      <content:encoded>${cdata(e.contentHtml)}</content:encoded>`,
      ...media(e, '      '),
      '    </item>',
    )
  }
  lines.push('  </channel>', '</rss>', '')
  return lines.join('\n')
}
