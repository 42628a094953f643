import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { RegionalReport, SourceRef } from '../domain/schemas.ts';
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
          ...(r.dataAccess ? { dataAccess: r.dataAccess } : {}),
          // Kept only when given, so that reports written before it existed compare unchanged.
          ...(r.workshopNote ? { workshopNote: r.workshopNote } : {}),
        }),
        state: 'published',
      },
      sources: r.sources,
    },
    ctx,
  );
}

/** A region's report as stored, with its sections parsed. */
export interface RegionalReportItem {
  readonly region: string;
  readonly campaign: string;
  readonly overview: string | null;
  readonly challenges: RegionalReport['challenges'];
  readonly strengths: string[];
  readonly weaknesses: string[];
  readonly secondaryDataAccess: string | null;
  /** The four parts of the secondary-data section, where a region answered them. */
  readonly dataAccess: RegionalReport['dataAccess'] | null;
  /** What the source says of the workshop when none is on record, with where it says so. */
  readonly workshopNote: { text: string; sources: SourceRef[] } | null;
}

/** The reports of one region (one per campaign), or of all regions when none is given. */
export async function listRegionalReports(
  db: Kysely<Database>,
  region?: string,
): Promise<RegionalReportItem[]> {
  let q = db.selectFrom('regional_reports').selectAll();
  if (region) q = q.where('region_code', '=', region);
  const rows = await q.orderBy('region_code').execute();
  return rows.map((r) => {
    const sections = (r.sections ? JSON.parse(r.sections) : {}) as Partial<RegionalReportItem>;
    return {
      region: r.region_code,
      campaign: r.campaign_slug,
      overview: r.overview,
      challenges: sections.challenges ?? [],
      strengths: sections.strengths ?? [],
      weaknesses: sections.weaknesses ?? [],
      secondaryDataAccess: sections.secondaryDataAccess ?? null,
      dataAccess: sections.dataAccess ?? null,
      workshopNote: sections.workshopNote ?? null,
    };
  });
}
