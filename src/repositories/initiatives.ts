import { type Kysely, sql } from 'kysely';
import type { Database, InitiativeRow } from '../db/types.ts';
import { type InitiativeRecord, sortScopes } from '../domain/initiative.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import type { Inference, Initiative, SourceRef } from '../domain/schemas.ts';
import { listRecordSourcesByKey, replaceRecordSources } from './record-sources.ts';

type Q = Kysely<Database>;

/** The entity name initiatives use in provenance and history. */
export const INITIATIVE_ENTITY = 'initiative';

/** A related initiative as the detail page shows it. */
export interface RelatedInitiative {
  readonly kind: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly slug: string;
  readonly name: string;
  /** The language of the other initiative's name (ISO 639-1). */
  readonly language: string;
  /** The other initiative's structural type. */
  readonly type: string;
}

function opt<T>(v: T | null): T | undefined {
  return v === null ? undefined : v;
}

function columns(i: Initiative) {
  return {
    slug: i.slug,
    name: i.name,
    acronym: i.acronym ?? null,
    native_name: i.nativeName ?? null,
    summary: i.summary ?? null,
    objectives: i.objectives ?? null,
    language: i.language ?? DEFAULT_LANGUAGE,
    website: i.website ?? null,
    website_missing: i.websiteMissing ?? null,
    home_country: i.homeCountry,
    submitting_region: i.submittingRegion ?? null,
    scope_verbatim: i.scopeVerbatim ?? null,
    status: i.status,
    status_note: i.statusNote ?? null,
    status_as_of: i.statusAsOf ?? null,
    domain: i.domain,
    structural_type: i.type,
    notes: i.notes ?? null,
    extra: i.extra && Object.keys(i.extra).length > 0 ? JSON.stringify(i.extra) : null,
    inferred: i.inferred && i.inferred.length > 0 ? JSON.stringify(i.inferred) : null,
    // The reference the record was taken from, beside it for the source facet.
    origin_source: i.sources[0]?.source ?? null,
    origin_section: i.sources[0]?.section ?? null,
  };
}

