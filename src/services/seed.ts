import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../domain/errors.ts';
import { canonicalInitiative, initiativeFingerprint } from '../domain/initiative.ts';
import type { Initiative } from '../domain/schemas.ts';
import { type ReferenceData, readReferenceData } from '../io/reference.ts';
import { syncCodeLists } from '../repositories/codelists.ts';
import { appendHistory } from '../repositories/history.ts';
import {
  findInitiativeBySlug,
  INITIATIVE_ENTITY,
  idsBySlug,
  insertInitiative,
  updateInitiative,
} from '../repositories/initiatives.ts';
import { upsertRegion } from '../repositories/regions.ts';
import { upsertSource } from '../repositories/sources.ts';
import type { UpsertOutcome } from '../repositories/versioned.ts';

/** What a seed run did, per kind of record. */
export type SeedReport = Record<
  'sources' | 'regions' | 'initiatives',
  Record<UpsertOutcome, number>
>;

function emptyCounts(): Record<UpsertOutcome, number> {
  return { created: 0, updated: 0, unchanged: 0 };
}

/**
 * Orders items so that each comes after the items it depends on (when they are in the list).
 * Throws when the dependencies form a cycle, naming the items involved.
 */
export function dependencyOrder<T>(
  items: readonly T[],
  key: (t: T) => string,
  deps: (t: T) => readonly string[],
): T[] {
  const byKey = new Map(items.map((t) => [key(t), t]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: T[] = [];
  const visit = (t: T, path: string[]) => {
    const k = key(t);
    if (state.get(k) === 'done') return;
    if (state.get(k) === 'visiting') {
      throw new AppError(
        'invalid_data',
        `records depend on each other in a cycle: ${[...path, k].join(' → ')}`,
      );
    }
    state.set(k, 'visiting');
    for (const d of deps(t)) {
      const dep = byKey.get(d);
      if (dep) visit(dep, [...path, k]);
    }
    state.set(k, 'done');
    out.push(t);
  };
  for (const t of items) visit(t, []);
  return out;
}

async function saveInitiative(
  trx: Kysely<Database>,
  input: Initiative,
  actor: string,
  now: string,
): Promise<UpsertOutcome> {
  const next = canonicalInitiative(input);
  const targets = await idsBySlug(
    trx,
    next.relations.map((r) => r.target),
  );
  const existing = await findInitiativeBySlug(trx, next.slug);
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

/** Loads already-validated reference data in one transaction: all of it or nothing. */
export async function seedData(
  db: Db,
  data: ReferenceData,
  options: {
    actor?: string;
    now?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<SeedReport> {
  const actor = options.actor ?? 'seed';
  const now = options.now ?? new Date().toISOString();
  const report: SeedReport = {
    sources: emptyCounts(),
    regions: emptyCounts(),
    initiatives: emptyCounts(),
  };
  const regions = dependencyOrder(
    data.regions,
    (r) => r.code,
    (r) => (r.parent ? [r.parent] : []),
  );
  const initiatives = dependencyOrder(
    data.initiatives,
    (i) => i.slug,
    (i) => i.relations.map((r) => r.target),
  );
  await db.kysely.transaction().execute(async (trx) => {
    await syncCodeLists(trx, now);
    for (const s of data.sources) report.sources[await upsertSource(trx, s, now)]++;
    for (const r of regions) report.regions[await upsertRegion(trx, r, now)]++;
    let done = 0;
    for (const i of initiatives) {
      report.initiatives[await saveInitiative(trx, i, actor, now)]++;
      options.onProgress?.(++done, initiatives.length);
    }
  });
  return report;
}

/** Reads, validates and loads the reference dataset of a folder (see data/reference/). */
export async function seedReference(
  db: Db,
  dir: string,
  options: { actor?: string; now?: string } = {},
): Promise<SeedReport> {
  return seedData(db, await readReferenceData(dir), options);
}
