/**
 * A JSON Feed 1.1 check written from the specification (https://www.jsonfeed.org/version/1.1/),
 * which has no official JSON Schema. Pure: a document's text in, its problems out, each naming
 * the field as a JSON path (`items[2].id`) and what the specification wants there.
 */

const VERSION = 'https://jsonfeed.org/version/1.1'

// RFC 3339 §5.6 date-time: a full date, a time and an offset, `T` or a space between.
const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/
// RFC 5646 language tag, in its common shape: a primary subtag, then subtags of 1 to 8.
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

/** What is wrong with a JSON Feed 1.1 document; empty when nothing is. */
export function jsonFeedProblems(text: string): string[] {
  let feed: Json
  try {
    feed = JSON.parse(text) as Json
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`]
  }
  const problems: string[] = []
  if (!isObject(feed)) return ['the feed must be a JSON object']
  if (feed.version !== VERSION)
    problems.push(`version: must be "${VERSION}", not ${JSON.stringify(feed.version ?? null)}`)
  requiredString(feed, 'title', '', problems)
  for (const key of ['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon'])
    optionalUrl(feed, key, '', problems)
  for (const key of ['description', 'user_comment']) optionalString(feed, key, '', problems)
  language(feed, '', problems)
  authors(feed, '', problems)
  if ('expired' in feed && typeof feed.expired !== 'boolean')
    problems.push('expired: must be true or false')
  if ('hubs' in feed) {
    if (!Array.isArray(feed.hubs)) problems.push('hubs: must be an array')
    else
      for (const [i, hub] of feed.hubs.entries()) {
        if (!isObject(hub)) {
          problems.push(`hubs[${i}]: must be an object`)
          continue
        }
        requiredString(hub, 'type', `hubs[${i}].`, problems)
        requiredString(hub, 'url', `hubs[${i}].`, problems)
      }
  }
  if (!Array.isArray(feed.items)) {
    problems.push('items: required, an array (empty when there is nothing to show)')
    return problems
  }
  const ids = new Set<string>()
  for (const [i, item] of feed.items.entries()) {
    const at = `items[${i}].`
    if (!isObject(item)) {
      problems.push(`items[${i}]: must be an object`)
      continue
    }
    // 1.1: "id is required … it must be a string"; 1.0 let numbers through, 1.1 does not.
    if (typeof item.id !== 'string' || item.id === '')
      problems.push(`${at}id: required, a non-empty string`)
    else if (ids.has(item.id)) problems.push(`${at}id: "${item.id}" is another item's id too`)
    else ids.add(item.id)
    if (!('content_html' in item) && !('content_text' in item))
      problems.push(`${at}content_html or content_text: one of them is required`)
    for (const key of ['content_html', 'content_text', 'title', 'summary'])
      optionalString(item, key, at, problems)
    for (const key of ['url', 'external_url', 'image', 'banner_image'])
      optionalUrl(item, key, at, problems)
    for (const key of ['date_published', 'date_modified']) {
      if (!(key in item)) continue
      const value = item[key]
      if (typeof value !== 'string' || !RFC3339.test(value))
        problems.push(`${at}${key}: must be an RFC 3339 date-time, not ${JSON.stringify(value)}`)
    }
    if ('tags' in item && !(Array.isArray(item.tags) && item.tags.every(isString)))
      problems.push(`${at}tags: must be an array of strings`)
    language(item, at, problems)
    authors(item, at, problems)
    attachments(item, at, problems)
  }
  return problems
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isString(value: Json): value is string {
  return typeof value === 'string'
}

function requiredString(o: JsonObject, key: string, at: string, problems: string[]): void {
  if (typeof o[key] !== 'string') problems.push(`${at}${key}: required, a string`)
}

function optionalString(o: JsonObject, key: string, at: string, problems: string[]): void {
  if (key in o && typeof o[key] !== 'string') problems.push(`${at}${key}: must be a string`)
}

function optionalUrl(o: JsonObject, key: string, at: string, problems: string[]): void {
  if (!(key in o)) return
  const value = o[key]
  if (typeof value !== 'string' || !URL.canParse(value))
    problems.push(`${at}${key}: must be a full URL, not ${JSON.stringify(value)}`)
}

function language(o: JsonObject, at: string, problems: string[]): void {
  if (!('language' in o)) return
  const value = o.language
  if (typeof value !== 'string' || !LANGUAGE_TAG.test(value))
    problems.push(`${at}language: must be an RFC 5646 language tag, not ${JSON.stringify(value)}`)
}

// 1.1: an author object has name, url or avatar, "at least one of them"; `author` is 1.0's.
function authors(o: JsonObject, at: string, problems: string[]): void {
  if ('author' in o) problems.push(`${at}author: is JSON Feed 1.0; 1.1 uses an authors array`)
  if (!('authors' in o)) return
  if (!Array.isArray(o.authors)) {
    problems.push(`${at}authors: must be an array`)
    return
  }
  for (const [i, author] of o.authors.entries()) {
    const where = `${at}authors[${i}]`
    if (!isObject(author)) {
      problems.push(`${where}: must be an object`)
      continue
    }
    if (!['name', 'url', 'avatar'].some((key) => key in author))
      problems.push(`${where}: needs a name, url or avatar`)
    optionalString(author, 'name', `${where}.`, problems)
    optionalUrl(author, 'url', `${where}.`, problems)
    optionalUrl(author, 'avatar', `${where}.`, problems)
  }
}

function attachments(item: JsonObject, at: string, problems: string[]): void {
  if (!('attachments' in item)) return
  if (!Array.isArray(item.attachments)) {
    problems.push(`${at}attachments: must be an array`)
    return
  }
  for (const [i, attachment] of item.attachments.entries()) {
    const where = `${at}attachments[${i}].`
    if (!isObject(attachment)) {
      problems.push(`${at}attachments[${i}]: must be an object`)
      continue
    }
    if (typeof attachment.url !== 'string' || !URL.canParse(attachment.url))
      problems.push(`${where}url: required, a full URL`)
    requiredString(attachment, 'mime_type', where, problems)
    optionalString(attachment, 'title', where, problems)
    for (const key of ['size_in_bytes', 'duration_in_seconds'])
      if (key in attachment && typeof attachment[key] !== 'number')
        problems.push(`${where}${key}: must be a number`)
  }
}
