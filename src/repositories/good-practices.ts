import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import type { GoodPractice } from '../domain/schemas.ts';
import type { TransferCondition } from '../domain/twinning.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

/** Inserts or updates a good practice and the barriers it addresses. */
export function upsertGoodPractice(
  db: Kysely<Database>,
  g: GoodPractice,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'good_practices',
      entity: 'good_practice',
      key: { slug: g.slug },
      columns: {
        name: g.name,
        country_code: g.country ?? null,
        region_code: g.region ?? null,
        scope: g.scope ?? null,
        summary: g.summary,
        language: g.language ?? DEFAULT_LANGUAGE,
        link: g.link ?? null,
        link_missing: g.linkMissing ?? null,
        key_players: g.keyPlayers ?? null,
        impact: g.impact ?? null,
        transferability: g.transferability ?? null,
        transfer_conditions: g.transferConditions?.length
          ? JSON.stringify(g.transferConditions)
          : null,
        exemplary: g.exemplary ? 1 : 0,
        notes: g.notes ?? null,
      },
      sources: g.sources,
      links: { table: 'good_practice_barriers', idColumn: 'good_practice_id', values: g.barriers },
    },
    ctx,
  );
}

/** Every good practice with the number of barriers it addresses. */
export async function listGoodPracticeBarrierCounts(
  db: Kysely<Database>,
): Promise<{ slug: string; name: string; barriers: number }[]> {
  const rows = await db
    .selectFrom('good_practices as g')
    .leftJoin('good_practice_barriers as b', 'b.good_practice_id', 'g.id')
    .select(['g.slug', 'g.name'])
    .select((eb) => eb.fn.count<number>('b.barrier_code').as('barriers'))
    .groupBy(['g.slug', 'g.name'])
    .execute();
  return rows.map((r) => ({ ...r, barriers: Number(r.barriers) }));
}

/** A good practice as the catalogue shows it. */
export interface GoodPracticeItem {
  readonly slug: string;
  readonly name: string;
  readonly country: string | null;
  readonly region: string | null;
  readonly scope: string | null;
  readonly summary: string | null;
  /** The language of the practice's texts (ISO 639-1). */
  readonly language: string;
  readonly link: string | null;
  readonly linkMissing: string | null;
  readonly keyPlayers: string | null;
  readonly impact: string | null;
  readonly transferability: string | null;
  /** What the practice needs where it is taken up, as curated (empty when none is). */
  readonly transferConditions: TransferCondition[];
  readonly exemplary: boolean;
  readonly notes: string | null;
  readonly barriers: string[];
  readonly updatedAt: string;
  readonly version: number;
}

/** Good practices with the barriers they address, ordered by name: all, or the one with a slug. */
export async function listGoodPractices(
  db: Kysely<Database>,
  slug?: string,
): Promise<GoodPracticeItem[]> {
  let practices = db.selectFrom('good_practices').selectAll();
  let barriers = db
    .selectFrom('good_practice_barriers as b')
    .innerJoin('good_practices as g', 'g.id', 'b.good_practice_id')
    .select(['b.good_practice_id', 'b.barrier_code']);
  if (slug !== undefined) {
    practices = practices.where('slug', '=', slug);
    barriers = barriers.where('g.slug', '=', slug);
  }
  const [rows, links] = await Promise.all([
    practices.orderBy('name').execute(),
    barriers.orderBy('b.barrier_code').execute(),
  ]);
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    country: r.country_code,
    region: r.region_code,
    scope: r.scope,
    summary: r.summary,
    language: r.language,
    link: r.link,
    linkMissing: r.link_missing,
    keyPlayers: r.key_players,
    impact: r.impact,
    transferability: r.transferability,
    transferConditions: r.transfer_conditions
      ? (JSON.parse(r.transfer_conditions) as TransferCondition[])
      : [],
    exemplary: r.exemplary === 1,
    notes: r.notes,
    barriers: links.filter((l) => l.good_practice_id === r.id).map((l) => l.barrier_code),
    updatedAt: r.updated_at,
    version: r.version,
  }));
}
