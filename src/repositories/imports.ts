import { type Kysely, sql } from 'kysely';
import { type DialectName, SQLITE_BUSY_TIMEOUT_MS } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import { INITIATIVE_ENTITY } from './initiatives.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

/** The rules text of a saved import preset, or undefined. */
export async function findImportPreset(db: Q, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('import_presets')
    .select('rules')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.rules;
}

/** Names of all saved import presets. */
export async function listImportPresets(db: Q): Promise<string[]> {
  const rows = await db.selectFrom('import_presets').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** Saves (or replaces, with a new version) a named import preset. */
export function saveImportPreset(
  db: Q,
  name: string,
  rules: string,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    { table: 'import_presets', entity: 'import_preset', key: { name }, columns: { rules } },
    ctx,
  );
}

/** Records an applied import: which file, its checksum, and what it did. */
export async function logImport(
  db: Q,
  entry: {
    sourceCode: string | null;
    fileName: string;
    sha256: string;
    format: string;
    rows: number;
    outcome: Record<string, number>;
    actor: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('imports')
    .values({
      source_code: entry.sourceCode,
      file_name: entry.fileName,
      sha256: entry.sha256,
      format: entry.format,
      rows: entry.rows,
      outcome: JSON.stringify(entry.outcome),
      actor: entry.actor,
      at: entry.at,
    })
    .execute();
}

/** The keys an import compares rows with, for every initiative, in id order. */
export async function listInitiativeMatchKeys(db: Q): Promise<
  {
    slug: string;
    name: string;
    acronym?: string;
    website?: string;
    homeCountry: string;
  }[]
> {
  const rows = await db
    .selectFrom('initiatives')
    .select(['slug', 'name', 'acronym', 'website', 'home_country'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    acronym: r.acronym ?? undefined,
    website: r.website ?? undefined,
    homeCountry: r.home_country,
  }));
}

/** Slugs of the initiatives that cite a source, e.g. those an earlier import of a file created. */
export async function initiativesCiting(db: Q, sourceCode: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('record_sources')
    .select('entity_key')
    .distinct()
    .where('entity', '=', INITIATIVE_ENTITY)
    .where('source_code', '=', sourceCode)
    .execute();
  return new Set(rows.map((r) => r.entity_key));
}

/** A key of a record planned earlier in an import run: which row wrote it, under what slug and name. */
export interface ImportKey {
  readonly kind: string;
  readonly key: string;
  readonly row: number;
  readonly slug: string;
  readonly name: string;
}

/** Remembers keys of an import run; a key already taken by an earlier row keeps that row. */
export async function addImportKeys(db: Q, run: string, keys: readonly ImportKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insertInto('import_keys')
    .values(keys.map((k) => ({ run, ...k })))
    .onConflict((oc) => oc.columns(['run', 'key', 'kind']).doNothing())
    .execute();
}

/** The keys of an import run among `wanted` (kind and key pairs), in one indexed query. */
export async function findImportKeys(
  db: Q,
  run: string,
  wanted: readonly { readonly kind: string; readonly key: string }[],
): Promise<ImportKey[]> {
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('import_keys')
    .select(['kind', 'key', 'row', 'slug', 'name'])
    .where('run', '=', run)
    .where(
      'key',
      'in',
      wanted.map((w) => w.key),
    )
    .execute();
  return rows.filter((r) => wanted.some((w) => w.kind === r.kind && w.key === r.key));
}

/** Forgets the keys of an import run. */
export async function deleteImportKeys(db: Q, run: string): Promise<void> {
  await db.deleteFrom('import_keys').where('run', '=', run).execute();
}

/** The first key of the PostgreSQL advisory lock that imports take ("atl" in ASCII). */
const IMPORT_LOCK_KEY = 0x61746c;

/**
 * Takes the import lock for the rest of the transaction when it is free, so that one import
 * writes at a time; false when another holds it. PostgreSQL: a transaction-scoped advisory lock
 * keyed by the schema (two atlases in one database do not wait for each other). SQLite: the
 * database's write lock, taken by a write of nothing with the busy timeout off for the try, so
 * that a held lock answers at once instead of after the timeout with "database is locked".
 */
