import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import type { AnyDb } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped once released: never edit this file then; append a new migration instead.

/**
 * Heavy jobs' files kept in pieces (issue 19): a file of hundreds of megabytes as one value cost
 * its size in memory on every copy and met PostgreSQL's 1 GB limit on a value. A file's bytes are
 * rows of job_result_chunks (a piece of at most a few MiB each, numbered from 0 by `seq`), removed
 * with their job_results row; `chunks` on that row says how many there are (null: the bytes are in
 * `body`, as every row kept before this migration has them, or the row is a job's progress).
 * What a schema has already is left as it is.
 */
export function jobResultChunks(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      const bytes = dialect === 'postgres' ? sql.raw('bytea') : sql.raw('blob');
      if (!(await columnsOf(db, dialect, 'job_results')).has('chunks'))
        await sql`alter table job_results add column chunks integer`.execute(db);
      await sql`create table if not exists job_result_chunks (
        key text not null references job_results (key) on delete cascade,
        seq integer not null,
        bytes ${bytes} not null,
        primary key (key, seq)
      )`.execute(db);
    },
  };
}
