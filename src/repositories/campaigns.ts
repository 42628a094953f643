import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Campaign } from '../domain/schemas.ts';
import { listRecordSourcesByKey } from './record-sources.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

/** Inserts or updates a campaign. */
export function upsertCampaign(
  db: Kysely<Database>,
  c: Campaign,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'campaigns',
      entity: 'campaign',
      key: { slug: c.slug },
      columns: {
        kind: c.kind,
        title: c.title,
        opens_at: c.opensAt ?? null,
        closes_at: c.closesAt ?? null,
        rules: JSON.stringify(c.rules),
        state: c.state,
      },
      sources: c.sources,
    },
    ctx,
  );
}

/** Every campaign in the shape of the reference data, ordered by slug. */
export async function listCampaigns(db: Kysely<Database>): Promise<Campaign[]> {
  const [rows, sources] = await Promise.all([
    db.selectFrom('campaigns').selectAll().orderBy('slug').execute(),
    listRecordSourcesByKey(db, 'campaign'),
  ]);
  return rows.map((r) => {
    const c: Campaign = {
      slug: r.slug,
      kind: r.kind as Campaign['kind'],
      title: r.title,
      rules: r.rules ? (JSON.parse(r.rules) as Campaign['rules']) : {},
      state: r.state as Campaign['state'],
      sources: sources.get(r.slug) ?? [],
    };
    if (r.opens_at !== null) c.opensAt = r.opens_at;
    if (r.closes_at !== null) c.closesAt = r.closes_at;
    return c;
  });
}
