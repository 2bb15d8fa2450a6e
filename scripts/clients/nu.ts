/**
 * The Nu Html Checker (npm `vnu-jar`) on pages and stylesheets already fetched: one Java run
 * for all the pages and one for the stylesheets, its JSON report read back page by page.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { childOutput } from './child-output'

/** A document to check: its name in the report (a site path), its text, HTML or CSS. */
export interface NuDocument {
  name: string
  text: string
  kind: 'html' | 'css'
}

/** The checker's errors on one document, as `line:col: message`. */
export interface NuResult {
  name: string
  errors: string[]
}

interface NuMessage {
  type: string
  subType?: string
  url?: string
  lastLine?: number
  firstColumn?: number
  lastColumn?: number
  message: string
}

/** Checks every document with `java -jar <jar>`; errors only (warnings are advice). */
export async function nuCheck(jar: string, documents: NuDocument[]): Promise<NuResult[]> {
  const folder = await mkdtemp(join(tmpdir(), 'kiosque-nu-'))
  try {
    const files = await Promise.all(
      documents.map(async (doc, i) => {
        const file = join(folder, `${String(i).padStart(3, '0')}.${doc.kind}`)
        await writeFile(file, doc.text)
        return file
      }),
    )
    const byFile = new Map(files.map((file, i) => [file, documents[i] as NuDocument]))
    const results = new Map(documents.map((d) => [d.name, [] as string[]]))
    for (const kind of ['html', 'css'] as const) {
      const mine = files.filter((f) => byFile.get(f)?.kind === kind)
      if (mine.length === 0) continue
      const args = [
        '-jar',
        jar,
        '--errors-only',
        '--format',
        'json',
        '--stdout',
        '--exit-zero-always',
      ]
      if (kind === 'css') args.push('--css')
      for (const message of await run(args.concat(mine))) {
        const file = message.url?.replace(/^file:/, '') ?? ''
        const name = byFile.get(file)?.name ?? (file || '(no file)')
        // "non-document-error" is the checker failing to read a file, an error all the same.
        const where = `${message.lastLine ?? 0}:${message.firstColumn ?? message.lastColumn ?? 0}`
        results.get(name)?.push(`${where}: ${message.message}`) ??
          results.set(name, [`${where}: ${message.message}`])
      }
    }
    return [...results].map(([name, errors]) => ({ name, errors }))
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

async function run(args: string[]): Promise<NuMessage[]> {
  const { code, stdout, stderr } = await childOutput('java', args)
  try {
    const report = JSON.parse(stdout) as { messages: NuMessage[] }
    return report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error')
  } catch {
    throw new Error(`vnu exited with ${code} and no report: ${stderr.slice(0, 500)}`)
  }
}