/** The ids of the given slugs that exist. */
export async function idsBySlug(db: Q, slugs: readonly string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .selectFrom('initiatives')
    .select(['id', 'slug'])
    .where('slug', 'in', [...slugs])
    .execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Inserts a new initiative with its sets and provenance; returns its id. */
export async function insertInitiative(
  db: Q,
  i: Initiative,
  now: string,
  targets: ReadonlyMap<string, number>,
): Promise<number> {
  const row = await db
    .insertInto('initiatives')
    .values({ ...columns(i), created_at: now, updated_at: now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeChildren(db, row.id, i, targets);
  return row.id;
}

/** Rows per multi-row statement: under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const PARAMETERS_PER_STATEMENT = 12_000;

/**
 * Runs `insert` on consecutive slices of `rows`, each small enough for one statement: full slices,
 * then the rest in powers of two, so that a connection prepares (and keeps) a dozen distinct
 * statements per table rather than one for every length a batch happens to have.
 */
async function inSlices<R extends object>(
  rows: readonly R[],
  insert: (slice: R[]) => Promise<unknown>,
  per = Math.floor(PARAMETERS_PER_STATEMENT / Math.max(1, Object.keys(rows[0] ?? {}).length)),
): Promise<void> {
  for (let k = 0; k < rows.length; ) {
    const left = rows.length - k;
    const n = left >= per ? per : 2 ** Math.floor(Math.log2(left));
    await insert(rows.slice(k, k + n));
    k += n;
  }
}

/**
 * Inserts new initiatives (without relations) with their sets and provenance, in the order given,
 * with a few multi-row statements for all of them instead of several per record. Each table gets
 * its rows in the same order as inserting them one by one would, so ids are the same. Returns the
 * ids by slug.
 */
export async function insertInitiativesBatch(
  db: Q,
  list: readonly Initiative[],
  now: string,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await inSlices(
    list.map((i) => ({ ...columns(i), created_at: now, updated_at: now, version: 1 })),
    async (slice) => {
      const rows = await db
        .insertInto('initiatives')
        .values(slice)
        .returning(['id', 'slug'])
        .execute();
      for (const r of rows) ids.set(r.slug, r.id);
    },
  );
  const idOf = (i: Initiative) => ids.get(i.slug) as number;
  const sets = {
    scopes: list.flatMap((i) => i.scopes.map((scope) => ({ initiative_id: idOf(i), scope }))),
    regions: list.flatMap((i) =>
      i.regions.map((region_code) => ({ initiative_id: idOf(i), region_code })),
    ),
    themes: list.flatMap((i) =>
      i.themes.map((theme_code) => ({ initiative_id: idOf(i), theme_code })),
    ),
    funding: list.flatMap((i) =>
      i.funding.map((f) => ({
        initiative_id: idOf(i),
        funder: f.funder,
        kind: f.kind,
        programme: f.programme ?? null,
        note: f.note ?? null,
      })),
    ),
  };
  await inSlices(sets.scopes, (s) => db.insertInto('initiative_scopes').values(s).execute());
  await inSlices(sets.regions, (s) => db.insertInto('initiative_regions').values(s).execute());
  await inSlices(sets.themes, (s) => db.insertInto('initiative_themes').values(s).execute());
  await inSlices(sets.funding, (s) => db.insertInto('initiative_funding').values(s).execute());
  await replaceRecordSourcesBatch(
    db,
    INITIATIVE_ENTITY,
    list.map((i) => ({ key: i.slug, refs: i.sources })),
  );
  return ids;
}

/** Replaces the provenance of many records of one kind, in order, with one delete and one insert per slice. */
async function replaceRecordSourcesBatch(
  db: Q,
  entity: string,
  records: readonly { key: string; refs: readonly SourceRef[] }[],
): Promise<void> {
  await inSlices(
    records.map((r) => ({ key: r.key })),
    (slice) =>
      db
        .deleteFrom('record_sources')
        .where('entity', '=', entity)
        .where(
          'entity_key',
          'in',
          slice.map((s) => s.key),
        )
        .execute(),
  );
  const rows = records.flatMap((r) =>
    r.refs.map((ref) => ({
      entity,
      entity_key: r.key,
      source_code: ref.source,
      section: ref.section ?? null,
      row_ref: ref.row ?? null,
      note: ref.note ?? null,
    })),
  );
  await inSlices(rows, (s) => db.insertInto('record_sources').values(s).execute());
}

/** Removes an initiative's scopes, regions, themes and funding (its sets held in link tables). */
async function clearSets(db: Q, id: number): Promise<void> {
  for (const table of [
    'initiative_scopes',
    'initiative_regions',
    'initiative_themes',
    'initiative_funding',
  ] as const) {
    await db.deleteFrom(table).where('initiative_id', '=', id).execute();
  }
}

/** Replaces an initiative's content and sets, and stores the given version. */
export async function updateInitiative(
  db: Q,
  id: number,
  i: Initiative,
  version: number,
  now: string,
  targets: ReadonlyMap<string, number>,
): Promise<void> {
  await db
    .updateTable('initiatives')
    .set({ ...columns(i), updated_at: now, version })
    .where('id', '=', id)
    .execute();
  await clearSets(db, id);
  await db.deleteFrom('initiative_relations').where('from_id', '=', id).execute();
  await writeChildren(db, id, i, targets);
}

async function writeChildren(
  db: Q,
  id: number,
  i: Initiative,
  targets: ReadonlyMap<string, number>,
): Promise<void> {
  if (i.scopes.length > 0) {
    await db
      .insertInto('initiative_scopes')
      .values(i.scopes.map((scope) => ({ initiative_id: id, scope })))
      .execute();
  }
  if (i.regions.length > 0) {
    await db
      .insertInto('initiative_regions')
      .values(i.regions.map((region_code) => ({ initiative_id: id, region_code })))
      .execute();
  }
  if (i.themes.length > 0) {
    await db
      .insertInto('initiative_themes')
      .values(i.themes.map((theme_code) => ({ initiative_id: id, theme_code })))
      .execute();
  }
  if (i.funding.length > 0) {
    await db
      .insertInto('initiative_funding')
      .values(
        i.funding.map((f) => ({
          initiative_id: id,
          funder: f.funder,
          kind: f.kind,
          programme: f.programme ?? null,
          note: f.note ?? null,
        })),
      )
      .execute();
  }
  if (i.relations.length > 0) {
    await db
      .insertInto('initiative_relations')
      .values(
        i.relations.map((r) => {
          const to = targets.get(r.target);
          if (to === undefined) throw new Error(`relation target ${r.target} has no id`);
          return { from_id: id, to_id: to, kind: r.kind };
        }),
      )
      .execute();
  }
  await replaceRecordSources(db, INITIATIVE_ENTITY, i.slug, i.sources);
}

/** One initiative with all its sets, or undefined. */
export async function findInitiativeBySlug(
  db: Q,
  slug: string,
): Promise<InitiativeRecord | undefined> {
  return (await listInitiativesBySlugs(db, [slug]))[0];
}

/** Groups rows by their initiative id, keeping the order of the query. */
function byInitiative<R extends { initiative_id: number }>(rows: readonly R[]): Map<number, R[]> {
  const out = new Map<number, R[]>();
  for (const r of rows) {
    const list = out.get(r.initiative_id) ?? [];
    list.push(r);
    out.set(r.initiative_id, list);
  }
  return out;
}

/** The set-valued fields of some initiatives (scopes, regions, themes, funding, relations), by id. */
async function initiativeSets(db: Q, ids: number[]) {
  const [scopes, regions, themes, funding, relations] = await Promise.all([
    db
      .selectFrom('initiative_scopes')
      .select(['initiative_id', 'scope'])
      .where('initiative_id', 'in', ids)
      .execute(),
    db
      .selectFrom('initiative_regions')
      .select(['initiative_id', 'region_code'])
      .where('initiative_id', 'in', ids)
      .orderBy('region_code')
      .execute(),
    db
      .selectFrom('initiative_themes')
      .select(['initiative_id', 'theme_code'])
      .where('initiative_id', 'in', ids)
      .orderBy('theme_code')
      .execute(),
    db
      .selectFrom('initiative_funding')
      .select(['initiative_id', 'funder', 'kind', 'programme', 'note'])
      .where('initiative_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('initiative_relations as r')
      .innerJoin('initiatives as t', 't.id', 'r.to_id')
      .select(['r.from_id as initiative_id', 'r.kind', 't.slug'])
      .where('r.from_id', 'in', ids)
      .orderBy('r.kind')
      .orderBy('t.slug')
      .execute(),
  ]);
  return {
    scopes: byInitiative(scopes),
    regions: byInitiative(regions),
    themes: byInitiative(themes),
    funding: byInitiative(funding),
    relations: byInitiative(relations),
  };
}

/** One stored initiative with its sets and sources as the domain's record. */
function toInitiativeRecord(
  row: InitiativeRow,
  sets: Awaited<ReturnType<typeof initiativeSets>>,
  sources: readonly SourceRef[],
): InitiativeRecord {
  const of = <R>(m: Map<number, R[]>) => m.get(row.id) ?? [];
  return {
    id: row.id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    slug: row.slug,
    name: row.name,
    acronym: opt(row.acronym),
    nativeName: opt(row.native_name),
    summary: opt(row.summary),
    objectives: opt(row.objectives),
    language: row.language,
    website: opt(row.website),
    websiteMissing: opt(row.website_missing),
    homeCountry: row.home_country,
    submittingRegion: opt(row.submitting_region),
    scopes: sortScopes(of(sets.scopes).map((s) => s.scope as Initiative['scopes'][number])),
    scopeVerbatim: opt(row.scope_verbatim),
    status: row.status as Initiative['status'],
    statusNote: opt(row.status_note),
    statusAsOf: opt(row.status_as_of),
    domain: row.domain as Initiative['domain'],
    type: row.structural_type as Initiative['type'],
    regions: of(sets.regions).map((r) => r.region_code),
    themes: of(sets.themes).map((t) => t.theme_code) as Initiative['themes'],
    funding: of(sets.funding).map((f) => ({
      funder: f.funder,
      kind: f.kind as Initiative['funding'][number]['kind'],
      programme: opt(f.programme),
      note: opt(f.note),
    })),
    relations: of(sets.relations).map((r) => ({
      kind: r.kind as Initiative['relations'][number]['kind'],
      target: r.slug,
    })),
    sources: [...sources],
    notes: opt(row.notes),
    inferred: row.inferred ? (JSON.parse(row.inferred) as Inference[]) : undefined,
    extra: row.extra ? (JSON.parse(row.extra) as Record<string, string>) : undefined,
  };
}

/**
 * Initiatives with all their sets, in the order of the given slugs; slugs that do not exist are
 * left out. The sets of all of them are read with one query per set, so exports read a page of a
 * few hundred at a time instead of seven queries per initiative.
 */
export async function listInitiativesBySlugs(
  db: Q,
  slugs: readonly string[],
): Promise<InitiativeRecord[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .selectFrom('initiatives')
    .selectAll()
    .where('slug', 'in', [...slugs])
    .execute();
  if (rows.length === 0) return [];
  const [sets, sources] = await Promise.all([
    initiativeSets(
      db,
      rows.map((r) => r.id),
    ),
    listRecordSourcesByKey(
      db,
      INITIATIVE_ENTITY,
      rows.map((r) => r.slug),
    ),
  ]);
  const bySlug = new Map(
    rows.map((row) => [row.slug, toInitiativeRecord(row, sets, sources.get(row.slug) ?? [])]),
  );
  return slugs.flatMap((slug) => {
    const record = bySlug.get(slug);
    return record ? [record] : [];
  });
}

/** Relations in both directions with the other initiative's name, for display. */
export async function listRelated(db: Q, id: number): Promise<RelatedInitiative[]> {
  const [out, inc] = await Promise.all([
    db
      .selectFrom('initiative_relations as r')
      .innerJoin('initiatives as t', 't.id', 'r.to_id')
      .select(['r.kind', 't.slug', 't.name', 't.language', 't.structural_type as type'])
      .where('r.from_id', '=', id)
      .orderBy('t.name')
      .execute(),
    db
      .selectFrom('initiative_relations as r')
      .innerJoin('initiatives as f', 'f.id', 'r.from_id')
      .select(['r.kind', 'f.slug', 'f.name', 'f.language', 'f.structural_type as type'])
      .where('r.to_id', '=', id)
      .orderBy('f.name')
      .execute(),
  ]);
  return [
    ...out.map((r) => ({ ...r, direction: 'outgoing' as const })),
    ...inc.map((r) => ({ ...r, direction: 'incoming' as const })),
  ];
}

/** How many initiatives there are. */
export async function countInitiatives(db: Q): Promise<number> {
  const row = await db
    .selectFrom('initiatives')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Counts of initiatives grouped by one or two of their single-valued columns, optionally of one reporting region. */
export async function countInitiativesBy(
  db: Q,
  by: readonly ('domain' | 'structural_type' | 'status' | 'submitting_region' | 'home_country')[],
  where: { submittingRegion?: string; homeCountry?: string } = {},
): Promise<{ keys: (string | null)[]; n: number }[]> {
  let q = db.selectFrom('initiatives');
  if (where.submittingRegion) q = q.where('submitting_region', '=', where.submittingRegion);
  if (where.homeCountry) q = q.where('home_country', '=', where.homeCountry);
  const rows = await q
    .select(by)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(by)
    .execute();
  return rows.map((r) => {
    const rec = r as unknown as Record<string, string | null>;
    return { keys: by.map((k) => rec[k] ?? null), n: Number(r.n) };
  });
}

/**
 * Initiatives by the source and section they were taken from (their first source reference),
 * and whether that reference names a row of a table in it (true) or the text (false); of each
 * group, how many have a reporting region.
 */
export async function countInitiativesByOrigin(
  db: Q,
): Promise<
  { source: string | null; section: string | null; rows: boolean; n: number; withRegion: number }[]
> {
  const origins = db
    .selectFrom('initiatives as i')
    .select(['i.origin_source as source', 'i.origin_section as section'])
    .select((eb) =>
      eb.case().when('i.submitting_region', 'is not', null).then(1).else(0).end().as('region'),
    )
    .select((eb) =>
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('record_sources as rs')
              .select('rs.id')
              .where('rs.entity', '=', INITIATIVE_ENTITY)
              .whereRef('rs.entity_key', '=', 'i.slug')
              .whereRef('rs.source_code', '=', 'i.origin_source')
              .where((w) =>
                w.or([
                  w('rs.section', '=', w.ref('i.origin_section')),
                  w.and([w('rs.section', 'is', null), w('i.origin_section', 'is', null)]),
                ]),
              )
              .where('rs.row_ref', 'is not', null),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('rows'),
    );
  const rows = await db
    .selectFrom(origins.as('o'))
    .select(['o.source', 'o.section', 'o.rows'])
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('o.region').as('withRegion'),
    ])
    .groupBy(['o.source', 'o.section', 'o.rows'])
    .execute();
  return rows.map((r) => ({
    source: r.source,
    section: r.section,
    rows: Number(r.rows) === 1,
    n: Number(r.n),
    withRegion: Number(r.withRegion),
  }));
}

/** The sources and sections initiatives were taken from, as the source facet's values. */
export async function listInitiativeOrigins(
  db: Q,
): Promise<{ source: string; section: string | null }[]> {
  const rows = await db
    .selectFrom('initiatives')
    .select(['origin_source', 'origin_section'])
    .distinct()
    .where('origin_source', 'is not', null)
    .execute();
  return rows.map((r) => ({ source: r.origin_source as string, section: r.origin_section }));
}

/** The fields the data-quality check reads, for every initiative. */
export async function listInitiativeQualityRows(db: Q): Promise<
  {
    slug: string;
    name: string;
    website: string | null;
    websiteMissing: string | null;
    scopeVerbatim: string | null;
    acronym: string | null;
    statusNote: string | null;
    statusAsOf: string | null;
    status: string;
    type: string;
    domain: string;
  }[]
> {
  const rows = await db
    .selectFrom('initiatives')
    .select([
      'slug',
      'name',
      'website',
      'website_missing',
      'scope_verbatim',
      'acronym',
      'status_note',
      'status_as_of',
      'status',
      'structural_type',
      'domain',
    ])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    website: r.website,
    websiteMissing: r.website_missing,
    scopeVerbatim: r.scope_verbatim,
    acronym: r.acronym,
    statusNote: r.status_note,
    statusAsOf: r.status_as_of,
    status: r.status,
    type: r.structural_type,
    domain: r.domain,
  }));
}

