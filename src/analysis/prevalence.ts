/**
 * Barrier prevalence: how many regions report each barrier and category, by which kind of
 * evidence (stakeholder statements, fact-sheet challenges, or either), ranked; and which barriers
 * come together in the same regions. Pure: counts in, counts out.
 */
import type { EvidenceKind, Prevalence, PrevalenceRow } from '../domain/prevalence.ts';

/** The input: statements per barrier and region, fact-sheet challenges, and the codebook. */
export interface PrevalenceInput {
  readonly statements: readonly { barrier: string; region: string | null; n: number }[];
  /** Challenges of regional reports; `answer` marks those that came in as campaign answers. */
  readonly challenges: readonly { region: string; barrier: string; answer?: boolean }[];
  /** Barrier codes in codebook order, each with its category. */
  readonly barriers: readonly { code: string; category: string }[];
}

const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 1000);

/** Regions per key by each kind: key → region codes. */
function reporting(
  input: PrevalenceInput,
  keyOf: (barrier: string) => string | undefined,
): {
  statements: Map<string, Set<string>>;
  challenges: Map<string, Set<string>>;
  answers: Map<string, Set<string>>;
} {
  const add = (m: Map<string, Set<string>>, key: string | undefined, region: string) => {
    if (key === undefined) return;
    m.set(key, (m.get(key) ?? new Set()).add(region));
  };
  const statements = new Map<string, Set<string>>();
  const challenges = new Map<string, Set<string>>();
  const answers = new Map<string, Set<string>>();
  for (const s of input.statements) if (s.region) add(statements, keyOf(s.barrier), s.region);
  for (const c of input.challenges) {
    add(challenges, keyOf(c.barrier), c.region);
    if (c.answer) add(answers, keyOf(c.barrier), c.region);
  }
  return { statements, challenges, answers };
}

function rows(
  keys: readonly string[],
  by: ReturnType<typeof reporting>,
  kind: EvidenceKind,
  denominator: number,
  statementCount: (key: string) => number,
): PrevalenceRow[] {
  return keys
    .map((code) => {
      const s = by.statements.get(code) ?? new Set<string>();
      const c = by.challenges.get(code) ?? new Set<string>();
      const either = new Set([...s, ...c]);
      const a = by.answers.get(code) ?? new Set<string>();
      const chosen =
        kind === 'statements' ? s : kind === 'challenges' ? c : kind === 'answers' ? a : either;
      const both = [...s].filter((r) => c.has(r)).length;
      return {
        code,
        regions: chosen.size,
        share: share(chosen.size, denominator),
        both,
        statementsOnly: s.size - both,
        challengesOnly: c.size - both,
        statements: statementCount(code),
        regionCodes: [...chosen].sort(),
      };
    })
    .sort(
      (a, b) => b.regions - a.regions || b.statements - a.statements || (a.code < b.code ? -1 : 1),
    );
}

/** Prevalence of barriers and categories, and the pairs that come together, for one kind. */
export function prevalence(input: PrevalenceInput, kind: EvidenceKind): Prevalence {
  const categoryOf = new Map(input.barriers.map((b) => [b.code, b.category]));
  const byBarrier = reporting(input, (b) => b);
  const byCategory = reporting(input, (b) => categoryOf.get(b));
  const reports = kind === 'answers' ? input.challenges.filter((c) => c.answer) : input.challenges;
  const withEvidence = new Set([
    ...(kind === 'challenges' || kind === 'answers'
      ? []
      : input.statements.flatMap((s) => (s.region ? [s.region] : []))),
    ...(kind === 'statements' ? [] : reports.map((c) => c.region)),
  ]);
  const perBarrier = new Map<string, number>();
  for (const s of input.statements)
    perBarrier.set(s.barrier, (perBarrier.get(s.barrier) ?? 0) + s.n);
  const barrierRows = rows(
    input.barriers.map((b) => b.code),
    byBarrier,
    kind,
    withEvidence.size,
    (code) => perBarrier.get(code) ?? 0,
  );
  const categories = [...new Set(input.barriers.map((b) => b.category))];
  // A category's statements are not the sum of its barriers' (a statement can be coded to two
  // barriers of one category), so the input's statements per barrier cannot give them: none.
  const categoryRows = rows(categories, byCategory, kind, withEvidence.size, () => 0);
  return {
    kind,
    regionsWithEvidence: withEvidence.size,
    barriers: barrierRows,
    categories: categoryRows,
    pairs: pairsOf(barrierRows),
  };
}

/** Every pair of barriers with the number of regions that report both, most first. */
function pairsOf(barriers: readonly PrevalenceRow[]): { a: string; b: string; regions: number }[] {
  const sorted = [...barriers].sort((x, y) => (x.code < y.code ? -1 : 1));
  const out: { a: string; b: string; regions: number }[] = [];
  sorted.forEach((x, i) => {
    const mine = new Set(x.regionCodes);
    for (const y of sorted.slice(i + 1)) {
      const n = y.regionCodes.filter((r) => mine.has(r)).length;
      if (n > 0) out.push({ a: x.code, b: y.code, regions: n });
    }
  });
  return out.sort(
    (p, q) => q.regions - p.regions || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1),
  );
}
