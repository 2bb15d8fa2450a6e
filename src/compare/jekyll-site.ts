import { spawn } from 'node:child_process'
import { chmod, cp, lstat, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CompareError } from './errors'

/** A page Jekyll wrote, as its own API describes it. */
export interface JekyllPage {
  /** The file under `_site`, with `/` separators. */
  file: string
  post: boolean
  /** `lang`, `locale` or `language` of its front matter or defaults, when it declares one. */
  lang: string | null
  /** For a post: what `{{ content }}` gives its layout, the Markdown converted. */
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

const SCRIPT = fileURLToPath(new URL('./jekyll-build.rb', import.meta.url))

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
 * Builds `source` (a writable copy) with the real Jekyll into `work/_site`; throws a
 * CompareError when Jekyll or a plugin the site needs is not installed, or when Jekyll fails.
 */
export async function buildWithJekyll(source: string, work: string): Promise<JekyllBuild> {
  const site = join(work, '_site')
  const report = join(work, 'jekyll.json')
  const env: NodeJS.ProcessEnv = { ...process.env, SOURCE: source, DEST: site, REPORT: report }
  // Jekyll writes a post's date, and so its :year/:month/:day, in the machine's time zone unless
  // _config.yml sets `timezone` (Jekyll then sets TZ itself). Kiosque's default zone is UTC, so
  // the reference is built in UTC too, and does not change with the machine it runs on.
  env.TZ = 'UTC'
  delete env.BUNDLE_GEMFILE
  const { code, output } = await run('ruby', [SCRIPT], source, env)
  if (code === 'missing' || code === 3) {
    throw new CompareError(
      'Jekyll is not installed, so there is nothing to compare with: install it ' +
        '(Debian: apt-get install jekyll ruby-jekyll-paginate-v2; elsewhere: gem install jekyll)',
      2,
    )
  }
  if (code !== 0) {
    const plugin = /MissingDependencyException: (\S+)/.exec(output)?.[1]
    throw new CompareError(
      plugin
        ? `Jekyll needs the plugin ${plugin}, which is not installed: install it (Debian: apt-get install ruby-${plugin}; elsewhere: gem install ${plugin}), then run compare again`
        : `Jekyll could not build the site, so there is nothing to compare with. What it said:\n${tail(output, 30)}`,
      2,
    )
  }
  const written = JSON.parse(await readFile(report, 'utf8')) as {
    version: string
    pages: JekyllPage[]
  }
  return { version: written.version, site, pages: written.pages, log: output }
}

/** The last `count` lines of a text. */
function tail(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n')
}

/** Jekyll colours its messages even into a pipe; the escape sequences are left out. */
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | 'missing'; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', () => done({ code: 'missing', output: '' }))
    child.on('close', (code, signal) =>
      done({
        code: code ?? 1,
        output:
          Buffer.concat(chunks).toString('utf8').replace(COLOURS, '') +
          (signal ? `\n(killed by ${signal})` : ''),
      }),
    )
  })
}
