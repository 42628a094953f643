/**
 * The evidence behind barriers, counted item by item: a region's barriers ranked by its
 * statements and fact-sheet challenges, and statements by barrier and stakeholder group. Pure:
 * counts in, counts out.
 */

import type { CrossTab } from '../domain/crosstab.ts';
import type {
  BarriersByStakeholder,
  EvidenceCounts,
  EvidenceKind,
  RegionBarrierRow,
  RegionBarriers,
} from '../domain/prevalence.ts';
import { countsAs, UNKNOWN_GROUP } from '../domain/prevalence.ts';
import { crossTab } from './crosstab.ts';

/** The matrix column of statements that name no region. */
export const NO_REGION = '(none)';

/** The barrier × region matrix of one kind of evidence, with each column's items each once. */
export interface EvidenceMatrix {
  readonly kind: EvidenceKind;
  /**
   * Rows are barrier codes (codebook order), columns the partner regions with evidence of the
   * kind (in the order given), then any other column the evidence names (another region, or
   * `(none)` for statements that name no region). A cell counts items: a statement coded to two
   * barriers counts in both rows; each challenge a regional report lists counts once.
   */
  readonly matrix: CrossTab;
  /** Statements per column, each once (zeros when the kind does not count statements). */
  readonly statementsPerColumn: readonly number[];
  /** Statements counted, each once (0 when the kind does not count them). */
  readonly statements: number;
  /** Challenges of regional reports per column that the kind counts (fact sheets, answers). */
  readonly challengesPerColumn: readonly number[];
  readonly challenges: number;
}

const columnOf = (region: string | null) => region ?? NO_REGION;

/** The matrix of the kind: barriers in `barriers` order, partner regions in `regions` order. */
export function evidenceMatrix(
  counts: EvidenceCounts,
  barriers: readonly string[],
  regions: readonly string[],
  kind: EvidenceKind,
): EvidenceMatrix {
  const codings = counts.codings.filter((c) => countsAs(kind, c.kind));
  const present = new Set(codings.map((c) => c.region));
  const matrix = crossTab(
    codings.map((c) => ({ row: c.barrier, column: columnOf(c.region), n: c.n })),
    barriers,
    regions.filter((r) => present.has(r)),
  );
  const perColumn = (statement: boolean) => {
    const m = new Map<string, number>();
    for (const i of counts.items)
      if (countsAs(kind, i.kind) && (i.kind === 'statement') === statement)
        m.set(columnOf(i.region), (m.get(columnOf(i.region)) ?? 0) + i.n);
    return matrix.columns.map((c) => m.get(c) ?? 0);
  };
  const statementsPerColumn = perColumn(true);
  const challengesPerColumn = perColumn(false);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    kind,
    matrix,
    statementsPerColumn,
    statements: sum(statementsPerColumn),
    challengesPerColumn,
    challenges: sum(challengesPerColumn),
  };
}

/** What one barrier's evidence amounts to, by kind, and the regions that report it. */
export interface BarrierReach {
  readonly code: string;
  /** Statements coded to it (each once). */
  readonly statements: number;
  /** Challenges of regional reports mapped to it (fact sheets and campaign answers). */
  readonly challenges: number;
  /** Of them, campaign answers. */
  readonly answers: number;
  /** The items the kind counts. */
  readonly items: number;
  /** Regions reporting it by the kind, by code. */
  readonly regions: readonly string[];
  /** Regions reporting it by statements, and by regional reports (whatever the kind). */
  readonly byStatements: number;
  readonly byReports: number;
}

/** Every barrier's reach under one kind of evidence, in the order of `barriers`. */
export function barrierReach(
  counts: EvidenceCounts,
  barriers: readonly string[],
  kind: EvidenceKind,
): BarrierReach[] {
  return barriers.map((code) => {
    const mine = counts.codings.filter((c) => c.barrier === code);
    const total = (keep: (c: (typeof mine)[number]) => boolean) =>
      mine.filter(keep).reduce((a, c) => a + c.n, 0);
    const regionsOf = (keep: (c: (typeof mine)[number]) => boolean) =>
      [
        ...new Set(mine.filter((c) => keep(c) && c.region !== null).map((c) => c.region as string)),
      ].sort();
    return {
      code,
      statements: total((c) => c.kind === 'statement'),
      challenges: total((c) => c.kind !== 'statement'),
      answers: total((c) => c.kind === 'answer'),
      items: total((c) => countsAs(kind, c.kind)),
      regions: regionsOf((c) => countsAs(kind, c.kind)),
      byStatements: regionsOf((c) => c.kind === 'statement').length,
      byReports: regionsOf((c) => c.kind !== 'statement').length,
    };
  });
}

