/**
 * The names of the interface strings of the default theme. The worker holds the built-in texts;
 * the build validates `_data/` overrides against these names. `{name}` marks a placeholder.
 */
export const UI_STRING_KEYS = [
  'home',
  'skipToContent',
  'latestPosts',
  'readMore',
  'publishedOn',
  'by',
  'tags',
  'translations',
  'alsoAvailable',
  'dismiss',
  'language',
  'newerPosts',
  'olderPosts',
  'pageOf',
  'pagination',
  'noPosts',
  'notFoundTitle',
  'notFoundText',
  'backHome',
  'errorTitle',
  'errorText',
  'unavailableTitle',
  'unavailableText',
  'tagTitle',
  'authorTitle',
  'readingTime',
  'newerPost',
  'olderPost',
  'relatedPosts',
  'feed',
  'menu',
  'search',
  'searchResults',
  'searchNoResults',
  'searchMalformed',
] as const

/** One interface string's name. */
export type UiKey = (typeof UI_STRING_KEYS)[number]
