import { type ParseArgsConfig, parseArgs } from 'node:util'
import { buildFolder, type FolderBuildOptions } from '../build/build-folder'
import { ContentError, foldDiagnostics, formatDiagnostic } from '../build/diagnostics'
import type { SiteBuild } from '../build/site'

/** Options shared by every command that builds. */
export interface BuildOptions {
  content: string
  out: string
  drafts: boolean
  strict: boolean
  /** Print every warning, instead of the first few of each kind seen many times. */
  verbose?: boolean
}

/** Builds the content folder into `out`; prints every error and returns undefined when invalid. */
export async function runBuild(
  options: FolderBuildOptions & { verbose?: boolean },
): Promise<SiteBuild | undefined> {
  try {
    const build = await buildFolder(options)
    const lines = options.verbose
      ? build.warnings.map(formatDiagnostic)
      : foldDiagnostics(build.warnings)
    for (const line of lines) console.warn(line)
    const { posts, site } = build.manifest
    const warned = build.warnings.length ? `, ${build.warnings.length} warning(s)` : ''
    console.log(
      `built ${posts.length} posts and ${build.manifest.pages.length} pages in ${site.languages.join(', ')}, ${build.assets.length} static files ` +
        `(${build.scheduled} scheduled, ${build.skipped.unpublished} unpublished skipped${warned}) → ${options.out}, version ${build.version}`,
    )
    return build
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    const lines = options.verbose
      ? error.diagnostics.map(formatDiagnostic)
      : foldDiagnostics(error.diagnostics)
    for (const line of lines) console.error(line)
    console.error(`build failed: ${error.diagnostics.length} error(s); nothing was written`)
    return undefined
  }
}

/** Parses the build options common to `build`, `dev` and `deploy`. */
export function buildArgs(args: string[], extra: ParseArgsConfig['options'] = {}) {
  return parseArgs({
    args,
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'dist' },
      drafts: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      ...extra,
    },
    strict: true,
    allowPositionals: false,
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = buildArgs(process.argv.slice(2))
  const build = await runBuild(values as BuildOptions)
  process.exitCode = build ? 0 : 1
}
