import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import { notFound } from '../domain/errors.ts';
import {
  canonicalInitiative,
  type InitiativeRecord,
  initiativeFingerprint,
} from '../domain/initiative.ts';
import type { SourceDocument } from '../domain/open-data.ts';
import type { Initiative } from '../domain/schemas.ts';
import { appendHistory, lastChange } from '../repositories/history.ts';
import {
  countInitiativesByOrigin,
  findInitiativeBySlug,
  INITIATIVE_ENTITY,
  idsBySlug,
  insertInitiative,
  listRelated,
  listSimilarInitiatives,
  type RelatedInitiative,
  updateInitiative,
} from '../repositories/initiatives.ts';
import { sourceDocuments, sourceTitles } from '../repositories/sources.ts';
import type { UpsertOutcome } from '../repositories/versioned.ts';
import { oncePerVersion } from './data-version.ts';

/** Everything the detail page and API need to show one initiative. */
export interface InitiativeView {
  readonly initiative: InitiativeRecord;
  readonly related: readonly RelatedInitiative[];
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** Title, publisher and link of every source, for the linked data. */
  readonly sourceDocuments: ReadonlyMap<string, SourceDocument>;
  readonly lastChange: { action: string; actor: string; at: string } | undefined;
  /** Initiatives that share the most themes with this one. */
  readonly similar: readonly { slug: string; name: string; language: string; shared: number }[];
}

/** Loads one initiative by slug with its relations and provenance; not_found when there is none. */
export async function getInitiativeView(db: Db, slug: string): Promise<InitiativeView> {
  const q = db.kysely;
  const initiative = await findInitiativeBySlug(q, slug);
  if (!initiative) {
    throw notFound('initiative', slug, 'search the list of initiatives instead');
  }
  const [related, titles, documents, change, similar] = await Promise.all([
    listRelated(q, initiative.id),
    sourceTitles(q),
    sourceDocuments(q),
    lastChange(q, INITIATIVE_ENTITY, slug),
    listSimilarInitiatives(q, initiative.id, initiative.domain, 5),
  ]);
  return {
    initiative,
    related,
    sourceTitles: titles,
    sourceDocuments: documents,
    lastChange: change,
    similar,
  };
}

/**
 * Writes one initiative in its canonical form: inserts it, or updates it with a new version when its
 * content differs, with the change in the history; equal content is left alone.
 */
export async function saveInitiative(
  trx: Kysely<Database>,
  input: Initiative,
  actor: string,
  now: string,
  /** The stored record as the caller already read it in this transaction, or null when the caller knows there is none; undefined looks it up. */
  stored?: InitiativeRecord | null,
): Promise<UpsertOutcome> {
  const next = canonicalInitiative(input);
  const targets = await idsBySlug(
    trx,
    next.relations.map((r) => r.target),
  );
  const existing =
    stored === undefined ? await findInitiativeBySlug(trx, next.slug) : (stored ?? undefined);
  if (!existing) {
    await insertInitiative(trx, next, now, targets);
    await appendHistory(trx, {
      entity: INITIATIVE_ENTITY,
      key: next.slug,
      action: 'create',
      actor,
      at: now,
      before: undefined,
      after: next,
    });
    return 'created';
  }
  const { id, version, createdAt, updatedAt, ...content } = existing;
  const before = canonicalInitiative(content);
  if (initiativeFingerprint(before) === initiativeFingerprint(next)) return 'unchanged';
  await updateInitiative(trx, id, next, version + 1, now, targets);
  await appendHistory(trx, {
    entity: INITIATIVE_ENTITY,
    key: next.slug,
    action: 'update',
    actor,
    at: now,
    before,
    after: next,
  });
  return 'updated';
}

/** The initiatives taken from one section of a source, from rows of a table in it or from its text. */
export interface SectionOrigin {
  /** null when the reference names no section. */
  readonly section: string | null;
  /** Whether the references name numbered rows (a table) rather than the text. */
  readonly rows: boolean;
  readonly n: number;
  /** How many of them have a reporting region (the partner region that submitted them). */
  readonly withRegion: number;
}

/** The initiatives taken from one source document (their first source reference). */
export interface SourceOrigin {
  /** The source's code; null for records that cite none. */
  readonly source: string | null;
  readonly title: string | null;
  readonly n: number;
  /** How many of them are rows of a table in it, and how many come from its text. */
  readonly fromRows: number;
  readonly fromText: number;
  /** How many of them have a reporting region; the others (n − withRegion) have none. */
  readonly withRegion: number;
  /** Table sections first, then the others; most initiatives first. */
  readonly sections: readonly SectionOrigin[];
}

/**
 * Where the initiatives come from: per source document, most initiatives first, each counted
 * once under the reference it was taken from (the first of its sources).
 */
export async function initiativeOrigins(q: Kysely<Database>): Promise<SourceOrigin[]> {
  const [rows, titles] = await Promise.all([countInitiativesByOrigin(q), sourceTitles(q)]);
  const bySource = new Map<string | null, SectionOrigin[]>();
  for (const r of rows) {
    const list = bySource.get(r.source) ?? [];
    list.push({ section: r.section, rows: r.rows, n: r.n, withRegion: r.withRegion });
    bySource.set(r.source, list);
  }
  const collator = new Intl.Collator('en', { numeric: true });
  const sum = (list: readonly SectionOrigin[]) => list.reduce((a, x) => a + x.n, 0);
  return [...bySource.entries()]
    .map(([source, sections]) => ({
      source,
      title: source === null ? null : (titles.get(source) ?? source),
      n: sum(sections),
      fromRows: sum(sections.filter((x) => x.rows)),
      fromText: sum(sections.filter((x) => !x.rows)),
      withRegion: sections.reduce((a, x) => a + x.withRegion, 0),
      sections: sections.sort(
        (a, b) =>
          Number(b.rows) - Number(a.rows) ||
          b.n - a.n ||
          collator.compare(a.section ?? '', b.section ?? ''),
      ),
    }))
    .sort((a, b) => b.n - a.n || collator.compare(a.source ?? '', b.source ?? ''));
}

/** What the list of initiatives shows beside a search: where they come from, and source titles. */
export interface InitiativeProvenance {
  readonly origins: readonly SourceOrigin[];
  /** The title of every source by code, for the source facet's labels. */
  readonly sourceTitles: ReadonlyMap<string, string>;
}

/** Where the initiatives come from and the titles of the sources, computed once per data version. */
export function initiativeProvenance(db: Db): Promise<InitiativeProvenance> {
  return oncePerVersion(db, 'initiative-provenance', async () => {
    const [origins, titles] = await Promise.all([
      initiativeOrigins(db.kysely),
      sourceTitles(db.kysely),
    ]);
    return { origins, sourceTitles: titles };
  });
}
