import { Tokenizer, type Tokens } from 'marked'

// Deeper block nesting is never real content: marked recurses once per level (10,000 `>` overflow
// the stack) and re-lexes the remaining text at each level (1,000 nested list levels take ~8 s).
const MAX_BLOCK_DEPTH = 32
let blockDepth = 0

/** Runs one of marked's recursive block tokenizers, or declines past MAX_BLOCK_DEPTH. */
function nested<T>(tokenize: () => T): T | undefined {
  // Declining (undefined, not false, which would fall back to marked) leaves the line as text.
  if (blockDepth >= MAX_BLOCK_DEPTH) return undefined
  blockDepth++
  try {
    return tokenize()
  } finally {
    blockDepth--
  }
}

/** marked tokenizer overrides that cap how deep blockquotes and lists may nest. */
export const nestingLimits = {
  blockquote(this: Tokenizer, src: string): Tokens.Blockquote | undefined {
    return nested(() => Tokenizer.prototype.blockquote.call(this, src))
  },
  list(this: Tokenizer, src: string): Tokens.List | undefined {
    return nested(() => Tokenizer.prototype.list.call(this, src))
  },
}
