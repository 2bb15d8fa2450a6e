import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { GeneratedPost } from './generate'

/**
 * A Hugo site holding the same posts as the generated Jekyll site, for the build comparison.
 *
 * Every post is copied unchanged into `content/posts/<file>.<lang>.md`, with one line added to
 * its front matter: `translationKey`, Hugo's name for `lang-ref`. Hugo takes the date and slug from
 * the file name (`[frontmatter] date = [":filename", …]`), as Jekyll does. The layout is minimal:
 * one template for a post (title, date, author, tags, translations, body) and one for the
 * paginated home page of each language, the pages Kiosque serves. Taxonomies, feeds, sitemaps and
 * section lists are disabled since Kiosque builds none of them.
 */
export async function writeHugoSite(
  siteDir: string,
  hugoDir: string,
  posts: GeneratedPost[],
): Promise<void> {
  await rm(hugoDir, { recursive: true, force: true })
  await mkdir(join(hugoDir, 'content', 'posts'), { recursive: true })
  await mkdir(join(hugoDir, 'layouts', '_default'), { recursive: true })
  await writeFile(join(hugoDir, 'config.toml'), CONFIG)
  await writeFile(join(hugoDir, 'layouts', '_default', 'baseof.html'), BASEOF)
  await writeFile(join(hugoDir, 'layouts', '_default', 'single.html'), SINGLE)
  await writeFile(join(hugoDir, 'layouts', 'index.html'), HOME)
  for (let i = 0; i < posts.length; i += 256) {
    await Promise.all(
      posts.slice(i, i + 256).map(async (post) => {
        const text = await readFile(join(siteDir, post.path), 'utf8')
        const withKey = post.langRef
          ? text.replace(/^---\n/, `---\ntranslationKey: ${JSON.stringify(post.langRef)}\n`)
          : text
        const name = basename(post.path).replace(/\.md$/, `.${post.lang}.md`)
        await writeFile(join(hugoDir, 'content', 'posts', name), withKey)
      }),
    )
  }
}

const CONFIG = `baseURL = "https://bench.kiosque.example/"
title = "Le Fournil Synthétique"
defaultContentLanguage = "fr"
defaultContentLanguageInSubdir = false
uglyURLs = true
paginate = 10
disableKinds = ["taxonomy", "term", "section", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false

[frontmatter]
date = [":filename", ":default"]

[permalinks]
posts = "/blog/:year/:month/:day/:slug"

[markup.goldmark.renderer]
unsafe = true

[languages.fr]
weight = 1
languageName = "Français"
[languages.en]
weight = 2
languageName = "English"
[languages.de]
weight = 3
languageName = "Deutsch"
`

const BASEOF = `<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ if .IsTranslated }}<nav><ul>{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></footer>
</body>
</html>
`

const SINGLE = `{{ define "main" }}<article>
<header><h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>{{ with .Params.author }} · {{ . }}{{ end }}</p>
</header>
<div class="body">{{ .Content }}</div>
<footer>{{ with .Params.tags }}<ul class="tags">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ if .IsTranslated }}<p>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Title }}</a> {{ end }}</p>{{ end }}
</footer>
</article>{{ end }}
`

const HOME = `{{ define "main" }}{{ $paginator := .Paginate (where .Site.RegularPages "Section" "posts") }}
<ul class="posts">{{ range $paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}
</ul>
<nav>{{ if $paginator.HasPrev }}<a href="{{ $paginator.Prev.URL }}">←</a>{{ end }} {{ $paginator.PageNumber }}/{{ $paginator.TotalPages }} {{ if $paginator.HasNext }}<a href="{{ $paginator.Next.URL }}">→</a>{{ end }}</nav>
{{ end }}
`
