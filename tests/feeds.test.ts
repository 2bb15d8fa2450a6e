import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonFeedProblems } from '../scripts/clients/json-feed'
import { atomFeed, type FeedEntry, type FeedMeta, jsonFeed, rssFeed } from '../src/worker/feeds'
import { xmlChars } from '../src/worker/xml'
import { hostileString } from './support/hostile-string'
import {
  allElements,
  childrenNamed,
  only,
  parseXml,
  textOf,
  type XmlElement,
} from './support/xml-parse'

const ATOM_NS = 'http://www.w3.org/2005/Atom'
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
const ABSOLUTE = /^https?:\/\/[^/\s]+/

const META: FeedMeta = {
  title: 'Kiosque',
  description: 'Un blog',
  siteUrl: 'https://example.org/',
  feedUrl: 'https://example.org/feed.xml',
  lang: 'fr',
  updated: '2018-07-28T09:00:00Z',
  generator: 'Kiosque',
}

const FULL: FeedEntry = {
  url: 'https://example.org/blog/2018/07/27/x.html',
  title: 'Intérêt général',
  date: '2018-07-27T08:05:00.000Z',
  updated: '2018-07-28T09:00:00Z',
  summary: 'Résumé',
  contentHtml: '<p>Bonjour &amp; <a href="/a">lien</a></p>',
  author: 'Ada',
  tags: ['web', 'c++'],
  lang: 'fr',
  image: 'https://example.org/img/x.png',
}

const MINIMAL: FeedEntry = {
  url: 'https://example.org/en/blog/y.html',
  title: 'Hello',
  date: '2018-07-26T00:00:00Z',
  contentHtml: '',
  tags: [],
  lang: 'en',
}

const HOSTILE: FeedEntry = {
  url: 'https://example.org/blog/z.html?a=1&b=2',
  title: '<script>alert(1)</script> ]]> &amp; \u0000 🎉 \uD83D "q" \'s\'',
  date: '2018-07-25T00:00:00Z',
  summary: '<b>bold</b> & ]]>',
  contentHtml: '<p>a]]>b</p>\u0000<script>x</script>]]]]>',
  author: '<Ada & Co>',
  tags: ['<b>', '&amp;', ']]>', '"\''],
  lang: 'fr',
}

const ENTRIES = [FULL, MINIMAL, HOSTILE]

