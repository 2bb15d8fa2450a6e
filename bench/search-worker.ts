import { queryTerms, type SearchRoot } from '../src/model/search'
import { clearSearchCaches, rankedIds, snippet, snippetSources } from '../src/worker/search'

/**
 * The search benchmark's worker, bundled on its own by bench/lib/search-bench.ts. `POST /load`
 * takes one language's index (its root and the shard values, as KV holds them); `POST /run`
 * answers a list of queries as the search route does (terms, ranking over the shards, the
 * snippets of the first page) and times each one with performance.now(), which advances in
 * local workerd by whole milliseconds (so each query is timed over ten runs). Cold: the caches emptied before each query, so its shards are parsed from
 * their JSON text as a fresh isolate parses what KV gives it. Warm: its shards already parsed
 * by a first run, the result cache emptied, as a busy isolate meets a new query.
 */

let index: { lang: string; root: SearchRoot; values: Map<string, string> } | undefined
const PER_PAGE = 10
const REPS = 10

async function answer(query: string): Promise<number> {
  if (!index) throw new Error('POST /load first')
  const { lang, root, values } = index
  const read = async <T>(key: string): Promise<T> => JSON.parse(values.get(key) ?? 'null') as T
  const terms = queryTerms(query, lang)
  const { ids } = await rankedIds('bench', lang, root, terms, read)
  const page = ids.slice(0, PER_PAGE)
  const texts = await snippetSources(root, page, read)
  let parts = 0
  for (const id of page) parts += snippet(texts.get(id) ?? '', lang, terms).length
  return ids.length + parts
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/load') {
      const body = (await request.json()) as {
        lang: string
        root: SearchRoot
        values: Record<string, string>
      }
      index = { lang: body.lang, root: body.root, values: new Map(Object.entries(body.values)) }
      return Response.json({ keys: index.values.size })
    }
    const { queries, mode } = (await request.json()) as {
      queries: string[]
      mode: 'cold' | 'warm'
    }
    const ms: number[] = []
    let found = 0
    for (const query of queries) {
      if (mode === 'warm') {
        clearSearchCaches()
        await answer(query)
      }
      // The isolate's clock ticks by the millisecond: each query runs REPS times in one timing.
      const t0 = performance.now()
      for (let i = 0; i < REPS; i++) {
        clearSearchCaches(mode === 'warm')
        found += await answer(query)
      }
      ms.push((performance.now() - t0) / REPS)
    }
    return Response.json({ ms, found })
  },
}
