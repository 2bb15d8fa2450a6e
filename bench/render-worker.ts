import { renderMarkdown } from '../src/worker/markdown'

/**
 * The render benchmark's worker, bundled on its own by bench/run.ts. `POST /?k=K&lang=L` with a
 * Markdown body renders it K times and answers with the output length. The client times the
 * whole request for several K and takes the slope, since in production workerd's clocks stand
 * still while code runs. `clock` reports what `Date.now()` and `performance.now()` saw around
 * the loop (they do advance in local workerd), as a cross-check.
 */

// renderMarkdown has returned a string, then an object with `html`; take either, and pass the
// options the worker passes (ignored by a version that takes none).
const render = renderMarkdown as (markdown: string, options?: object) => unknown
const SITE_URL = 'https://bench.kiosque.example'

function htmlLength(out: unknown): number {
  if (typeof out === 'string') return out.length
  const html = (out as { html?: unknown } | null)?.html
  return typeof html === 'string' ? html.length : 0
}

export default {
  async fetch(request: Request): Promise<Response> {
    const params = new URL(request.url).searchParams
    const k = Number(params.get('k') ?? '1')
    const lang = params.get('lang') ?? 'fr'
    const markdown = await request.text()
    const d0 = Date.now()
    const p0 = performance.now()
    let bytes = 0
    for (let i = 0; i < k; i++) bytes += htmlLength(render(markdown, { lang, siteUrl: SITE_URL }))
    const clock = { dateMs: Date.now() - d0, perfMs: performance.now() - p0 }
    return Response.json({ k, bytes, clock })
  },
}