describe('atomFeed', () => {
  it('writes the expected document for one entry', () => {
    expect(atomFeed(META, [FULL])).toBe(
      `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="fr">
  <id>https://example.org/feed.xml</id>
  <title>Kiosque</title>
  <subtitle>Un blog</subtitle>
  <updated>2018-07-28T09:00:00Z</updated>
  <link rel="self" type="application/atom+xml" href="https://example.org/feed.xml"/>
  <link rel="alternate" type="text/html" href="https://example.org/"/>
  <generator>Kiosque</generator>
  <entry>
    <id>https://example.org/blog/2018/07/27/x.html</id>
    <title>Intérêt général</title>
    <link rel="alternate" type="text/html" href="https://example.org/blog/2018/07/27/x.html"/>
    <published>2018-07-27T08:05:00Z</published>
    <updated>2018-07-28T09:00:00Z</updated>
    <author><name>Ada</name></author>
    <category term="web"/>
    <category term="c++"/>
    <summary>Résumé</summary>
    <content type="html">&lt;p&gt;Bonjour &amp;amp; &lt;a href=&quot;/a&quot;&gt;lien&lt;/a&gt;&lt;/p&gt;</content>
    <media:content url="https://example.org/img/x.png" medium="image"/>
  </entry>
</feed>
`,
    )
  })

  const feed = parseXml(atomFeed(META, ENTRIES))
  const entries = childrenNamed(feed, 'entry')

  it('has the feed elements RFC 4287 requires', () => {
    expect(feed.name).toBe('feed')
    expect(feed.attrs).toMatchObject({ xmlns: ATOM_NS, 'xml:lang': 'fr' })
    expect(textOf(only(feed, 'id'))).toBe(META.feedUrl)
    expect(textOf(only(feed, 'title'))).toBe('Kiosque')
    expect(textOf(only(feed, 'updated'))).toBe('2018-07-28T09:00:00Z')
    expect(childrenNamed(feed, 'link').map((l) => l.attrs)).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: META.feedUrl },
      { rel: 'alternate', type: 'text/html', href: META.siteUrl },
    ])
    expect(textOf(only(feed, 'generator'))).toBe('Kiosque')
    expect(entries).toHaveLength(3)
  })

  it.each<[string, FeedMeta, FeedEntry[], string | undefined]>([
    ['configured author', { ...META, author: 'Ada' }, [MINIMAL], 'Ada'],
    ['site title when an entry has none', META, [FULL, MINIMAL], 'Kiosque'],
    ['none needed when every entry has one', META, [FULL], undefined],
  ])('feed author: %s', (_name, meta, list, expected) => {
    const authors = childrenNamed(parseXml(atomFeed(meta, list)), 'author')
    expect(authors.map((a) => textOf(only(a, 'name')))).toEqual(expected ? [expected] : [])
  })

  it.each(ENTRIES.map((e, i) => [e.url, i] as const))('entry %s has every element', (_, i) => {
    const input = ENTRIES[i] as FeedEntry
    const entry = entries[i] as XmlElement
    expect(textOf(only(entry, 'id'))).toBe(input.url)
    expect(textOf(only(entry, 'title'))).toBe(xmlChars(input.title))
    expect(only(entry, 'link').attrs).toEqual({
      rel: 'alternate',
      type: 'text/html',
      href: input.url,
    })
    expect(textOf(only(entry, 'published'))).toMatch(RFC3339)
    expect(textOf(only(entry, 'updated'))).toMatch(RFC3339)
    expect(only(entry, 'content').attrs).toEqual({ type: 'html' })
    expect(textOf(only(entry, 'content'))).toBe(xmlChars(input.contentHtml))
    expect(childrenNamed(entry, 'category').map((c) => c.attrs.term)).toEqual(input.tags)
    expect(childrenNamed(entry, 'summary').map(textOf)).toEqual(
      input.summary === undefined ? [] : [input.summary],
    )
    expect(entry.attrs['xml:lang']).toBe(input.lang === 'fr' ? undefined : input.lang)
  })

  it('updated falls back to the publication date', () => {
    expect(textOf(only(entries[1] as XmlElement, 'updated'))).toBe('2018-07-26T00:00:00Z')
  })

  it('declares no media namespace without images', () => {
    expect(atomFeed(META, [MINIMAL])).not.toContain('xmlns:media')
  })

  it('lets no markup of a hostile entry through', () => {
    const xml = atomFeed(META, [HOSTILE])
    expect(xml).not.toMatch(/<script|<b>|\]\]>/)
    expect(xml).not.toContain('\u0000')
  })
})

