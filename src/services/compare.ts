import { categoryCounts } from '../analysis/barrier-evidence.ts';
import type { Db } from '../db/connect.ts';
import { BARRIER_CATEGORIES } from '../domain/codes.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import { invalidParameter, unknownValue } from '../domain/errors.ts';
import { countsAs, type EvidenceKind } from '../domain/prevalence.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { countEvidenceByRegion } from '../repositories/evidence.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { countInitiativesBy } from '../repositories/initiatives.ts';
import { listWorkshopNotes, type WorkshopNote } from './engagement.ts';
import { isPracticeFrom } from './good-practices.ts';
import { evidenceKind, getEvidenceCounts } from './prevalence.ts';
import { partnerRegions } from './regions.ts';
import type { RawParams } from './search.ts';
import { domainTypeTable } from './stats.ts';

/** What the atlas holds about one partner region, in numbers. */
export interface RegionSummary {
  readonly code: string;
  readonly name: string;
  readonly initiatives: number;
  readonly statements: number;
  readonly practices: number;
  readonly interviews: number | null;
  readonly workshopParticipants: number | null;
}

/** The figures of every partner region, in name order. */
export async function regionSummaries(db: Db): Promise<RegionSummary[]> {
  const q = db.kysely;
  const [regions, initiatives, evidence, practices, interviews, workshops] = await Promise.all([
    partnerRegions(db),
    countInitiativesBy(q, ['submitting_region']),
    countEvidenceByRegion(q),
    listGoodPractices(q),
    listInterviewRows(q),
    listWorkshops(q),
  ]);
  return regions.map((r) => {
    const ws = workshops.filter((w) => w.region === r.code);
    return {
      code: r.code,
      name: r.name,
      initiatives: initiatives.find((i) => i.keys[0] === r.code)?.n ?? 0,
      statements: evidence.get(r.code) ?? 0,
      practices: practices.filter((p) => isPracticeFrom(p, r)).length,
      interviews: interviews.find((i) => i.region === r.code)?.printedTotal ?? null,
      workshopParticipants:
        ws.length === 0 ? null : ws.reduce((a, w) => a + (w.participants ?? 0), 0),
    };
  });
}

/** Two to four regions side by side. */
export interface Comparison {
  readonly all: readonly RegionSummary[];
  /** The evidence the barrier figures count. */
  readonly kind: EvidenceKind;
  readonly chosen: readonly {
    summary: RegionSummary;
    initiatives: CrossTab;
    /** Statements per barrier category (a statement coded to two categories counts in each). */
    statementsByCategory: ReadonlyMap<string, number>;
    /** Challenges of the region's reports that the kind counts (0 for statements only). */
    challenges: number;
    /**
     * Evidence of the kind per barrier category: a statement once in each category it touches,
     * each challenge once in its barrier's category.
     */
    evidenceByCategory: ReadonlyMap<string, number>;
    /** With no workshop on record: what the region's report says of it (what took its place). */
    workshopNote: WorkshopNote | null;
  }[];
}

/** Compares the regions named by `region` parameters (two to four partner regions), counting `evidence`. */
export async function compareRegions(db: Db, raw: RawParams): Promise<Comparison> {
  const kind = evidenceKind(typeof raw.evidence === 'string' ? raw.evidence : raw.evidence?.[0]);
  const all = await regionSummaries(db);
  const given =
    raw.region === undefined ? [] : typeof raw.region === 'string' ? [raw.region] : [...raw.region];
  const codes = [...new Set(given.flatMap((v) => v.split(',')).filter(Boolean))];
  const unknown = codes.find((c) => !all.some((s) => s.code === c));
  if (unknown)
    throw unknownValue(
      'region',
      unknown,
      all.map((s) => s.code),
    );
  if (codes.length > 4) {
    throw invalidParameter(
      'region',
      `compare at most four regions at once (${codes.length} were chosen)`,
    );
  }
  if (codes.length < 2) return { all, kind, chosen: [] };
  const categories = BARRIER_CATEGORIES.map((c) => c.code);
  const [notes, counts] = await Promise.all([listWorkshopNotes(db), getEvidenceCounts(db)]);
  const chosen = await Promise.all(
    codes.map(async (code) => {
      const summary = all.find((s) => s.code === code) as RegionSummary;
      return {
        summary,
        initiatives: await domainTypeTable(db, { submittingRegion: code }),
        statementsByCategory: categoryCounts(counts, code, categories, 'statements'),
        challenges: counts.items
          .filter((i) => i.region === code && i.kind !== 'statement' && countsAs(kind, i.kind))
          .reduce((a, i) => a + i.n, 0),
        evidenceByCategory: categoryCounts(counts, code, categories, kind),
        workshopNote:
          summary.workshopParticipants === null
            ? (notes.find((n) => n.region === code) ?? null)
            : null,
      };
    }),
  );
  return { all, kind, chosen };
}
