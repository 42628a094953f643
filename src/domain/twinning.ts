import TERM_FILE from '../../data/reference/twinning-terms.json' with { type: 'json' };

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
  /**
   * Taken off a practice's score for each of its transfer conditions the region's records show
   * as not met (an unknown condition costs nothing), so of two practices that address the same
   * barriers the one the region can take up comes first. Small on purpose: a practice that
   * addresses a barrier still ranks above one that does not.
   */
  unmetCondition: 0.25,
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
  /** The target's barriers its practices or strengths address, with the target's weight for each. */
  readonly addresses: readonly BarrierReason[];
  readonly practices: readonly string[];
  /** Fact-sheet strengths of the place that address the target's barriers (see StrengthReason). */
  readonly strengths: readonly StrengthReason[];
}

/**
 * A strength of a region's fact sheet that addresses a barrier: it shows a requirement met (it
 * holds one of TRANSFER_REQUIREMENTS' `strength` terms, in any language) whose `challenges`
 * include the barrier, and the region does not itself name that barrier as a challenge.
 */
export interface StrengthReason {
  readonly barrier: string;
  readonly text: string;
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
  /** Each curated transfer condition, checked against what the target reports. */
  readonly conditions: readonly ConditionCheck[];
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

/** Terms per language code (en es ca de it fr nl sv bg ro el lt uk). */
export type TermsByLanguage = Readonly<Record<string, readonly string[]>>;

/**
 * The term list of the transfer requirements (data/reference/twinning-terms.json, which says
 * how a term is written): per requirement, the `strength` and `weakness` terms in each of the
 * 13 interface languages, for a translator to edit without touching the code.
 */
export interface TwinningTermList {
  readonly about: string;
  readonly languages: readonly string[];
  readonly requirements: Readonly<
    Record<string, { readonly strength: TermsByLanguage; readonly weakness: TermsByLanguage }>
  >;
}

export const TWINNING_TERMS: TwinningTermList = TERM_FILE;

const NO_TERMS = { strength: {}, weakness: {} } as const;
const termsOf = (code: string) => TWINNING_TERMS.requirements[code] ?? NO_TERMS;

/**
 * What a good practice needs in the region that takes it up, as a code list the atlas can check
 * against a region's records. Each requirement says where the records show it:
 * - `strength` / `weakness`: terms of the region's fact-sheet strengths (met) or weaknesses
 *   (not met), per language, from data/reference/twinning-terms.json; every language's terms
 *   are matched against every text, whatever its language (analysis/term-match.ts);
 * - `themes`: an initiative the region reported on one of these themes (met);
 * - `challenges`: a fact-sheet challenge coded to one of these barriers (not met);
 * - `strategy`: a confirmed RIS3 strategy of the region that prioritises personalised medicine (met);
 * - `level`: the place must be a country (national powers), a region has only a say.
 * The first kind of evidence found, in the order of CHECK_ORDER, decides; the others are listed.
 */
export interface TransferRequirement {
  readonly code: string;
  readonly strength: TermsByLanguage;
  readonly weakness: TermsByLanguage;
  readonly themes: readonly string[];
  readonly challenges: readonly string[];
  readonly strategy?: boolean;
  readonly level?: 'country';
}

/** A requirement with its terms from the term list. */
const requirement = (
  r: Omit<TransferRequirement, 'strength' | 'weakness'>,
): TransferRequirement => ({ ...r, ...termsOf(r.code) });

export const TRANSFER_REQUIREMENTS: readonly TransferRequirement[] = [
  requirement({ code: 'data_platform', themes: ['health_data'], challenges: ['B01'] }),
  requirement({ code: 'data_access_rules', themes: [], challenges: ['B02', 'B03', 'B04'] }),
  requirement({ code: 'genomic_services', themes: ['genomics'], challenges: [] }),
  requirement({ code: 'biobank', themes: ['biobanking'], challenges: [] }),
  requirement({ code: 'atmp_manufacturing', themes: [], challenges: ['B15'] }),
  requirement({ code: 'reimbursement_route', themes: [], challenges: ['B05'] }),
  requirement({ code: 'hospital_network', themes: ['clinical_trials'], challenges: ['B14'] }),
  requirement({ code: 'training_provider', themes: ['education'], challenges: ['B10'] }),
  requirement({ code: 'industry_partners', themes: ['innovation_support'], challenges: ['B16'] }),
  requirement({
    code: 'patient_organisations',
    themes: ['patient_engagement'],
    challenges: ['B11'],
  }),
  requirement({ code: 'policy_commitment', themes: [], challenges: ['B12'], strategy: true }),
  requirement({ code: 'national_powers', themes: [], challenges: [], level: 'country' }),
];

export const TRANSFER_REQUIREMENT_CODES = TRANSFER_REQUIREMENTS.map(
  (r) => r.code,
) as readonly string[];

/** One condition a curator wrote for a practice: the requirement and what the practice relies on. */
export interface TransferCondition {
  readonly requires: string;
  /** The curator's words: what of this the practice relies on. */
  readonly note: string;
}

/** Where a check found its evidence, in the order the kinds decide. */
export const CHECK_ORDER = [
  'declared',
  'level',
  'strategy',
  'strength',
  'weakness',
  'initiative',
  'challenge',
] as const;
export type EvidenceKind = (typeof CHECK_ORDER)[number];

/** One record that bears on a condition: what kind, which one, and which way it points. */
export interface ConditionEvidence {
  readonly kind: EvidenceKind;
  /** The strength or weakness quoted, the initiative's or strategy's key, the barrier code, the level. */
  readonly ref: string;
  readonly met: boolean;
}

export type ConditionStatus = 'met' | 'unmet' | 'unknown';

/** A condition checked against one region's records. */
export interface ConditionCheck extends TransferCondition {
  readonly status: ConditionStatus;
  /** Every record found, the deciding one first. */
  readonly evidence: readonly ConditionEvidence[];
}