/** How many initiatives match every given column value and, if given, cite a source. */
export async function countInitiativesMatching(
  db: Q,
  where: { source?: string; domain?: string; type?: string; status?: string },
): Promise<number> {
  let q = db.selectFrom('initiatives as i').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.domain) q = q.where('i.domain', '=', where.domain);
  if (where.type) q = q.where('i.structural_type', '=', where.type);
  if (where.status) q = q.where('i.status', '=', where.status);
  const source = where.source;
  if (source) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('record_sources as rs')
          .select('rs.id')
          .where('rs.entity', '=', INITIATIVE_ENTITY)
          .whereRef('rs.entity_key', '=', 'i.slug')
          .where('rs.source_code', '=', source),
      ),
    );
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Initiatives that share themes with one initiative: most shared themes first, then same domain. */
export async function listSimilarInitiatives(
  db: Q,
  id: number,
  domain: string,
  limit: number,
): Promise<{ slug: string; name: string; language: string; shared: number }[]> {
  const rows = await db
    .selectFrom('initiative_themes as mine')
    .innerJoin('initiative_themes as other', (j) =>
      j
        .onRef('other.theme_code', '=', 'mine.theme_code')
        .onRef('other.initiative_id', '<>', 'mine.initiative_id'),
    )
    .innerJoin('initiatives as i', 'i.id', 'other.initiative_id')
    .select(['i.slug', 'i.name', 'i.language'])
    .select((eb) => eb.fn.countAll<number>().as('shared'))
    .select(sql<number>`max(case when i.domain = ${domain} then 1 else 0 end)`.as('same_domain'))
    .where('mine.initiative_id', '=', id)
    .groupBy(['i.id', 'i.slug', 'i.name', 'i.language'])
    .orderBy('shared', 'desc')
    .orderBy('same_domain', 'desc')
    .orderBy('i.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    language: r.language,
    shared: Number(r.shared),
  }));
}

