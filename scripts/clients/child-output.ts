import { spawn } from 'node:child_process'

/** What a finished child process gave: its exit code and everything it printed. */
export interface ChildOutput {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs `command` to its end, writing `input` (if any) to its standard input, and resolves with
 * its exit code and output, whatever the code: the callers read their tools' reports either way.
 * Rejects only when the command cannot be started.
 */
export function childOutput(command: string, args: string[], input?: string): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}
