import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

/**
 * A deterministic synthetic multilingual Jekyll site for the benchmarks: the same seed and size
 * always give byte-identical files.
 *
 *   npx tsx bench/generate.ts [--posts 10000] [--seed 1] [DIR]     (DIR defaults to bench/out/site)
 *
 * Posts are French (the default language, in `_posts/`), English (`en/_posts/`) and German
 * (`de/_posts/`). About one post in three belongs to a translation group (a shared `lang-ref`).
 * Bodies run from 1 to 30 KB, median about 4 KB, with headings, paragraphs, lists, code blocks,
 * tables, images with captions, links, quotes and sometimes an iframe embed.
 */

export type BenchLang = 'fr' | 'en' | 'de'

export interface GeneratedPost {
  /** Path relative to the site root, e.g. `en/_posts/2019-03-04-oven-floor-42.md`. */
  path: string
  lang: BenchLang
  /** The URL Kiosque (and Jekyll) gives the post. */
  url: string
  /** Size of the Markdown body in bytes (without front matter). */
  bodyBytes: number
  langRef?: string
}

export interface GeneratedSite {
  dir: string
  seed: number
  posts: GeneratedPost[]
  tags: string[]
}

export const LANGS: readonly BenchLang[] = ['fr', 'en', 'de']
const MIN_BODY = 1024
const MAX_BODY = 30 * 1024

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rng = () => number
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1))

// The fixed tag vocabulary, shared by every language (as many real multilingual blogs do).
export const TAGS = [
  'levain',
  'farine',
  'four',
  'recette',
  'cooperative',
  'equipe',
  'fournisseurs',
  'quartier',
  'evenement',
  'comptes',
  'energie',
  'formation',
  'outils',
  'open-source',
  'livraison',
  'saison',
  'solidarite',
  'patisserie',
  'hygiene',
  'architecture',
  'climat',
  'emploi',
  'histoire',
  'technique',
] as const

interface Vocabulary {
  words: string[]
  heads: string[]
  authors: string[]
  caption: string
  more: string
}

const VOCAB: Record<BenchLang, Vocabulary> = {
  fr: {
    words:
      'le la les un une des du de et à au aux pour avec sans dans sur sous entre chez notre nos votre leur pain farine levain four fournée pâte eau sel blé seigle épeautre meunier paysan boulangerie coopérative équipe matin nuit semaine quartier client comptoir prix recette cuisson température hydratation pétrissage pointage façonnage grigne croûte mie saveur goût récolte moulin livraison vélo énergie bois chaleur assemblée bilan projet histoire travail temps fermentation acidité tablette outil calcul mesure nouveau ancien long court chaud froid lent rapide simple difficile bon meilleur toujours souvent parfois jamais encore déjà aussi très peu beaucoup fait commence explique change garde partage goûte ajuste mesure'.split(
        ' ',
      ),
    heads:
      'Pourquoi|Comment nous travaillons|Ce que nous avons appris|Les chiffres|Et ensuite ?|La méthode|Un peu d’histoire|Questions fréquentes|Le matériel|Ce qui a changé'.split(
        '|',
      ),
    authors: ['Maëlle Dufresne', 'Karim Benali', 'Inès Lacombe', 'Théo Marchand', 'Lucie Ferrand'],
    caption: 'Photo',
    more: 'Lire aussi',
  },
  en: {
    words:
      'the a an of and to in on for with without from at by our your their bread flour starter oven batch dough water salt wheat rye spelt miller farmer bakery cooperative team morning night week neighbourhood customer counter price recipe bake temperature hydration kneading proofing shaping score crust crumb flavour taste harvest mill delivery bike energy wood heat meeting report project history work time fermentation acidity tablet tool sum measure new old long short warm cold slow quick simple hard good better always often sometimes never still already also very little much makes starts explains changes keeps shares tastes adjusts weighs'.split(
        ' ',
      ),
    heads:
      'Why|How we work|What we learned|The numbers|What next?|The method|A little history|Frequently asked questions|The equipment|What changed'.split(
        '|',
      ),
    authors: ['Maëlle Dufresne', 'Karim Benali', 'Inès Lacombe', 'Sam Okafor', 'Ruth Ellis'],
    caption: 'Photo',
    more: 'See also',
  },
  de: {
    words:
      'der die das ein eine und zu im am für mit ohne aus bei von unser unsere ihr Brot Mehl Sauerteig Ofen Backgang Teig Wasser Salz Weizen Roggen Dinkel Müller Bauer Bäckerei Genossenschaft Team Morgen Nacht Woche Viertel Kunde Theke Preis Rezept Backen Temperatur Hydratation Kneten Gare Formen Einschnitt Kruste Krume Geschmack Ernte Mühle Lieferung Fahrrad Energie Holz Wärme Versammlung Bilanz Projekt Geschichte Arbeit Zeit Gärung Säure Tablet Werkzeug Rechnung Maß neu alt lang kurz warm kalt langsam schnell einfach schwer gut besser immer oft manchmal nie noch schon auch sehr wenig viel macht beginnt erklärt ändert behält teilt probiert passt wiegt'.split(
        ' ',
      ),
    heads:
      'Warum|Wie wir arbeiten|Was wir gelernt haben|Die Zahlen|Wie geht es weiter?|Die Methode|Ein wenig Geschichte|Häufige Fragen|Die Ausrüstung|Was sich geändert hat'.split(
        '|',
      ),
    authors: ['Maëlle Dufresne', 'Karim Benali', 'Jonas Weber', 'Anna Krüger', 'Lena Vogel'],
    caption: 'Foto',
    more: 'Siehe auch',
  },
}

