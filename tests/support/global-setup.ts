import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { BUNDLE_DIR, TEST_DIR } from './paths'

/** Bundles the worker once per test run, exactly as `wrangler deploy` would upload it. */
export default function setup(): void {
  rmSync(TEST_DIR, { recursive: true, force: true })
  const emptyAssets = `${TEST_DIR}/no-assets`
  mkdirSync(emptyAssets, { recursive: true })
  execFileSync(
    'npx',
    ['wrangler', 'deploy', '--dry-run', '--outdir', BUNDLE_DIR, '--assets', emptyAssets],
    { stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  // The fault-injecting wrapper imports the bundle as `./index.js`.
  copyFileSync('tests/support/kv-faults.mjs', `${BUNDLE_DIR}/kv-faults.js`)
}
