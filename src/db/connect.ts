import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresDialect,
  PostgresDriver,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import pg from 'pg';
import { databaseUnavailable, invalidParameter } from '../domain/errors.ts';
import { RoutingDriver } from './replica.ts';
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

/** How long a SQLite statement waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** After this much back-to-back SQLite work, the next query result waits for a turn of the event loop. */
export const SQLITE_YIELD_AFTER_MS = 20;

/**
 * better-sqlite3 runs each statement synchronously and Kysely resolves its promise at once, so a
 * request's queries chain through microtasks and the event loop does not turn until the whole
 * request is done: under a crowd, /health, socket writes and new connections waited for every
 * queued request (18 s behind 40 searches at 200,000 initiatives). This plugin hands the loop a
 * turn (setImmediate) once SQLite work has run for SQLITE_YIELD_AFTER_MS without one, so other
 * requests interleave between two queries; a single slow statement still blocks for its duration.
 * The check costs one clock read per query, so an import's many small queries do not slow down.
 */
class YieldToEventLoop implements KyselyPlugin {
  #since = performance.now();

  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs) {
    if (performance.now() - this.#since >= SQLITE_YIELD_AFTER_MS) {
      await nextTurn();
      this.#since = performance.now();
    }
    return args.result;
  }
}

/** How many prepared SQLite statements a connection keeps for reuse. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query it runs, and preparing costs more than running a small indexed
 * query (an import of 20k rows spent a fifth of its time in prepare). So a connection keeps its
 * most recently used statements by SQL text and hands one back while it is not busy iterating;
 * SQLite re-prepares a kept statement by itself after a schema change.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const statement = kept.get(sql);
      if (statement && !statement.busy) {
        // Most recently used last, so the first key is the one to drop.
        kept.delete(sql);
        kept.set(sql, statement);
        return statement;
      }
      const fresh = sqlite.prepare(sql);
      if (!statement) {
        kept.set(sql, fresh);
        if (kept.size > STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value as string);
      }
      return fresh;
    },
  };
}

/** The application_name of the atlas's PostgreSQL sessions (pg_stat_activity.application_name). */
export const ATLAS_APPLICATION_NAME = 'permed-atlas';

/** What a caller may learn from an open database besides query results. */
export interface OpenOptions {
  /**
   * Told when the server drops a pooled PostgreSQL connection that was idle (a restart, an
   * idle timeout, pg_terminate_backend). The pool has already discarded it and opens a new one
   * on the next query, so this is for the log only. Default: a line on stderr.
   */
  readonly onPoolError?: (error: Error) => void;
  /**
   * A PostgreSQL read replica (DATABASE_REPLICA_URL): the reads of requests that run
   * `withReplicaReads` go there (src/db/replica.ts). Not for SQLite.
   */
  readonly replicaUrl?: string;
  /** Told once when the replica cannot be reached (reads then go to the primary). */
  readonly onReplicaError?: (error: Error) => void;
}

/** The log line for a pooled connection the server closed while it was idle. */
export function poolErrorMessage(error: Error): string {
  return `database: an idle connection was closed (${error.message}); the next query opens a new one`;
}

/** Writes a dropped idle connection to stderr, for callers that give no log of their own. */
function logPoolError(error: Error): void {
  process.stderr.write(`${poolErrorMessage(error)}\n`);
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** A URL without its password, for messages and the log. */
const withoutPassword = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** A pool of connections to one PostgreSQL server. */
function postgresPool(url: string, options: OpenOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Named so an operator (and the resilience test) can find the atlas's sessions in
    // pg_stat_activity; a URL's own application_name takes precedence.
    application_name: ATLAS_APPLICATION_NAME,
    // Without a limit a request waits forever for a connection to a server that does not
    // answer; with one it fails, and the HTTP layer answers 503.
    connectionTimeoutMillis: 5000,
  });
  // An idle client's error is re-emitted by the pool; without a listener Node treats it as an
  // uncaught exception and the whole server exits because the database closed one connection.
  pool.on('error', options.onPoolError ?? logPoolError);
  // A checked-out client has no pool listener: when the server ends its session between two
  // queries (pg_terminate_backend, a restart) the client emits 'error' with nobody listening,
  // which would end the process. Its next query fails and is answered 503, so nothing to do here.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/** PostgreSQL, with its reads sent to a replica when DATABASE_REPLICA_URL names one. */
class ReplicaDialect extends PostgresDialect {
  constructor(
    private readonly primaryPool: pg.Pool,
    private readonly replicaPool: pg.Pool,
    private readonly onReplicaError: (error: Error) => void,
  ) {
    super({ pool: primaryPool });
  }

  override createDriver(): RoutingDriver {
    return new RoutingDriver(
      new PostgresDriver({ pool: this.primaryPool }),
      new PostgresDriver({ pool: this.replicaPool }),
      this.onReplicaError,
    );
  }
}

function openPostgres(url: string, options: OpenOptions): Db {
  const pool = postgresPool(url, options);
  const description = withoutPassword(url);
  const replicaUrl = options.replicaUrl;
  if (!replicaUrl) {
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', description, close: () => kysely.destroy() };
  }
  if (!POSTGRES_URL.test(replicaUrl))
    throw invalidParameter(
      'DATABASE_REPLICA_URL',
      `DATABASE_REPLICA_URL must be a postgres:// URL like DATABASE_URL (it is "${withoutPassword(replicaUrl)}")`,
    );
  const onReplicaError =
    options.onReplicaError ??
    ((e: Error) =>
      process.stderr.write(
        `database: the read replica cannot be reached (${e.message}); reads go to the primary\n`,
      ));
  const dialect = new ReplicaDialect(pool, postgresPool(replicaUrl, options), onReplicaError);
  const kysely = new Kysely<Database>({ dialect });
  return {
    kysely,
    dialect: 'postgres',
    description: `${description} (reads: ${withoutPassword(replicaUrl)})`,
    close: () => kysely.destroy(),
  };
}

/** Opens the database a DATABASE_URL names: `sqlite:<file>` / `sqlite::memory:` or `postgres://…`. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    if (options.replicaUrl)
      throw invalidParameter(
        'DATABASE_REPLICA_URL',
        'DATABASE_REPLICA_URL is for PostgreSQL: a SQLite database has no replicas; unset it or use a postgres:// DATABASE_URL',
      );
    const file = url.slice('sqlite:'.length);
    if (file === '') {
      throw invalidParameter(
        'DATABASE_URL',
        'DATABASE_URL sqlite: needs a file, e.g. sqlite:data/atlas.db',
      );
    }
    let sqlite: SqliteDatabase.Database;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      sqlite = new SqliteDatabase(file);
    } catch (e) {
      throw databaseUnavailable(
        `cannot open the SQLite database ${file}: ${(e as Error).message}. Check DATABASE_URL and the folder's permissions.`,
      );
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('synchronous = NORMAL');
    // A 64 MiB page cache (the default is 2 MiB): a large transaction such as an import plan then
    // rewrites hot pages in memory instead of spilling them to the WAL again and again (a
    // 100k-row plan wrote 215 MB instead of 430 MB and ran about a quarter faster).
    sqlite.pragma('cache_size = -65536');
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins: [new YieldToEventLoop()],
    });
    return {
      kysely,
      dialect: 'sqlite',
      description: `sqlite:${file}`,
      close: () => kysely.destroy(),
    };
  }
  if (POSTGRES_URL.test(url)) return openPostgres(url, options);
  throw invalidParameter(
    'DATABASE_URL',
    `DATABASE_URL "${url}" is not supported: use sqlite:<file> or postgres://user@host:port/db`,
  );
}
