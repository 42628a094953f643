import { foldAccents, type TermPhrase, termPhrases } from '../domain/search.ts';
import { tokens } from './strategy-passages.ts';

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

/**
 * One word of a term list's term (data/reference/twinning-terms.json): normalised like the
 * text; `head`: it may end a longer word (written "*daten"), `tail`: it may begin one ("datos*").
 */
export interface TermWord {
  readonly text: string;
  readonly head: boolean;
  readonly tail: boolean;
}

/** Up to `words` other words between two words of a term (written "..."). */
export interface TermGap {
  readonly gap: number;
}

/** A term of a term list ready to match: its words and gaps, and the term as written. */
export interface TermPattern {
  readonly term: string;
  readonly items: readonly (TermWord | TermGap)[];
}

/** How many words "..." in a term stands for, at most. */
export const TERM_GAP_WORDS = 3;

/**
 * A term of a term list as a pattern, or null when it holds no word. A term is words separated
 * by spaces; punctuation inside a word splits it as it splits the text ("risk-sharing" is "risk",
 * "sharing"); a word ending in * begins longer words, one starting with * ends them; "..." (or
 * "…") stands for up to TERM_GAP_WORDS words. Case, accents, Catalan middle dots and Greek final
 * sigma are normalised as in the RIS3 term list (strategy-passages.ts).
 */
export function compileTermPattern(term: string): TermPattern | null {
  const items: (TermWord | TermGap)[] = [];
  for (const raw of term.split(/\s+/).filter(Boolean)) {
    if (raw === '...' || raw === '…') {
      if (items.length > 0) items.push({ gap: TERM_GAP_WORDS });
      continue;
    }
    const parts = tokens(raw);
    for (const [i, text] of parts.entries())
      items.push({
        text,
        head: i === 0 && raw.startsWith('*'),
        tail: i === parts.length - 1 && raw.endsWith('*'),
      });
  }
  while (items.length > 0 && 'gap' in (items.at(-1) as TermWord | TermGap)) items.pop();
  return items.length === 0 ? null : { term, items };
}

const wordMatches = (word: string, w: TermWord) =>
  w.head
    ? w.tail
      ? word.includes(w.text)
      : word.endsWith(w.text)
    : w.tail
      ? word.startsWith(w.text)
      : word === w.text;

function holdsAt(
  words: readonly string[],
  items: readonly (TermWord | TermGap)[],
  i: number,
  k: number,
): boolean {
  const item = items[k];
  if (item === undefined) return true;
  if ('gap' in item) {
    for (let g = 0; g <= item.gap && i + g <= words.length; g++)
      if (holdsAt(words, items, i + g, k + 1)) return true;
    return false;
  }
  const word = words[i];
  return word !== undefined && wordMatches(word, item) && holdsAt(words, items, i + 1, k + 1);
}

/** Whether normalised words (tokens of strategy-passages.ts) hold a term pattern anywhere. */
function holdsPattern(words: readonly string[], pattern: TermPattern): boolean {
  for (let i = 0; i < words.length; i++) if (holdsAt(words, pattern.items, i, 0)) return true;
  return false;
}

/** A term list's terms of every language as patterns, each distinct pattern once. */
export function compileTermLists(
  byLanguage: Readonly<Record<string, readonly string[]>>,
): TermPattern[] {
  const seen = new Set<string>();
  const out: TermPattern[] = [];
  for (const terms of Object.values(byLanguage))
    for (const term of terms) {
      const p = compileTermPattern(term);
      const key = JSON.stringify(p?.items);
      if (!p || seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  return out;
}

/** Whether a text holds any of the patterns, whatever the text's language. */
export function holdsAnyPattern(text: string, patterns: readonly TermPattern[]): boolean {
  if (patterns.length === 0) return false;
  const words = tokens(text);
  return patterns.some((p) => holdsPattern(words, p));
}