describe('rssFeed', () => {
  it('writes the expected document for one entry', () => {
    expect(rssFeed({ ...META, author: 'Site' }, [FULL, MINIMAL])).toBe(
      `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Kiosque</title>
    <link>https://example.org/</link>
    <description>Un blog</description>
    <language>fr</language>
    <lastBuildDate>Sat, 28 Jul 2018 09:00:00 GMT</lastBuildDate>
    <generator>Kiosque</generator>
    <atom:link href="https://example.org/feed.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>Intérêt général</title>
      <link>https://example.org/blog/2018/07/27/x.html</link>
      <guid isPermaLink="true">https://example.org/blog/2018/07/27/x.html</guid>
      <pubDate>Fri, 27 Jul 2018 08:05:00 GMT</pubDate>
      <dc:creator>Ada</dc:creator>
      <category>web</category>
      <category>c++</category>
      <description>Résumé</description>
      <content:encoded><![CDATA[<p>Bonjour &amp; <a href="/a">lien</a></p>]]></content:encoded>
      <media:content url="https://example.org/img/x.png" medium="image"/>
    </item>
    <item>
      <title>Hello</title>
      <link>https://example.org/en/blog/y.html</link>
      <guid isPermaLink="true">https://example.org/en/blog/y.html</guid>
      <pubDate>Thu, 26 Jul 2018 00:00:00 GMT</pubDate>
      <dc:creator>Site</dc:creator>
      <content:encoded><![CDATA[]]></content:encoded>
    </item>
  </channel>
</rss>
`,
    )
  })

  const rss = parseXml(rssFeed(META, ENTRIES))
  const channel = only(rss, 'channel')
  const items = childrenNamed(channel, 'item')

  it('has the channel elements RSS 2.0 requires, and a self link', () => {
    expect(rss.name).toBe('rss')
    expect(rss.attrs.version).toBe('2.0')
    expect(textOf(only(channel, 'title'))).toBe('Kiosque')
    expect(textOf(only(channel, 'link'))).toBe(META.siteUrl)
    expect(textOf(only(channel, 'description'))).toBe('Un blog')
    expect(textOf(only(channel, 'language'))).toBe('fr')
    expect(textOf(only(channel, 'lastBuildDate'))).toMatch(RFC822)
    expect(only(channel, 'atom:link').attrs).toEqual({
      href: META.feedUrl,
      rel: 'self',
      type: 'application/rss+xml',
    })
    expect(items).toHaveLength(3)
  })

  it.each(ENTRIES.map((e, i) => [e.url, i] as const))('item %s has every element', (_, i) => {
    const input = ENTRIES[i] as FeedEntry
    const item = items[i] as XmlElement
    expect(textOf(only(item, 'title'))).toBe(xmlChars(input.title))
    expect(textOf(only(item, 'link'))).toBe(input.url)
    expect(only(item, 'guid').attrs).toEqual({ isPermaLink: 'true' })
    expect(textOf(only(item, 'guid'))).toBe(input.url)
    expect(textOf(only(item, 'pubDate'))).toMatch(RFC822)
    expect(childrenNamed(item, 'category').map(textOf)).toEqual(input.tags)
    expect(textOf(only(item, 'content:encoded'))).toBe(xmlChars(input.contentHtml))
    expect(childrenNamed(item, 'dc:creator').map(textOf)).toEqual(
      input.author === undefined ? [] : [input.author],
    )
  })

  it('splits ]]> in the content across CDATA sections', () => {
    const xml = rssFeed(META, [HOSTILE])
    expect(xml).toContain('<![CDATA[<p>a]]]]><![CDATA[>b</p><script>x</script>]]]]]]><![CDATA[>]]>')
    // Outside the CDATA sections, nothing of the hostile entry is markup.
    const outside = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
    expect(outside).not.toMatch(/<script|<b>|\]\]>/)
    expect(outside).not.toContain('\u0000')
  })
})

describe('jsonFeed', () => {
  it('writes the expected document', () => {
    const text = jsonFeed({ ...META, author: 'Site' }, [FULL, MINIMAL])
    expect(JSON.parse(text)).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Kiosque',
      home_page_url: 'https://example.org/',
      feed_url: 'https://example.org/feed.xml',
      description: 'Un blog',
      language: 'fr',
      authors: [{ name: 'Site' }],
      items: [
        {
          id: FULL.url,
          url: FULL.url,
          title: 'Intérêt général',
          summary: 'Résumé',
          content_html: FULL.contentHtml,
          image: FULL.image,
          date_published: '2018-07-27T08:05:00Z',
          date_modified: '2018-07-28T09:00:00Z',
          authors: [{ name: 'Ada' }],
          tags: ['web', 'c++'],
        },
        {
          id: MINIMAL.url,
          url: MINIMAL.url,
          title: 'Hello',
          content_html: '',
          date_published: '2018-07-26T00:00:00Z',
          language: 'en',
        },
      ],
    })
  })

  it('keeps hostile strings intact (JSON escapes them)', () => {
    const item = JSON.parse(jsonFeed(META, [HOSTILE])).items[0]
    expect(item.title).toBe(HOSTILE.title)
    expect(item.content_html).toBe(HOSTILE.contentHtml)
    expect(item.tags).toEqual(HOSTILE.tags)
  })

  it('has no feed authors when none is configured', () => {
    expect(JSON.parse(jsonFeed(META, [FULL]))).not.toHaveProperty('authors')
  })
})

