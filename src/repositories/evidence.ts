import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import type { EvidenceCounts, ItemKind } from '../domain/prevalence.ts';
import type { Evidence, Quote } from '../domain/schemas.ts';
import { CODEBOOK_VERSION } from './codelists.ts';
import { listRecordSources, listRecordSourcesByKey } from './record-sources.ts';
import { listRegionalReports } from './regional-reports.ts';
import { recordKey, type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

/** Inserts or updates an evidence statement and the barriers it is coded to. */
export function upsertEvidence(
  db: Kysely<Database>,
  e: Evidence,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'evidence',
      entity: 'evidence',
      key: { key: e.key },
      columns: {
        statement: e.statement,
        language: e.language ?? DEFAULT_LANGUAGE,
        region_code: e.region,
        stakeholder_group: e.stakeholderGroup ?? null,
        campaign_slug: e.campaign ?? null,
        quote: e.quote ? JSON.stringify(e.quote) : null,
      },
      sources: e.sources,
      links: { table: 'evidence_barriers', idColumn: 'evidence_id', values: e.barriers },
    },
    ctx,
  );
}

/** Evidence statements per barrier and one column of the statement (its region or its group). */
async function countByBarrierAnd(
  db: Kysely<Database>,
  column: 'region_code' | 'stakeholder_group',
): Promise<{ barrier: string; value: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('evidence_barriers as eb')
    .innerJoin('evidence as e', 'e.id', 'eb.evidence_id')
    .select(['eb.barrier_code as barrier', `e.${column} as value`])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['eb.barrier_code', `e.${column}`])
    .execute();
  return rows.map((r) => ({ barrier: r.barrier, value: r.value, n: Number(r.n) }));
}

/** Evidence statements per barrier and region (respondents are never selected). */
export async function countEvidenceByBarrierAndRegion(
  db: Kysely<Database>,
): Promise<{ barrier: string; region: string | null; n: number }[]> {
  return (await countByBarrierAnd(db, 'region_code')).map(({ value, ...r }) => ({
    ...r,
    region: value,
  }));
}

/** How many distinct regions have evidence on record. */
export async function countEvidenceRegions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.count<number>('region_code').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The quotation stored with a statement, or null when the statement is only a paraphrase. */
function quoteOf(json: string | null): Quote | null {
  return json === null ? null : (JSON.parse(json) as Quote);
}

/** A published evidence statement: what was said, where, and the barriers it is coded to. */
export interface EvidenceItem {
  readonly key: string;
  /** The paraphrase in the atlas's own words. */
  readonly statement: string;
  /** The language of the statement (ISO 639-1). */
  readonly language: string;
  /** The stakeholder's words as the source prints them, where it quotes them; else null. */
  readonly quote: Quote | null;
  readonly region: string | null;
  readonly barriers: string[];
}

/** Evidence statements, optionally of one barrier, one region or one key; respondents are never read. */
export async function listEvidence(
  db: Kysely<Database>,
  where: { barrier?: string; region?: string; key?: string } = {},
): Promise<EvidenceItem[]> {
  let q = db
    .selectFrom('evidence as e')
    .select(['e.id', 'e.key', 'e.statement', 'e.language', 'e.quote', 'e.region_code']);
  if (where.key !== undefined) q = q.where('e.key', '=', where.key);
  if (where.region) q = q.where('e.region_code', '=', where.region);
  const barrier = where.barrier;
  if (barrier) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('evidence_barriers as x')
          .select('x.evidence_id')
          .whereRef('x.evidence_id', '=', 'e.id')
          .where('x.barrier_code', '=', barrier),
      ),
    );
  }
  const rows = await q.orderBy('e.key').execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('evidence_barriers')
    .select(['evidence_id', 'barrier_code'])
    .where(
      'evidence_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('barrier_code')
    .execute();
  return rows.map((r) => ({
    key: r.key,
    statement: r.statement,
    language: r.language,
    quote: quoteOf(r.quote),
    region: r.region_code,
    barriers: links.filter((l) => l.evidence_id === r.id).map((l) => l.barrier_code),
  }));
}

