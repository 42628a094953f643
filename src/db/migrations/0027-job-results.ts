import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * What heavy jobs hand from one instance to another through the database, so that several
 * instances need no shared folder (issue 19): the files finished jobs made (report files,
 * search-result files, the data-quality findings), the spreadsheets uploaded to the import page
 * (planned by one instance, applied by another's worker) and the progress of a running job (rows
 * done so far). One row per key; `body` is the file's bytes, absent for a progress row.
 */
export function jobResults(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const bytes = dialect === 'postgres' ? sql.raw('bytea') : sql.raw('blob');
      await sql`create table if not exists job_results (
        key text primary key,
        kind text not null,
        media_type text,
        file_name text,
        body ${bytes},
        size integer not null default 0,
        progress integer,
        created_at bigint not null
      )`.execute(db);
      await sql`create index if not exists job_results_kind_idx
        on job_results (kind, created_at)`.execute(db);
    },
  };
}
