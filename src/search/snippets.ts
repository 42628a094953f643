import { foldAccents, HIGHLIGHT_END, HIGHLIGHT_START, termPhrases } from '../domain/search.ts';
import { stemWord } from './stems.ts';

/** How many words a snippet shows, as FTS5's snippet(…, 32) does. */
const SNIPPET_WORDS = 32;

/** Whether a word of a text (folded) is one a query looks for, in the text's language. */
function matcher(terms: readonly string[], language: string): (word: string) => boolean {
  const wanted = terms.flatMap((t) =>
    termPhrases(t).flatMap((p) => p.words.map((w) => ({ w, p }))),
  );
  const stems = new Set(wanted.map(({ w }) => stemWord(w, language)));
  return (word) =>
    stems.has(stemWord(word, language)) ||
    wanted.some(({ w, p }) => word === w || (p.prefix && word.startsWith(w)));
}

/**
 * A highlighted snippet of a text for SQLite, made here rather than by FTS5: the stems index
 * holds stems, not the text, so FTS5 cannot cut a snippet from it, and a snippet of the word
 * index reads every word a prefix starts for each row. A word is marked when it is a query word,
 * starts with one being typed, or has a query word's stem in the text's language; the snippet is
 * SNIPPET_WORDS words from shortly before the first mark. Null when nothing is marked.
 */
export function textSnippet(
  text: string | null,
  terms: readonly string[],
  language: string,
): string | null {
  if (!text || terms.length === 0) return null;
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const hit = matcher(terms, language);
  const marked = words.map((m) => hit(foldAccents(m[0])));
  const first = marked.indexOf(true);
  if (first < 0) return null;
  const start = Math.max(0, Math.min(first - 4, words.length - SNIPPET_WORDS));
  const end = Math.min(words.length, start + SNIPPET_WORDS);
  let out = start > 0 ? '…' : '';
  let at = words[start]?.index ?? 0;
  for (let k = start; k < end; k++) {
    const m = words[k];
    if (!m) continue;
    out += text.slice(at, m.index);
    out += marked[k] ? `${HIGHLIGHT_START}${m[0]}${HIGHLIGHT_END}` : m[0];
    at = m.index + m[0].length;
  }
  return `${out}${end < words.length ? '…' : text.slice(at)}`;
}