/**
 * Initiatives per home country, as the list's country filter counts them (every initiative at its
 * home country, whatever its scope), and how many of them also have a European or international
 * scope.
 */
export async function countByHomeCountry(
  db: Q,
): Promise<{ byCountry: Map<string, number>; wideScope: number }> {
  const [perCountry, wide] = await Promise.all([
    db
      .selectFrom('initiatives')
      .select('home_country')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('home_country')
      .execute(),
    db
      .selectFrom('initiatives')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('initiative_scopes as s')
            .select('s.initiative_id')
            .whereRef('s.initiative_id', '=', 'initiatives.id')
            .where('s.scope', 'in', ['european', 'international']),
        ),
      )
      .executeTakeFirstOrThrow(),
  ]);
  return {
    byCountry: new Map(perCountry.map((r) => [r.home_country, Number(r.n)])),
    wideScope: Number(wide.n),
  };
}

/** Names of the initiatives with the given slugs. */
export async function namesBySlug(db: Q, slugs: readonly string[]): Promise<Map<string, string>> {
  if (slugs.length === 0) return new Map();
  const rows = await db
    .selectFrom('initiatives')
    .select(['slug', 'name'])
    .where('slug', 'in', [...slugs])
    .execute();
  return new Map(rows.map((r) => [r.slug, r.name]));
}

