import { chmod, cp, lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { JekyllError, jekyllReport, type JekyllPage as ReportedPage } from '../jekyll/report'
import { CompareError } from './errors'

/** A page Jekyll wrote, and for a post what `{{ content }}` gives its layout. */
export interface JekyllPage extends ReportedPage {
  content?: string
}

/** Jekyll's build of a copy of the site: where it wrote, and what. */
export interface JekyllBuild {
  /** Jekyll's version, `4.3.1`. */
  version: string
  site: string
  pages: JekyllPage[]
  /** What Jekyll printed (its warnings among it). */
  log: string
}

/** What never goes into the copy: Jekyll's own output and caches, and version control. */
const NOT_COPIED = new Set(['_site', '.jekyll-cache', '.jekyll-metadata', '.sass-cache', '.git'])

/**
 * Bundler files, set aside: with them Jekyll's command would ask Bundler for the exact gems a
 * site locked years ago. Jekyll excludes them from the output anyway.
 */
const BUNDLER_FILES = ['Gemfile', 'Gemfile.lock', 'gems.rb', 'gems.locked']

/**
 * Copies the site to `work/source` (the folder may be read-only; the copy is made writable) and
 * leaves the copy's Bundler files out.
 */
export async function copySite(source: string, work: string): Promise<string> {
  const copy = join(work, 'source')
  await cp(source, copy, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => !NOT_COPIED.has(path.slice(path.lastIndexOf('/') + 1)) || path === source,
  })
  await makeWritable(copy)
  for (const name of BUNDLER_FILES) await rm(join(copy, name), { force: true })
  return copy
}

async function makeWritable(dir: string): Promise<void> {
  const folders = [dir]
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    await chmod(folder, 0o755)
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) folders.push(path)
      else if (entry.isFile()) await chmod(path, ((await lstat(path)).mode & 0o777) | 0o200)
    }
  }
}

/**
 * Builds `source` (a writable copy) with the real Jekyll into `work/_site`, its plugins loaded;
 * throws a CompareError when Jekyll or a plugin the site needs is not installed, or when Jekyll
 * fails.
 */
export async function buildWithJekyll(source: string, work: string): Promise<JekyllBuild> {
  const site = join(work, '_site')
  let built: Awaited<ReturnType<typeof jekyllReport>>
  try {
    built = await jekyllReport({ source, destination: site, safe: false })
  } catch (error) {
    if (!(error instanceof JekyllError)) throw error
    throw explain(error)
  }
  const { report, log } = built
  const contents = new Map(report.posts.map((p) => [p.file, p.content]))
  const pages = report.pages.map((page): JekyllPage => {
    const content = page.post ? contents.get(page.file) : undefined
    return content === undefined ? page : { ...page, content }
  })
  return { version: report.version, site, pages, log }
}

/** What compare tells a person when Jekyll gives it nothing to compare with. */
function explain(error: JekyllError): CompareError {
  if (error.kind === 'missing') {
    return new CompareError(
      'Jekyll is not installed, so there is nothing to compare with: install it ' +
        '(Debian: apt-get install jekyll ruby-jekyll-paginate-v2; elsewhere: gem install jekyll)',
      2,
    )
  }
  const plugin = /MissingDependencyException: (\S+)/.exec(error.log)?.[1]
  return new CompareError(
    plugin
      ? `Jekyll needs the plugin ${plugin}, which is not installed: install it (Debian: apt-get install ruby-${plugin}; elsewhere: gem install ${plugin}), then run compare again`
      : `Jekyll could not build the site, so there is nothing to compare with. What it said:\n${tail(error.log, 30)}`,
    2,
  )
}

/** The last `count` lines of a text. */
function tail(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n')
}