/** Evidence statements per region (each statement once, whatever it is coded to). */
export async function countEvidenceByRegion(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('evidence')
    .select('region_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('region_code')
    .execute();
  return new Map(
    rows.filter((r) => r.region_code !== null).map((r) => [r.region_code as string, Number(r.n)]),
  );
}

/** How many evidence statements are on record (each once, whatever it is coded to). */
export async function countEvidence(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An evidence statement as the reference data has it; the region is null only if a row lost it. */
export type EvidenceRecord = Omit<Evidence, 'region'> & { region: string | null };

/**
 * Every evidence statement in the shape of the reference data, for the open-data export. The
 * respondent column is for curators only, so it is not selected.
 */
export async function listEvidenceRecords(db: Kysely<Database>): Promise<EvidenceRecord[]> {
  const [rows, links, sources] = await Promise.all([
    db
      .selectFrom('evidence')
      .select([
        'id',
        'key',
        'statement',
        'language',
        'region_code',
        'stakeholder_group',
        'campaign_slug',
        'quote',
      ])
      .orderBy('key')
      .execute(),
    db
      .selectFrom('evidence_barriers')
      .select(['evidence_id', 'barrier_code'])
      .orderBy('barrier_code')
      .execute(),
    listRecordSourcesByKey(db, 'evidence'),
  ]);
  const barriers = new Map<number, string[]>();
  for (const l of links)
    barriers.set(l.evidence_id, [...(barriers.get(l.evidence_id) ?? []), l.barrier_code]);
  return rows.map((r) => {
    const e: EvidenceRecord = {
      key: r.key,
      statement: r.statement,
      language: r.language,
      barriers: barriers.get(r.id) ?? [],
      region: r.region_code,
      sources: sources.get(r.key) ?? [],
    };
    if (r.stakeholder_group !== null)
      e.stakeholderGroup = r.stakeholder_group as Evidence['stakeholderGroup'];
    if (r.campaign_slug !== null) e.campaign = r.campaign_slug;
    if (r.quote !== null) e.quote = quoteOf(r.quote) ?? undefined;
    return e;
  });
}

/** One evidence statement in the shape of the reference data (respondent never selected), or undefined. */
export async function findEvidenceRecord(
  db: Kysely<Database>,
  key: string,
): Promise<EvidenceRecord | undefined> {
  const row = await db
    .selectFrom('evidence')
    .select([
      'id',
      'statement',
      'language',
      'region_code',
      'stakeholder_group',
      'campaign_slug',
      'quote',
    ])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  const [links, sources] = await Promise.all([
    db
      .selectFrom('evidence_barriers')
      .select('barrier_code')
      .where('evidence_id', '=', row.id)
      .orderBy('barrier_code')
      .execute(),
    listRecordSources(db, 'evidence', key),
  ]);
  const e: EvidenceRecord = {
    key,
    statement: row.statement,
    language: row.language,
    barriers: links.map((l) => l.barrier_code),
    region: row.region_code,
    sources,
  };
  if (row.stakeholder_group !== null)
    e.stakeholderGroup = row.stakeholder_group as Evidence['stakeholderGroup'];
  if (row.campaign_slug !== null) e.campaign = row.campaign_slug;
  if (row.quote !== null) e.quote = quoteOf(row.quote) ?? undefined;
  return e;
}

/** Evidence statements per barrier and stakeholder group (null: the statement names none). */
export async function countEvidenceByBarrierAndGroup(
  db: Kysely<Database>,
): Promise<{ barrier: string; group: string | null; n: number }[]> {
  return (await countByBarrierAnd(db, 'stakeholder_group')).map(({ value, ...r }) => ({
    ...r,
    group: value,
  }));
}

/** Evidence statements per stakeholder group, each once (null: the statement names none). */
export async function countEvidenceByGroup(
  db: Kysely<Database>,
): Promise<{ group: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('evidence')
    .select('stakeholder_group as group')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('stakeholder_group')
    .execute();
  return rows.map((r) => ({ group: r.group, n: Number(r.n) }));
}

/** One region's statements: how many are coded to each barrier, and how many there are (each once). */
export async function countRegionEvidence(
  db: Kysely<Database>,
  region: string,
): Promise<{ perBarrier: { barrier: string; n: number }[]; statements: number }> {
  const [perBarrier, total] = await Promise.all([
    db
      .selectFrom('evidence_barriers as eb')
      .innerJoin('evidence as e', 'e.id', 'eb.evidence_id')
      .select('eb.barrier_code as barrier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('e.region_code', '=', region)
      .groupBy('eb.barrier_code')
      .execute(),
    db
      .selectFrom('evidence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('region_code', '=', region)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    perBarrier: perBarrier.map((r) => ({ barrier: r.barrier, n: Number(r.n) })),
    statements: Number(total.n),
  };
}

/** Statements per region and barrier category, each once per category it touches. */
async function countStatementsByCategory(
  db: Kysely<Database>,
): Promise<{ category: string; region: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('evidence_barriers as eb')
    .innerJoin('evidence as e', 'e.id', 'eb.evidence_id')
    .innerJoin('barriers as b', (j) =>
      j.onRef('b.code', '=', 'eb.barrier_code').on('b.codebook_version', '=', CODEBOOK_VERSION),
    )
    .select(['e.region_code as region', 'b.category_code as category'])
    .select((eb) => eb.fn.count<number>('e.id').distinct().as('n'))
    .groupBy(['e.region_code', 'b.category_code'])
    .execute();
  return rows.map((r) => ({ category: r.category, region: r.region, n: Number(r.n) }));
}

/** A challenge a regional report lists, with the kind of evidence it is and what it says. */
export interface ReportChallenge {
  /**
   * `answer` when the report came from a region's response to the campaign (its source is the
   * campaign itself), `challenge` when it was taken from a document (a fact sheet).
   */
  readonly kind: Exclude<ItemKind, 'statement'>;
  readonly region: string;
  readonly campaign: string;
  readonly barrier: string;
  readonly note: string;
  readonly affectedParties: string | null;
  readonly impact: string | null;
  readonly recommendedActions: string | null;
}

/** The challenges of the published regional reports, of one barrier or all, in region order. */
export async function listReportChallenges(
  db: Kysely<Database>,
  where: { barrier?: string } = {},
): Promise<ReportChallenge[]> {
  const [reports, sources] = await Promise.all([
    listRegionalReports(db),
    listRecordSourcesByKey(db, 'regional_report'),
  ]);
  return reports.flatMap((r) => {
    const refs = sources.get(recordKey(r.region, r.campaign)) ?? [];
    const kind = refs.some((s) => s.source === r.campaign) ? 'answer' : 'challenge';
    return r.challenges
      .filter((c) => where.barrier === undefined || c.barrier === where.barrier)
      .map((c) => ({
        kind,
        region: r.region,
        campaign: r.campaign,
        barrier: c.barrier,
        note: c.note,
        affectedParties: c.affectedParties ?? null,
        impact: c.impact ?? null,
        recommendedActions: c.recommendedActions ?? null,
      }));
  });
}

/**
 * Everything coded to a barrier, counted: statements (by barrier and region, by category and
 * region each once per category, by region each once) and the challenges of regional reports,
 * fact sheets' or campaign answers' (each listed challenge is one item, coded to one barrier).
 */
export async function countBarrierEvidence(db: Kysely<Database>): Promise<EvidenceCounts> {
  const [codings, byCategory, perRegion, challenges, barriers] = await Promise.all([
    countEvidenceByBarrierAndRegion(db),
    countStatementsByCategory(db),
    db
      .selectFrom('evidence')
      .select('region_code as region')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('region_code')
      .execute(),
    listReportChallenges(db),
    db
      .selectFrom('barriers')
      .select(['code', 'category_code as category'])
      .where('codebook_version', '=', CODEBOOK_VERSION)
      .execute(),
  ]);
  const categoryOf = new Map(barriers.map((b) => [b.code, b.category]));
  const tally = <T extends { kind: ItemKind }>(items: T[], keyOf: (x: T) => string | undefined) => {
    const m = new Map<string, { item: T; n: number }>();
    for (const x of items) {
      const key = keyOf(x);
      if (key === undefined) continue;
      const k = `${x.kind}\u0000${key}`;
      m.set(k, { item: x, n: (m.get(k)?.n ?? 0) + 1 });
    }
    return [...m.values()];
  };
  return {
    codings: [
      ...codings.map((c) => ({ kind: 'statement' as const, ...c })),
      ...tally(challenges, (c) => `${c.region}\u0000${c.barrier}`).map(({ item, n }) => ({
        kind: item.kind,
        barrier: item.barrier,
        region: item.region,
        n,
      })),
    ],
    byCategory: [
      ...byCategory.map((c) => ({ kind: 'statement' as const, ...c })),
      ...tally(challenges, (c) => {
        const cat = categoryOf.get(c.barrier);
        return cat === undefined ? undefined : `${c.region}\u0000${cat}`;
      }).map(({ item, n }) => ({
        kind: item.kind,
        category: categoryOf.get(item.barrier) as string,
        region: item.region,
        n,
      })),
    ],
    items: [
      ...perRegion.map((r) => ({ kind: 'statement' as const, region: r.region, n: Number(r.n) })),
      ...tally(challenges, (c) => c.region).map(({ item, n }) => ({
        kind: item.kind,
        region: item.region,
        n,
      })),
    ],
  };
}
