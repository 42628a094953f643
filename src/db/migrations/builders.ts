import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectName } from '../connect.ts';

// Shared by shipped migrations, so it is as frozen as they are: a change here would change what
// an old migration creates. Add a new helper instead of changing one.

/** A database without the typed schema, which migrations run before (and build). */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export type AnyDb = Kysely<any>;
/** A table being created, of any name and columns. */
// biome-ignore lint/suspicious/noExplicitAny: table builders of any table
export type Table = CreateTableBuilder<string, any>;

/** An auto-incrementing integer primary key in either dialect. */
export function withId(t: Table, dialect: DialectName): Table {
  return dialect === 'postgres'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** created/updated timestamps and a version number, on every table of curated content. */
export function versioned(t: Table): Table {
  return t
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
}
