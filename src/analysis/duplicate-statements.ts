import type { Finding } from '../domain/quality.ts';

/** An evidence statement as the duplicate rule reads it. */
export interface StatementFact {
  readonly key: string;
  readonly region: string | null;
  readonly barriers: readonly string[];
  /** The record's texts: its paraphrase and, where it has one, the quotation it renders. */
  readonly texts: readonly string[];
}

/**
 * How many words in a row two records must share to be the same statement. Paraphrases in the
 * atlas's words share shorter runs by chance ("health data for research"); a shared clause of eight
 * words is a statement printed, or entered, twice.
 */
export const SHARED_RUN_WORDS = 8;

/** A word of a text: lower-case, without accents, and where it stands in the text. */
interface Word {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/** The words of a text without accents or punctuation, so that "Tedious" and "tedious," match. */
function tokensOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({
    word: m[0].normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const wordsOf = (text: string) => tokensOf(text).map((t) => t.word);

/** The runs a text is indexed under: each run of SHARED_RUN_WORDS words, or a short text whole. */
function runsOf(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  if (words.length < SHARED_RUN_WORDS) return [`=${words.join(' ')}`];
  const runs: string[] = [];
  for (let i = 0; i + SHARED_RUN_WORDS <= words.length; i++)
    runs.push(words.slice(i, i + SHARED_RUN_WORDS).join(' '));
  return runs;
}

/** Where the longest run of words two word lists share ends in the first, and its length. */
function longestShared(
  a: readonly string[],
  b: readonly string[],
): { end: number; length: number } {
  let best = { end: 0, length: 0 };
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      row[j] = (previous[j - 1] ?? 0) + 1;
      if ((row[j] ?? 0) > best.length) best = { end: i, length: row[j] ?? 0 };
    }
    previous = row;
  }
  return best;
}

/** The longest passage any text of one record shares with any text of the other, as `a` words it. */
function sharedPassage(a: StatementFact, b: StatementFact): string {
  let best = { text: '', length: 0 };
  for (const x of a.texts) {
    const tokens = tokensOf(x);
    for (const y of b.texts) {
      const run = longestShared(
        tokens.map((t) => t.word),
        wordsOf(y),
      );
      const first = tokens[run.end - run.length];
      const last = tokens[run.end - 1];
      if (run.length > best.length && first && last)
        best = { text: x.slice(first.start, last.end), length: run.length };
    }
  }
  return best.text;
}

const described = (s: StatementFact) =>
  `${s.key} (${[s.region ?? 'no region', ...s.barriers].join(', ')})`;

/**
 * Evidence records that hold the same statement: two records whose texts (paraphrase or quotation)
 * share a run of SHARED_RUN_WORDS words, or are the same short text. One statement said once must
 * be one record, coded to every barrier it concerns, so that no barrier lists it twice and no
 * count takes it for two. Pure; one finding per pair of records, in the order of the records.
 */
export function duplicateStatements(statements: readonly StatementFact[]): Finding[] {
  const holders = new Map<string, Set<number>>();
  statements.forEach((s, i) => {
    for (const text of s.texts)
      for (const run of runsOf(wordsOf(text)))
        holders.set(run, (holders.get(run) ?? new Set()).add(i));
  });
  const pairs = new Set<string>();
  for (const set of holders.values()) {
    const ids = [...set].sort((x, y) => x - y);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) pairs.add(`${ids[i]},${ids[j]}`);
  }
  return [...pairs]
    .map((p) => p.split(',').map(Number) as [number, number])
    .sort(([a1, b1], [a2, b2]) => a1 - a2 || b1 - b2)
    .flatMap(([i, j]): Finding[] => {
      const a = statements[i];
      const b = statements[j];
      if (!a || !b) return [];
      return [
        {
          kind: 'duplicate_statement',
          message: `Evidence ${described(a)} and ${described(b)} hold the same words, “${sharedPassage(a, b)}”: one statement recorded twice. Keep it once, coded to every barrier it concerns.`,
          records: [a, b].map((s) => ({ entity: 'evidence', key: s.key, label: s.key })),
        },
      ];
    });
}
