import { crossTab, tally } from '../analysis/crosstab.ts';
import type { Db } from '../db/connect.ts';
import { DOMAINS, STATUSES, STRUCTURAL_TYPES } from '../domain/codes.ts';
import type { CrossTab } from '../domain/crosstab.ts';
import { countInitiativesBy } from '../repositories/initiatives.ts';
import { listRegions } from '../repositories/regions.ts';
import { initiativeOrigins, type SourceOrigin } from './initiatives.ts';

/** Headline statistics of the initiatives on record. */
export interface Stats {
  readonly total: number;
  readonly domainByType: CrossTab;
  /** Initiatives per reporting region; those without one are counted in `withoutReportingRegion`. */
  readonly byRegion: readonly { key: string; n: number }[];
  /** Initiatives no partner region reported (in the reference data, those taken from ICPerMed's lists). */
  readonly withoutReportingRegion: number;
  /** Initiatives per home (a country, or EU for EU institutions and European networks). */
  readonly byCountry: readonly { key: string; n: number }[];
  /** How many countries are home to an initiative (the European level, EU, is not a country). */
  readonly countries: number;
  readonly byStatus: readonly { key: string; n: number }[];
  /** Where the initiatives come from: each counted once, under the source it was taken from. */
  readonly bySource: readonly SourceOrigin[];
}

/** Initiatives by domain × structural type, of all or of one reporting region. */
export async function domainTypeTable(
  db: Db,
  where: { submittingRegion?: string; homeCountry?: string } = {},
): Promise<CrossTab> {
  const rows = await countInitiativesBy(db.kysely, ['domain', 'structural_type'], where);
  return crossTab(
    rows.map((r) => ({ row: r.keys[0] ?? '(none)', column: r.keys[1] ?? '(none)', n: r.n })),
    DOMAINS.map((d) => d.code),
    STRUCTURAL_TYPES.map((t) => t.code),
  );
}

/** Counts by domain × type, by reporting region, by home country and by status. */
export async function getStats(db: Db): Promise<Stats> {
  const q = db.kysely;
  const [domainByType, region, country, status, regions, bySource] = await Promise.all([
    domainTypeTable(db),
    countInitiativesBy(q, ['submitting_region']),
    countInitiativesBy(q, ['home_country']),
    countInitiativesBy(q, ['status']),
    listRegions(q),
    initiativeOrigins(q),
  ]);
  const countryCodes = new Set(regions.filter((r) => r.level === 'country').map((r) => r.code));
  const statusOrder = STATUSES.map((s) => s.code as string);
  return {
    total: domainByType.total,
    domainByType,
    byRegion: tally(region.flatMap((r) => (r.keys[0] == null ? [] : [{ key: r.keys[0], n: r.n }]))),
    withoutReportingRegion: region.find((r) => r.keys[0] == null)?.n ?? 0,
    byCountry: tally(country.map((r) => ({ key: r.keys[0] ?? null, n: r.n }))),
    countries: country.filter((r) => countryCodes.has(r.keys[0] ?? '')).length,
    byStatus: tally(status.map((r) => ({ key: r.keys[0] ?? null, n: r.n }))).sort(
      (a, b) => statusOrder.indexOf(a.key) - statusOrder.indexOf(b.key),
    ),
    bySource,
  };
}
