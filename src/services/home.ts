import type { Db } from '../db/connect.ts';
import type { FacetCount } from '../domain/search.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { lastChangeBy, listRecentChanges } from '../repositories/history.ts';
import { countByHomeCountry, namesBySlug } from '../repositories/initiatives.ts';
import { listRegions } from '../repositories/regions.ts';
import { listSources } from '../repositories/sources.ts';
import { searchInitiatives } from '../search/index.ts';
import { getStats, type Stats } from './stats.ts';

/** A recent change to a published initiative or good practice, with the record's name. */
export interface RecentChange {
  readonly action: string;
  readonly at: string;
  readonly name: string;
  readonly entity: 'initiative' | 'good_practice';
  /** The record's slug. */
  readonly key: string;
}

/** What a map of Europe shows: initiatives per home country, and how many of them also reach beyond it. */
export interface MapData {
  readonly counts: ReadonlyMap<string, number>;
  /** Initiatives counted at their home country that also have a European or international scope. */
  readonly wideScope: number;
  /** Names of countries by code, for titles and the table. */
  readonly names: ReadonlyMap<string, string>;
  /**
   * Homes that are not a country (EU institutions and European networks, code EU) with their
   * counts: the map has no shape for them, so it names them beside the map.
   */
  readonly withoutShape: readonly { code: string; name: string; n: number }[];
}

/** Everything the home page shows. */
export interface HomeView {
  readonly stats: Stats;
  readonly themes: readonly FacetCount[];
  readonly practices: number;
  /** Changes people made (imports, published contributions), newest first; the seed's are not news. */
  readonly recent: readonly RecentChange[];
  /** When the reference data was last loaded, if it was. */
  readonly seededAt: string | undefined;
  readonly map: MapData;
}

/** The actor of the reference data's load (atlas db seed). */
const SEED_ACTOR = 'seed';

/**
 * Headline figures, theme counts and the latest changes people made to initiatives and good
 * practices (loading the reference data is not one: it is said once, with its date).
 */
export async function getHomeView(db: Db): Promise<HomeView> {
  const [stats, all, practices, changes, map, seededAt] = await Promise.all([
    getStats(db),
    searchInitiatives(db, { text: '', filters: {}, sort: 'name', page: 1, pageSize: 1 }),
    listGoodPractices(db.kysely),
    listRecentChanges(db.kysely, 6, ['initiative', 'good_practice'], [SEED_ACTOR]),
    initiativeMapData(db),
    lastChangeBy(db.kysely, SEED_ACTOR),
  ]);
  const initiativeNames = await namesBySlug(
    db.kysely,
    changes.filter((c) => c.entity === 'initiative').map((c) => c.key),
  );
  const practiceNames = new Map(practices.map((p) => [p.slug, p.name]));
  const recent: RecentChange[] = changes.flatMap((c) => {
    const entity = c.entity === 'initiative' ? 'initiative' : 'good_practice';
    const name = (entity === 'initiative' ? initiativeNames : practiceNames).get(c.key);
    if (name === undefined) return [];
    return [{ action: c.action, at: c.at, name, entity, key: c.key }];
  });
  return {
    stats,
    themes: all.facets.theme,
    practices: practices.length,
    recent,
    seededAt,
    map,
  };
}

/** The data of the Europe map: scope-aware initiative counts per country, with country names. */
export async function initiativeMapData(db: Db): Promise<MapData> {
  const [{ byCountry, wideScope }, regions] = await Promise.all([
    countByHomeCountry(db.kysely),
    listRegions(db.kysely),
  ]);
  const withoutShape = regions
    .filter((r) => r.level === 'supranational' && (byCountry.get(r.code) ?? 0) > 0)
    .map((r) => ({ code: r.code, name: r.name, n: byCountry.get(r.code) ?? 0 }));
  return {
    counts: byCountry,
    wideScope,
    names: new Map(regions.map((r) => [r.code, r.name])),
    withoutShape,
  };
}

/** The source documents the atlas cites, newest first, for the about page. */
export async function listSourceDocuments(
  db: Db,
): Promise<{ code: string; title: string; publisher: string; year: number; url: string | null }[]> {
  return (await listSources(db.kysely)).map((s) => ({
    code: s.code,
    title: s.title,
    publisher: s.publisher,
    year: s.year,
    url: s.url,
  }));
}
