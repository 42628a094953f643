import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';

/** One line per table, column, key, index, trigger, sequence and function, in a stable order. */
export type SchemaDump = readonly string[];

/** Everything but whitespace runs and IF NOT EXISTS, which say nothing about the result. */
function normalise(text: string | null): string {
  return (text ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\bif not exists /gi, '')
    .trim();
}

/** The schema of a database as text, to compare two databases made different ways. */
export async function dumpSchema(db: Db): Promise<SchemaDump> {
  return db.dialect === 'sqlite' ? dumpSqlite(db) : dumpPostgres(db);
}

/** SQLite: sqlite_master's statements plus what the pragmas say of each table. */
async function dumpSqlite(db: Db): Promise<SchemaDump> {
  const k = db.kysely;
  const { rows: objects } = await sql<{ type: string; name: string; tbl: string; sql: string }>`
    select type, name, tbl_name as tbl, sql from sqlite_master
    where name not like 'sqlite_stat%' order by type, name`.execute(k);
  const lines: string[] = [];
  for (const o of objects) {
    lines.push(`${o.type} ${o.name} on ${o.tbl}: ${normalise(o.sql)}`);
    if (o.type !== 'table') continue;
    const cols = await sql<Record<string, unknown>>`
      select name, type, "notnull", dflt_value, pk from pragma_table_info(${o.name}) order by cid`.execute(
      k,
    );
    for (const c of cols.rows) lines.push(`column ${o.name}: ${JSON.stringify(c)}`);
    const fks = await sql<Record<string, unknown>>`
      select "table", "from", "to", on_update, on_delete, "match"
      from pragma_foreign_key_list(${o.name}) order by "from", "table"`.execute(k);
    for (const f of fks.rows) lines.push(`foreign key ${o.name}: ${JSON.stringify(f)}`);
    const indexes = await sql<{ name: string; unique: number; origin: string; partial: number }>`
      select name, "unique", origin, partial from pragma_index_list(${o.name}) order by name`.execute(
      k,
    );
    for (const i of indexes.rows) {
      const cols = await sql<{ name: string }>`
        select name from pragma_index_info(${i.name}) order by seqno`.execute(k);
      const on = cols.rows.map((c) => c.name).join(', ');
      lines.push(`index ${o.name}.${i.name}: unique=${i.unique} ${i.origin} (${on})`);
    }
  }
  return lines;
}

/** PostgreSQL: the catalogue of the connection's own schema, its name replaced by `<schema>`. */
async function dumpPostgres(db: Db): Promise<SchemaDump> {
  const k = db.kysely;
  const { rows } = await sql<{ line: string; schema: string }>`
    with s as (select current_schema() as name)
    select line, (select name from s) as schema from (
      select 1 as part, table_name::text as key, format(
        'column %s.%s %s %s nullable=%s default=%s generated=%s %s', table_name, column_name,
        data_type, udt_name, is_nullable, column_default, is_generated, generation_expression
      ) as line, ordinal_position as pos
      from information_schema.columns where table_schema = (select name from s)
      union all
      select 2, conrelid::regclass::text || '.' || conname, format('constraint %s.%s %s %s',
        conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)), 0
      from pg_constraint where connamespace = (select name from s)::regnamespace
      union all
      select 3, tablename || '.' || indexname, format('index %s.%s %s', tablename, indexname, indexdef), 0
      from pg_indexes where schemaname = (select name from s)
      union all
      select 4, tgrelid::regclass::text || '.' || tgname, format('trigger %s.%s %s',
        tgrelid::regclass::text, tgname, pg_get_triggerdef(oid))
      , 0 from pg_trigger where not tgisinternal
        and tgrelid in (select oid from pg_class where relnamespace = (select name from s)::regnamespace)
      union all
      select 5, sequence_name, format('sequence %s %s', sequence_name, data_type), 0
      from information_schema.sequences where sequence_schema = (select name from s)
      union all
      select 6, proname, format('function %s %s', proname, pg_get_functiondef(oid)), 0
      from pg_proc where pronamespace = (select name from s)::regnamespace
    ) parts order by part, key, pos`.execute(k);
  const schema = rows[0]?.schema ?? '';
  return rows.map((r) => normalise(r.line).replaceAll(schema, '<schema>'));
}
