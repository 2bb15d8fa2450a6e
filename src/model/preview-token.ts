import type { ContentVersion } from './types'

/**
 * The signed, expiring token that opens the drafts of a preview: `<expires>.<signature>`, where
 * `expires` is a Unix time in seconds and the signature is HMAC-SHA-256, base64url, of
 * `kiosque-preview|<content version>|<expires>` under the KIOSQUE_PREVIEW_SECRET. It names the
 * content version, so a link opens one preview only. WebCrypto, so that the preview command
 * (Node) signs and the worker checks with this one module.
 */

/** The query parameter and the cookie that carry the token. */
export const PREVIEW_PARAM = 'preview'
export const PREVIEW_COOKIE = 'kiosque_preview'

/** Signs a token for `version`, valid until `expires` (seconds since the epoch). */
export async function signPreviewToken(
  secret: string,
  version: ContentVersion,
  expires: number,
): Promise<string> {
  const key = await hmacKey(secret, 'sign')
  const signature = await crypto.subtle.sign('HMAC', key, payload(version, expires))
  return `${expires}.${base64url(new Uint8Array(signature))}`
}

/**
 * When `token` is a token for `version` signed with `secret` and still valid at `now` (ms), the
 * time it expires (seconds); otherwise undefined. Bounded: anything malformed is refused early.
 */
export async function verifyPreviewToken(
  secret: string,
  version: ContentVersion,
  token: string,
  now: number,
): Promise<number | undefined> {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match || secret === '' || version === '') return undefined
  const expires = Number(match[1])
  if (expires * 1000 <= now) return undefined
  const signature = fromBase64url(match[2] as string)
  if (!signature) return undefined
  const key = await hmacKey(secret, 'verify')
  // subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', key, signature, payload(version, expires))
  return valid ? expires : undefined
}

function payload(version: ContentVersion, expires: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`kiosque-preview|${version}|${expires}`)
}

function hmacKey(secret: string, use: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [use],
  )
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes.length === 32 ? bytes : undefined
  } catch {
    return undefined
  }
}
