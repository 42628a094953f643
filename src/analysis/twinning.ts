/**
 * Twinning scores as pure functions: deterministic (ties broken by code), explainable (each
 * score is the sum of the reasons returned with it) and driven by the weights of
 * domain/twinning.ts.
 */
import {
  type BarrierProfile,
  type BarrierReason,
  CHECK_ORDER,
  type ConditionCheck,
  type ConditionEvidence,
  type InitiativeSuggestion,
  type MentorSuggestion,
  type PeerSuggestion,
  type PracticeSuggestion,
  type StrengthReason,
  TRANSFER_REQUIREMENTS,
  type TransferCondition,
  type TransferRequirement,
  type TwinningWeights,
} from '../domain/twinning.ts';
import { compileTermLists, holdsAnyPattern } from './term-match.ts';

/** Rounds a score for display and comparison, so float noise never reorders equal scores. */
const round = (n: number) => Math.round(n * 1000) / 1000;

const byScoreThen =
  <T extends { score: number }>(key: (x: T) => string) =>
  (a: T, b: T) =>
    b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** A region's barrier profile: statements and fact-sheet challenges, each with its weight. */
export function barrierProfile(
  statements: readonly { barrier: string; n: number }[],
  challenges: readonly string[],
  w: TwinningWeights,
): Map<string, number> {
  const profile = new Map<string, number>();
  const add = (b: string, x: number) => profile.set(b, (profile.get(b) ?? 0) + x);
  for (const s of statements) add(s.barrier, s.n * w.statement);
  for (const b of challenges) add(b, w.challenge);
  return profile;
}

/** The profile as reasons, strongest first. */
export function profileReasons(profile: BarrierProfile): BarrierReason[] {
  return [...profile.entries()]
    .map(([barrier, weight]) => ({ barrier, weight: round(weight) }))
    .sort((a, b) => b.weight - a.weight || (a.barrier < b.barrier ? -1 : 1));
}

/** Weighted Jaccard similarity: Σ min / Σ max over the barriers of either profile (0 to 1). */
export function similarity(a: BarrierProfile, b: BarrierProfile): number {
  let min = 0;
  let max = 0;
  for (const code of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(code) ?? 0;
    const y = b.get(code) ?? 0;
    min += Math.min(x, y);
    max += Math.max(x, y);
  }
  return max === 0 ? 0 : round(min / max);
}

/** Regions whose barrier profiles are most like the target's, with the barriers they share. */
export function rankPeers(
  target: BarrierProfile,
  others: ReadonlyMap<string, BarrierProfile>,
  limit: number,
): PeerSuggestion[] {
  return [...others.entries()]
    .map(([region, p]) => ({
      region,
      score: similarity(target, p),
      shared: profileReasons(
        new Map(
          [...target.entries()]
            .filter(([b]) => p.has(b))
            .map(([b, x]) => [b, Math.min(x, p.get(b) ?? 0)]),
        ),
      ),
    }))
    .filter((s) => s.score > 0)
    .sort(byScoreThen((s) => s.region))
    .slice(0, limit);
}

/** A practice as twinning sees it: where it is at home and which barriers it addresses. */
export interface PracticeInput {
  readonly slug: string;
  readonly place: string;
  readonly barriers: readonly string[];
  readonly exemplary: boolean;
  readonly transferability: string | null;
  readonly conditions: readonly TransferCondition[];
}

/**
 * Good practices from elsewhere that address the target's barriers. A practice scores the
 * target's weight of each barrier it addresses, plus the exemplary bonus, less a small weight
 * per transfer condition the target's records show as not met; one that addresses none of the
 * target's barriers is never suggested.
 */
export function rankPractices(
  target: BarrierProfile,
  practices: readonly PracticeInput[],
  isOwn: (p: PracticeInput) => boolean,
  facts: RegionFacts,
  w: TwinningWeights,
  limit: number,
): PracticeSuggestion[] {
  return practices
    .filter((p) => !isOwn(p))
    .map((p) => {
      const addresses = profileReasons(
        new Map(p.barriers.filter((b) => target.has(b)).map((b) => [b, target.get(b) ?? 0])),
      );
      const base = addresses.reduce((a, r) => a + r.weight, 0);
      const conditions = addresses.length > 0 ? checkConditions(p.conditions, facts) : [];
      const unmet = conditions.filter((c) => c.status === 'unmet').length;
      return {
        slug: p.slug,
        place: p.place,
        addresses,
        exemplary: p.exemplary,
        transferability: p.transferability,
        conditions,
        score: round(base + (p.exemplary ? w.exemplary : 0) - unmet * w.unmetCondition),
      };
    })
    .filter((s) => s.addresses.length > 0)
    .sort(byScoreThen((s) => s.slug))
    .slice(0, limit);
}

