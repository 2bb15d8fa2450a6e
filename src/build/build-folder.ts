import { scanContent } from './scan'
import { buildSite, type SiteBuild } from './site'
import { readTheme } from './theme'
import { writeBuild } from './write'

/** What a build of a content folder needs: where it is, where it goes, and how strict to be. */
export interface FolderBuildOptions {
  /** The Jekyll site source. */
  content: string
  /** The output folder (`kv.json`, `build.json`, `assets/`), replaced whole on success. */
  out: string
  /** Also publish `_drafts/`. */
  drafts: boolean
  /** With `drafts`, for `npm run preview`: drafts and future posts need a preview token. */
  draftsByToken?: boolean
  /** Warnings fail the build, as Jekyll's `strict_front_matter` does. */
  strict?: boolean
  /** The build's clock, for future-dated posts; defaults to now. */
  now?: number
}

/**
 * Builds a content folder as every command does: scans it, validates it with Kiosque's theme,
 * and writes the result to `out`. Throws a ContentError (nothing written) when it is invalid.
 * @example const build = await buildFolder({ content: 'content', out: 'dist', drafts: false })
 */
export async function buildFolder(options: FolderBuildOptions): Promise<SiteBuild> {
  const [tree, theme] = await Promise.all([scanContent(options.content), readTheme()])
  const build = buildSite(tree, {
    now: options.now ?? Date.now(),
    drafts: options.drafts,
    draftsByToken: options.draftsByToken ?? false,
    strict: options.strict ?? false,
    theme,
  })
  await writeBuild(build, options.content, options.out)
  return build
}
