import { resolve } from 'node:path'

/** Scratch space of the test run (ignored by git). */
export const TEST_DIR = resolve('.test')
/** Where the global setup leaves the bundled worker. */
export const BUNDLE_DIR = resolve(TEST_DIR, 'worker')
