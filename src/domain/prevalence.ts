/** Barrier prevalence: the vocabulary of analysis/prevalence.ts, shared with pages and the API. */

/** Which evidence counts as a region reporting a barrier. */
export const EVIDENCE_KINDS = ['all', 'statements', 'challenges'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

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
