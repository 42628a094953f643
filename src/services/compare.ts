import type { Db } from '../db/connect.ts';
import { BARRIER_CATEGORIES, BARRIERS } from '../domain/codes.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import { invalidParameter, unknownValue } from '../domain/errors.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { countEvidenceByRegion, listEvidence } from '../repositories/evidence.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { countInitiativesBy } from '../repositories/initiatives.ts';
import { listWorkshopNotes, type WorkshopNote } from './engagement.ts';
import { isPracticeFrom } from './good-practices.ts';
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
  readonly chosen: readonly {
    summary: RegionSummary;
    initiatives: CrossTab;
    /** Statements per barrier category (a statement coded to two categories counts in each). */
    statementsByCategory: ReadonlyMap<string, number>;
    /** With no workshop on record: what the region's report says of it (what took its place). */
    workshopNote: WorkshopNote | null;
  }[];
}

/** Compares the regions named by `region` parameters (two to four partner regions). */
export async function compareRegions(db: Db, raw: RawParams): Promise<Comparison> {
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
  if (codes.length < 2) return { all, chosen: [] };
  const categoryOf = new Map(BARRIERS.map((b) => [b.code, b.category]));
  const notes = await listWorkshopNotes(db);
  const chosen = await Promise.all(
    codes.map(async (code) => {
      // Each statement counts once per category, however many of its barriers fall in it.
      const statementsByCategory = new Map<string, number>(
        BARRIER_CATEGORIES.map((c) => [c.code, 0]),
      );
      for (const e of await listEvidence(db.kysely, { region: code })) {
        for (const cat of new Set(e.barriers.map((b) => categoryOf.get(b)))) {
          if (cat) statementsByCategory.set(cat, (statementsByCategory.get(cat) ?? 0) + 1);
        }
      }
      const summary = all.find((s) => s.code === code) as RegionSummary;
      return {
        summary,
        initiatives: await domainTypeTable(db, { submittingRegion: code }),
        statementsByCategory,
        workshopNote:
          summary.workshopParticipants === null
            ? (notes.find((n) => n.region === code) ?? null)
            : null,
      };
    }),
  );
  return { all, chosen };
}
