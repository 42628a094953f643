/** Barrier prevalence: the vocabulary of analysis/prevalence.ts, shared with pages and the API. */
import type { CrossTab } from './crosstab.ts';

/**
 * Which evidence counts as a region reporting a barrier: everything, the stakeholders' statements,
 * the challenges of the regions' own reports (fact sheets, and campaign answers once published),
 * or only the challenges that came in as published campaign answers.
 */
export const EVIDENCE_KINDS = ['all', 'statements', 'challenges', 'answers'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * The kind of one item of evidence coded to a barrier: a statement from an interview or workshop,
 * a challenge a regional report (fact sheet) lists, or a challenge a region answered in a
 * campaign's questionnaire that a curator accepted (a regional report whose source is the response).
 */
export const ITEM_KINDS = ['statement', 'challenge', 'answer'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Whether items of a kind count under an evidence filter (an answer is a report's challenge too). */
export function countsAs(kind: EvidenceKind, item: ItemKind): boolean {
  if (kind === 'all') return true;
  if (kind === 'statements') return item === 'statement';
  if (kind === 'challenges') return item !== 'statement';
  return item === 'answer';
}

/** Items of one kind coded to one barrier in one region (a statement coded to two barriers is in both). */
export interface EvidenceCoding {
  readonly kind: ItemKind;
  readonly barrier: string;
  /** Null only for a statement that names no region. */
  readonly region: string | null;
  readonly n: number;
}

/**
 * Everything coded to a barrier, counted once: the one evidence model behind the matrix, the
 * barrier and region pages, compare, prevalence, the API and the reports.
 */
export interface EvidenceCounts {
  readonly codings: readonly EvidenceCoding[];
  /** Items per region and barrier category, each once per category it touches. */
  readonly byCategory: readonly {
    kind: ItemKind;
    category: string;
    region: string | null;
    n: number;
  }[];
  /** Items per region, each once whatever it is coded to. */
  readonly items: readonly { kind: ItemKind; region: string | null; n: number }[];
}

/** One barrier (or category): the regions that report it, split by the evidence behind them. */
export interface PrevalenceRow {
  readonly code: string;
  /** Regions that report it by the chosen kind of evidence (the ranking figure). */
  readonly regions: number;
  /** regions ÷ the regions with evidence of that kind, 0 to 1. */
  readonly share: number;
  /** A partition of the regions reporting it by either kind. */
  readonly both: number;
  readonly statementsOnly: number;
  readonly challengesOnly: number;
  /** Statements coded to it (each once). */
  readonly statements: number;
  /** The regions, by code. */
  readonly regionCodes: readonly string[];
}

export interface Prevalence {
  readonly kind: EvidenceKind;
  /** Regions with evidence of the chosen kind: the denominator of every share. */
  readonly regionsWithEvidence: number;
  readonly barriers: readonly PrevalenceRow[];
  readonly categories: readonly PrevalenceRow[];
  /** Pairs of barriers reported together, by how many regions report both (most first). */
  readonly pairs: readonly { a: string; b: string; regions: number }[];
}

/** One barrier of a region: the evidence items behind it, by kind. */
export interface RegionBarrierRow {
  /** 1 for the barrier with the most evidence of the chosen kind; ties take the code's order. */
  readonly rank: number;
  readonly code: string;
  /** The region's statements coded to the barrier (a statement coded to two barriers counts in both). */
  readonly statements: number;
  /** The challenges of the region's fact sheets mapped to the barrier (each listed challenge once). */
  readonly challenges: number;
  /** The ranking figure: the items of the chosen kind (statements + challenges for `all`). */
  readonly items: number;
  /** Regions that report the barrier by the same kind of evidence (the prevalence page's figure). */
  readonly regions: number;
}

/** A region's barriers ranked by the evidence behind them (only barriers with evidence of the kind). */
export interface RegionBarriers {
  readonly region: string;
  readonly kind: EvidenceKind;
  readonly barriers: readonly RegionBarrierRow[];
  /** The region's statements, each once whatever it is coded to. */
  readonly statements: number;
  /** The challenges its fact sheets list. */
  readonly challenges: number;
  /** Regions with evidence of the kind: what each row's `regions` is out of. */
  readonly regionsWithEvidence: number;
}

/** The column of statements that name no stakeholder group. */
export const UNKNOWN_GROUP = 'unknown';

/**
 * Barrier × stakeholder group: statements coded to each barrier by the group of who made them.
 * Only statements say who; fact-sheet challenges are the region's own summary and are not counted.
 */
export interface BarriersByStakeholder {
  /** Rows are barrier codes (codebook order), columns the groups then `unknown`; cells count statements. */
  readonly table: CrossTab;
  /** Distinct statements per column (each once, whatever it is coded to), in the table's column order. */
  readonly statementsPerColumn: readonly number[];
  /** Distinct statements on record. */
  readonly statements: number;
  /** Of them, the statements that name a stakeholder group. */
  readonly withGroup: number;
}
