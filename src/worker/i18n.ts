import type { Lang, PostSummary, SiteSettings } from '../model/types'
import type { UiKey } from '../model/ui-strings'

/** Every piece of interface text the default theme shows, by name. */
export type UiStrings = Record<UiKey, string>

// Built-in strings; a site overrides any of them from `_data/i18n.yml` or `_data/i18n/<lang>.yml`.
const BUILT_IN: Record<string, UiStrings> = {
  fr: {
    home: 'Accueil',
    skipToContent: 'Aller au contenu',
    latestPosts: 'Derniers articles',
    readMore: 'Lire la suite',
    publishedOn: 'Publié le',
    by: 'par',
    tags: 'Étiquettes',
    translations: 'Aussi disponible en',
    alsoAvailable: 'Cet article existe en {language}.',
    dismiss: 'Masquer',
    language: 'Langue',
    newerPosts: 'Articles plus récents',
    olderPosts: 'Articles plus anciens',
    pageOf: 'Page {page} sur {pages}',
    pagination: 'Pagination',
    noPosts: 'Aucun article pour le moment.',
    notFoundTitle: 'Page introuvable',
    notFoundText: 'La page demandée n’existe pas ou a été déplacée.',
    backHome: 'Retour à l’accueil',
    errorTitle: 'Erreur du serveur',
    errorText: 'Une erreur est survenue. Réessayez dans un instant.',
    unavailableTitle: 'Service momentanément indisponible',
    unavailableText: 'Le contenu ne peut pas être lu pour le moment. Réessayez dans un instant.',
    tagTitle: 'Articles étiquetés « {name} »',
    authorTitle: 'Articles de {name}',
    readingTime: '{minutes} min de lecture',
    newerPost: 'Article suivant',
    olderPost: 'Article précédent',
    relatedPosts: 'À lire aussi',
    feed: 'Flux',
    menu: 'Menu',
    search: 'Rechercher',
    searchResults: '{count} résultats pour « {query} »',
    searchNoResults: 'Aucun résultat pour « {query} ».',
    searchMalformed:
      'Cette recherche est illisible : son adresse contient un encodage invalide. Retapez-la.',
  },
  en: {
    home: 'Home',
    skipToContent: 'Skip to content',
    latestPosts: 'Latest posts',
    readMore: 'Read more',
    publishedOn: 'Published on',
    by: 'by',
    tags: 'Tags',
    translations: 'Also available in',
    alsoAvailable: 'This post is also available in {language}.',
    dismiss: 'Dismiss',
    language: 'Language',
    newerPosts: 'Newer posts',
    olderPosts: 'Older posts',
    pageOf: 'Page {page} of {pages}',
    pagination: 'Pagination',
    noPosts: 'No posts yet.',
    notFoundTitle: 'Page not found',
    notFoundText: 'The page you asked for does not exist or has moved.',
    backHome: 'Back to the home page',
    errorTitle: 'Server error',
    errorText: 'Something went wrong. Please try again in a moment.',
    unavailableTitle: 'Temporarily unavailable',
    unavailableText: 'The content cannot be read right now. Please try again in a moment.',
    tagTitle: 'Posts tagged “{name}”',
    authorTitle: 'Posts by {name}',
    readingTime: '{minutes} min read',
    newerPost: 'Newer post',
    olderPost: 'Older post',
    relatedPosts: 'Related posts',
    feed: 'Feed',
    menu: 'Menu',
    search: 'Search',
    searchResults: '{count} results for “{query}”',
    searchNoResults: 'Nothing matches “{query}”.',
    searchMalformed:
      'This search could not be read: its address holds invalid encoding. Type it again.',
  },
  de: {
    home: 'Startseite',
    skipToContent: 'Zum Inhalt springen',
    latestPosts: 'Neueste Beiträge',
    readMore: 'Weiterlesen',
    publishedOn: 'Veröffentlicht am',
    by: 'von',
    tags: 'Schlagwörter',
    translations: 'Auch verfügbar auf',
    alsoAvailable: 'Dieser Beitrag ist auch auf {language} verfügbar.',
    dismiss: 'Ausblenden',
    language: 'Sprache',
    newerPosts: 'Neuere Beiträge',
    olderPosts: 'Ältere Beiträge',
    pageOf: 'Seite {page} von {pages}',
    pagination: 'Seitennavigation',
    noPosts: 'Noch keine Beiträge.',
    notFoundTitle: 'Seite nicht gefunden',
    notFoundText: 'Die angeforderte Seite existiert nicht oder wurde verschoben.',
    backHome: 'Zurück zur Startseite',
    errorTitle: 'Serverfehler',
    errorText: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.',
    unavailableTitle: 'Vorübergehend nicht verfügbar',
    unavailableText:
      'Der Inhalt kann gerade nicht gelesen werden. Bitte versuchen Sie es gleich noch einmal.',
    tagTitle: 'Beiträge mit dem Schlagwort „{name}“',
    authorTitle: 'Beiträge von {name}',
    readingTime: '{minutes} Min. Lesezeit',
    newerPost: 'Neuerer Beitrag',
    olderPost: 'Älterer Beitrag',
    relatedPosts: 'Ähnliche Beiträge',
    feed: 'Feed',
    menu: 'Menü',
    search: 'Suchen',
    searchResults: '{count} Ergebnisse für „{query}“',
    searchNoResults: 'Keine Treffer für „{query}“.',
    searchMalformed:
      'Diese Suche ist unlesbar: ihre Adresse ist falsch kodiert. Bitte neu eingeben.',
  },
  es: {
    home: 'Inicio',
    skipToContent: 'Ir al contenido',
    latestPosts: 'Últimas entradas',
    readMore: 'Leer más',
    publishedOn: 'Publicado el',
    by: 'por',
    tags: 'Etiquetas',
    translations: 'También disponible en',
    alsoAvailable: 'Esta entrada también está disponible en {language}.',
    dismiss: 'Ocultar',
    language: 'Idioma',
    newerPosts: 'Entradas más recientes',
    olderPosts: 'Entradas anteriores',
    pageOf: 'Página {page} de {pages}',
    pagination: 'Paginación',
    noPosts: 'Todavía no hay entradas.',
    notFoundTitle: 'Página no encontrada',
    notFoundText: 'La página solicitada no existe o se ha movido.',
    backHome: 'Volver al inicio',
    errorTitle: 'Error del servidor',
    errorText: 'Algo salió mal. Inténtelo de nuevo en un momento.',
    unavailableTitle: 'No disponible temporalmente',
    unavailableText: 'El contenido no se puede leer ahora mismo. Inténtelo de nuevo en un momento.',
    tagTitle: 'Entradas etiquetadas «{name}»',
    authorTitle: 'Entradas de {name}',
    readingTime: '{minutes} min de lectura',
    newerPost: 'Entrada siguiente',
    olderPost: 'Entrada anterior',
    relatedPosts: 'Entradas relacionadas',
    feed: 'Feed',
    menu: 'Menú',
    search: 'Buscar',
    searchResults: '{count} resultados para «{query}»',
    searchNoResults: 'Ningún resultado para «{query}».',
    searchMalformed:
      'Esta búsqueda no se puede leer: su dirección tiene una codificación no válida. Escríbala de nuevo.',
  },
  it: {
    home: 'Home',
    skipToContent: 'Vai al contenuto',
    latestPosts: 'Ultimi articoli',
    readMore: 'Continua a leggere',
    publishedOn: 'Pubblicato il',
    by: 'di',
    tags: 'Tag',
    translations: 'Disponibile anche in',
    alsoAvailable: 'Questo articolo è disponibile anche in {language}.',
    dismiss: 'Nascondi',
    language: 'Lingua',
    newerPosts: 'Articoli più recenti',
    olderPosts: 'Articoli meno recenti',
    pageOf: 'Pagina {page} di {pages}',
    pagination: 'Paginazione',
    noPosts: 'Ancora nessun articolo.',
    notFoundTitle: 'Pagina non trovata',
    notFoundText: 'La pagina richiesta non esiste o è stata spostata.',
    backHome: 'Torna alla home',
    errorTitle: 'Errore del server',
    errorText: 'Qualcosa è andato storto. Riprova tra un momento.',
    unavailableTitle: 'Temporaneamente non disponibile',
    unavailableText: 'Il contenuto non può essere letto in questo momento. Riprova tra un momento.',
    tagTitle: 'Articoli con tag «{name}»',
    authorTitle: 'Articoli di {name}',
    readingTime: '{minutes} min di lettura',
    newerPost: 'Articolo successivo',
    olderPost: 'Articolo precedente',
    relatedPosts: 'Articoli correlati',
    feed: 'Feed',
    menu: 'Menu',
    search: 'Cerca',
    searchResults: '{count} risultati per «{query}»',
    searchNoResults: 'Nessun risultato per «{query}».',
    searchMalformed:
      'Questa ricerca non è leggibile: il suo indirizzo ha una codifica non valida. Riscrivila.',
  },
  ar: {
    home: 'الرئيسية',
    skipToContent: 'انتقل إلى المحتوى',
    latestPosts: 'أحدث المقالات',
    readMore: 'اقرأ المزيد',
    publishedOn: 'نُشر في',
    by: 'بقلم',
    tags: 'الوسوم',
    translations: 'متوفر أيضًا باللغة',
    alsoAvailable: 'هذا المقال متوفر أيضًا باللغة {language}.',
    dismiss: 'إخفاء',
    language: 'اللغة',
    newerPosts: 'مقالات أحدث',
    olderPosts: 'مقالات أقدم',
    pageOf: 'الصفحة {page} من {pages}',
    pagination: 'التنقل بين الصفحات',
    noPosts: 'لا توجد مقالات بعد.',
    notFoundTitle: 'الصفحة غير موجودة',
    notFoundText: 'الصفحة التي طلبتها غير موجودة أو نُقلت إلى مكان آخر.',
    backHome: 'العودة إلى الصفحة الرئيسية',
    errorTitle: 'خطأ في الخادم',
    errorText: 'حدث خطأ ما. يُرجى المحاولة مرة أخرى بعد قليل.',
    unavailableTitle: 'الخدمة غير متاحة مؤقتًا',
    unavailableText: 'تعذّرت قراءة المحتوى حاليًا. يُرجى المحاولة مرة أخرى بعد قليل.',
    tagTitle: 'مقالات موسومة بـ«{name}»',
    authorTitle: 'مقالات بقلم {name}',
    readingTime: 'مدة القراءة: {minutes} د',
    newerPost: 'المقال التالي',
    olderPost: 'المقال السابق',
    relatedPosts: 'مقالات ذات صلة',
    feed: 'الخلاصة',
    menu: 'القائمة',
    search: 'بحث',
    searchResults: '{count} نتيجة لـ «{query}»',
    searchNoResults: 'لا نتائج لـ «{query}».',
    searchMalformed: 'تعذّرت قراءة هذا البحث: عنوانه يحتوي على ترميز غير صالح. اكتبه من جديد.',
  },
  he: {
    home: 'דף הבית',
    skipToContent: 'דילוג לתוכן',
    latestPosts: 'פוסטים אחרונים',
    readMore: 'להמשך קריאה',
    publishedOn: 'פורסם בתאריך',
    by: 'מאת',
    tags: 'תגיות',
    translations: 'זמין גם בשפה',
    alsoAvailable: 'הפוסט הזה זמין גם ב{language}.',
    dismiss: 'הסתרה',
    language: 'שפה',
    newerPosts: 'פוסטים חדשים יותר',
    olderPosts: 'פוסטים ישנים יותר',
    pageOf: 'עמוד {page} מתוך {pages}',
    pagination: 'ניווט בין עמודים',
    noPosts: 'אין עדיין פוסטים.',
    notFoundTitle: 'הדף לא נמצא',
    notFoundText: 'הדף שביקשת אינו קיים או שהועבר למקום אחר.',
    backHome: 'חזרה לדף הבית',
    errorTitle: 'שגיאת שרת',
    errorText: 'משהו השתבש. אפשר לנסות שוב בעוד רגע.',
    unavailableTitle: 'השירות אינו זמין כרגע',
    unavailableText: 'לא ניתן לקרוא את התוכן כרגע. אפשר לנסות שוב בעוד רגע.',
    tagTitle: 'פוסטים עם התגית „{name}”',
    authorTitle: 'פוסטים מאת {name}',
    readingTime: 'זמן קריאה: {minutes} דק׳',
    newerPost: 'הפוסט הבא',
    olderPost: 'הפוסט הקודם',
    relatedPosts: 'פוסטים קשורים',
    feed: 'פיד',
    menu: 'תפריט',
    search: 'חיפוש',
    searchResults: '{count} תוצאות עבור „{query}”',
    searchNoResults: 'אין תוצאות עבור „{query}”.',
    searchMalformed: 'לא ניתן לקרוא את החיפוש: הכתובת מכילה קידוד לא תקין. הקלידו אותו שוב.',
  },
}

