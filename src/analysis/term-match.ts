import { foldAccents, type TermPhrase, termPhrases } from '../domain/search.ts';

/**
 * The words of a text as the full-text indexes see them: runs of letters and digits, lower case,
 * without accents ("CAR-T" is "car", "t").
 */
export function textWords(text: string): string[] {
  return foldAccents(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether the words hold a phrase: its words in sequence, the last one as a prefix if allowed. */
function holdsPhrase(words: readonly string[], phrase: TermPhrase): boolean {
  const n = phrase.words.length;
  for (let i = 0; i + n <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const word = words[i + j] as string;
      const want = phrase.words[j] as string;
      ok = j === n - 1 && phrase.prefix ? word.startsWith(want) : word === want;
    }
    if (ok) return true;
  }
  return false;
}

/**
 * Whether a text matches every search term the way the initiatives' full-text search matches
 * them (searchTerms and termPhrases in domain/search.ts): each term as one of its phrases, a
 * joined term (CAR-T) as its words in sequence or run together, a long last word as a prefix.
 * For records of other kinds (evidence, good practices, barriers), which the index does not hold.
 */
export function matchesTerms(text: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  const words = textWords(text);
  return terms.every((term) => termPhrases(term).some((p) => holdsPhrase(words, p)));
}
