import { open, readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { DATA_FILE } from './data'
import type { SourceFile } from './post'
import { type ContentTree, emptyTree } from './site'

// Never walked: version control and dependency folders can hold hundreds of thousands of files.
const NEVER_WALKED = new Set(['.git', 'node_modules', '.jekyll-cache', '.sass-cache', '_site'])

/**
 * Reads a Jekyll-style content folder: `_config.yml`, posts under any `_posts/`, drafts under any
 * `_drafts/`, `_data/`, collections, pages (files with front matter) and static files. Which of
 * them Jekyll would leave out (`exclude`, dot-files) is for the build to say, once it has the config.
 */
export async function scanContent(root: string): Promise<ContentTree> {
  const tree: ContentTree = emptyTree()
  const display = (rel: string) => {
    const shown = relative(process.cwd(), join(root, rel))
    return shown.startsWith('..') ? join(root, rel) : shown
  }
  const read = async (rel: string): Promise<SourceFile> => {
    const full = join(root, rel)
    const [text, info] = await Promise.all([readFile(full, 'utf8'), stat(full)])
    return { path: rel, displayPath: display(rel), text, mtimeMs: info.mtimeMs }
  }

  const rubyPlugins: { path: string; displayPath: string }[] = []
  tree.rubyPlugins = rubyPlugins
  for (const rel of await walk(root, '')) {
    const parts = rel.split('/')
    const dirs = parts.slice(0, -1)
    const name = parts[parts.length - 1] ?? ''
    const postsAt = dirs.indexOf('_posts')
    const draftsAt = dirs.indexOf('_drafts')
    const special = postsAt >= 0 ? postsAt : draftsAt
    const hiddenAbove = dirs
      .slice(0, special >= 0 ? special : dirs.length)
      .some((d) => d.startsWith('_'))
    if (rel === '_config.yml') tree.config = await read(rel)
    else if (rel === '_redirects') tree.redirects = await read(rel)
    else if (parts[0] === '_data' && DATA_FILE.test(name) && !name.startsWith('.'))
      tree.data.push(await read(rel))
    else if (parts[0] === '_plugins' && name.endsWith('.rb'))
      rubyPlugins.push({ path: rel, displayPath: display(rel) })
    else if (isCollectionFile(parts)) tree.collections.push(await read(rel))
    else if (hiddenAbove) continue
    else if (postsAt >= 0) tree.posts.push(await read(rel))
    else if (draftsAt >= 0) tree.drafts.push(await read(rel))
    // Workers Static Assets would apply these before the worker, bypassing Kiosque's rules.
    else if (rel === '_headers') continue
    // As in Jekyll, a file with front matter is a page, whatever its extension; others are
    // copied. Names Jekyll leaves out (`.x`, `_x`, `x~`) are filtered by the build, after `include`.
    else if (await startsWithFrontMatter(join(root, rel))) tree.pages.push(await read(rel))
    else tree.assets.push(rel)
  }
  return tree
}

const PAGE_EXTENSIONS = /\.(md|markdown|mkdown|mkdn|mkd|html|htm)$/i
// Underscore folders Jekyll gives a meaning of its own: never collections.
const NOT_COLLECTIONS = new Set([
  '_posts',
  '_drafts',
  '_data',
  '_layouts',
  '_includes',
  '_sass',
  '_plugins',
])

/** A Markdown or HTML file under a root `_<name>/` folder: a document of a possible collection. */
function isCollectionFile(parts: string[]): boolean {
  const [top = '', ...rest] = parts
  const name = rest[rest.length - 1] ?? ''
  return (
    rest.length > 0 &&
    top.startsWith('_') &&
    !NOT_COLLECTIONS.has(top) &&
    !name.startsWith('.') &&
    PAGE_EXTENSIONS.test(name)
  )
}

async function walk(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (NEVER_WALKED.has(entry.name)) continue
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory()) files.push(...(await walk(root, rel)))
    else if (entry.isFile()) files.push(rel)
  }
  return files
}

async function startsWithFrontMatter(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(6), 0, 6, 0)
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
    return head.startsWith('---\n') || head.startsWith('---\r') || head.startsWith('--- ')
  } finally {
    await handle.close()
  }
}
