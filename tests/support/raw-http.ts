import { request } from 'node:http'

/** What a raw HTTP/1.1 exchange gave back. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * Sends one HTTP/1.1 request over a socket to a loopback origin (Miniflare's own socket), with
 * any method and any request target, which `fetch` refuses (TRACE, unknown methods, raw `<`
 * in the path, a Host of our choosing). Bounded: a request that has no answer in `timeoutMs`
 * fails.
 */
export function rawRequest(
  origin: URL,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<RawResponse> {
  if (origin.hostname !== '127.0.0.1' && origin.hostname !== 'localhost')
    throw new Error(`refusing to send anything but to loopback: ${origin.href}`)
  return new Promise((done, fail) => {
    const req = request(
      {
        host: origin.hostname,
        port: origin.port,
        method,
        path: target,
        headers,
        timeout: timeoutMs,
        insecureHTTPParser: true,
      },
      (res) => {
        let body = ''
        res.setEncoding('latin1')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)))
    req.on('error', fail)
    req.end()
  })
}
