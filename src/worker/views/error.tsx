import type { FC } from 'hono/jsx'
import { homePath } from '../../model/paths'
import type { Lang, SiteSettings } from '../../model/types'
import { strings } from '../i18n'
import { sitePath } from '../site-url'
import { Layout } from './layout'

/** Which error page to show. */
export type ErrorKind = 'not-found' | 'error' | 'unavailable'

/** An error page in the visitor's language; it never shows a stack trace or the request's input. */
export const ErrorPage: FC<{ site: SiteSettings; lang: Lang; kind: ErrorKind }> = ({
  site,
  lang,
  kind,
}) => {
  const t = strings(site, lang)
  const [title, text] =
    kind === 'not-found'
      ? [t.notFoundTitle, t.notFoundText]
      : kind === 'unavailable'
        ? [t.unavailableTitle, t.unavailableText]
        : [t.errorTitle, t.errorText]
  return (
    <Layout site={site} lang={lang} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href={sitePath(site, homePath(site, lang))}>{t.backHome}</a>
      </p>
    </Layout>
  )
}
