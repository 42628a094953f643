import type { Db } from '../db/connect.ts';
import { BARRIERS } from '../domain/codes.ts';
import { notFound, unknownValue } from '../domain/errors.ts';
import type { SourceDocument } from '../domain/open-data.ts';
import { EUROPEAN_HOME, isHomeLevel, type RegionInfo } from '../domain/region.ts';
import type { SourceRef } from '../domain/schemas.ts';
import { filterValues } from '../domain/search.ts';
import { type GoodPracticeItem, listGoodPractices } from '../repositories/good-practices.ts';
import { listRecordSources } from '../repositories/record-sources.ts';
import { sourceDocuments, sourceTitles } from '../repositories/sources.ts';
import type { RawParams } from './search.ts';

/** Filters of the good-practice catalogue. */
export interface PracticeFilters {
  readonly barrier: readonly string[];
  readonly country: readonly string[];
  readonly exemplary: boolean;
}

/** The catalogue: the practices that pass the filters, and counts for each filter value. */
export interface PracticeCatalogue {
  readonly filters: PracticeFilters;
  readonly practices: readonly GoodPracticeItem[];
  readonly total: number;
  /** For each value, how many practices match it together with the other filters. */
  readonly counts: {
    readonly barrier: ReadonlyMap<string, number>;
    readonly country: ReadonlyMap<string, number>;
    readonly exemplary: number;
  };
}

/** Where a practice is at home: its country, or the European level (EU) for an EU-wide one. */
export function countryOf(p: GoodPracticeItem): string {
  return p.country ?? EUROPEAN_HOME;
}

function passes(p: GoodPracticeItem, f: PracticeFilters, except?: keyof PracticeFilters): boolean {
  return (
    (except === 'barrier' ||
      f.barrier.length === 0 ||
      p.barriers.some((b) => f.barrier.includes(b))) &&
    (except === 'country' || f.country.length === 0 || f.country.includes(countryOf(p))) &&
    (except === 'exemplary' || !f.exemplary || p.exemplary)
  );
}

/** Lists good practices by barrier, country (EU for EU-wide ones) and exemplary flag. */
export async function goodPracticeCatalogue(db: Db, raw: RawParams): Promise<PracticeCatalogue> {
  const all = await listGoodPractices(db.kysely);
  const barriers = BARRIERS.map((b) => b.code);
  const countries = [...new Set(all.map(countryOf))].sort();
  const filters: PracticeFilters = {
    barrier: filterValues(raw.barrier),
    country: filterValues(raw.country),
    exemplary: filterValues(raw.exemplary).includes('true'),
  };
  for (const [name, values, allowed] of [
    ['barrier', filters.barrier, barriers],
    ['country', filters.country, countries],
  ] as const) {
    const bad = values.find((v) => !allowed.includes(v));
    if (bad) throw unknownValue(name, bad, allowed);
  }
  const tally = (key: 'barrier' | 'country', values: (p: GoodPracticeItem) => string[]) => {
    const m = new Map<string, number>();
    for (const p of all.filter((x) => passes(x, filters, key)))
      for (const v of values(p)) m.set(v, (m.get(v) ?? 0) + 1);
    return m;
  };
  const practices = all.filter((p) => passes(p, filters));
  return {
    filters,
    practices,
    total: practices.length,
    counts: {
      barrier: tally('barrier', (p) => p.barriers),
      country: tally('country', (p) => [countryOf(p)]),
      exemplary: all.filter((p) => p.exemplary && passes(p, filters, 'exemplary')).length,
    },
  };
}

/** One good practice with its provenance. */
export interface GoodPracticeView {
  readonly practice: GoodPracticeItem;
  readonly sources: readonly SourceRef[];
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** Title, publisher and link of every source, for the linked data. */
  readonly sourceDocuments: ReadonlyMap<string, SourceDocument>;
}

/** One good practice by slug; not_found when there is none. */
export async function getGoodPractice(db: Db, slug: string): Promise<GoodPracticeView> {
  const [practice] = await listGoodPractices(db.kysely, slug);
  if (!practice) {
    throw notFound('good practice', slug, 'see the catalogue of good practices');
  }
  const [sources, titles, documents] = await Promise.all([
    listRecordSources(db.kysely, 'good_practice', slug),
    sourceTitles(db.kysely),
    sourceDocuments(db.kysely),
  ]);
  return { practice, sources, sourceTitles: titles, sourceDocuments: documents };
}

/**
 * Whether a good practice is "from" a place: a country (or the European level) has every practice
 * at home there, whatever its region; a region has those located in it and those of its country
 * that name no more precise region.
 */
export function isPracticeFrom(p: GoodPracticeItem, region: RegionInfo): boolean {
  if (isHomeLevel(region.level)) return countryOf(p) === region.code;
  return p.region === region.code || (p.region === null && p.country === region.countryCode);
}
