import fc from 'fast-check'

/**
 * Strings mixing any code point with what breaks markup and URLs: lone surrogates (which
 * fast-check's `binary` unit never produces), NUL, CR, `]]>`, `&`, `<`, quotes, `/`, `%`, `*`, `:`.
 */
export const hostileString = (maxLength = 30): fc.Arbitrary<string> =>
  fc.string({
    maxLength,
    unit: fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('\uD83D', '\uDE00', '\u0000', '\r', ']]>', '&', '<', '"', "'"),
      fc.constantFrom('/', '%', '*', ':', '#', '?', ' ', '-', 'é', 'ß', '🎉'),
    ),
  })