const CODE_SAMPLES = [
  {
    lang: 'js',
    text: `// Hydration of a dough, counting the water and flour already in the starter.
export function hydration(flour, water, starter, starterHydration = 1) {
  const starterFlour = starter / (1 + starterHydration)
  const starterWater = starter - starterFlour
  return (water + starterWater) / (flour + starterFlour)
}

console.log(hydration(1000, 650, 200).toFixed(3))`,
  },
  {
    lang: 'python',
    text: `import csv
from collections import Counter

def loaves_per_day(path):
    counts = Counter()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            counts[row["day"]] += int(row["loaves"])
    return counts.most_common()`,
  },
  {
    lang: 'sh',
    text: `#!/bin/sh
set -eu
# Export yesterday's sales and send them to the accountant.
day=$(date -d yesterday +%F)
sqlite3 -csv sales.db "select * from sales where day = '$day'" > "sales-$day.csv"
echo "exported $(wc -l < "sales-$day.csv") rows"`,
  },
  {
    lang: 'yaml',
    text: `oven:
  deck: 3
  max_temperature: 280
  schedule:
    - { time: "04:00", batch: baguettes }
    - { time: "05:30", batch: country loaves }
    - { time: "07:00", batch: brioche }`,
  },
]

function sentence(rng: Rng, v: Vocabulary, words = int(rng, 8, 22)): string {
  const out: string[] = []
  for (let i = 0; i < words; i++) {
    let w = pick(rng, v.words)
    const r = rng()
    if (r < 0.03) w = `**${w}**`
    else if (r < 0.06) w = `_${w}_`
    else if (r < 0.075) w = `\`${w}\``
    out.push(w)
  }
  const s = out.join(' ')
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}${rng() < 0.1 ? ' ?' : '.'}`
}

function paragraph(rng: Rng, v: Vocabulary): string {
  const parts: string[] = []
  const n = int(rng, 2, 6)
  for (let i = 0; i < n; i++) {
    let s = sentence(rng, v)
    if (rng() < 0.25) {
      const anchor = `${pick(rng, v.words)} ${pick(rng, v.words)}`
      const href =
        rng() < 0.5
          ? `https://example.org/${pick(rng, TAGS)}/${int(rng, 1, 999)}`
          : `/blog/${int(rng, 2010, 2025)}/0${int(rng, 1, 9)}/1${int(rng, 0, 9)}/${pick(rng, TAGS)}.html`
      s = `${s} [${anchor}](${href}).`
    }
    parts.push(s)
  }
  return parts.join(' ')
}

