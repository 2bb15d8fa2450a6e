import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The URL a static server gives a file of Jekyll's `_site`, as `jekyll serve` and the hosts
 * sites deploy to answer: `index.html` in a folder is the folder's URL (`blog/index.html` is
 * `/blog/`), any other file is its path. Each segment is percent-encoded, as Jekyll's own URLs
 * are (`/blog/caf%C3%A9.html`). `file` is relative to `_site`, with `/` separators.
 */
export function urlOfFile(file: string): string {
  const segments = file.split('/').map((s) => encodeURIComponent(s))
  if (segments.at(-1) === 'index.html') segments[segments.length - 1] = ''
  return `/${segments.join('/')}`
}

/** Whether a file of `_site` is an HTML page (what Jekyll writes for pages and documents). */
export function isHtmlFile(file: string): boolean {
  return /\.html?$/i.test(file)
}

/** Every HTML file under `dir`, relative with `/` separators, sorted. */
export async function htmlFilesUnder(dir: string): Promise<string[]> {
  const files: string[] = []
  // Walked by hand: readdir's `recursive` gives no parent path before Node 20.12.
  const folders = ['']
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const entry of await readdir(join(dir, folder), { withFileTypes: true })) {
      const path = folder ? `${folder}/${entry.name}` : entry.name
      if (entry.isDirectory()) folders.push(path)
      else if (entry.isFile() && isHtmlFile(entry.name)) files.push(path)
    }
  }
  return files.sort()
}
