/**
 * Feeds read as feed readers read them: Python's feedparser (Debian's `python3-feedparser`)
 * must parse each without a `bozo` flag, and Python's own XML parser must find it well-formed,
 * with its language where the format puts it: `xml:lang` on Atom's feed, RSS's `<language>`.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { childOutput } from './child-output'

/** One feed's text, named by its site path, with the language it must declare. */
export interface FeedDocument {
  name: string
  text: string
  lang: string
}

/** What feedparser and the XML parser made of one feed. */
export interface FeedResult {
  name: string
  /** feedparser's name for the format: `atom10`, `rss20`. */
  version: string
  problems: string[]
}

// Reads [{name, text, lang}] as JSON on stdin, writes [{name, version, problems}] on stdout.
const PYTHON = `
import json, sys, xml.etree.ElementTree as ET
import feedparser
out = []
for doc in json.load(sys.stdin):
    problems = []
    parsed = feedparser.parse(doc["text"].encode("utf-8"))
    if parsed.bozo:
        problems.append("feedparser: bozo, %s" % parsed.get("bozo_exception"))
    try:
        root = ET.fromstring(doc["text"].encode("utf-8"))
    except ET.ParseError as e:
        problems.append("not well-formed XML: %s" % e)
        root = None
    if root is not None:
        if root.tag == "{http://www.w3.org/2005/Atom}feed":
            lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
            where = "xml:lang on <feed>"
        else:
            lang = root.findtext("channel/language")
            where = "<channel><language>"
        if lang != doc["lang"]:
            problems.append("%s is %r, not %r" % (where, lang, doc["lang"]))
    if parsed.feed.get("language") != doc["lang"]:
        problems.append("feedparser reads the language as %r, not %r" % (parsed.feed.get("language"), doc["lang"]))
    if len(parsed.entries) == 0:
        problems.append("feedparser finds no entries")
    out.append({"name": doc["name"], "version": parsed.version, "problems": problems})
json.dump(out, sys.stdout)
`

/** Debian's Python, which has python3-feedparser, before any other on the PATH. */
export function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

/** True when this Python can import feedparser. */
export function hasFeedparser(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(python(), ['-c', 'import feedparser'], { stdio: 'ignore' })
    child.on('error', () => resolve(false))
    child.on('close', (code) => resolve(code === 0))
  })
}

/** Parses every feed with feedparser and Python's XML parser. */
export async function parseFeeds(feeds: FeedDocument[]): Promise<FeedResult[]> {
  const { code, stdout, stderr } = await childOutput(
    python(),
    ['-c', PYTHON],
    JSON.stringify(feeds),
  )
  if (code !== 0) throw new Error(`feedparser run failed (${code}): ${stderr.slice(-500)}`)
  return JSON.parse(stdout) as FeedResult[]
}