function list(rng: Rng, v: Vocabulary): string {
  const ordered = rng() < 0.35
  const n = int(rng, 3, 7)
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    const bullet = ordered ? `${i + 1}.` : '-'
    lines.push(`${bullet} ${sentence(rng, v, int(rng, 4, 12))}`)
    if (!ordered && rng() < 0.2) {
      lines.push(`  - ${sentence(rng, v, int(rng, 3, 8))}`)
      lines.push(`  - ${sentence(rng, v, int(rng, 3, 8))}`)
    }
  }
  return lines.join('\n')
}

function table(rng: Rng, v: Vocabulary): string {
  const cols = int(rng, 3, 5)
  const rows = int(rng, 3, 8)
  const head = Array.from({ length: cols }, () => pick(rng, v.words))
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ]
  for (let r = 0; r < rows; r++) {
    const cells = head.map((_, i) =>
      i === 0 ? pick(rng, v.words) : (rng() * 1000).toFixed(int(rng, 0, 2)),
    )
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

function figure(rng: Rng, v: Vocabulary, n: number): string {
  const alt = sentence(rng, v, int(rng, 3, 8)).replace(/[*_`?.]/g, '')
  const src = `/img/blog/${pick(rng, TAGS)}-${n}.jpg`
  const credit = `${sentence(rng, v, int(rng, 4, 9)).replace(/[*_`.?]/g, '')} © ${pick(rng, v.authors)}`
  return `![${alt}](${src})\n_${credit}_`
}

function iframe(rng: Rng): string {
  const id = Math.floor(rng() * 2 ** 32)
    .toString(36)
    .padStart(7, '0')
  return `<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/${id}" title="Video" frameborder="0" allow="encrypted-media; picture-in-picture" allowfullscreen></iframe>`
}

/** A Markdown body of roughly `target` bytes (never under MIN_BODY, trimmed to MAX_BODY). */
function body(rng: Rng, v: Vocabulary, target: number): string {
  const blocks: string[] = [paragraph(rng, v), figure(rng, v, 1)]
  let size = blocks.join('\n\n').length
  let figures = 1
  let embedded = false
  while (size < target) {
    const r = rng()
    let block: string
    if (r < 0.12) block = `## ${pick(rng, v.heads)}`
    else if (r < 0.18) block = `### ${pick(rng, v.heads)}`
    else if (r < 0.55) block = paragraph(rng, v)
    else if (r < 0.67) block = list(rng, v)
    else if (r < 0.74) {
      const code = pick(rng, CODE_SAMPLES)
      block = `\`\`\`${code.lang}\n${code.text}\n\`\`\``
    } else if (r < 0.81) block = table(rng, v)
    else if (r < 0.87) block = figure(rng, v, ++figures)
    else if (r < 0.93) block = `> ${sentence(rng, v)} ${sentence(rng, v)}`
    else if (!embedded && r < 0.96) {
      block = iframe(rng)
      embedded = true
    } else
      block = `${v.more} : [${sentence(rng, v, 4).replace(/[*_`.?]/g, '')}](/${pick(rng, TAGS)}/)`
    blocks.push(block)
    size += block.length + 2
  }
  let text = `${blocks.join('\n\n')}\n`
  // Sizes are in bytes: accented letters count twice.
  while (Buffer.byteLength(text) > MAX_BODY) {
    blocks.pop()
    text = `${blocks.join('\n\n')}\n`
  }
  return text
}

/** Body sizes skewed towards short posts: 1 KB × 30^(u^1.3), median ≈ 4 KB, max 30 KB. */
function bodyTarget(rng: Rng): number {
  return Math.round(MIN_BODY * 30 ** (rng() ** 1.3))
}

const slugify = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

const yamlString = (s: string) => JSON.stringify(s)

const CONFIG = `# Synthetic multilingual blog generated by bench/generate.ts.
title: Le Fournil Synthétique
description: Un blog de boulangerie coopérative en trois langues, généré pour les mesures.
url: "https://bench.kiosque.example"
permalink: /blog/:year/:month/:day/:title.html
lang: fr
languages: [fr, en, de]
future: false
paginate: 10
defaults:
  - scope:
      path: ""
    values:
      layout: post
      locale: fr
  - scope:
      path: "en"
    values:
      locale: en
      permalink: /en/blog/:year/:month/:day/:title.html
  - scope:
      path: "de"
    values:
      locale: de
      permalink: /de/blog/:year/:month/:day/:title.html
`

/**
 * Writes the site to `dir` (emptied first) and returns what it wrote.
 * @example await generateSite('bench/out/site', { posts: 10_000, seed: 1 })
 */
export async function generateSite(
  dir: string,
  options: { posts: number; seed?: number },
): Promise<GeneratedSite> {
  const seed = options.seed ?? 1
  const rng = mulberry32(seed)
  await rm(dir, { recursive: true, force: true })
  for (const lang of LANGS)
    await mkdir(join(dir, lang === 'fr' ? '' : lang, '_posts'), { recursive: true })
  await writeFile(join(dir, '_config.yml'), CONFIG)

  const posts: GeneratedPost[] = []
  const files: [string, string][] = []
  const start = Date.UTC(2010, 0, 1)
  const days = Math.floor((Date.UTC(2025, 11, 31) - start) / 86_400_000)
  let article = 0
  while (posts.length < options.posts) {
    article++
    // One article in six is translated into 2 or 3 languages: 2.5/(2.5+5) = 1/3 of the posts.
    const translated = rng() < 1 / 6
    const original: BenchLang = rng() < 0.6 ? 'fr' : rng() < 0.6 ? 'en' : 'de'
    const others = LANGS.filter((l) => l !== original)
    if (rng() < 0.5) others.reverse()
    const langs: BenchLang[] = translated
      ? [original, ...others.slice(0, rng() < 0.5 ? 1 : 2)]
      : [original]
    const day = new Date(start + int(rng, 0, days) * 86_400_000).toISOString().slice(0, 10)
    const tags = [...new Set(Array.from({ length: int(rng, 1, 4) }, () => pick(rng, TAGS)))]
    const target = bodyTarget(rng)
    const langRef = translated ? `article-${article}` : undefined
    for (const lang of langs) {
      if (posts.length >= options.posts) break
      const v = VOCAB[lang]
      const title = sentence(rng, v, int(rng, 3, 8))
        .replace(/[*_`.?]/g, '')
        .trim()
      const slug = `${slugify(title).split('-').slice(0, 6).join('-')}-${article}`
      const text = body(rng, v, target)
      const folder = lang === 'fr' ? '_posts' : `${lang}/_posts`
      const path = `${folder}/${day}-${slug}.md`
      const front = [
        '---',
        'layout: post',
        `title: ${yamlString(title)}`,
        `description: ${yamlString(sentence(rng, v, int(rng, 10, 24)).replace(/[*_`]/g, ''))}`,
        `author: ${yamlString(pick(rng, v.authors))}`,
        `image: /img/blog/${tags[0]}-1.jpg`,
        'tags:',
        ...tags.map((t) => `  - ${t}`),
        ...(langRef ? [`lang-ref: ${yamlString(langRef)}`] : []),
        '---',
        '',
      ].join('\n')
      files.push([path, `${front}${text}`])
      const [y, m, d] = day.split('-')
      const prefix = lang === 'fr' ? '' : `/${lang}`
      posts.push({
        path,
        lang,
        url: `${prefix}/blog/${y}/${m}/${d}/${slug}.html`,
        bodyBytes: Buffer.byteLength(text),
        ...(langRef ? { langRef } : {}),
      })
    }
  }
  // Write in bounded parallel batches: 10,000 files one by one are needlessly slow.
  for (let i = 0; i < files.length; i += 256) {
    await Promise.all(files.slice(i, i + 256).map(([p, t]) => writeFile(join(dir, p), t)))
  }
  return { dir, seed, posts, tags: [...TAGS] }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    options: {
      posts: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
    },
    allowPositionals: true,
  })
  const dir = positionals[0] ?? 'bench/out/site'
  const site = await generateSite(dir, { posts: Number(values.posts), seed: Number(values.seed) })
  const bytes = site.posts.reduce((n, p) => n + p.bodyBytes, 0)
  const translated = site.posts.filter((p) => p.langRef).length
  console.log(
    `wrote ${site.posts.length} posts (${translated} in translation groups, ${(bytes / 1048576).toFixed(1)} MiB of Markdown) to ${dir}`,
  )
}
