import type { SearchFigures } from './search-bench'

/** The shape of bench/results.json, and its renderings: a Markdown table and an SVG bar chart. */

export interface Scenario {
  id: string
  label: string
  server: 'bare' | 'kiosque' | 'nginx'
  /** Which socket: workerd's direct socket to the worker, or Miniflare's entry socket. */
  socket?: 'direct' | 'entry'
  target: string
  reqPerSec: number
  /** req/s divided by the bare worker's req/s from the same run (same socket). */
  ratio: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  requests: number
  seconds: number
  bytesPerRequest: number
  /** CPU time the server processes used per request (workerd: every thread of the process). */
  serverCpuMsPerRequest: number
  /** Share of both cores used by processes that are not the benchmark's, during the scenario. */
  foreignCpuPercent: number
  errors: Record<string, number>
  counts: Record<string, number>
  note?: string
}

export interface Target {
  name: string
  target: string
  value: string
  met: boolean | null
  note?: string
}

export interface Results {
  schema: 1
  date: string
  mode: 'full' | 'smoke'
  options: Record<string, unknown>
  machine: Record<string, unknown>
  /** The Kiosque source measured: commit, and whether src/ had uncommitted changes. */
  source: Record<string, unknown>
  versions: Record<string, string>
  site: Record<string, unknown>
  build: Record<string, unknown>
  publish: Record<string, unknown>
  serving: { scenarios: Scenario[]; skipped: { id: string; reason: string }[]; method: string }
  render: Record<string, unknown>
  bundle: Record<string, unknown>
  memory: Record<string, unknown>
  /** Search query CPU, index size and bundle growth (bench/lib/search-bench.ts). */
  search?: SearchFigures
  targets: Target[]
  notes: string[]
  durationSeconds: number
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a'

/** The serving table and the targets, in Markdown. */
export function markdownTables(results: Results): string {
  const lines = [
    '| scenario | req/s | vs bare | p50 ms | p99 ms | server CPU ms/req | foreign CPU | note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const s of results.serving.scenarios) {
    lines.push(
      `| ${s.label} | ${fmt(s.reqPerSec)} | ${fmt(s.ratio * 100)}% | ${fmt(s.p50Ms, 2)} | ${fmt(s.p99Ms, 2)} | ${fmt(s.serverCpuMsPerRequest, 3)} | ${fmt(s.foreignCpuPercent)}% | ${s.note ?? ''} |`,
    )
  }
  for (const s of results.serving.skipped)
    lines.push(`| ${s.id} | — | — | — | — | — | — | skipped: ${s.reason} |`)
  lines.push('', '| target | goal | measured | met |', '| --- | --- | --- | --- |')
  for (const t of results.targets) {
    const met = t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'
    lines.push(`| ${t.name} | ${t.target} | ${t.value}${t.note ? ` (${t.note})` : ''} | ${met} |`)
  }
  return lines.join('\n')
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const COLORS: Record<Scenario['server'], string> = {
  bare: '#8a8f98',
  kiosque: '#2f6fde',
  nginx: '#2e9e5b',
}

/** A horizontal bar chart of req/s per scenario, each bar labelled with its ratio to bare. */
export function svgChart(results: Results): string {
  const scenarios = results.serving.scenarios
  const width = 960
  const left = 330
  const right = 190
  const barHeight = 22
  const gap = 10
  const top = 84
  const plot = width - left - right
  const max = Math.max(1, ...scenarios.map((s) => s.reqPerSec))
  const height = top + scenarios.length * (barHeight + gap) + 56
  const ticks = niceTicks(max)
  const x = (v: number) => left + (v / ticks.max) * plot
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" font-size="16" font-weight="600">Kiosque: requests per second, side by side in one run</text>`,
    `<text x="${left}" y="44" fill="#555">${escapeXml(subtitle(results))}</text>`,
  ]
  for (const t of ticks.values) {
    parts.push(
      `<line x1="${x(t).toFixed(1)}" y1="${top - 6}" x2="${x(t).toFixed(1)}" y2="${height - 44}" stroke="#e3e5e8"/>`,
      `<text x="${x(t).toFixed(1)}" y="${height - 28}" text-anchor="middle" fill="#555">${fmt(t)}</text>`,
    )
  }
  parts.push(
    `<text x="${left + plot / 2}" y="${height - 10}" text-anchor="middle" fill="#555">requests per second (higher is better); percentages: share of the bare worker's rate on the same socket</text>`,
  )
  const legend: [string, string][] = [
    [COLORS.bare, 'bare worker'],
    [COLORS.kiosque, 'Kiosque'],
    ['#b9c9e8', 'through Miniflare’s entry socket'],
    [COLORS.nginx, 'nginx, static files'],
  ]
  let lx = left
  for (const [color, text] of legend) {
    parts.push(
      `<rect x="${lx}" y="54" width="12" height="12" fill="${color}" rx="2"/>`,
      `<text x="${lx + 17}" y="64" font-size="12" fill="#333">${escapeXml(text)}</text>`,
    )
    lx += 30 + text.length * 6.5
  }
  scenarios.forEach((s, i) => {
    const y = top + i * (barHeight + gap)
    const w = Math.max(1, x(s.reqPerSec) - left)
    const color = s.socket === 'entry' ? '#b9c9e8' : COLORS[s.server]
    parts.push(
      `<text x="${left - 10}" y="${y + barHeight / 2 + 4}" text-anchor="end">${escapeXml(s.label)}</text>`,
      `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${color}" rx="2"/>`,
      `<text x="${(left + w + 6).toFixed(1)}" y="${y + barHeight / 2 + 4}">${fmt(s.reqPerSec)} req/s · ${fmt(s.ratio * 100)}%</text>`,
    )
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

function subtitle(results: Results): string {
  const m = results.machine
  const o = results.options
  return `${o.posts} posts · wrk ${o.threads}t/${o.connections}c, ${o.duration}s a scenario · ${m.cpu}, ${m.cores} cores · ${results.date.slice(0, 10)}`
}

function niceTicks(max: number): { max: number; values: number[] } {
  const raw = max / 5
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw
  const top = Math.ceil(max / step) * step
  const values: number[] = []
  for (let v = 0; v <= top + step / 2; v += step) values.push(v)
  return { max: top, values }
}
