/**
 * Which files of the content folder Jekyll reads, after its EntryFilter: `exclude` and `include`
 * of `_config.yml` (prefix or fnmatch patterns), names starting with `.`, `_`, `#` or `~` and
 * backup files ending in `~` left out unless included.
 */

/** `_config.yml`'s `include` and `exclude`, Jekyll's defaults applied. */
export interface EntryRules {
  include: readonly string[]
  exclude: readonly string[]
}

/** Jekyll's DEFAULTS `include`, replaced (not extended) by the site's own list. */
export const DEFAULT_INCLUDE = ['.htaccess']

/** Configuration::DEFAULT_EXCLUDES, which Jekyll always adds to the site's list. */
export const DEFAULT_EXCLUDE = [
  '.sass-cache',
  '.jekyll-cache',
  'gemfiles',
  'Gemfile',
  'Gemfile.lock',
  'node_modules',
  'vendor/bundle/',
  'vendor/cache/',
  'vendor/gems/',
  'vendor/ruby/',
]

/**
 * True when Jekyll leaves `path` out. Each folder on the way is filtered as Jekyll filters it
 * while walking; `reserved(index)` names the components that are Jekyll's own folders
 * (`_posts`, a collection's `_name`), which are walked whatever their name.
 * @example isFilteredOut('.circleci/config.yml', rules) // true
 */
export function isFilteredOut(
  path: string,
  rules: EntryRules,
  reserved: (index: number, name: string) => boolean = () => false,
): boolean {
  const parts = path.split('/')
  const exclude = rules.exclude.filter((p) => !rules.include.includes(p))
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i] ?? ''
    const relative = parts.slice(0, i + 1).join('/')
    const isDir = i < parts.length - 1
    const included = matchesAny(rules.include, name, isDir)
    if (matchesAny(exclude, relative, isDir) && !included) return true
    if (included || reserved(i, name)) continue
    if (/^[._#~]/.test(name) || name.endsWith('~')) return true
  }
  return false
}

// EntryFilter#glob_include?: File.fnmatch (no flags: `*` crosses `/`), a plain prefix of the
// path as a string, or a folder named with a trailing slash.
function matchesAny(patterns: readonly string[], entry: string, isDir: boolean): boolean {
  return patterns.some((raw) => {
    const pattern = raw.replace(/^\/+/, '')
    if (pattern === '') return false
    return (
      fnmatch(pattern, entry) || entry.startsWith(pattern) || (isDir && pattern === `${entry}/`)
    )
  })
}

const patterns = new Map<string, RegExp>()

/** Ruby's File.fnmatch without flags: `*` any run of characters, `?` one, `[...]` a class. */
export function fnmatch(pattern: string, text: string): boolean {
  let re = patterns.get(pattern)
  if (!re) {
    let source = ''
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] ?? ''
      if (c === '*') source += '[\\s\\S]*'
      else if (c === '?') source += '[\\s\\S]'
      else if (c === '\\' && i + 1 < pattern.length) source += literal(pattern[++i] ?? '')
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 2)
        if (end === -1) source += '\\['
        else {
          const body = pattern.slice(i + 1, end)
          const negated = body.startsWith('!') || body.startsWith('^')
          const members = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&')
          source += `[${negated ? '^' : ''}${members}]`
          i = end
        }
      } else source += literal(c)
    }
    re = new RegExp(`^${source}$`)
    patterns.set(pattern, re)
  }
  return re.test(text)
}

function literal(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
