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

/** Everything the detail page and API need to show one initiative. */
export interface InitiativeView {
  readonly initiative: InitiativeRecord;
  readonly related: readonly RelatedInitiative[];
  readonly sourceTitles: ReadonlyMap<string, string>;
  /** Title, publisher and link of every source, for the linked data. */
  readonly sourceDocuments: ReadonlyMap<string, SourceDocument>;
  readonly lastChange: { action: string; actor: string; at: string } | undefined;
  /** Initiatives that share the most themes with this one. */
  readonly similar: readonly { slug: string; name: string; shared: number }[];
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