/**
 * Places whose practices and fact-sheet strengths together address the most of the target's
 * barrier weight; each barrier counts once per place.
 */
export function rankMentors(
  target: BarrierProfile,
  practices: readonly PracticeInput[],
  isOwn: (p: PracticeInput) => boolean,
  limit: number,
  strengths: ReadonlyMap<string, readonly StrengthReason[]> = new Map(),
): MentorSuggestion[] {
  const byPlace = new Map<string, PracticeInput[]>();
  for (const p of practices) {
    if (isOwn(p) || !p.barriers.some((b) => target.has(b))) continue;
    byPlace.set(p.place, [...(byPlace.get(p.place) ?? []), p]);
  }
  for (const [place, list] of strengths)
    if (list.some((x) => target.has(x.barrier)) && !byPlace.has(place)) byPlace.set(place, []);
  return [...byPlace.entries()]
    .map(([place, ps]) => {
      const own = (strengths.get(place) ?? []).filter((x) => target.has(x.barrier));
      const covered = new Set([
        ...ps.flatMap((p) => p.barriers).filter((b) => target.has(b)),
        ...own.map((x) => x.barrier),
      ]);
      const addresses = profileReasons(new Map([...covered].map((b) => [b, target.get(b) ?? 0])));
      return {
        place,
        score: round(addresses.reduce((a, r) => a + r.weight, 0)),
        addresses,
        practices: ps.map((p) => p.slug).sort(),
        strengths: own,
      };
    })
    .sort(byScoreThen((s) => s.place))
    .slice(0, limit);
}

/**
 * The barriers a region's fact-sheet strengths address: a strength that shows a requirement met
 * addresses the barriers of the requirement's `challenges`, unless the region names that
 * barrier as a challenge of its own. In the order of the strengths, then of the barriers.
 */
export function strengthReasons(
  strengths: readonly string[],
  ownChallenges: ReadonlySet<string>,
): StrengthReason[] {
  const out: StrengthReason[] = [];
  const seen = new Set<string>();
  for (const text of strengths) {
    const shown = requirementsShownBy(text, 'strength');
    for (const req of TRANSFER_REQUIREMENTS) {
      if (!shown.has(req.code)) continue;
      for (const barrier of req.challenges) {
        const key = `${barrier} ${text}`;
        if (ownChallenges.has(barrier) || seen.has(key)) continue;
        seen.add(key);
        out.push({ barrier, text });
      }
    }
  }
  return out;
}

/** An initiative elsewhere with the themes it works on. */
export interface InitiativeInput {
  readonly slug: string;
  readonly themes: readonly string[];
  readonly openScope: boolean;
}

/** Initiatives elsewhere that share the target's themes, more shared themes first. */
export function rankInitiatives(
  themes: ReadonlySet<string>,
  initiatives: readonly InitiativeInput[],
  w: TwinningWeights,
  limit: number,
): InitiativeSuggestion[] {
  return initiatives
    .map((i) => {
      const sharedThemes = i.themes.filter((t) => themes.has(t)).sort();
      return {
        slug: i.slug,
        sharedThemes,
        openScope: i.openScope,
        score: round(sharedThemes.length * w.sharedTheme + (i.openScope ? w.openScope : 0)),
      };
    })
    .filter((s) => s.sharedThemes.length > 0)
    .sort(byScoreThen((s) => s.slug))
    .slice(0, limit);
}

/** Region × region similarity, in the order given (the diagonal is 1 for a non-empty profile). */
export function similarityMatrix(profiles: ReadonlyMap<string, BarrierProfile>): number[][] {
  const list = [...profiles.values()];
  return list.map((a) => list.map((b) => similarity(a, b)));
}

