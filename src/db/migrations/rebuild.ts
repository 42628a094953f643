import { sql } from 'kysely';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shared by shipped migrations, so it is as frozen as they are: add a new helper instead of
// changing one.

/** Whether each column of a table may not hold null, by column name; empty for no such table. */
export async function columnsOf(
  db: AnyDb,
  dialect: DialectName,
  table: string,
): Promise<Map<string, boolean>> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string; not_null: number }>`
          select name, "notnull" as not_null from pragma_table_info(${table})`.execute(db)
      : await sql<{ name: string; not_null: boolean }>`
          select column_name as name, is_nullable = 'NO' as not_null
          from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return new Map(rows.map((r) => [r.name, Boolean(r.not_null)]));
}

/** One table to replace by a new definition, keeping its rows. */
export interface Rebuild {
  /** The table as it is now; it is renamed `<table>_old` while its rows are copied. */
  readonly table: string;
  /** Creates the new table under its final name (the same as `table` unless it is renamed). */
  create(db: AnyDb): Promise<void>;
  /** The new table's name when it is not `table`. */
  readonly name?: string;
  /** INSERT … SELECT statements from `<table>_old` (and other `_old` tables of the same call). */
  readonly copy: readonly string[];
  /** Creates the new table's indexes other than its key and unique constraints. */
  indexes?(db: AnyDb): Promise<void>;
}

/**
 * Replaces tables by new definitions and copies their rows, so that the result is what a fresh
 * database's CREATE TABLE gives: same column order, same constraint, index and sequence names.
 * All tables of one call exist side by side under `_old` names while rows are copied, so a copy
 * may look up another old table (e.g. an old id to a slug).
 */
export async function rebuildTables(
  db: AnyDb,
  dialect: DialectName,
  rebuilds: readonly Rebuild[],
): Promise<void> {
  if (dialect === 'postgres') return rebuildPostgres(db, rebuilds);
  // SQLite's own recipe (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off
  // outside the transaction, so dropping an old table cascades nothing, and checked at the end.
  // legacy_alter_table keeps other tables' foreign keys naming the table, not its `_old` copy.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await sql`BEGIN`.execute(db);
    try {
      await sql`PRAGMA legacy_alter_table = ON`.execute(db);
      for (const r of rebuilds) {
        await sql`ALTER TABLE ${sql.table(r.table)} RENAME TO ${sql.table(`${r.table}_old`)}`.execute(
          db,
        );
        const { rows } = await sql<{ name: string }>`
          select name from sqlite_master
          where type = 'index' and tbl_name = ${`${r.table}_old`} and sql is not null`.execute(db);
        for (const { name } of rows) await sql`DROP INDEX ${sql.id(name)}`.execute(db);
      }
      await copyAll(db, rebuilds);
      await sql`PRAGMA legacy_alter_table = OFF`.execute(db);
      const broken = await sql<{ table: string; parent: string }>`
        select "table", parent from pragma_foreign_key_check`.execute(db);
      if (broken.rows.length > 0) {
        const first = broken.rows[0];
        throw new Error(
          `${broken.rows.length} row(s) would break a foreign key, e.g. in ${first?.table} to ${first?.parent}`,
        );
      }
      await sql`COMMIT`.execute(db);
    } catch (e) {
      await sql`ROLLBACK`.execute(db).catch(() => {});
      throw e;
    }
  } finally {
    await sql`PRAGMA legacy_alter_table = OFF`.execute(db);
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

/** Creates every new table, copies the rows, drops the old tables and adds the indexes. */
async function copyAll(db: AnyDb, rebuilds: readonly Rebuild[]): Promise<void> {
  for (const r of rebuilds) {
    await r.create(db);
    for (const statement of r.copy) await sql.raw(statement).execute(db);
  }
  for (const r of [...rebuilds].reverse()) {
    await sql`DROP TABLE ${sql.table(`${r.table}_old`)}`.execute(db);
  }
  for (const r of rebuilds) await r.indexes?.(db);
}

/**
 * PostgreSQL runs the migration in a transaction already. Names of constraints, indexes and
 * sequences are unique per schema, so the old table's are moved aside before the new table takes
 * them; foreign keys of other tables follow the old table when it is renamed, so they are pointed
 * at the new one again.
 */
async function rebuildPostgres(db: AnyDb, rebuilds: readonly Rebuild[]): Promise<void> {
  const olds = rebuilds.map((r) => `${r.table}_old`);
  for (const r of rebuilds) {
    const old = `${r.table}_old`;
    await sql`ALTER TABLE ${sql.table(r.table)} RENAME TO ${sql.table(old)}`.execute(db);
    const constraints = await sql<{ name: string }>`
      select conname as name from pg_constraint where conrelid = ${old}::regclass`.execute(db);
    for (const { name } of constraints.rows) {
      await sql`ALTER TABLE ${sql.table(old)} RENAME CONSTRAINT ${sql.id(name)} TO ${sql.id(`${name}_old`)}`.execute(
        db,
      );
    }
    const owned = await sql<{ kind: string; name: string }>`
      select c.relkind as kind, c.relname as name from pg_class c
      where c.relkind = 'i' and c.oid in (select indexrelid from pg_index where indrelid = ${old}::regclass)
        and not exists (select 1 from pg_constraint k where k.conindid = c.oid)
      union all
      select c.relkind, c.relname from pg_class c join pg_depend d on d.objid = c.oid
      where c.relkind = 'S' and d.refobjid = ${old}::regclass and d.deptype = 'a'`.execute(db);
    for (const { kind, name } of owned.rows) {
      if (kind === 'i') await sql`DROP INDEX ${sql.id(name)}`.execute(db);
      else await sql`ALTER SEQUENCE ${sql.id(name)} RENAME TO ${sql.id(`${name}_old`)}`.execute(db);
    }
  }
  for (const r of rebuilds) {
    await r.create(db);
    for (const statement of r.copy) await sql.raw(statement).execute(db);
    await restartIds(db, r.name ?? r.table);
  }
  for (const r of rebuilds) await repointForeignKeys(db, r, olds);
  await sql.raw(`DROP TABLE ${olds.map((o) => `"${o}"`).join(', ')}`).execute(db);
  for (const r of rebuilds) await r.indexes?.(db);
}

/** Moves other tables' foreign keys from the old table to the new one. */
async function repointForeignKeys(db: AnyDb, r: Rebuild, olds: readonly string[]): Promise<void> {
  const old = `${r.table}_old`;
  const { rows } = await sql<{ name: string; child: string; def: string }>`
    select conname as name, conrelid::regclass::text as child, pg_get_constraintdef(oid) as def
    from pg_constraint where contype = 'f' and confrelid = ${old}::regclass`.execute(db);
  for (const fk of rows.filter((k) => !olds.includes(k.child))) {
    const def = fk.def.replace(`REFERENCES ${old}(`, `REFERENCES ${r.table}(`);
    await sql`ALTER TABLE ${sql.table(fk.child)} DROP CONSTRAINT ${sql.id(fk.name)}`.execute(db);
    await sql.raw(`ALTER TABLE "${fk.child}" ADD CONSTRAINT "${fk.name}" ${def}`).execute(db);
  }
}

/** Copied rows keep their ids, so a serial id's sequence must start after the largest of them. */
async function restartIds(db: AnyDb, table: string): Promise<void> {
  const { rows } = await sql<{ seq: string }>`
    select pg_get_serial_sequence(${table}, 'id') as seq from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and column_name = 'id'`.execute(
    db,
  );
  const seq = rows[0]?.seq;
  if (!seq) return;
  await sql`select setval(${seq}, coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(
    db,
  );
}
