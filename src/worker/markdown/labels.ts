// The few words the renderer writes into a post, in the interface languages of i18n.ts. They are
// here rather than in i18n.ts because the renderer knows only the page language, not the site.

/** Words the Markdown renderer writes into the HTML for a page language. */
export interface MarkdownLabels {
  /** The (visually hidden) heading of the footnotes section. */
  footnotes: string
  /** The accessible name of a footnote's back-reference; `{0}` is the footnote's label (`1`, `note`). */
  backToReference: string
  /** The accessible name of a heading's anchor link, given the heading's text. */
  anchor: (heading: string) => string
}

const LABELS: Record<string, MarkdownLabels> = {
  en: {
    footnotes: 'Footnotes',
    backToReference: 'Back to reference {0}',
    anchor: (heading) => `Link to the section “${heading}”`,
  },
  fr: {
    footnotes: 'Notes',
    backToReference: 'Retour à l’appel de note {0}',
    anchor: (heading) => `Lien vers la section «\u00a0${heading}\u00a0»`,
  },
  de: {
    footnotes: 'Fußnoten',
    backToReference: 'Zurück zum Verweis {0}',
    anchor: (heading) => `Link zum Abschnitt „${heading}“`,
  },
  es: {
    footnotes: 'Notas',
    backToReference: 'Volver a la referencia {0}',
    anchor: (heading) => `Enlace a la sección «${heading}»`,
  },
  it: {
    footnotes: 'Note',
    backToReference: 'Torna al riferimento {0}',
    anchor: (heading) => `Link alla sezione «${heading}»`,
  },
}

/** The renderer's words for a page language (a BCP 47 tag), English when it has none. */
export function labelsFor(lang: string | undefined): MarkdownLabels {
  const base = (lang ?? '').toLowerCase().split('-')[0] ?? ''
  return LABELS[base] ?? (LABELS.en as MarkdownLabels)
}
