import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/types.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import type {
  Recommendation,
  RecommendationKind,
  RecommendationLevel,
  RecommendationQuote,
} from '../domain/recommendations.ts';
import type { SourceRef } from '../domain/schemas.ts';
import { listRecordSourcesByKey } from './record-sources.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

const sorted = (values: readonly string[]) => [...new Set(values)].sort();

/** Replaces a recommendation's stakeholder groups and regions in their link tables. */
async function replaceLinks(db: Q, slug: string, r: Recommendation): Promise<void> {
  const row = await db
    .selectFrom('recommendations')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  await db.deleteFrom('recommendation_actors').where('recommendation_id', '=', row.id).execute();
  await db.deleteFrom('recommendation_regions').where('recommendation_id', '=', row.id).execute();
  const actors = sorted(r.actors);
  const regions = sorted(r.regions);
  if (actors.length > 0)
    await db
      .insertInto('recommendation_actors')
      .values(actors.map((actor_code) => ({ recommendation_id: row.id, actor_code })))
      .execute();
  if (regions.length > 0)
    await db
      .insertInto('recommendation_regions')
      .values(regions.map((region_code) => ({ recommendation_id: row.id, region_code })))
      .execute();
}

/**
 * Inserts or updates a recommendation with the barriers it addresses, the stakeholder groups it
 * names and the regions it concerns; versioned and with provenance like every curated record.
 */
export async function upsertRecommendation(
  db: Q,
  r: Recommendation,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const outcome = await upsertVersioned(
    db,
    {
      table: 'recommendations',
      entity: 'recommendation',
      key: { slug: r.slug },
      columns: {
        title: r.title,
        text: r.text,
        kind: r.kind,
        level: r.level,
        language: r.language ?? DEFAULT_LANGUAGE,
        pillar_code: r.pillar ?? null,
        actors_named: r.actorsNamed ?? null,
        quote_text: r.quote?.text ?? null,
        quote_source: r.quote?.source ?? null,
        quote_section: r.quote?.section ?? null,
        quote_page: r.quote?.page ?? null,
        quote_note: r.quote?.note ?? null,
        actor_codes: JSON.stringify(sorted(r.actors)),
        region_codes: JSON.stringify(sorted(r.regions)),
      },
      sources: r.sources,
      links: {
        table: 'recommendation_barriers',
        idColumn: 'recommendation_id',
        values: r.barriers,
      },
    },
    ctx,
  );
  if (outcome !== 'unchanged') await replaceLinks(db, r.slug, r);
  return outcome;
}

/** A recommendation as stored, with its links and provenance. */
export interface RecommendationRecord {
  readonly slug: string;
  readonly title: string;
  readonly text: string;
  readonly kind: RecommendationKind;
  readonly level: RecommendationLevel;
  readonly language: string;
  readonly pillar: string | null;
  readonly actorsNamed: string | null;
  readonly quote: RecommendationQuote | null;
  readonly barriers: readonly string[];
  readonly actors: readonly string[];
  readonly regions: readonly string[];
  readonly sources: readonly SourceRef[];
  readonly updatedAt: string;
  readonly version: number;
}

type Row = Selectable<Database['recommendations']>;

function quoteOf(r: Row): RecommendationQuote | null {
  if (!r.quote_text || !r.quote_source || !r.quote_section) return null;
  return {
    text: r.quote_text,
    source: r.quote_source,
    section: r.quote_section,
    ...(r.quote_page ? { page: r.quote_page } : {}),
    ...(r.quote_note ? { note: r.quote_note } : {}),
  };
}

/** Groups link rows by recommendation id. */
function byId<T extends { recommendation_id: number }>(rows: readonly T[], code: (r: T) => string) {
  const m = new Map<number, string[]>();
  for (const r of rows)
    m.set(r.recommendation_id, [...(m.get(r.recommendation_id) ?? []), code(r)]);
  return m;
}

/** Every recommendation (or the one with a slug) with its links and sources, ordered by slug. */
export async function listRecommendations(db: Q, slug?: string): Promise<RecommendationRecord[]> {
  let rows = db.selectFrom('recommendations').selectAll();
  if (slug !== undefined) rows = rows.where('slug', '=', slug);
  const [recs, barriers, actors, regions, sources] = await Promise.all([
    rows.orderBy('slug').execute(),
    db.selectFrom('recommendation_barriers').selectAll().orderBy('barrier_code').execute(),
    db.selectFrom('recommendation_actors').selectAll().orderBy('actor_code').execute(),
    db.selectFrom('recommendation_regions').selectAll().orderBy('region_code').execute(),
    listRecordSourcesByKey(db, 'recommendation'),
  ]);
  const b = byId(barriers, (r) => r.barrier_code);
  const a = byId(actors, (r) => r.actor_code);
  const g = byId(regions, (r) => r.region_code);
  return recs.map((r) => ({
    slug: r.slug,
    title: r.title,
    text: r.text,
    kind: r.kind as RecommendationKind,
    level: r.level as RecommendationLevel,
    language: r.language,
    pillar: r.pillar_code,
    actorsNamed: r.actors_named,
    quote: quoteOf(r),
    barriers: b.get(r.id) ?? [],
    actors: a.get(r.id) ?? [],
    regions: g.get(r.id) ?? [],
    sources: sources.get(r.slug) ?? [],
    updatedAt: r.updated_at,
    version: r.version,
  }));
}
