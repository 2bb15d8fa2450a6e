/**
 * Reads a workerd isolate's V8 heap through its inspector (the Chrome DevTools protocol), which
 * Miniflare exposes with `inspectorPort`. Uses undici's WebSocket (Miniflare depends on undici;
 * Node 20 has no global WebSocket without a flag). Returns undefined when anything is missing,
 * and the benchmark then reports the workerd process's RSS only.
 */
export interface HeapReader {
  /** V8 heap in use and allocated, in bytes. */
  usage(): Promise<{ usedBytes: number; totalBytes: number }>
  /**
   * Forces a full garbage collection. workerd handles it only when the isolate next runs, so
   * `poke` (a request to the worker) is called until it is done.
   */
  collectGarbage(poke: () => Promise<unknown>): Promise<void>
  /** Starts V8's sampling CPU profiler in the isolate. */
  startProfiler(): Promise<void>
  /** Stops it and returns the profile (the .cpuprofile format). */
  stopProfiler(): Promise<CpuProfile>
  close(): void
}

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

interface WebSocketLike {
  send(data: string): void
  close(): void
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void
}

export async function connectHeapReader(
  inspectorUrl: URL,
  workerName: string,
): Promise<HeapReader | undefined> {
  let WebSocketClass: (new (url: string) => WebSocketLike) | undefined
  try {
    const undici = (await import('undici')) as unknown as {
      WebSocket: new (url: string) => WebSocketLike
    }
    WebSocketClass = undici.WebSocket
  } catch {
    return undefined
  }
  const http = new URL(inspectorUrl.href.replace(/^ws/, 'http'))
  const targets = (await (await fetch(new URL('/json', http))).json()) as {
    id: string
    webSocketDebuggerUrl: string
  }[]
  const target = targets.find((t) => t.id === `core:user:${workerName}`)
  if (!target) return undefined
  const socket = new WebSocketClass(target.webSocketDebuggerUrl)
  await new Promise<void>((done, fail) => {
    socket.addEventListener('open', () => done())
    socket.addEventListener('error', () => fail(new Error('inspector connection failed')))
  })
  let nextId = 1
  const pending = new Map<number, (result: Record<string, unknown>) => void>()
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number
      result?: Record<string, unknown>
    }
    if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {})
    if (message.id !== undefined) pending.delete(message.id)
  })
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        fail(new Error(`inspector ${method} timed out`))
      }, 30_000)
      pending.set(id, (result) => {
        clearTimeout(timer)
        done(result)
      })
      socket.send(JSON.stringify({ id, method, params }))
    })
  return {
    async usage() {
      const result = await call('Runtime.getHeapUsage')
      return { usedBytes: Number(result.usedSize), totalBytes: Number(result.totalSize) }
    },
    async collectGarbage(poke) {
      let done = false
      const gc = call('HeapProfiler.collectGarbage').finally(() => {
        done = true
      })
      while (!done) await Promise.race([gc, poke().catch(() => undefined)])
      await gc
    },
    async startProfiler() {
      await call('Profiler.enable')
      await call('Profiler.setSamplingInterval', { interval: 200 })
      await call('Profiler.start')
    },
    async stopProfiler() {
      const result = await call('Profiler.stop')
      return result.profile as CpuProfile
    },
    close: () => socket.close(),
  }
}