/** What the atlas knows of the place a practice would be transferred to. */
export interface RegionFacts {
  /** 'country' or 'region'; null when unknown (a profile picked on the form). */
  readonly level: 'country' | 'region' | null;
  /** The fact sheet's strengths and weaknesses, as written. */
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
  /** Barrier codes of the fact sheet's challenges (or of the barriers picked on the form). */
  readonly challenges: ReadonlySet<string>;
  /** The place's own initiatives with their themes. */
  readonly initiatives: readonly { readonly slug: string; readonly themes: readonly string[] }[];
  /** Titles of the place's RIS3 strategies a curator confirmed as prioritising personalised medicine. */
  readonly strategies: readonly string[];
  /** Requirement codes the user said the place has (the form); empty for a region on record. */
  readonly declared: ReadonlySet<string>;
}

export const NO_FACTS: RegionFacts = {
  level: null,
  strengths: [],
  weaknesses: [],
  challenges: new Set(),
  initiatives: [],
  strategies: [],
  declared: new Set(),
};

/** At most this many records of one kind are listed for a condition. */
const EVIDENCE_PER_KIND = 3;

const PATTERNS = new Map(
  TRANSFER_REQUIREMENTS.map((r) => [
    r.code,
    { strength: compileTermLists(r.strength), weakness: compileTermLists(r.weakness) },
  ]),
);

/** Texts already read (text → codes), per kind; fact sheets are few and read again and again. */
const READ = { strength: new Map<string, Set<string>>(), weakness: new Map<string, Set<string>>() };
const READ_LIMIT = 10_000;

/**
 * The requirements a fact-sheet strength shows met, or a weakness shows not met: those of whose
 * `strength` (or `weakness`) terms the text holds one, in any of the term list's languages.
 */
export function requirementsShownBy(
  text: string,
  kind: 'strength' | 'weakness',
): ReadonlySet<string> {
  const memo = READ[kind];
  const known = memo.get(text);
  if (known) return known;
  const codes = new Set<string>();
  for (const [code, p] of PATTERNS) if (holdsAnyPattern(text, p[kind])) codes.add(code);
  if (memo.size >= READ_LIMIT) memo.clear();
  memo.set(text, codes);
  return codes;
}

/** Every record of the facts that bears on one requirement, unordered. */
function evidenceFor(req: TransferRequirement, facts: RegionFacts): ConditionEvidence[] {
  const some = (kind: ConditionEvidence['kind'], met: boolean, refs: readonly string[]) =>
    refs.slice(0, EVIDENCE_PER_KIND).map((ref) => ({ kind, ref, met }));
  return [
    ...some('declared', true, facts.declared.has(req.code) ? [req.code] : []),
    ...(req.level && facts.level
      ? [{ kind: 'level' as const, ref: facts.level, met: facts.level === req.level }]
      : []),
    ...some('strategy', true, req.strategy ? facts.strategies : []),
    ...some(
      'strength',
      true,
      facts.strengths.filter((x) => requirementsShownBy(x, 'strength').has(req.code)),
    ),
    ...some(
      'weakness',
      false,
      facts.weaknesses.filter((x) => requirementsShownBy(x, 'weakness').has(req.code)),
    ),
    ...some(
      'initiative',
      true,
      facts.initiatives
        .filter((i) => i.themes.some((t) => req.themes.includes(t)))
        .map((i) => i.slug),
    ),
    ...some(
      'challenge',
      false,
      req.challenges.filter((b) => facts.challenges.has(b)),
    ),
  ];
}

/**
 * A practice's transfer conditions checked against a place's records. The kinds of evidence
 * decide in the order of CHECK_ORDER (what the user declared, the place's level, a confirmed
 * strategy, the fact sheet's strengths, then its weaknesses, the place's initiatives, then its
 * challenges): the first kind with a record says met or not met; no record at all, unknown.
 * Every record found is returned, the deciding one first.
 */
export function checkConditions(
  conditions: readonly TransferCondition[],
  facts: RegionFacts,
): ConditionCheck[] {
  return conditions.map((c) => {
    const req = TRANSFER_REQUIREMENTS.find((r) => r.code === c.requires);
    const evidence = req
      ? evidenceFor(req, facts).sort(
          (a, b) => CHECK_ORDER.indexOf(a.kind) - CHECK_ORDER.indexOf(b.kind),
        )
      : [];
    const first = evidence[0];
    const status = first ? (first.met ? 'met' : 'unmet') : 'unknown';
    return { requires: c.requires, note: c.note, status, evidence };
  });
}
