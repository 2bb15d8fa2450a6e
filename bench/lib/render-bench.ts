import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { renderMarkdown } from '../../src/worker/markdown'

// Either API of renderMarkdown (a string, or an object with `html`); see bench/render-worker.ts.
const render = renderMarkdown as (markdown: string, options?: object) => unknown
const SITE_URL = 'https://bench.kiosque.example'

import { run, withForeignCpu } from './procs'
import { compatibility, serve } from './serve'

export interface RenderFigures {
  label: string
  bodyBytes: number
  htmlBytes: number
  /** Renders per timed request. */
  k: number
  /** Per render, from the slope of client-side request times (k renders vs none), in ms. */
  msPerRender: number
  /** Per render, from Date.now() around the loop inside the worker (advances in local workerd). */
  workerClockMs: number
  /** Per render in Node (same V8, same source), for comparison. */
  nodeMs: number
  /** The first render in the fresh isolate, unoptimised code, from the worker's clock. */
  firstRenderMs?: number
  /** Share of the machine other processes used during the timed rounds. */
  foreignCpuPercent: number
}

/**
 * Bundles one of the bench's own workers (`bench/<name>.ts`) with wrangler, as a deploy would,
 * into `dir`, and returns the bundle's path.
 */
export async function bundleBenchWorker(
  name: 'render-worker' | 'search-worker',
  dir: string,
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const config = join(dir, 'wrangler.toml')
  await writeFile(
    config,
    `name = "kiosque-bench-${name}"\nmain = "${resolve(`bench/${name}.ts`)}"\ncompatibility_date = "${compatibility().compatibilityDate}"\n`,
  )
  const outdir = resolve(dir, 'dist')
  await run(
    resolve('node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', outdir, '--config', config],
    { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  return join(outdir, `${name}.js`)
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/**
 * CPU per render inside workerd. Each timed request renders the body k times; the request is
 * timed from the client, alternately with k renders and with none, `rounds` times. The
 * per-render figure is (median time with k − median time with none) / k: the request's fixed
 * costs (HTTP, body upload, JSON answer) cancel out. Renders run warm (after a warm-up), as
 * they do in a busy isolate; the first render of a fresh isolate is reported apart.
 */
export async function measureRenders(
  bundle: string,
  bodies: { label: string; markdown: string; lang: string }[],
  options: { rounds: number; targetMs: number },
): Promise<RenderFigures[]> {
  const served = await serve({
    name: 'render',
    modules: true,
    scriptPath: bundle,
    compatibilityDate: compatibility().compatibilityDate,
  })
  try {
    const url = served.directUrl
    const call = async (markdown: string, k: number) => {
      const t0 = performance.now()
      const response = await fetch(new URL(`/?k=${k}&lang=${lang}`, url), {
        method: 'POST',
        body: markdown,
      })
      const answer = (await response.json()) as { bytes: number; clock: { dateMs: number } }
      return { wallMs: performance.now() - t0, ...answer }
    }
    const figures: RenderFigures[] = []
    let first = true
    let lang = 'fr'
    for (const body of bodies) {
      const { label, markdown } = body
      lang = body.lang
      const firstCall = await call(markdown, 1)
      const firstRenderMs = first ? firstCall.clock.dateMs : undefined
      first = false
      // Warm up, then size k so that one timed request renders for about targetMs.
      const probe = await call(markdown, 20)
      await call(markdown, 20)
      const estimate = Math.max(0.01, (await call(markdown, 20)).wallMs / 20)
      const k = Math.max(5, Math.min(2000, Math.round(options.targetMs / estimate)))
      for (let i = 0; i < 20; i++) render(markdown, { lang, siteUrl: SITE_URL })
      // Rounds interleave the three timings, so that a burst of load elsewhere hits all alike.
      const none: number[] = []
      const some: number[] = []
      const clocks: number[] = []
      const node: number[] = []
      const { foreignCpuPercent } = await withForeignCpu(
        async () => {
          for (let i = 0; i < options.rounds; i++) {
            none.push((await call(markdown, 0)).wallMs)
            const timed = await call(markdown, k)
            some.push(timed.wallMs)
            clocks.push(timed.clock.dateMs / k)
            const t0 = performance.now()
            for (let j = 0; j < k; j++) render(markdown, { lang, siteUrl: SITE_URL })
            node.push((performance.now() - t0) / k)
          }
        },
        () => [served.pid],
      )
      const nodeMs = median(node)
      figures.push({
        label,
        bodyBytes: Buffer.byteLength(markdown),
        htmlBytes: probe.bytes / 20,
        k,
        msPerRender: (median(some) - median(none)) / k,
        workerClockMs: median(clocks),
        nodeMs,
        ...(firstRenderMs === undefined ? {} : { firstRenderMs }),
        foreignCpuPercent,
      })
    }
    return figures
  } finally {
    await served.close()
  }
}
