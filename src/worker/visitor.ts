import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { Lang } from '../model/types'
import type { AppEnv } from './bindings'
import { matchLanguage, negotiateLanguage } from './negotiate'

/** The cookie that remembers a visitor's explicit language choice. */
export const LANG_COOKIE = 'kiosque_lang'
/** The cookie that remembers a dismissed "also available in" notice. */
export const NOTICE_COOKIE = 'kiosque_notice'

// Cookie values are short; a longer one is not ours and is ignored.
const MAX_COOKIE_VALUE = 35

/** The visitor's language among `available`: `?lang=`, then the cookie, then Accept-Language, then `fallback`. */
export function visitorLanguage(c: Context<AppEnv>, available: readonly Lang[], fallback: Lang) {
  const cookie = readCookie(c, LANG_COOKIE)
  return negotiateLanguage(
    { query: c.req.query('lang'), cookie, acceptLanguage: c.req.header('accept-language') },
    available,
    fallback,
  )
}

/** The language an explicit `?lang=` names, when it is one of the site's. */
export function explicitLanguage(c: Context<AppEnv>, available: readonly Lang[]): Lang | undefined {
  return matchLanguage(c.req.query('lang'), available)
}

/** Remembers an explicit language choice for a year. */
export function rememberLanguage(c: Context<AppEnv>, lang: Lang): void {
  setCookie(c, LANG_COOKIE, lang, cookieOptions(c))
}

/** True when the visitor dismissed the "also available in" notice. */
export function noticeDismissed(c: Context<AppEnv>): boolean {
  return readCookie(c, NOTICE_COOKIE) === 'off'
}

/** Remembers that the visitor dismissed the notice. */
export function dismissNotice(c: Context<AppEnv>): void {
  setCookie(c, NOTICE_COOKIE, 'off', cookieOptions(c))
}

/** The language remembered in the visitor's cookie, as sent (validated by negotiation). */
export function readLangCookie(c: Context<AppEnv>): string | undefined {
  return readCookie(c, LANG_COOKIE)
}

function readCookie(c: Context<AppEnv>, name: string): string | undefined {
  try {
    const value = getCookie(c, name)
    return value !== undefined && value.length <= MAX_COOKIE_VALUE ? value : undefined
  } catch {
    return undefined
  }
}

function cookieOptions(c: Context<AppEnv>) {
  return {
    path: '/',
    maxAge: 365 * 24 * 3600,
    sameSite: 'Lax' as const,
    httpOnly: true,
    secure: new URL(c.req.url).protocol === 'https:',
  }
}