describe('JSON Feed 1.1, checked against its specification', () => {
  const item = { id: 'https://example.org/a', content_html: '<p>a</p>' }
  const feed = (over: Record<string, unknown>) =>
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'T',
      items: [item],
      ...over,
    })
  it.each<[string, string, string[]]>([
    ['the smallest valid feed', feed({}), []],
    ['a feed with no items yet', feed({ items: [] }), []],
    ['content_text instead of content_html', feed({ items: [{ id: 'a', content_text: 'a' }] }), []],
    [
      'every optional field, well typed',
      feed({
        home_page_url: 'https://example.org/',
        feed_url: 'https://example.org/feed.json',
        description: 'd',
        language: 'ar',
        authors: [{ name: 'Ada', url: 'https://example.org/ada' }],
        expired: false,
        hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
        items: [
          {
            ...item,
            url: 'https://example.org/a',
            title: 't',
            summary: 's',
            image: 'https://example.org/a.png',
            date_published: '2018-07-27T08:05:00Z',
            date_modified: '2018-07-27T10:05:00+02:00',
            tags: ['x'],
            language: 'pt-BR',
            attachments: [{ url: 'https://example.org/a.mp3', mime_type: 'audio/mpeg' }],
          },
        ],
      }),
      [],
    ],
    ['not JSON', '{"version":', ['not JSON: Unexpected end of JSON input']],
    ['an array', '[]', ['the feed must be a JSON object']],
    [
      'version 1.0',
      feed({ version: 'https://jsonfeed.org/version/1' }),
      ['version: must be "https://jsonfeed.org/version/1.1", not "https://jsonfeed.org/version/1"'],
    ],
    ['no title', feed({ title: undefined }), ['title: required, a string']],
    [
      'no items',
      feed({ items: undefined }),
      ['items: required, an array (empty when there is nothing to show)'],
    ],
    [
      'an item without id or content',
      feed({ items: [{ title: 'x' }] }),
      [
        'items[0].id: required, a non-empty string',
        'items[0].content_html or content_text: one of them is required',
      ],
    ],
    [
      'a numeric id, as 1.0 tolerated',
      feed({ items: [{ ...item, id: 1 }] }),
      ['items[0].id: required, a non-empty string'],
    ],
    [
      'two items with one id',
      feed({ items: [item, item] }),
      ['items[1].id: "https://example.org/a" is another item\'s id too'],
    ],
    [
      'a relative URL',
      feed({ feed_url: '/feed.json' }),
      ['feed_url: must be a full URL, not "/feed.json"'],
    ],
    [
      'a date that is not RFC 3339',
      feed({ items: [{ ...item, date_published: 'Fri, 27 Jul 2018 08:05:00 GMT' }] }),
      [
        'items[0].date_published: must be an RFC 3339 date-time, not "Fri, 27 Jul 2018 08:05:00 GMT"',
      ],
    ],
    [
      'a locale written with an underscore',
      feed({ language: 'fr_FR' }),
      ['language: must be an RFC 5646 language tag, not "fr_FR"'],
    ],
    [
      "1.0's author, and an empty author",
      feed({ author: { name: 'A' }, authors: [{}] }),
      [
        'author: is JSON Feed 1.0; 1.1 uses an authors array',
        'authors[0]: needs a name, url or avatar',
      ],
    ],
    [
      'tags that are not strings',
      feed({ items: [{ ...item, tags: 'a b' }] }),
      ['items[0].tags: must be an array of strings'],
    ],
    [
      'an attachment without its type',
      feed({ items: [{ ...item, attachments: [{ url: 'https://example.org/a.mp3' }] }] }),
      ['items[0].attachments[0].mime_type: required, a string'],
    ],
  ])('%s', (_name, text, problems) => {
    expect(jsonFeedProblems(text)).toEqual(problems)
  })

  it("Kiosque's feeds pass it, hostile entries and all, in every language", () => {
    for (const lang of ['fr', 'en', 'ar', 'he'])
      expect(jsonFeedProblems(jsonFeed({ ...META, lang, author: 'Site' }, ENTRIES))).toEqual([])
  })
})