/**
 * One region's items by barrier category under a kind: a statement counts once in each category
 * it touches, each challenge once in its barrier's category. Every category given is present.
 */
export function categoryCounts(
  counts: EvidenceCounts,
  region: string,
  categories: readonly string[],
  kind: EvidenceKind,
): Map<string, number> {
  const out = new Map(categories.map((c) => [c, 0]));
  for (const c of counts.byCategory)
    if (c.region === region && countsAs(kind, c.kind))
      out.set(c.category, (out.get(c.category) ?? 0) + c.n);
  return out;
}

/** The input of a region's ranking: its statements per barrier and its fact sheets' challenges. */
export interface RegionBarrierInput {
  readonly region: string;
  /** Statements coded to each barrier (a statement coded to two barriers is in both). */
  readonly statements: readonly { barrier: string; n: number }[];
  /** The barrier of each challenge its fact sheets list (a barrier listed twice is here twice). */
  readonly challenges: readonly string[];
  /** Of those, the barriers of challenges that came in as campaign answers (same rule). */
  readonly answers?: readonly string[];
  /** The region's statements, each once. */
  readonly distinctStatements: number;
  /** Regions reporting each barrier by the kind asked, and the regions with evidence of it. */
  readonly across: { readonly regions: ReadonlyMap<string, number>; readonly of: number };
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The region's barriers with evidence of the kind, most items first, ties in code order. */
export function regionBarriers(input: RegionBarrierInput, kind: EvidenceKind): RegionBarriers {
  const statements = new Map<string, number>();
  const challenges = new Map<string, number>();
  for (const s of input.statements)
    statements.set(s.barrier, (statements.get(s.barrier) ?? 0) + s.n);
  for (const b of input.challenges) challenges.set(b, (challenges.get(b) ?? 0) + 1);
  const answers = new Map<string, number>();
  for (const b of input.answers ?? []) answers.set(b, (answers.get(b) ?? 0) + 1);
  const codes = [...new Set([...statements.keys(), ...challenges.keys()])];
  const rows = codes
    .map((code) => {
      const s = statements.get(code) ?? 0;
      const c = challenges.get(code) ?? 0;
      const items =
        kind === 'statements'
          ? s
          : kind === 'challenges'
            ? c
            : kind === 'answers'
              ? (answers.get(code) ?? 0)
              : s + c;
      return {
        code,
        statements: s,
        challenges: c,
        items,
        regions: input.across.regions.get(code) ?? 0,
      };
    })
    .filter((r) => r.items > 0)
    .sort((a, b) => b.items - a.items || byCode(a.code, b.code));
  return {
    region: input.region,
    kind,
    barriers: rows.map((r, i): RegionBarrierRow => ({ rank: i + 1, ...r })),
    statements: input.distinctStatements,
    challenges: input.challenges.length,
    regionsWithEvidence: input.across.of,
  };
}

/** The input of the stakeholder table: codings and statements by group (null: none named). */
export interface StakeholderInput {
  /** Statements per barrier and group (a statement coded to two barriers is in both rows). */
  readonly codings: readonly { barrier: string; group: string | null; n: number }[];
  /** Statements per group, each once. */
  readonly statements: readonly { group: string | null; n: number }[];
  /** Barrier codes in codebook order: the rows, every one shown. */
  readonly barriers: readonly string[];
  /** Stakeholder group codes in list order: the columns, before `unknown`. */
  readonly groups: readonly string[];
}

/** Barrier × stakeholder group, with statements of no group (or of a group not listed) as `unknown`. */
export function barriersByStakeholder(input: StakeholderInput): BarriersByStakeholder {
  const known = new Set(input.groups);
  const column = (g: string | null) => (g !== null && known.has(g) ? g : UNKNOWN_GROUP);
  const columns = [...input.groups, UNKNOWN_GROUP];
  const table = crossTab(
    input.codings.map((c) => ({ row: c.barrier, column: column(c.group), n: c.n })),
    input.barriers,
    columns,
  );
  const perColumn = new Map<string, number>();
  for (const s of input.statements)
    perColumn.set(column(s.group), (perColumn.get(column(s.group)) ?? 0) + s.n);
  const statements = [...perColumn.values()].reduce((a, b) => a + b, 0);
  return {
    table,
    statementsPerColumn: table.columns.map((c) => perColumn.get(c) ?? 0),
    statements,
    withGroup: statements - (perColumn.get(UNKNOWN_GROUP) ?? 0),
  };
}
