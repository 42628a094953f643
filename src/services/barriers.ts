import {
  type BarrierReach,
  barrierReach,
  type EvidenceMatrix,
  evidenceMatrix,
} from '../analysis/barrier-evidence.ts';
import type { Db } from '../db/connect.ts';
import { notFound, unknownValue } from '../domain/errors.ts';
import { countsAs, type EvidenceKind } from '../domain/prevalence.ts';
import { type BarrierRow, listBarrierCategories, listBarriers } from '../repositories/barriers.ts';
import {
  type EvidenceItem,
  listEvidence,
  listReportChallenges,
  type ReportChallenge,
} from '../repositories/evidence.ts';
import { type GoodPracticeItem, listGoodPractices } from '../repositories/good-practices.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles } from '../repositories/sources.ts';
import { getEvidenceCounts, getPrevalence } from './prevalence.ts';
import { type CheckedTranslations, translationsOf } from './translations.ts';

export type { BarrierReach } from '../analysis/barrier-evidence.ts';

/**
 * The barrier codebook with the evidence matrix of one kind of evidence (statements, regional
 * report challenges, campaign answers, or all): items per barrier and region, and each barrier's
 * reach. Every figure comes from the one evidence count (services/prevalence.ts).
 */
export interface BarrierOverview extends EvidenceMatrix {
  readonly categories: readonly {
    code: string;
    label: string;
    description: string | null;
    barriers: readonly BarrierRow[];
  }[];
  /** Each barrier's evidence by kind and the regions reporting it by the kind, by code. */
  readonly reach: ReadonlyMap<string, BarrierReach>;
  /** Regions with evidence of the kind: what a barrier's regions are out of. */
  readonly regionsWithEvidence: number;
  readonly practicesPerBarrier: ReadonlyMap<string, number>;
}

/** Everything the barriers page shows, counting the evidence of `kind` (everything by default). */
export async function getBarrierOverview(
  db: Db,
  kind: EvidenceKind = 'all',
): Promise<BarrierOverview> {
  const q = db.kysely;
  const [categories, barriers, counts, practices, regions, prevalence] = await Promise.all([
    listBarrierCategories(q),
    listBarriers(q),
    getEvidenceCounts(db),
    listGoodPractices(q),
    listRegions(q),
    getPrevalence(db, kind),
  ]);
  const codes = barriers.map((b) => b.code);
  const partners = regions.filter((r) => r.isPartner).map((r) => r.code);
  const practicesPerBarrier = new Map<string, number>();
  for (const p of practices)
    for (const b of p.barriers) practicesPerBarrier.set(b, (practicesPerBarrier.get(b) ?? 0) + 1);
  return {
    ...evidenceMatrix(counts, codes, partners, kind),
    categories: categories.map((c) => ({
      ...c,
      barriers: barriers.filter((b) => b.category === c.code),
    })),
    reach: new Map(barrierReach(counts, codes, kind).map((r) => [r.code, r])),
    regionsWithEvidence: prevalence.regionsWithEvidence,
    practicesPerBarrier,
  };
}

/**
 * An evidence statement as pages and the API show it: with the approved translations of its
 * statement (issue 18) and which of them may be out of date.
 */
export interface TranslatedEvidence extends EvidenceItem {
  readonly translations: CheckedTranslations;
}

/** Statements with their translations: two queries whatever their number. */
export async function withTranslations(
  db: Db,
  items: readonly EvidenceItem[],
): Promise<TranslatedEvidence[]> {
  const found = await translationsOf(
    db,
    'evidence',
    new Map(items.map((e) => [e.key, e.language])),
  );
  return items.map((e) => ({ ...e, translations: found.get(e.key) as CheckedTranslations }));
}

