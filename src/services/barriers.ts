import { crossTab } from '../analysis/crosstab.ts';
import type { Db } from '../db/connect.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import { notFound, unknownValue } from '../domain/errors.ts';
import { type BarrierRow, listBarrierCategories, listBarriers } from '../repositories/barriers.ts';
import {
  countEvidence,
  countEvidenceByBarrierAndRegion,
  countEvidenceByRegion,
  type EvidenceItem,
  listEvidence,
} from '../repositories/evidence.ts';
import { type GoodPracticeItem, listGoodPractices } from '../repositories/good-practices.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles } from '../repositories/sources.ts';

/** The matrix column of statements that name no region. */
const NO_REGION = '(none)';

const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

/** The barrier codebook with the evidence matrix: statements per barrier and region. */
export interface BarrierOverview {
  readonly categories: readonly {
    code: string;
    label: string;
    description: string | null;
    barriers: readonly BarrierRow[];
  }[];
  /**
   * Rows are barrier codes, columns region codes (partner regions, in name order). A cell counts
   * codings: a statement coded to two barriers counts in both rows, so a column's total is the
   * number of codings, not of statements.
   */
  readonly matrix: CrossTab;
  /** Distinct statements per matrix column (each statement once), in the matrix's column order. */
  readonly statementsPerColumn: readonly number[];
  /** Distinct statements on record. */
  readonly statements: number;
  readonly practicesPerBarrier: ReadonlyMap<string, number>;
}

/** Everything the barriers page shows. */
export async function getBarrierOverview(db: Db): Promise<BarrierOverview> {
  const q = db.kysely;
  const [categories, barriers, counts, practices, regions, perRegion, statements] =
    await Promise.all([
      listBarrierCategories(q),
      listBarriers(q),
      countEvidenceByBarrierAndRegion(q),
      listGoodPractices(q),
      listRegions(q),
      countEvidenceByRegion(q),
      countEvidence(q),
    ]);
  const partnerRegions = regions.filter((r) => r.isPartner).map((r) => r.code);
  const matrix = crossTab(
    counts.map((c) => ({ row: c.barrier, column: c.region ?? NO_REGION, n: c.n })),
    barriers.map((b) => b.code),
    partnerRegions.filter((code) => counts.some((c) => c.region === code)),
  );
  const practicesPerBarrier = new Map<string, number>();
  for (const p of practices)
    for (const b of p.barriers) practicesPerBarrier.set(b, (practicesPerBarrier.get(b) ?? 0) + 1);
  return {
    categories: categories.map((c) => ({
      ...c,
      barriers: barriers.filter((b) => b.category === c.code),
    })),
    matrix,
    statementsPerColumn: matrix.columns.map((c) =>
      c === NO_REGION ? statements - sum(perRegion.values()) : (perRegion.get(c) ?? 0),
    ),
    statements,
    practicesPerBarrier,
  };
}

/** One barrier with its category, the evidence coded to it and the practices that address it. */
export interface BarrierView {
  readonly barrier: BarrierRow;
  readonly category: { code: string; label: string };
  readonly evidence: readonly EvidenceItem[];
  readonly practices: readonly GoodPracticeItem[];
  /** Titles of the source documents by code, for the quotations' citations. */
  readonly sourceTitles: ReadonlyMap<string, string>;
}

/** Loads one barrier by code (e.g. B05); not_found names the valid codes. */
export async function getBarrierView(db: Db, code: string): Promise<BarrierView> {
  const q = db.kysely;
  const [barriers, categories] = await Promise.all([listBarriers(q), listBarrierCategories(q)]);
  const barrier = barriers.find((b) => b.code === code);
  const category = categories.find((c) => c.code === barrier?.category);
  if (!barrier || !category) {
    const last = `B${String(barriers.length).padStart(2, '0')}`;
    throw notFound('barrier', code, `barriers are numbered B01 to ${last}`);
  }
  const [evidence, practices, titles] = await Promise.all([
    listEvidence(q, { barrier: code }),
    listGoodPractices(q),
    sourceTitles(q),
  ]);
  return {
    barrier,
    category,
    evidence,
    practices: practices.filter((p) => p.barriers.includes(code)),
    sourceTitles: titles,
  };
}

/** Evidence statements filtered by barrier code and region code; unknown values are invalid_parameter naming the allowed ones. */
export async function findEvidence(
  db: Db,
  filter: { barrier?: string; region?: string },
): Promise<EvidenceItem[]> {
  const q = db.kysely;
  if (filter.barrier !== undefined) {
    const codes = (await listBarriers(q)).map((b) => b.code);
    if (!codes.includes(filter.barrier)) throw unknownValue('barrier', filter.barrier, codes);
  }
  if (filter.region !== undefined) {
    const codes = (await listRegions(q)).map((r) => r.code).sort();
    if (!codes.includes(filter.region)) throw unknownValue('region', filter.region, codes);
  }
  return listEvidence(q, filter);
}

/** One evidence statement by its key (what was said, where, its barriers; never who). */
export async function getEvidence(db: Db, key: string): Promise<EvidenceItem> {
  const [item] = await listEvidence(db.kysely, { key });
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
