import hljsCore from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import css from 'highlight.js/lib/languages/css'
import diff from 'highlight.js/lib/languages/diff'
import go from 'highlight.js/lib/languages/go'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import markdown from 'highlight.js/lib/languages/markdown'
import python from 'highlight.js/lib/languages/python'
import rust from 'highlight.js/lib/languages/rust'
import sql from 'highlight.js/lib/languages/sql'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'

// A curated set: every grammar costs bundle size (highlight.js's full build is ~190 languages),
// and these cover what a blog's code blocks are written in. Each brings its usual aliases
// (js, ts, jsx, tsx, sh, zsh, py, yml, md, patch, golang, rs, and html, svg via xml).
const LANGUAGES = {
  bash,
  css,
  diff,
  go,
  javascript,
  json,
  markdown,
  python,
  rust,
  sql,
  typescript,
  xml,
  yaml,
}

// Highlighting runs a grammar's regexes over the whole block: past this size a block is shown
// plain, which bounds the CPU time one post can take on a cache miss.
const MAX_HIGHLIGHTED_LENGTH = 32_000

// A dedicated instance: the shared `highlight.js/lib/core` singleton stays untouched.
const hljs = hljsCore.newInstance()
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language)
// Authors write ```shell for shell scripts (GitHub reads it as such); highlight.js's own `shell`
// is for console sessions with prompts, which would leave plain commands unhighlighted.
hljs.registerAliases(['shell'], { languageName: 'bash' })

/**
 * Highlights code in a language (a name or alias, any case) as HTML with `hljs-*` classes only,
 * or returns undefined for a language outside the set (the caller shows it plain).
 */
export function highlight(code: string, language: string): string | undefined {
  if (code.length > MAX_HIGHLIGHTED_LENGTH || !hljs.getLanguage(language)) return undefined
  // ignoreIllegals: code the grammar rejects is still highlighted as far as it goes.
  return hljs.highlight(code, { language, ignoreIllegals: true }).value
}
