import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Campaign } from '../domain/schemas.ts';
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
