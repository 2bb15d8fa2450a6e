/**
 * `npm run test:sites -- --content DIR`: the real-site checks (tests/sites/) on one Jekyll site
 * folder, given unchanged. They build it with the real Jekyll, serve it with `npm run dev` on a
 * free port with its own output and state folders, and compare. Not part of `npm test`, which
 * stays self-contained. Exit code: vitest's, or 2 for a missing or wrong --content.
 */
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const USAGE =
  'usage: npm run test:sites -- --content DIR   (a Jekyll site folder holding _config.yml)'

function main(): Promise<number> | number {
  let content: string | undefined
  try {
    content = parseArgs({ options: { content: { type: 'string' } }, strict: true }).values.content
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  if (!content) {
    console.error(`test:sites needs the site folder to check: --content DIR\n${USAGE}`)
    return 2
  }
  if (!existsSync(content) || !statSync(content).isDirectory()) {
    console.error(`--content ${content}: no such folder\n${USAGE}`)
    return 2
  }
  if (!existsSync(join(content, '_config.yml'))) {
    console.error(
      `--content ${content}: no _config.yml there, so not a Jekyll site folder\n${USAGE}`,
    )
    return 2
  }
  const vitest = spawn(
    resolve('node_modules/.bin/vitest'),
    ['run', '--config', 'tests/sites/vitest.config.ts'],
    { stdio: 'inherit', env: { ...process.env, KIOSQUE_SITE: resolve(content) } },
  )
  return new Promise((done) => {
    vitest.on('error', (error) => {
      console.error(`cannot start vitest (${error.message}): run npm install`)
      done(2)
    })
    vitest.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

process.exitCode = await main()
