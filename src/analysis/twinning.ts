/**
 * Twinning scores as pure functions: deterministic (ties broken by code), explainable (each
 * score is the sum of the reasons returned with it) and driven by the weights of
 * domain/twinning.ts.
 */
import type {
  BarrierProfile,
  BarrierReason,
  InitiativeSuggestion,
  MentorSuggestion,
  PeerSuggestion,
  PracticeSuggestion,
  TwinningWeights,
} from '../domain/twinning.ts';

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
}

/**
 * Good practices from elsewhere that address the target's barriers. A practice scores the
 * target's weight of each barrier it addresses, plus the exemplary bonus; one that addresses
 * none of them is never suggested.
 */
export function rankPractices(
  target: BarrierProfile,
  practices: readonly PracticeInput[],
  isOwn: (p: PracticeInput) => boolean,
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
      return {
        slug: p.slug,
        place: p.place,
        addresses,
        exemplary: p.exemplary,
        transferability: p.transferability,
        score: round(base + (p.exemplary ? w.exemplary : 0)),
      };
    })
    .filter((s) => s.addresses.length > 0)
    .sort(byScoreThen((s) => s.slug))
    .slice(0, limit);
}

/** Places whose practices together address the most of the target's barrier weight. */
export function rankMentors(
  target: BarrierProfile,
  practices: readonly PracticeInput[],
  isOwn: (p: PracticeInput) => boolean,
  limit: number,
): MentorSuggestion[] {
  const byPlace = new Map<string, PracticeInput[]>();
  for (const p of practices) {
    if (isOwn(p) || !p.barriers.some((b) => target.has(b))) continue;
    byPlace.set(p.place, [...(byPlace.get(p.place) ?? []), p]);
  }
  return [...byPlace.entries()]
    .map(([place, ps]) => {
      const covered = new Set(ps.flatMap((p) => p.barriers).filter((b) => target.has(b)));
      const addresses = profileReasons(new Map([...covered].map((b) => [b, target.get(b) ?? 0])));
      return {
        place,
        score: round(addresses.reduce((a, r) => a + r.weight, 0)),
        addresses,
        practices: ps.map((p) => p.slug).sort(),
      };
    })
    .sort(byScoreThen((s) => s.place))
    .slice(0, limit);
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