/** One barrier with its category, the evidence coded to it and the practices that address it. */
export interface BarrierView {
  readonly barrier: BarrierRow;
  readonly category: { code: string; label: string };
  /** The kind of evidence the page counts and lists. */
  readonly kind: EvidenceKind;
  /** The statements coded to it (none when the kind does not count statements). */
  readonly evidence: readonly TranslatedEvidence[];
  /** The regional reports' challenges mapped to it that the kind counts. */
  readonly challenges: readonly ReportChallenge[];
  /** Its evidence by kind and the regions reporting it by the kind (the matrix's row). */
  readonly reach: BarrierReach;
  /** Regions with evidence of the kind. */
  readonly regionsWithEvidence: number;
  readonly practices: readonly GoodPracticeItem[];
  /** Titles of the source documents by code, for the quotations' citations. */
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** The recommendations addressing it (filled in for the page by services/recommendations.ts). */
  readonly recommended?: readonly import('./recommendations.ts').TranslatedRecommendation[];
}

/** Loads one barrier by code (e.g. B05) with the evidence of `kind`; not_found names the valid codes. */
export async function getBarrierView(
  db: Db,
  code: string,
  kind: EvidenceKind = 'all',
): Promise<BarrierView> {
  const q = db.kysely;
  const [barriers, categories] = await Promise.all([listBarriers(q), listBarrierCategories(q)]);
  const barrier = barriers.find((b) => b.code === code);
  const category = categories.find((c) => c.code === barrier?.category);
  if (!barrier || !category) {
    const last = `B${String(barriers.length).padStart(2, '0')}`;
    throw notFound('barrier', code, `barriers are numbered B01 to ${last}`);
  }
  const [evidence, challenges, counts, prevalence, practices, titles] = await Promise.all([
    countsAs(kind, 'statement')
      ? listEvidence(q, { barrier: code }).then((e) => withTranslations(db, e))
      : [],
    listReportChallenges(q, { barrier: code }),
    getEvidenceCounts(db),
    getPrevalence(db, kind),
    listGoodPractices(q),
    sourceTitles(q),
  ]);
  return {
    barrier,
    category,
    kind,
    evidence,
    challenges: challenges.filter((c) => countsAs(kind, c.kind)),
    reach: barrierReach(counts, [code], kind)[0] as BarrierReach,
    regionsWithEvidence: prevalence.regionsWithEvidence,
    practices: practices.filter((p) => p.barriers.includes(code)),
    sourceTitles: titles,
  };
}

/**
 * Evidence statements filtered by barrier code and region code, with their translations; unknown
 * values are invalid_parameter naming the allowed ones.
 */
export async function findEvidence(
  db: Db,
  filter: { barrier?: string; region?: string },
): Promise<TranslatedEvidence[]> {
  const q = db.kysely;
  if (filter.barrier !== undefined) {
    const codes = (await listBarriers(q)).map((b) => b.code);
    if (!codes.includes(filter.barrier)) throw unknownValue('barrier', filter.barrier, codes);
  }
  if (filter.region !== undefined) {
    const codes = (await listRegions(q)).map((r) => r.code).sort();
    if (!codes.includes(filter.region)) throw unknownValue('region', filter.region, codes);
  }
  return withTranslations(db, await listEvidence(q, filter));
}

/**
 * One evidence statement by its key (what was said, where, its barriers; never who), with its
 * translations.
 */
export async function getEvidence(db: Db, key: string): Promise<TranslatedEvidence> {
  const [item] = await withTranslations(db, await listEvidence(db.kysely, { key }));
  if (!item) {
    throw notFound('evidence statement', key, 'list the evidence statements to find its key');
  }
  return item;
}

/** One barrier category with its barriers; not_found names the valid codes. */
export async function getBarrierCategory(
  db: Db,
  code: string,
): Promise<BarrierOverview['categories'][number]> {
  const overview = await getBarrierOverview(db);
  const category = overview.categories.find((c) => c.code === code);
  if (!category) {
    const codes = overview.categories.map((c) => c.code).join(', ');
    throw notFound('barrier category', code, `categories are ${codes}`);
  }
  return category;
}
