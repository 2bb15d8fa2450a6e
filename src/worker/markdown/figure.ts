import type { Token } from 'marked'

// A paragraph that is exactly an image line followed by an italic line is a captioned image:
//   ![Une photo](/img/photo.jpg)
//   _Au marché_

/** True for an image token, or a link whose only content is an image (`[![alt](src)](href)`). */
function isFigureMedia(token: Token | undefined): boolean {
  if (token?.type === 'image') return true
  return token?.type === 'link' && token.tokens?.length === 1 && token.tokens[0]?.type === 'image'
}

/** True for the line break between the image and its caption, trailing spaces allowed. */
function isLineBreak(token: Token | undefined): boolean {
  if (token?.type === 'br') return true // two trailing spaces or a backslash make a hard break
  return token?.type === 'text' && /^[ \t]*\n[ \t]*$/.test(token.raw)
}

/** The media and caption tokens when a paragraph is exactly an image line plus an italic line. */
export function figureParts(tokens: Token[]): [Token, Token[]] | undefined {
  const parts = [...tokens]
  // A trailing space after the closing `_` becomes its own text token.
  while (parts.length > 0 && parts.at(-1)?.type === 'text' && parts.at(-1)?.raw.trim() === '') {
    parts.pop()
  }
  const [media, lineBreak, caption] = parts
  if (parts.length !== 3 || !media || !caption || caption.type !== 'em') return undefined
  return isFigureMedia(media) && isLineBreak(lineBreak) ? [media, caption.tokens ?? []] : undefined
}
