// The Brown corpus's tagged text ("The/at jury/nn ...", one sentence a line)
// to token lists: tags stripped, lowercased, punctuation tokens dropped.

/**
 * Sentences of one Brown corpus file's text.
 *
 * @example
 * ```ts
 * parseBrown('\tThe/at jury/nn said/vbd ./.\n'); // [['the', 'jury', 'said']]
 * ```
 */
export function parseBrown(text: string, options: { lowercase?: boolean; keepPunctuation?: boolean } = {}): string[][] {
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const sentence: string[] = [];
    for (const tagged of line.trim().split(/\s+/)) {
      const slash = tagged.lastIndexOf('/');
      let word = slash > 0 ? tagged.slice(0, slash) : tagged;
      if (!options.keepPunctuation && !/[\p{L}\p{N}]/u.test(word)) continue;
      if (options.lowercase !== false) word = word.toLowerCase();
      sentence.push(word);
    }
    if (sentence.length) out.push(sentence);
  }
  return out;
}