/** The interface strings for a language: the site's overrides over the built-in ones (or English). */
export function strings(site: SiteSettings, lang: Lang): UiStrings {
  const builtIn = BUILT_IN[lang] ?? BUILT_IN[lang.split('-')[0] ?? ''] ?? (BUILT_IN.en as UiStrings)
  const overrides = site.strings[lang]
  return overrides ? { ...builtIn, ...overrides } : builtIn
}

// Scripts written right to left, by primary language subtag: Arabic, Hebrew, Persian, Urdu, and
// the other living languages whose usual script is Arabic, Hebrew or Thaana.
const RIGHT_TO_LEFT = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'ks',
  'ps',
  'sd',
  'ug',
  'ur',
  'yi',
])

/** The writing direction of a language: `rtl` for Arabic, Hebrew, Persian, Urdu…, else `ltr`. */
export function textDirection(lang: Lang): 'ltr' | 'rtl' {
  const primary = lang.split(/[-_]/)[0]?.toLowerCase() ?? ''
  return RIGHT_TO_LEFT.has(primary) ? 'rtl' : 'ltr'
}

/** The arrows of "previous" and "next" links, which point the other way in a right-to-left page. */
export function arrowsFor(lang: Lang): { back: string; forward: string } {
  return textDirection(lang) === 'rtl' ? { back: '→', forward: '←' } : { back: '←', forward: '→' }
}

