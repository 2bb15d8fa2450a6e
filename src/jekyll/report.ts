/**
 * Runs the real Jekyll on a site (src/jekyll/report.rb) and reads back its report of what it
 * published: the reference that `npm run compare` and the real-site checks hold Kiosque to.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A post Jekyll publishes. */
export interface JekyllPost {
  /** Jekyll's page.url: escaped, without the baseurl. */
  url: string
  /** Its path in the site folder: `_posts/2019-01-15-x.md`. */
  source: string
  /** `lang`, `locale` or `language` of its data, defaults applied, when it has one. */
  lang: string | null
  /** The file it was written to under the destination, or null when Jekyll wrote none. */
  file: string | null
  /** What `{{ content }}` gives its layout: the Markdown converted. */
  content: string
}

/** A page, post or collection document Jekyll wrote. */
export interface JekyllPage {
  /** The file under the destination, with `/` separators. */
  file: string
  url: string
  post: boolean
  /** `lang`, `locale` or `language` of its data, defaults applied, when it has one. */
  lang: string | null
}

/** What Jekyll published for a site, as its own API describes it. */
export interface JekyllReport {
  /** Jekyll's version, `4.3.1`. */
  version: string
  /** Where `jekyll serve` mounts the site: `/blog`, or `` for none. */
  baseurl: string
  posts: JekyllPost[]
  pages: JekyllPage[]
  /** Every file written under the destination, with `/` separators, sorted. */
  files: string[]
}

export interface JekyllOptions {
  source: string
  /** Where Jekyll writes the site: a folder of its own, which it empties first. */
  destination: string
  /**
   * Safe mode, no plugins, and no disk cache, so that the source may be read-only. Without it
   * the site's plugins are loaded, as the user's Jekyll would.
   */
  safe: boolean
}

/** Jekyll could not be loaded (`missing`) or did not build the site (`failed`). */
export class JekyllError extends Error {
  constructor(
    readonly kind: 'missing' | 'failed',
    /** What Jekyll printed, its colours left out. */
    readonly log: string,
  ) {
    super(
      kind === 'missing'
        ? 'Jekyll is not installed (Debian: apt-get install jekyll ruby-jekyll-paginate-v2)'
        : `Jekyll could not build the site:\n${log.trimEnd().split('\n').slice(-30).join('\n')}`,
    )
    this.name = 'JekyllError'
  }
}

const DRIVER = fileURLToPath(new URL('./report.rb', import.meta.url))

/**
 * Builds a site with the real Jekyll and resolves to its report and what it printed; throws a
 * JekyllError when Jekyll is not installed or fails.
 */
export async function jekyllReport(
  options: JekyllOptions,
): Promise<{ report: JekyllReport; log: string }> {
  const args = [DRIVER, ...(options.safe ? ['--safe'] : []), options.source, options.destination]
  const env = { ...process.env }
  // An inherited Gemfile would have Bundler, once loaded, ask for the exact gems it locked.
  delete env.BUNDLE_GEMFILE
  const { code, stdout, log } = await run('ruby', args, options.source, env)
  if (code === 'missing' || code === 3) throw new JekyllError('missing', log)
  if (code !== 0) throw new JekyllError('failed', log)
  return { report: JSON.parse(stdout) as JekyllReport, log }
}

/** Jekyll colours its messages even into a pipe; the escape sequences are left out. */
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | 'missing'; stdout: string; log: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', () => done({ code: 'missing', stdout: '', log: '' }))
    child.on('close', (code, signal) =>
      done({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        log:
          Buffer.concat(err).toString('utf8').replace(COLOURS, '') +
          (signal ? `\n(killed by ${signal})` : ''),
      }),
    )
  })
}
