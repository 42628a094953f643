import type { Db } from '../db/connect.ts';
import { AppError, invalidData } from '../domain/errors.ts';
import { type ReferenceData, readReferenceData } from '../io/reference.ts';
import { upsertCampaign } from '../repositories/campaigns.ts';
import { syncCodeLists } from '../repositories/codelists.ts';
import { upsertInterviewRow, upsertWorkshop } from '../repositories/engagement.ts';
import { upsertEvidence } from '../repositories/evidence.ts';
import { upsertFigure } from '../repositories/figures.ts';
import { upsertGoodPractice } from '../repositories/good-practices.ts';
import { upsertPillar } from '../repositories/pillars.ts';
import { upsertRecommendation } from '../repositories/recommendations.ts';
import { upsertRegionalReport } from '../repositories/regional-reports.ts';
import { upsertRegion } from '../repositories/regions.ts';
import { upsertSource } from '../repositories/sources.ts';
import type { UpsertOutcome } from '../repositories/versioned.ts';
import { saveInitiative } from './initiatives.ts';
import { seedRounds } from './seed-rounds.ts';
import { seedStrategies } from './strategies.ts';

const KINDS = [
  'sources',
  'regions',
  'campaigns',
  'codebook',
  'initiatives',
  'evidence',
  'goodPractices',
  'regionalReports',
  'interviewRows',
  'workshops',
  'pillars',
  'figures',
  'questionnaires',
  'responses',
  'recommendations',
] as const;

/** What a seed run did, per kind of record (RIS3 strategies of a reference folder too). */
export type SeedReport = Record<
  (typeof KINDS)[number] | 'strategies',
  Record<UpsertOutcome, number>
>;

/**
 * Orders items so that each comes after the items it depends on (when they are in the list).
 * Throws when the dependencies form a cycle, naming the items involved.
 */
export function dependencyOrder<T>(
  items: readonly T[],
  key: (t: T) => string,
  deps: (t: T) => readonly string[],
): T[] {
  const byKey = new Map(items.map((t) => [key(t), t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: T[] = [];
  const visit = (t: T, path: string[]) => {
    const k = key(t);
    if (state.get(k) === 'done') return;
    if (state.get(k) === 'visiting') {
      throw invalidData(`records depend on each other in a cycle: ${[...path, k].join(' → ')}`);
    }
    state.set(k, 'visiting');
    for (const d of deps(t)) {
      const dep = byKey.get(d);
      if (dep) visit(dep, [...path, k]);
    }
    state.set(k, 'done');
    out.push(t);
  };
  for (const t of items) visit(t, []);
  return out;
}

/** Loads already-validated reference data in one transaction: all of it or nothing. */
export async function seedData(
  db: Db,
  data: ReferenceData,
  options: {
    actor?: string;
    now?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<SeedReport> {
  const actor = options.actor ?? 'seed';
  const now = options.now ?? new Date().toISOString();
  const ctx = { now, actor };
  const report = Object.fromEntries(
    KINDS.map((k) => [k, { created: 0, updated: 0, unchanged: 0 }]),
  ) as SeedReport;
  /** Writes one record and counts what happened; a failure names the record. */
  const write = async (kind: keyof SeedReport, key: string, run: () => Promise<UpsertOutcome>) => {
    try {
      report[kind][await run()]++;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw invalidData(
        `cannot load ${kind} record ${key}: ${(e as Error).message}; nothing was loaded`,
      );
    }
  };
  const regions = dependencyOrder(
    data.regions,
    (r) => r.code,
    (r) => (r.parent ? [r.parent] : []),
  );
  const initiatives = dependencyOrder(
    data.initiatives,
    (i) => i.slug,
    (i) => i.relations.map((r) => r.target),
  );
  await db.kysely.transaction().execute(async (trx) => {
    for (const s of data.sources) await write('sources', s.code, () => upsertSource(trx, s, ctx));
    // The codebook cites sources, so it comes after them.
    for (const outcome of await syncCodeLists(trx, ctx, data.codebook)) report.codebook[outcome]++;
    for (const r of regions) await write('regions', r.code, () => upsertRegion(trx, r, ctx));
    for (const c of data.campaigns ?? []) {
      await write('campaigns', c.slug, () => upsertCampaign(trx, c, ctx));
    }
    let done = 0;
    for (const i of initiatives) {
      await write('initiatives', i.slug, () => saveInitiative(trx, i, actor, now));
      options.onProgress?.(++done, initiatives.length);
    }
    for (const e of data.evidence ?? [])
      await write('evidence', e.key, () => upsertEvidence(trx, e, ctx));
    for (const g of data.goodPractices ?? []) {
      await write('goodPractices', g.slug, () => upsertGoodPractice(trx, g, ctx));
    }
    for (const r of data.regionalReports ?? []) {
      await write('regionalReports', r.region, () => upsertRegionalReport(trx, r, ctx));
    }
    for (const r of data.engagement?.interviews ?? []) {
      await write('interviewRows', r.region, () => upsertInterviewRow(trx, r, ctx));
    }
    for (const w of data.engagement?.workshops ?? []) {
      await write('workshops', w.key, () => upsertWorkshop(trx, w, ctx));
    }
    for (const p of data.pillars ?? [])
      await write('pillars', p.code, () => upsertPillar(trx, p, ctx));
    for (const f of data.figures ?? [])
      await write('figures', f.key, () => upsertFigure(trx, f, ctx));
    for (const r of data.recommendations ?? [])
      await write('recommendations', r.slug, () => upsertRecommendation(trx, r, ctx));
    // Last: the rounds' responses are read from the records above and name their regions.
    const rounds = await seedRounds(trx, data, ctx);
    report.questionnaires = rounds.questionnaires;
    report.responses = rounds.responses;
  });
  return report;
}

/** Reads, validates and loads the reference dataset of a folder (see data/reference/). */
export async function seedReference(
  db: Db,
  dir: string,
  options: { actor?: string; now?: string } = {},
): Promise<SeedReport> {
  const report = await seedData(db, await readReferenceData(dir), options);
  // Strategies cite regions and sources, so they come once those are in.
  return { ...report, strategies: await seedStrategies(db, dir, options) };
}
