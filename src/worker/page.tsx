import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { Lang } from '../model/types'

/** Sends a rendered page with its language in `Content-Language`, matching `<html lang>`. */
export async function sendPage(
  c: Context,
  lang: Lang,
  page: Child,
  status: 200 | 404 | 500 | 503 = 200,
): Promise<Response> {
  const html = `<!DOCTYPE html>${await String(page)}`
  c.header('Content-Language', lang)
  return c.html(html, status)
}
