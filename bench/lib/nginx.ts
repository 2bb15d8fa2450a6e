import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort } from '../../src/cli/dev-server'
import { childrenOf, start, stop } from './procs'

/** An nginx serving a folder of pre-rendered pages on 127.0.0.1, in the foreground. */
export interface Nginx {
  url: URL
  /** The master and its worker processes, for CPU accounting. */
  pids(): number[]
  close(): Promise<void>
}

/**
 * Starts nginx with a generated nginx.conf (`daemon off`, one worker process like workerd's one
 * isolate thread, no access log, pid and temp files under `dir`), serving `docroot`.
 */
export async function startNginx(dir: string, docroot: string): Promise<Nginx> {
  await mkdir(join(dir, 'temp'), { recursive: true })
  const port = await freePort()
  const conf = join(dir, 'nginx.conf')
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'temp', name)};`
  const root = process.getuid?.() === 0
  await writeFile(
    conf,
    `${root ? 'user root;\n' : ''}daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  ${temp('client_body')}
  ${temp('proxy')}
  ${temp('fastcgi')}
  ${temp('uwsgi')}
  ${temp('scgi')}
  server {
    listen 127.0.0.1:${port};
    root ${docroot};
    index index.html;
    location / { try_files $uri $uri/index.html =404; }
  }
}
`,
  )
  const child: ChildProcess = start('nginx', ['-p', dir, '-c', conf])
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const url = new URL(`http://127.0.0.1:${port}/`)
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`)
    try {
      await fetch(url)
      break
    } catch {
      if (Date.now() > deadline) {
        await stop(child)
        const log = existsSync(join(dir, 'error.log'))
          ? await readFile(join(dir, 'error.log'), 'utf8')
          : ''
        throw new Error(`nginx did not answer on ${url.href}: ${stderr}${log}`)
      }
      await new Promise((done) => setTimeout(done, 100))
    }
  }
  const master = child.pid as number
  return {
    url,
    pids: () => [master, ...childrenOf(master).map((c) => c.pid)],
    close: () => stop(child),
  }
}
