import { defineConfig } from 'vitest/config'

/** The real-site checks (npm run test:sites -- --content DIR), apart from npm test. */
export default defineConfig({
  test: {
    root: '.',
    include: ['tests/sites/**/*.test.ts'],
    // A real site's build, Jekyll's and the server's start take a while on a loaded machine.
    hookTimeout: 600_000,
    testTimeout: 300_000,
  },
})
