import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { SiteBuild } from './site'
import { assetHeaders, THEME_DIR } from './theme'

/** What `dist/build.json` records of a build, for the publish step and for people. */
export interface BuildRecord {
  version: string
  keys: string[]
  posts: number
  languages: string[]
  assets: number
}

/**
 * Writes a build to `outDir` (`kv.json`, `build.json`, `assets/`). The new folder is filled
 * beside the old one and swapped in at the end, so a failed write leaves the previous build whole.
 */
export async function writeBuild(
  build: SiteBuild,
  contentRoot: string,
  outDir: string,
): Promise<void> {
  const target = resolve(outDir)
  await mkdir(dirname(target), { recursive: true })
  const staging = await mkdtemp(`${target}.tmp-`)
  try {
    await writeFile(join(staging, 'kv.json'), JSON.stringify(build.entries))
    const record: BuildRecord = {
      version: build.version,
      keys: build.entries.map((e) => e.key),
      posts: build.manifest.posts.length,
      languages: build.manifest.site.languages,
      assets: build.assets.length,
    }
    await writeFile(join(staging, 'build.json'), `${JSON.stringify(record, null, 2)}\n`)
    // Workers Static Assets serves files by their path, before the worker: a site with a
    // `baseurl` has them under it, as `jekyll serve` mounts the site there.
    const served = join(staging, 'assets', build.manifest.site.baseurl)
    await mkdir(join(served, THEME_DIR), { recursive: true })
    await writeFile(join(served, build.theme.path), build.theme.css)
    // The theme's icon only stands in for a site that has none of its own.
    if (build.manifest.site.favicon === build.theme.icon.path)
      await writeFile(join(served, build.theme.icon.path), build.theme.icon.svg)
    await writeFile(join(staging, 'assets', '_headers'), assetHeaders(build.manifest.site))
    for (const asset of build.assets) {
      await cp(join(contentRoot, asset), join(served, asset), {
        preserveTimestamps: true,
      })
    }
    await rm(target, { recursive: true, force: true })
    await rename(staging, target)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
}