/**
 * The `dir` of an element in `lang` inside a page in `pageLang`: set whenever the languages
 * differ, so that a Hebrew name in an English list, or the reverse, is laid out its own way.
 */
export function dirWithin(lang: Lang | undefined, pageLang: Lang): 'ltr' | 'rtl' | undefined {
  return lang === undefined || lang === pageLang ? undefined : textDirection(lang)
}

/** Fills `{name}` placeholders of an interface string. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  )
}

/**
 * A language's name in another language (`fr` in English → `French`). Capitalized for menus;
 * `inSentence` keeps the language's own casing (`français`, `English`).
 */
export function languageName(lang: Lang, inLang: Lang = lang, inSentence = false): string {
  try {
    const name = new Intl.DisplayNames([inLang], { type: 'language' }).of(lang)
    if (!name) return lang
    return inSentence ? name : name.charAt(0).toLocaleUpperCase(inLang) + name.slice(1)
  } catch {
    return lang
  }
}

/** The OpenGraph locale of a language (`fr` → `fr_FR`), its likely region filled in. */
export function ogLocale(lang: Lang): string {
  try {
    const locale = new Intl.Locale(lang).maximize()
    return locale.region ? `${locale.language}_${locale.region}` : locale.language
  } catch {
    return lang.replace('-', '_')
  }
}

/** Formats an ISO date for the page's language, in the site's time zone. */
export function formatDate(iso: string, lang: Lang, timeZone: string): string {
  try {
    const key = `${lang}|${timeZone}`
    let format = dateFormats.get(key)
    if (!format) {
      // Making a formatter costs far more than using one; a site has a handful of languages.
      format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone })
      if (dateFormats.size > 64) dateFormats.clear()
      dateFormats.set(key, format)
    }
    return format.format(new Date(iso))
  } catch {
    return iso.slice(0, 10)
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** The site's title in a language: its `title_<lang>`, else its `title`. */
export function siteTitle(site: SiteSettings, lang: Lang): string {
  return site.titles[lang] ?? site.title
}

/** What names a post, page or document: its title, else (a page may have none) the site's. */
export function titleOf(site: SiteSettings, doc: Pick<PostSummary, 'title' | 'lang'>): string {
  return doc.title.trim() === '' ? siteTitle(site, doc.lang) : doc.title
}
