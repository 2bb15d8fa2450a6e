/**
 * What the real-site checks compare against: what real Jekyll publishes for a folder, the URLs
 * its unpublished posts would have, and the files of the folder that need a look (dot-files,
 * files with front matter). Generic: nothing here knows one site from another.
 */
import { cp, mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { buildFolder } from '../../src/build/build-folder'
import { ContentError, formatDiagnostic } from '../../src/build/diagnostics'
import { JekyllError, jekyllReport } from '../../src/jekyll/report'

/** A post as Jekyll writes it: its URL (escaped as Jekyll escapes it), language and source. */
export interface JekyllPost {
  url: string
  /** `lang`, `locale` or `language` of its data, defaults applied; empty when it has none. */
  lang: string
  source: string
}

/** What real Jekyll publishes for a site folder. */
export interface JekyllSite {
  /** Where `jekyll serve` mounts the site: `/blog`, or `` for none. */
  baseurl: string
  posts: JekyllPost[]
  /** The URL path of every file Jekyll writes. */
  files: Set<string>
}

/**
 * Builds the folder with the real Jekyll, in safe mode into a temporary folder (the site is only
 * read), and reads its report (src/jekyll/report.ts).
 */
export async function jekyllSite(content: string): Promise<JekyllSite> {
  const scratch = await mkdtemp(join(tmpdir(), 'kiosque-jekyll-'))
  try {
    const { report } = await jekyllReport({
      source: content,
      destination: join(scratch, '_site'),
      safe: true,
    })
    const unwritten = report.posts.filter((p) => p.file === null).map((p) => p.source)
    if (unwritten.length) throw new Error(`Jekyll wrote no page for ${unwritten.join(', ')}`)
    return {
      baseurl: report.baseurl,
      posts: report.posts.map(({ url, lang, source }) => ({ url, lang: lang ?? '', source })),
      files: new Set(report.files.map((file) => `/${file}`)),
    }
  } catch (error) {
    if (error instanceof JekyllError && error.kind === 'missing') {
      throw new Error(
        'the real-site checks compare with the real Jekyll, which is not installed: apt-get install jekyll ruby-jekyll-paginate-v2',
      )
    }
    throw error
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** Two language tags name the same language: `fr_FR` and `fr-fr` do, and `fr` is `fr-FR`'s. */
export function sameLanguage(expected: string, actual: string): boolean {
  const norm = (tag: string) => tag.trim().replace(/_/g, '-').toLowerCase()
  const [want, got] = [norm(expected), norm(actual)]
  return want === got || (!got.includes('-') && want.split('-')[0] === got)
}

/** An unpublished post file: under `_drafts/`, or `_`-prefixed in `_posts/` or `_drafts/`. */
export interface HiddenPost {
  source: string
  /** The URL it would get if it were published, or why it has none. */
  url?: string
  why?: string
}

/**
 * The URL each unpublished post would have if it were published: a scratch folder gets the
 * site's `_config.yml` and those files, renamed without their leading `_`, and is built with
 * `--drafts` by the commands' own build. Drafts with `published: false` get no URL.
 */
export async function hiddenPosts(content: string): Promise<HiddenPost[]> {
  const files = (await walk(content)).filter(isHiddenPost)
  if (files.length === 0) return []
  const scratch = await mkdtemp(join(tmpdir(), 'kiosque-hidden-'))
  try {
    const src = join(scratch, 'src')
    const renamed = new Map<string, string>()
    await cp(join(content, '_config.yml'), join(src, '_config.yml'))
    for (const file of files) {
      const name = file.split('/').at(-1) as string
      const target = `${dirname(file)}/${name.replace(/^_+/, '')}`.replace(/^\.\//, '')
      renamed.set(target, file)
      await mkdir(join(src, dirname(target)), { recursive: true })
      await cp(join(content, file), join(src, target), { preserveTimestamps: true })
    }
    const build = await buildFolder({ content: src, out: join(scratch, 'dist'), drafts: true })
    const urls = new Map(build.manifest.posts.map((p) => [p.source, p.url]))
    return [...renamed].map(([target, source]) => {
      const url = urls.get(target)
      return url ? { source, url } : { source, why: 'not published even with --drafts' }
    })
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    const lines = error.diagnostics.map(formatDiagnostic).join('\n')
    throw new Error(`the unpublished posts, built as if published, do not build:\n${lines}`)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function isHiddenPost(path: string): boolean {
  const parts = path.split('/')
  const dirs = parts.slice(0, -1)
  const name = parts.at(-1) ?? ''
  if (dirs.includes('_drafts')) return !name.startsWith('.')
  return dirs.includes('_posts') && name.startsWith('_')
}

// Never walked, as the build never walks them: they can hold very many files.
const NEVER_WALKED = new Set(['.git', 'node_modules'])

/** Every file under `root`, relative, sorted. */
export async function walk(root: string, dir = ''): Promise<string[]> {
  const files: string[] = []
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory() && !NEVER_WALKED.has(entry.name)) files.push(...(await walk(root, rel)))
    else if (entry.isFile()) files.push(rel)
  }
  return files.sort()
}

/** A file whose path has a `.`-prefixed part: `.circleci/config.yml`, `.htaccess`. */
export const isDotPath = (path: string): boolean => path.split('/').some((p) => p.startsWith('.'))

/** A file whose path has a `_`-prefixed part: never copied by Jekyll as a static file. */
export const isUnderscorePath = (path: string): boolean =>
  path.split('/').some((p) => p.startsWith('_'))

/** Whether a file starts with front matter, tested as Jekyll's `Utils.has_yaml_header?` does. */
export async function hasFrontMatter(file: string): Promise<boolean> {
  const handle = await open(file)
  try {
    const head = Buffer.alloc(64)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return /^---\s*\r?\n/.test(head.subarray(0, bytesRead).toString('utf8'))
  } finally {
    await handle.close()
  }
}
