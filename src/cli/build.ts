import { type ParseArgsConfig, parseArgs } from 'node:util'
import { buildFolder, type FolderBuildOptions } from '../build/build-folder'
import { ContentError, formatDiagnostic } from '../build/diagnostics'
import type { SiteBuild } from '../build/site'

/** Options shared by every command that builds. */
export interface BuildOptions {
  content: string
  out: string
  drafts: boolean
  strict: boolean
}

/** Builds the content folder into `out`; prints every error and returns undefined when invalid. */
export async function runBuild(options: FolderBuildOptions): Promise<SiteBuild | undefined> {
  try {
    const build = await buildFolder(options)
    for (const warning of build.warnings) console.warn(formatDiagnostic(warning))
    const { posts, site } = build.manifest
    const warned = build.warnings.length ? `, ${build.warnings.length} warning(s)` : ''
    console.log(
      `built ${posts.length} posts and ${build.manifest.pages.length} pages in ${site.languages.join(', ')}, ${build.assets.length} static files ` +
        `(${build.scheduled} scheduled, ${build.skipped.unpublished} unpublished skipped${warned}) → ${options.out}, version ${build.version}`,
    )
    return build
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    for (const d of error.diagnostics) console.error(formatDiagnostic(d))
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