export async function tryImportLock(trx: Q, dialect: DialectName): Promise<boolean> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(${IMPORT_LOCK_KEY}, hashtext(current_schema())) as locked`.execute(
      trx,
    );
    return rows[0]?.locked === true;
  }
  await sql`pragma busy_timeout = 0`.execute(trx);
  try {
    await trx.deleteFrom('import_keys').where('run', '=', '').execute();
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw e;
  } finally {
    await sql`pragma busy_timeout = ${sql.raw(String(SQLITE_BUSY_TIMEOUT_MS))}`.execute(trx);
  }
}

/**
 * The SQLite full-text indexes of initiatives (external-content FTS5 tables kept in step by
 * triggers) while a large import writes without them: the triggers taken away and their SQL to
 * put them back, the indexes and their columns, and the largest initiative id before.
 */
export interface DeferredSearchIndex {
  readonly triggers: readonly { readonly name: string; readonly sql: string }[];
  readonly tables: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly fromId: number;
}

/** Whether a trigger's body only writes to the given tables (an index's upkeep and nothing else). */
function onlyWritesTo(triggerSql: string, tables: ReadonlySet<string>): boolean {
  const body = /\bBEGIN\b([\s\S]*)\bEND\s*$/i.exec(triggerSql.trim())?.[1];
  if (!body) return false;
  const statements = body
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  return statements.every((s) => {
    const target = /^INSERT\s+INTO\s+"?(\w+)"?\s*\(/i.exec(s)?.[1];
    return target !== undefined && tables.has(target);
  });
}

/**
 * Takes the full-text upkeep off initiatives for the rest of an import's transaction (SQLite
 * only; undefined elsewhere or when there is none): the triggers that only feed the FTS5 indexes
 * of initiatives are dropped, so each insert stops tokenising its texts twice; any other trigger
 * stays. `restoreSearchIndex` brings them back in the same transaction, so a crash or a rollback
 * leaves the schema as it was.
 */
export async function deferSearchIndex(
  trx: Q,
  dialect: DialectName,
): Promise<DeferredSearchIndex | undefined> {
  if (dialect !== 'sqlite') return undefined;
  const fts = await sql<{ name: string }>`select name from sqlite_master
      where type = 'table' and sql like 'CREATE VIRTUAL TABLE%' and lower(sql) like '%using fts5%'
        and replace(sql, ' ', '') like '%content=''initiatives''%'`.execute(trx);
  const names = new Set(fts.rows.map((r) => r.name));
  if (names.size === 0) return undefined;
  const all = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'trigger' and tbl_name = 'initiatives' order by name`.execute(trx);
  const triggers = all.rows.filter((t) => onlyWritesTo(t.sql, names));
  const tables: { name: string; columns: string[] }[] = [];
  for (const name of names) {
    const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(
      trx,
    );
    tables.push({ name, columns: cols.rows.map((c) => c.name) });
  }
  const max = await sql<{ id: number | null }>`select max(id) as id from initiatives`.execute(trx);
  for (const t of triggers) await sql`drop trigger ${sql.id(t.name)}`.execute(trx);
  return { triggers, tables, fromId: max.rows[0]?.id ?? 0 };
}

/**
 * Puts the full-text upkeep back and brings the indexes up to date in one pass: the rows added
 * since `deferSearchIndex` are indexed with one INSERT … SELECT per index, or, when records that
 * existed before were changed meanwhile (`changedOld`), each index is rebuilt from its table.
 */
export async function restoreSearchIndex(
  trx: Q,
  deferred: DeferredSearchIndex,
  changedOld: boolean,
): Promise<void> {
  for (const t of deferred.tables) {
    const table = sql.id(t.name);
    if (changedOld) {
      await sql`insert into ${table}(${table}) values ('rebuild')`.execute(trx);
      continue;
    }
    const cols = sql.join(t.columns.map((c) => sql.id(c)));
    await sql`insert into ${table}(rowid, ${cols})
        select id, ${cols} from initiatives where id > ${deferred.fromId} order by id`.execute(trx);
  }
  for (const t of deferred.triggers) await sql.raw(t.sql).execute(trx);
}
