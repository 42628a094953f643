/**
 * Twinning: who a region could learn from or work with, and why. The weights are the one place
 * that decides how much each kind of evidence counts; every score the atlas shows is a sum of
 * these weights over reasons it lists beside the score, so a reader can recompute it.
 */
export const TWINNING_WEIGHTS = {
  /** A stakeholder statement from the region's interviews or workshop coded to a barrier. */
  statement: 1,
  /** A challenge of the region's fact sheet mapped to a barrier (the region's own summary). */
  challenge: 2,
  /** Bonus for a good practice a source marks as exemplary (e.g. an ICPerMed recognition). */
  exemplary: 0.5,
  /** Each theme an initiative elsewhere shares with the initiatives the region reported. */
  sharedTheme: 1,
  /** Bonus for an initiative open beyond its country (European or international scope). */
  openScope: 0.5,
  /** How many suggestions of each kind a region gets. */
  limit: 8,
} as const;

export type TwinningWeights = { readonly [K in keyof typeof TWINNING_WEIGHTS]: number };

/** How strongly a region's evidence points at each barrier (barrier code → weight). */
export type BarrierProfile = ReadonlyMap<string, number>;

/** One barrier's part in a score: the barrier and the weight it brings. */
export interface BarrierReason {
  readonly barrier: string;
  readonly weight: number;
}

/** A region that shares barriers with the target: a peer to work with. */
export interface PeerSuggestion {
  readonly region: string;
  /** Weighted Jaccard similarity of the two barrier profiles, 0 to 1. */
  readonly score: number;
  /** The barriers both report, strongest first, with the smaller of the two weights. */
  readonly shared: readonly BarrierReason[];
}

/** A place whose good practices address the target's barriers: a mentor to learn from. */
export interface MentorSuggestion {
  /** A region or country code, or EU for EU-wide practices. */
  readonly place: string;
  readonly score: number;
  /** The target's barriers its practices address, with the target's weight for each. */
  readonly addresses: readonly BarrierReason[];
  readonly practices: readonly string[];
}

/** A good practice elsewhere that addresses the target's barriers. */
export interface PracticeSuggestion {
  readonly slug: string;
  readonly place: string;
  readonly score: number;
  readonly addresses: readonly BarrierReason[];
  readonly exemplary: boolean;
  /** What the source says a region needs to take it up, when it says anything. */
  readonly transferability: string | null;
}

/** An initiative elsewhere on the target's themes that it could join. */
export interface InitiativeSuggestion {
  readonly slug: string;
  readonly score: number;
  readonly sharedThemes: readonly string[];
  readonly openScope: boolean;
}

/** Everything twinning suggests for one region (or for a profile picked on the form). */
export interface TwinningSuggestions {
  readonly profile: readonly BarrierReason[];
  readonly peers: readonly PeerSuggestion[];
  readonly mentors: readonly MentorSuggestion[];
  readonly practices: readonly PracticeSuggestion[];
  readonly initiatives: readonly InitiativeSuggestion[];
}
