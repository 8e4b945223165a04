/**
 * What of a text a reader sees. Whitespace, format characters (zero-width spaces and joiners, bidi
 * marks, word joiners, the BOM, the soft hyphen…), other default-ignorable ones (Hangul fillers,
 * variation selectors, tag characters), controls and the blank Braille cell all show nothing: text
 * made only of them is empty wherever the bot takes text, and they do not count towards a minimum.
 */
const INVISIBLE = /[\s\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/gu;
const AT_EDGES = /^[\s\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]+|[\s\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]+$/gu;

/** The text without invisible characters at either end (inside it they stay: a joiner in an emoji, a mark in Persian). */
export function trimInvisible(text: string): string {
  return text.replace(AT_EDGES, '');
}

/** How many characters (code points) of the text show. */
export function visibleLength(text: string): number {
  let count = 0;
  for (const _ of text.replace(INVISIBLE, '')) count += 1;
  return count;
}