describe('every URL in every feed is absolute', () => {
  const URL_ELEMENTS = new Set(['id', 'link', 'guid'])
  const URL_ATTRIBUTES = ['href', 'url']

  // Atom: feed id, self, alternate, then per entry id and link, and one image.
  // RSS: channel link, atom:link, then per item link and guid, and one image.
  it.each([
    ['atom', atomFeed, 10],
    ['rss', rssFeed, 9],
  ] as const)('%s', (_name, build, count) => {
    const urls = allElements(parseXml(build(META, ENTRIES))).flatMap((el) => [
      ...(URL_ELEMENTS.has(el.name) && el.children.length > 0 ? [textOf(el)] : []),
      ...URL_ATTRIBUTES.flatMap((a) => (el.attrs[a] === undefined ? [] : [el.attrs[a]])),
    ])
    expect(urls).toHaveLength(count)
    for (const url of urls) expect(url).toMatch(ABSOLUTE)
  })

  it('json', () => {
    const feed = JSON.parse(jsonFeed(META, ENTRIES))
    const urls = [
      feed.home_page_url,
      feed.feed_url,
      ...feed.items.flatMap((i: Record<string, string>) => [i.id, i.url, i.image ?? 'https://x']),
    ]
    for (const url of urls) expect(url).toMatch(ABSOLUTE)
  })
})

describe('hostile text in every field', () => {
  const entryArb = fc.record({
    title: hostileString(),
    contentHtml: hostileString(60),
    summary: fc.option(hostileString(), { nil: undefined }),
    author: fc.option(hostileString(), { nil: undefined }),
    tags: fc.array(hostileString(10), { maxLength: 3 }),
  })

  it('Atom and RSS stay well-formed and give back the text, minus forbidden characters', () => {
    fc.assert(
      fc.property(entryArb, hostileString(), (fields, siteTitle) => {
        const entry: FeedEntry = { ...FULL, ...fields }
        const meta = { ...META, title: siteTitle }
        const atom = only(parseXml(atomFeed(meta, [entry])), 'entry')
        expect(textOf(only(atom, 'title'))).toBe(xmlChars(entry.title))
        expect(textOf(only(atom, 'content'))).toBe(xmlChars(entry.contentHtml))
        expect(childrenNamed(atom, 'category').map((c) => c.attrs.term)).toEqual(
          entry.tags.map(xmlChars),
        )
        const channel = only(parseXml(rssFeed(meta, [entry])), 'channel')
        expect(textOf(only(channel, 'title'))).toBe(xmlChars(siteTitle))
        const item = only(channel, 'item')
        expect(textOf(only(item, 'title'))).toBe(xmlChars(entry.title))
        // CR inside CDATA is normalised to LF by real parsers; this parser keeps it.
        expect(textOf(only(item, 'content:encoded'))).toBe(xmlChars(entry.contentHtml))
      }),
    )
  })

  it('JSON stays parseable and exact', () => {
    fc.assert(
      fc.property(entryArb, (fields) => {
        const item = JSON.parse(jsonFeed(META, [{ ...FULL, ...fields }])).items[0]
        expect(item.title).toBe(fields.title)
        expect(item.content_html).toBe(fields.contentHtml)
      }),
    )
  })
})
