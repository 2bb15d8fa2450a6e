import type { Lang } from '../model/types'

/** Every piece of interface text the default theme shows. */
export interface UiStrings {
  home: string
  skipToContent: string
  latestPosts: string
  readMore: string
  publishedOn: string
  by: string
  tags: string
  translations: string
  alsoAvailableIn: string
  language: string
  newerPosts: string
  olderPosts: string
  pageOf: (page: number, pages: number) => string
  noPosts: string
  notFoundTitle: string
  notFoundText: string
  backHome: string
  errorTitle: string
  errorText: string
  unavailableTitle: string
  unavailableText: string
}

// Built-in strings; `_data/` overrides come with the negotiation work.
const STRINGS: Record<string, UiStrings> = {
  fr: {
    home: 'Accueil',
    skipToContent: 'Aller au contenu',
    latestPosts: 'Derniers articles',
    readMore: 'Lire la suite',
    publishedOn: 'Publié le',
    by: 'par',
    tags: 'Étiquettes',
    translations: 'Traductions',
    alsoAvailableIn: 'Cet article existe aussi en',
    language: 'Langue',
    newerPosts: 'Articles plus récents',
    olderPosts: 'Articles plus anciens',
    pageOf: (p, n) => `Page ${p} sur ${n}`,
    noPosts: 'Aucun article pour le moment.',
    notFoundTitle: 'Page introuvable',
    notFoundText: 'La page demandée n’existe pas ou a été déplacée.',
    backHome: 'Retour à l’accueil',
    errorTitle: 'Erreur du serveur',
    errorText: 'Une erreur est survenue. Réessayez dans un instant.',
    unavailableTitle: 'Service momentanément indisponible',
    unavailableText: 'Le contenu ne peut pas être lu pour le moment. Réessayez dans un instant.',
  },
  en: {
    home: 'Home',
    skipToContent: 'Skip to content',
    latestPosts: 'Latest posts',
    readMore: 'Read more',
    publishedOn: 'Published on',
    by: 'by',
    tags: 'Tags',
    translations: 'Translations',
    alsoAvailableIn: 'This post is also available in',
    language: 'Language',
    newerPosts: 'Newer posts',
    olderPosts: 'Older posts',
    pageOf: (p, n) => `Page ${p} of ${n}`,
    noPosts: 'No posts yet.',
    notFoundTitle: 'Page not found',
    notFoundText: 'The page you asked for does not exist or has moved.',
    backHome: 'Back to the home page',
    errorTitle: 'Server error',
    errorText: 'Something went wrong. Please try again in a moment.',
    unavailableTitle: 'Temporarily unavailable',
    unavailableText: 'The content cannot be read right now. Please try again in a moment.',
  },
  de: {
    home: 'Startseite',
    skipToContent: 'Zum Inhalt springen',
    latestPosts: 'Neueste Beiträge',
    readMore: 'Weiterlesen',
    publishedOn: 'Veröffentlicht am',
    by: 'von',
    tags: 'Schlagwörter',
    translations: 'Übersetzungen',
    alsoAvailableIn: 'Dieser Beitrag ist auch verfügbar auf',
    language: 'Sprache',
    newerPosts: 'Neuere Beiträge',
    olderPosts: 'Ältere Beiträge',
    pageOf: (p, n) => `Seite ${p} von ${n}`,
    noPosts: 'Noch keine Beiträge.',
    notFoundTitle: 'Seite nicht gefunden',
    notFoundText: 'Die angeforderte Seite existiert nicht oder wurde verschoben.',
    backHome: 'Zurück zur Startseite',
    errorTitle: 'Serverfehler',
    errorText: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.',
    unavailableTitle: 'Vorübergehend nicht verfügbar',
    unavailableText:
      'Der Inhalt kann gerade nicht gelesen werden. Bitte versuchen Sie es gleich noch einmal.',
  },
  es: {
    home: 'Inicio',
    skipToContent: 'Ir al contenido',
    latestPosts: 'Últimas entradas',
    readMore: 'Leer más',
    publishedOn: 'Publicado el',
    by: 'por',
    tags: 'Etiquetas',
    translations: 'Traducciones',
    alsoAvailableIn: 'Esta entrada también está disponible en',
    language: 'Idioma',
    newerPosts: 'Entradas más recientes',
    olderPosts: 'Entradas anteriores',
    pageOf: (p, n) => `Página ${p} de ${n}`,
    noPosts: 'Todavía no hay entradas.',
    notFoundTitle: 'Página no encontrada',
    notFoundText: 'La página solicitada no existe o se ha movido.',
    backHome: 'Volver al inicio',
    errorTitle: 'Error del servidor',
    errorText: 'Algo salió mal. Inténtelo de nuevo en un momento.',
    unavailableTitle: 'No disponible temporalmente',
    unavailableText: 'El contenido no se puede leer ahora mismo. Inténtelo de nuevo en un momento.',
  },
  it: {
    home: 'Home',
    skipToContent: 'Vai al contenuto',
    latestPosts: 'Ultimi articoli',
    readMore: 'Continua a leggere',
    publishedOn: 'Pubblicato il',
    by: 'di',
    tags: 'Tag',
    translations: 'Traduzioni',
    alsoAvailableIn: 'Questo articolo è disponibile anche in',
    language: 'Lingua',
    newerPosts: 'Articoli più recenti',
    olderPosts: 'Articoli meno recenti',
    pageOf: (p, n) => `Pagina ${p} di ${n}`,
    noPosts: 'Ancora nessun articolo.',
    notFoundTitle: 'Pagina non trovata',
    notFoundText: 'La pagina richiesta non esiste o è stata spostata.',
    backHome: 'Torna alla home',
    errorTitle: 'Errore del server',
    errorText: 'Qualcosa è andato storto. Riprova tra un momento.',
    unavailableTitle: 'Temporaneamente non disponibile',
    unavailableText: 'Il contenuto non può essere letto in questo momento. Riprova tra un momento.',
  },
}

/** The interface strings for a language: its own, its primary subtag's, or English. */
export function strings(lang: Lang): UiStrings {
  return STRINGS[lang] ?? STRINGS[lang.split('-')[0] ?? ''] ?? (STRINGS.en as UiStrings)
}

/** A language's name in that language (`fr` → `français`), for switchers. */
export function languageName(lang: Lang): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang)
    return name ? name.charAt(0).toLocaleUpperCase(lang) + name.slice(1) : lang
  } catch {
    return lang
  }
}

/** Formats an ISO date for the page's language, in the site's time zone. */
export function formatDate(iso: string, lang: Lang, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone }).format(new Date(iso))
  } catch {
    return iso.slice(0, 10)
  }
}
