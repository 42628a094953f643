import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { RegionalReport } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

/** Inserts or updates a region's report (fact sheet) for a campaign. */
export function upsertRegionalReport(
  db: Kysely<Database>,
  r: RegionalReport,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'regional_reports',
      entity: 'regional_report',
      key: { region_code: r.region, campaign_slug: r.campaign },
      columns: {
        overview: r.overview,
        sections: JSON.stringify({
          challenges: r.challenges,
          strengths: r.strengths,
          weaknesses: r.weaknesses,
          secondaryDataAccess: r.secondaryDataAccess ?? null,
        }),
        state: 'published',
      },
      sources: r.sources,
    },
    ctx,
  );
}
