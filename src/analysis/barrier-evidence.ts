/**
 * The evidence behind barriers, counted item by item: a region's barriers ranked by its
 * statements and fact-sheet challenges, and statements by barrier and stakeholder group. Pure:
 * counts in, counts out.
 */

import type {
  BarriersByStakeholder,
  EvidenceKind,
  RegionBarrierRow,
  RegionBarriers,
} from '../domain/prevalence.ts';
import { UNKNOWN_GROUP } from '../domain/prevalence.ts';
import { crossTab } from './crosstab.ts';

/** The input of a region's ranking: its statements per barrier and its fact sheets' challenges. */
export interface RegionBarrierInput {
  readonly region: string;
  /** Statements coded to each barrier (a statement coded to two barriers is in both). */
  readonly statements: readonly { barrier: string; n: number }[];
  /** The barrier of each challenge its fact sheets list (a barrier listed twice is here twice). */
  readonly challenges: readonly string[];
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
  const codes = [...new Set([...statements.keys(), ...challenges.keys()])];
  const rows = codes
    .map((code) => {
      const s = statements.get(code) ?? 0;
      const c = challenges.get(code) ?? 0;
      const items = kind === 'statements' ? s : kind === 'challenges' ? c : s + c;
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