/** Slug, name, home country and submitting region of the given initiatives, for maps of a result. */
export async function listInitiativePlaces(
  db: Q,
  slugs: readonly string[],
): Promise<{ slug: string; name: string; homeCountry: string; submittingRegion: string | null }[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .selectFrom('initiatives')
    .select(['slug', 'name', 'home_country', 'submitting_region'])
    .where('slug', 'in', [...slugs])
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    homeCountry: r.home_country,
    submittingRegion: r.submitting_region,
  }));
}

/** The names of the extra fields the given initiatives carry, so a sheet knows its columns before its rows. */
export async function listExtraFieldNames(db: Q, slugs: readonly string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const rows = await db
    .selectFrom('initiatives')
    .select('extra')
    .where('slug', 'in', [...slugs])
    .where('extra', 'is not', null)
    .execute();
  const names = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(JSON.parse(r.extra ?? '{}') as Record<string, string>))
      names.add(k);
  }
  return [...names].sort();
}

/** Whose initiatives a question is about: those a region reported, or those based in a country. */
export type InitiativeOwner = { submittingRegion: string } | { homeCountry: string };

const ownedBy = (owner: InitiativeOwner) =>
  'submittingRegion' in owner
    ? (['i.submitting_region', owner.submittingRegion] as const)
    : (['i.home_country', owner.homeCountry] as const);

