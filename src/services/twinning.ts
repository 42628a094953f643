import {
  barrierProfile,
  NO_FACTS,
  type PracticeInput,
  profileReasons,
  type RegionFacts,
  rankInitiatives,
  rankMentors,
  rankPeers,
  rankPractices,
  similarityMatrix,
  strengthReasons,
} from '../analysis/twinning.ts';
import type { Db } from '../db/connect.ts';
import { BARRIERS, THEMES } from '../domain/codes.ts';
import { invalidParameter, notFound, unknownValue } from '../domain/errors.ts';
import { isHomeLevel, type RegionInfo } from '../domain/region.ts';
import {
  type BarrierProfile,
  type StrengthReason,
  TRANSFER_REQUIREMENT_CODES,
  TWINNING_WEIGHTS,
  type TwinningSuggestions,
} from '../domain/twinning.ts';
import { countEvidenceByBarrierAndRegion } from '../repositories/evidence.ts';
import { type GoodPracticeItem, listGoodPractices } from '../repositories/good-practices.ts';
import {
  type InitiativeOwner,
  listInitiativesOnThemes,
  listOwnInitiativeThemes,
  namesBySlug,
} from '../repositories/initiatives.ts';
import { listRegionalReports } from '../repositories/regional-reports.ts';
import { listRegions } from '../repositories/regions.ts';
import { listStrategies } from '../repositories/strategies.ts';
import { oncePerVersion } from './data-version.ts';
import { countryOf, isPracticeFrom } from './good-practices.ts';

/** Suggestions with the names a page needs to show them. */
export interface TwinningView {
  /** The region asked about, or null for a profile picked on the form. */
  readonly region: RegionInfo | null;
  readonly themes: readonly string[];
  /** What the practices' transfer conditions were checked against. */
  readonly facts: RegionFacts;
  readonly suggestions: TwinningSuggestions;
  readonly placeNames: ReadonlyMap<string, string>;
  readonly practiceNames: ReadonlyMap<string, string>;
  readonly initiativeNames: ReadonlyMap<string, string>;
}

/**
 * The barrier profile of every region with evidence (statements and fact-sheet challenges),
 * computed once per data version: it reads every statement, and every twinning answer needs it.
 * Callers get a copy they may change.
 */
async function regionProfiles(db: Db): Promise<Map<string, BarrierProfile>> {
  return new Map(await oncePerVersion(db, 'twinning-profiles', () => computeProfiles(db)));
}

async function computeProfiles(db: Db): Promise<Map<string, BarrierProfile>> {
  const [counts, reports] = await Promise.all([
    countEvidenceByBarrierAndRegion(db.kysely),
    listRegionalReports(db.kysely),
  ]);
  const codes = new Set([
    ...counts.flatMap((c) => (c.region ? [c.region] : [])),
    ...reports.map((r) => r.region),
  ]);
  return new Map(
    [...codes].sort().map((code) => [
      code,
      barrierProfile(
        counts.filter((c) => c.region === code),
        reports.filter((r) => r.region === code).flatMap((r) => r.challenges.map((c) => c.barrier)),
        TWINNING_WEIGHTS,
      ),
    ]),
  );
}

/** What each region's fact-sheet strengths address (region → reasons), once per data version. */
function regionStrengths(db: Db): Promise<Map<string, StrengthReason[]>> {
  return oncePerVersion(db, 'twinning-strengths', async () => {
    const reports = await listRegionalReports(db.kysely);
    const out = new Map<string, StrengthReason[]>();
    for (const r of reports) {
      const own = new Set(r.challenges.map((c) => c.barrier));
      const reasons = strengthReasons(r.strengths, own);
      if (reasons.length > 0) out.set(r.region, [...(out.get(r.region) ?? []), ...reasons]);
    }
    return out;
  });
}

const practiceInput = (p: GoodPracticeItem): PracticeInput => ({
  slug: p.slug,
  place: p.region ?? countryOf(p),
  barriers: p.barriers,
  exemplary: p.exemplary,
  transferability: p.transferability,
  conditions: p.transferConditions,
});

/** Ranks everything for a profile; `own` says which practices are the target's own. */
async function suggest(
  db: Db,
  profile: BarrierProfile,
  others: ReadonlyMap<string, BarrierProfile>,
  own: (p: GoodPracticeItem) => boolean,
  themes: readonly string[],
  owner: InitiativeOwner | null,
  facts: RegionFacts,
): Promise<Omit<TwinningView, 'region' | 'themes' | 'facts'>> {
  const w = TWINNING_WEIGHTS;
  const [regions, practices, candidates, allStrengths] = await Promise.all([
    listRegions(db.kysely),
    oncePerVersion(db, 'twinning-practices', () => listGoodPractices(db.kysely)),
    listInitiativesOnThemes(db.kysely, themes, owner),
    regionStrengths(db),
  ]);
  // Only other places' strengths: a region is never its own mentor.
  const self = owner
    ? 'submittingRegion' in owner
      ? owner.submittingRegion
      : owner.homeCountry
    : null;
  const strengths = new Map([...allStrengths].filter(([place]) => place !== self));
  const ownSlugs = new Set(practices.filter(own).map((p) => p.slug));
  const inputs = practices.map(practiceInput);
  const isOwn = (p: PracticeInput) => ownSlugs.has(p.slug);
  const suggestions: TwinningSuggestions = {
    profile: profileReasons(profile),
    peers: rankPeers(profile, others, w.limit),
    mentors: rankMentors(profile, inputs, isOwn, w.limit, strengths),
    practices: rankPractices(profile, inputs, isOwn, facts, w, w.limit),
    initiatives: rankInitiatives(new Set(themes), candidates, w, w.limit),
  };
  return {
    suggestions,
    placeNames: new Map(regions.map((r) => [r.code, r.name])),
    practiceNames: new Map(practices.map((p) => [p.slug, p.name])),
    initiativeNames: await namesBySlug(db.kysely, [
      ...suggestions.initiatives.map((i) => i.slug),
      ...suggestions.practices.flatMap((p) =>
        p.conditions.flatMap((c) =>
          c.evidence.filter((e) => e.kind === 'initiative').map((e) => e.ref),
        ),
      ),
    ]),
  };
}

