import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Evidence } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

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
        region_code: e.region,
        stakeholder_group: e.stakeholderGroup ?? null,
        campaign_slug: e.campaign ?? null,
      },
      sources: e.sources,
      links: { table: 'evidence_barriers', idColumn: 'evidence_id', values: e.barriers },
    },
    ctx,
  );
}

/** Evidence statements per barrier and region (respondents are never selected). */
export async function countEvidenceByBarrierAndRegion(
  db: Kysely<Database>,
): Promise<{ barrier: string; region: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('evidence_barriers as eb')
    .innerJoin('evidence as e', 'e.id', 'eb.evidence_id')
    .select(['eb.barrier_code as barrier', 'e.region_code as region'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['eb.barrier_code', 'e.region_code'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** How many distinct regions have evidence on record. */
export async function countEvidenceRegions(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('evidence')
    .select((eb) => eb.fn.count<number>('region_code').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
