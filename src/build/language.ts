import type { Lang } from '../model/types'

// ISO 639-1: the two-letter codes a folder name or a `lang:` value may use without being declared.
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy ' +
    'da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu ' +
    'hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb ' +
    'lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om ' +
    'or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ' +
    'ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
)

const TAG_RE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/

/** Normalizes `fr_FR`, `FR`, `pt-BR` to the lower-case hyphenated form the site uses. */
export function normalizeLang(value: string): Lang {
  return value.trim().replace(/_/g, '-').toLowerCase()
}

/** True when `value` is a well-formed language tag whose primary subtag is known or declared. */
export function isKnownLang(value: string, declared: readonly Lang[] = []): boolean {
  const tag = normalizeLang(value)
  if (!TAG_RE.test(tag)) return false
  if (declared.includes(tag)) return true
  const primary = tag.split('-')[0] ?? ''
  return ISO_639_1.has(primary) || declared.some((d) => d.split('-')[0] === primary)
}

/** The language named by a content path's top folder (`en/_posts/x.md` → `en`), if any. */
export function langOfTopFolder(relativePath: string, declared: readonly Lang[]): Lang | undefined {
  const slash = relativePath.indexOf('/')
  if (slash <= 0) return undefined
  const top = relativePath.slice(0, slash)
  return isKnownLang(top, declared) ? normalizeLang(top) : undefined
}