/** Twinning suggestions for a region or country on record; not_found names where to look. */
export async function getRegionTwinning(db: Db, code: string): Promise<TwinningView> {
  const region = (await listRegions(db.kysely)).find((r) => r.code === code);
  if (!region) throw notFound('region', code, 'see the list of regions');
  const profiles = await regionProfiles(db);
  const profile = profiles.get(code) ?? new Map<string, number>();
  profiles.delete(code);
  const owner: InitiativeOwner =
    isHomeLevel(region.level) && !region.isPartner
      ? { homeCountry: code }
      : { submittingRegion: code };
  const facts = await regionFacts(db, region, owner);
  const themes = [...new Set(facts.initiatives.flatMap((i) => i.themes))].sort();
  const rest = await suggest(
    db,
    profile,
    profiles,
    (p) => isPracticeFrom(p, region),
    themes,
    owner,
    facts,
  );
  return { region, themes, facts, ...rest };
}

/**
 * What a region's records say about it for the transfer conditions: its fact sheet's strengths,
 * weaknesses and challenges, its own initiatives and themes, its confirmed RIS3 strategies.
 */
async function regionFacts(
  db: Db,
  region: RegionInfo,
  owner: InitiativeOwner,
): Promise<RegionFacts> {
  const [initiatives, reports, strategies] = await Promise.all([
    listOwnInitiativeThemes(db.kysely, owner),
    listRegionalReports(db.kysely, region.code),
    listStrategies(db.kysely, region.code),
  ]);
  return {
    level: isHomeLevel(region.level) ? 'country' : 'region',
    strengths: reports.flatMap((r) => r.strengths),
    weaknesses: reports.flatMap((r) => r.weaknesses),
    challenges: new Set(reports.flatMap((r) => r.challenges.map((c) => c.barrier))),
    initiatives,
    strategies: strategies
      .filter((x) => x.prioritisesPm && x.region === region.code)
      .map((x) => x.title),
    declared: new Set(),
  };
}

/** Validated codes of one parameter against a code list. */
function codesOf(
  parameter: string,
  raw: string | readonly string[] | undefined,
  allowed: readonly string[],
): string[] {
  const given = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  const codes = [...new Set(given.flatMap((v) => v.split(',')).filter(Boolean))].sort();
  const bad = codes.find((c) => !allowed.includes(c));
  if (bad) throw unknownValue(parameter, bad, allowed);
  return codes;
}

/**
 * Suggestions for barriers (at least one) and themes picked on the form, for any region or country without
 * an account; nothing picked is stored. Each picked barrier weighs as a fact-sheet challenge;
 * `has` names the transfer requirements the place says it meets.
 */
export async function getPickedTwinning(
  db: Db,
  raw: {
    barrier?: string | readonly string[];
    theme?: string | readonly string[];
    has?: string | readonly string[];
  },
): Promise<TwinningView> {
  const barriers = codesOf(
    'barrier',
    raw.barrier,
    BARRIERS.map((b) => b.code),
  );
  const themes = codesOf(
    'theme',
    raw.theme,
    THEMES.map((t) => t.code),
  );
  const has = codesOf('has', raw.has, TRANSFER_REQUIREMENT_CODES);
  if (barriers.length === 0)
    throw invalidParameter('barrier', 'pick at least one barrier, e.g. barrier=B05');
  const profile = new Map(barriers.map((b) => [b, TWINNING_WEIGHTS.challenge]));
  // The picked barriers stand for the fact sheet's challenges; what is ticked as had, met.
  const facts: RegionFacts = { ...NO_FACTS, challenges: new Set(barriers), declared: new Set(has) };
  const rest = await suggest(
    db,
    profile,
    await regionProfiles(db),
    () => false,
    themes,
    null,
    facts,
  );
  return { region: null, themes, facts, ...rest };
}

/** Region × region similarity of barrier profiles, for every region with evidence (kept per data version). */
export function getSimilarity(db: Db): Promise<{ regions: RegionInfo[]; matrix: number[][] }> {
  return oncePerVersion(db, 'twinning-similarity', () => computeSimilarity(db));
}

async function computeSimilarity(db: Db): Promise<{ regions: RegionInfo[]; matrix: number[][] }> {
  const [profiles, all] = await Promise.all([regionProfiles(db), listRegions(db.kysely)]);
  const regions = [...profiles.keys()].flatMap((code) => all.filter((r) => r.code === code));
  return { regions, matrix: similarityMatrix(profiles) };
}

/** The places the form offers: every region and country on record, by name. */
export async function listTwinningPlaces(db: Db): Promise<RegionInfo[]> {
  return (await listRegions(db.kysely)).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** What the /twinning page shows for its query: a region, a picked profile, or only the form. */
export async function twinningForQuery(
  db: Db,
  q: { region?: string[]; barrier?: string[]; theme?: string[]; has?: string[] },
): Promise<TwinningView | null> {
  const region = q.region?.find((r) => r !== '');
  if (region) return getRegionTwinning(db, region);
  // Themes alone are not enough: the page asks for a barrier instead of failing.
  if ((q.barrier?.length ?? 0) === 0) return null;
  return getPickedTwinning(db, { barrier: q.barrier, theme: q.theme, has: q.has });
}
