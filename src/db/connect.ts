import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/errors.ts';
import type { Database } from './types.ts';

/** Which SQL dialect a connection speaks. */
export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely instance, its dialect and a way to close it. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  /** The URL it was opened with, without any password. */
  readonly description: string;
  close(): Promise<void>;
}

// PostgreSQL returns COUNT(*) as int8, which pg hands over as a string; the atlas never counts
// past 2^53, so numbers are safe and keep rows identical across dialects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

/** Opens the database a DATABASE_URL names: `sqlite:<file>` / `sqlite::memory:` or `postgres://…`. */
export function openDatabase(url: string): Db {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file === '') {
      throw new AppError(
        'invalid_parameter',
        'DATABASE_URL sqlite: needs a file, e.g. sqlite:data/atlas.db',
      );
    }
    let sqlite: SqliteDatabase.Database;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      sqlite = new SqliteDatabase(file);
    } catch (e) {
      throw new AppError(
        'database_unavailable',
        `cannot open the SQLite database ${file}: ${(e as Error).message}. Check DATABASE_URL and the folder's permissions.`,
      );
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return {
      kysely,
      dialect: 'sqlite',
      description: `sqlite:${file}`,
      close: () => kysely.destroy(),
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const safe = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    return { kysely, dialect: 'postgres', description: safe, close: () => kysely.destroy() };
  }
  throw new AppError(
    'invalid_parameter',
    `DATABASE_URL "${url}" is not supported: use sqlite:<file> or postgres://user@host:port/db`,
  );
}