/** The themes of the initiatives a region reported (or a country is home to), distinct. */
export async function listOwnThemes(db: Q, owner: InitiativeOwner): Promise<string[]> {
  const [column, value] = ownedBy(owner);
  const rows = await db
    .selectFrom('initiative_themes as t')
    .innerJoin('initiatives as i', 'i.id', 't.initiative_id')
    .select('t.theme_code')
    .distinct()
    .where(column, '=', value)
    .orderBy('t.theme_code')
    .execute();
  return rows.map((r) => r.theme_code);
}

/** The initiatives a region reported (or a country is home to), each with its themes, by slug. */
export async function listOwnInitiativeThemes(
  db: Q,
  owner: InitiativeOwner,
): Promise<{ slug: string; themes: string[] }[]> {
  const [column, value] = ownedBy(owner);
  const rows = await db
    .selectFrom('initiative_themes as t')
    .innerJoin('initiatives as i', 'i.id', 't.initiative_id')
    .select(['i.slug', 't.theme_code'])
    .where(column, '=', value)
    .orderBy('i.slug')
    .orderBy('t.theme_code')
    .execute();
  const bySlug = new Map<string, string[]>();
  for (const r of rows) bySlug.set(r.slug, [...(bySlug.get(r.slug) ?? []), r.theme_code]);
  return [...bySlug.entries()].map(([slug, themes]) => ({ slug, themes }));
}

