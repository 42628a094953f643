import type { Kysely } from 'kysely';
import type { DuplicateFinder, DuplicateIndexOptions } from '../analysis/import/matching.ts';
import type { FileKey, FileKeyStore, WriteOutcome } from '../analysis/import/plan.ts';
import type { DialectName } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import { canonicalInitiative } from '../domain/initiative.ts';
import type { Initiative } from '../domain/schemas.ts';
import { appendHistoryMany } from '../repositories/history.ts';
import {
  addImportKeys,
  type DeferredSearchIndex,
  deferSearchIndex,
  findImportKeys,
  restoreSearchIndex,
} from '../repositories/imports.ts';
import { INITIATIVE_ENTITY, insertInitiativesBatch } from '../repositories/initiatives.ts';

/**
 * The fast path of an import's write step (issue 19): new records are gathered and written with
 * multi-row statements, a batch at a time, instead of eight or more statements each; the file's
 * keys are remembered in memory and written in batches, and looked for in the database only when
 * an in-memory filter says they may be there; on SQLite a large import writes without the
 * full-text triggers and indexes its new rows in one pass at the end. What is written, in which
 * order and under which ids is the same as writing record by record: everything that reads the
 * database (a record to update or merge into, relation targets, the file's earlier keys) first
 * writes what is pending.
 */

/** How the fast path is tuned; the defaults suit any file, tests set them low. */
export interface BatchTuning {
  /**
   * New records gathered before they are written together (default 500). 0 turns the fast path
   * off: every record and key is written when it is planned, as before (the reference the tests
   * compare the fast path with).
   */
  readonly batchRows?: number;
  /**
   * SQLite: once an import has written this many new records, it stops feeding the full-text
   * indexes record by record and indexes its new rows in one pass at the end (default 2,000).
   * 0 never defers; Infinity keeps the row-by-row upkeep.
   */
  readonly deferIndexAbove?: number;
  /**
   * Makes the plan step's duplicate indexes (of the database's records and of the file's); by
   * default DuplicateIndex. The tests pass the straightforward implementation it replaced, to
   * show that every plan stays the same.
   */
  readonly duplicateIndex?: (options: DuplicateIndexOptions) => DuplicateFinder;
  /**
   * Whether a run remembers the language detected for each text, so that a text that repeats is
   * detected once (default true; the tests compare with false).
   */
  readonly languageCache?: boolean;
}

export const DEFAULT_BATCH_ROWS = 500;
export const DEFAULT_DEFER_INDEX_ABOVE = 2_000;

/**
 * A membership filter over strings (a Bloom filter: 2^26 bits, 8 MiB, three hashes): "no" is
 * certain, "maybe" is wrong about 1 % of the time with five million keys, so a file of a million
 * records asks the database only for the keys it may really have seen.
 */
export class KeyFilter {
  private readonly bits = new Uint8Array(1 << 23);

  private hashes(text: string): [number, number, number] {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 13);
    }
    const mask = (1 << 26) - 1;
    return [a & mask, b & mask, (a + Math.imul(b, 7)) & mask];
  }

  add(text: string): void {
    for (const h of this.hashes(text))
      this.bits[h >>> 3] = (this.bits[h >>> 3] ?? 0) | (1 << (h & 7));
  }

  mayHave(text: string): boolean {
    return this.hashes(text).every((h) => ((this.bits[h >>> 3] ?? 0) & (1 << (h & 7))) !== 0);
  }
}

/**
 * The file's keys of one run: kept in `import_keys` as before (a file of any size stays on disk),
 * but written a batch at a time and looked up only when the filter may have them; pending keys
 * are written before such a look-up, so the answer is the table's, as without the batches.
 */
export function batchedKeyStore(
  trx: Kysely<Database>,
  run: string,
  batchRows: number,
): FileKeyStore {
  if (batchRows <= 0) {
    return {
      find: (wanted) => findImportKeys(trx, run, wanted),
      add: (keys) => addImportKeys(trx, run, keys),
    };
  }
  const filter = new KeyFilter();
  let pending: FileKey[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const keys = pending;
    pending = [];
    await addImportKeys(trx, run, keys);
  };
  return {
    async find(wanted) {
      if (!wanted.some((w) => filter.mayHave(`${w.kind}:${w.key}`))) return [];
      await flush();
      return findImportKeys(trx, run, wanted);
    },
    async add(keys) {
      for (const k of keys) {
        filter.add(`${k.kind}:${k.key}`);
        pending.push(k);
      }
      if (pending.length >= batchRows * 4) await flush();
    },
  };
}

/** A record waiting in the batch, as `saveInitiative` would have written it. */
interface Pending {
  readonly record: Initiative;
}

/**
 * Gathers new records and writes them together; `flush` before anything reads initiatives in the
 * transaction. Owns the full-text deferral of the run (SQLite).
 */
export class InitiativeBatch {
  private pending: Pending[] = [];
  private written = 0;
  private deferred?: DeferredSearchIndex;
  private changedOld = false;
  private readonly batchRows: number;
  private readonly deferAbove: number;
  /** False when the fast path is off (batchRows 0). */
  readonly on: boolean;

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly ctx: { readonly actor: string; readonly now: string },
    tuning: BatchTuning = {},
  ) {
    this.batchRows = tuning.batchRows ?? DEFAULT_BATCH_ROWS;
    this.on = this.batchRows > 0;
    this.deferAbove = tuning.deferIndexAbove ?? DEFAULT_DEFER_INDEX_ABOVE;
  }

  /** Whether a record can wait in the batch: a new one (the plan knows there is none) without relations. */
  fits(record: Initiative, stored: unknown): boolean {
    return this.on && stored === null && record.relations.length === 0;
  }

  /** Queues a new record; it is written with the batch, and its outcome is 'created' as it would be. */
  async add(record: Initiative): Promise<WriteOutcome> {
    this.pending.push({ record: canonicalInitiative(record) });
    if (this.pending.length >= this.batchRows) await this.flush();
    return 'created';
  }

  /** Notes a write outside the batch (an update, a merge, a record with relations) of the record with this id. */
  wroteOutside(id: number | undefined): void {
    if (this.deferred && (id === undefined || id <= this.deferred.fromId)) this.changedOld = true;
  }

  /** Writes what is pending, and defers the full-text upkeep once the run is large. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    if (!this.deferred && this.written + batch.length > this.deferAbove) {
      this.deferred = await deferSearchIndex(this.trx, this.dialect);
    }
    const records = batch.map((p) => p.record);
    await insertInitiativesBatch(this.trx, records, this.ctx.now);
    await appendHistoryMany(
      this.trx,
      records.map((r) => ({
        entity: INITIATIVE_ENTITY,
        key: r.slug,
        action: 'create' as const,
        actor: this.ctx.actor,
        at: this.ctx.now,
        before: undefined,
        after: r,
      })),
    );
    this.written += batch.length;
  }

  /** Writes what is pending and brings the full-text indexes up to date (`index` false: a run rolled back anyway). */
  async finish(index: boolean): Promise<void> {
    await this.flush();
    if (this.deferred && index) await restoreSearchIndex(this.trx, this.deferred, this.changedOld);
    this.deferred = undefined;
  }
}