/**
 * Initiatives that are not the owner's (any, when there is no owner), still running or planned (not closed), working on at
 * least one of the themes, with all their themes and whether their scope is European or
 * international.
 */
export async function listInitiativesOnThemes(
  db: Q,
  themes: readonly string[],
  owner: InitiativeOwner | null,
): Promise<{ slug: string; themes: string[]; openScope: boolean }[]> {
  if (themes.length === 0) return [];
  let q = db.selectFrom('initiatives as i').select(['i.id', 'i.slug']);
  if (owner) {
    const [column, value] = ownedBy(owner);
    q = q.where((eb) => eb.or([eb(column, '<>', value), eb(column, 'is', null)]));
  }
  const rows = await q
    .where('i.status', '<>', 'closed')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('initiative_themes as t')
          .select('t.initiative_id')
          .whereRef('t.initiative_id', '=', 'i.id')
          .where('t.theme_code', 'in', [...themes]),
      ),
    )
    .orderBy('i.slug')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [themeRows, open] = await Promise.all([
    db
      .selectFrom('initiative_themes')
      .select(['initiative_id', 'theme_code'])
      .where('initiative_id', 'in', ids)
      .execute(),
    db
      .selectFrom('initiative_scopes')
      .select('initiative_id')
      .distinct()
      .where('initiative_id', 'in', ids)
      .where('scope', 'in', ['european', 'international'])
      .execute(),
  ]);
  const openIds = new Set(open.map((r) => r.initiative_id));
  return rows.map((r) => ({
    slug: r.slug,
    themes: themeRows.filter((t) => t.initiative_id === r.id).map((t) => t.theme_code),
    openScope: openIds.has(r.id),
  }));
}

/** Removes an initiative with its sets, its relations either way and its provenance; false when there is none. */
export async function deleteInitiative(db: Q, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('initiatives')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row) return false;
  await clearSets(db, row.id);
  await db
    .deleteFrom('initiative_relations')
    .where((e) => e.or([e('from_id', '=', row.id), e('to_id', '=', row.id)]))
    .execute();
  await replaceRecordSources(db, INITIATIVE_ENTITY, slug, []);
  await db.deleteFrom('initiatives').where('id', '=', row.id).execute();
  return true;
}

/** The slugs of the initiatives a region submitted (submittingRegion), in slug order. */
export async function initiativeSlugsOfRegion(db: Q, region: string): Promise<string[]> {
  const rows = await db
    .selectFrom('initiatives')
    .select('slug')
    .where('submitting_region', '=', region)
    .orderBy('slug')
    .execute();
  return rows.map((r) => r.slug);
}

/** Every initiative slug, to choose a new one that is free. */
export async function allInitiativeSlugs(db: Q): Promise<Set<string>> {
  return new Set((await db.selectFrom('initiatives').select('slug').execute()).map((r) => r.slug));
}
