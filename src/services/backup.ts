import { existsSync, statSync } from 'node:fs';
import {
  backupPostgres,
  POSTGRES_BACKUP_MAGIC,
  postgresTarget,
  readHead,
  restorePostgres,
} from '../db/backup-postgres.ts';
import {
  backupSqlite,
  type CopyProgress,
  inspectSqliteBackup,
  installSqlite,
  sqliteFile,
  sqliteInUse,
  sqliteRecordCount,
} from '../db/backup-sqlite.ts';
import { databaseUnavailable, invalidFile, invalidParameter } from '../domain/errors.ts';
import { migrateDatabase } from './database.ts';

export type { CopyProgress } from '../db/backup-sqlite.ts';

/** The two kinds of backup file, each named by its first bytes. */
export type BackupFormat = 'sqlite' | 'postgres';

/** What a backup wrote. */
export interface BackupReport {
  readonly format: BackupFormat;
  readonly file: string;
  readonly bytes: number;
}

/** What a restore did: the format it read and the migrations it ran on the restored data. */
export interface RestoreReport {
  readonly format: BackupFormat;
  readonly description: string;
  readonly migrations: readonly string[];
}

/** The first bytes of every SQLite 3 database file. */
const SQLITE_MAGIC = 'SQLite format 3\0';

/** The dialect a DATABASE_URL names, for the choice between the two ways of backing up. */
function formatOfUrl(url: string): BackupFormat {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw invalidParameter(
    'DATABASE_URL',
    'DATABASE_URL must be sqlite:<file> or postgres://user@host:port/db',
  );
}

/** Reads a backup file's first bytes and says which kind it is; anything else is refused. */
export async function backupFormatOf(file: string): Promise<BackupFormat> {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw invalidParameter('FILE', `there is no backup file ${file}`);
  }
  const head = await readHead(file, 64);
  if (head.subarray(0, SQLITE_MAGIC.length).toString('latin1') === SQLITE_MAGIC) return 'sqlite';
  if (head.subarray(0, POSTGRES_BACKUP_MAGIC.length).toString() === POSTGRES_BACKUP_MAGIC) {
    return 'postgres';
  }
  throw invalidFile(
    `${file} is not an atlas backup (neither a SQLite database nor an "atlas backup" of PostgreSQL)`,
  );
}

/**
 * Backs the configured database up to `file`: SQLite through its online backup API, PostgreSQL
 * through pg_dump; both consistent while the server runs, both written to a temporary file
 * renamed into place, so `file` is never left half-written.
 */
export async function backupDatabase(
  databaseUrl: string,
  file: string,
  progress?: (p: CopyProgress) => void,
): Promise<BackupReport> {
  const format = formatOfUrl(databaseUrl);
  if (format === 'sqlite') await backupSqlite(sqliteFile(databaseUrl), file, progress);
  else await backupPostgres(databaseUrl, file);
  return { format, file, bytes: statSync(file).size };
}

/** Refuses a backup made by the other dialect, naming both. */
function sameFormat(file: string, found: BackupFormat, needed: BackupFormat): void {
  if (found === needed) return;
  const names = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
  throw invalidFile(
    `${file} is a ${names[found]} backup but DATABASE_URL is a ${names[needed]} database; restore it into a ${names[found]} database (to move data across, use "atlas export" and "atlas import")`,
  );
}

/** Refuses to overwrite a database that holds records, unless told to. */
function refuseNonEmpty(records: number, force: boolean): void {
  if (records > 0 && !force) {
    throw databaseUnavailable(
      `the database holds curated data (${records} initiatives and recorded changes); restoring would replace them. Back it up first, then run again with --force`,
    );
  }
}

/**
 * Replaces the configured database with a backup, then migrates it so that a backup made by an
 * older atlas works with this one. SQLite: the file must be an intact atlas database and the
 * server must be stopped. Refuses a database that holds records unless `force` is set.
 */
export async function restoreDatabase(
  databaseUrl: string,
  file: string,
  options: { readonly force: boolean },
): Promise<RestoreReport> {
  const needed = formatOfUrl(databaseUrl);
  const format = await backupFormatOf(file);
  sameFormat(file, format, needed);
  if (format === 'sqlite') {
    const target = sqliteFile(databaseUrl);
    inspectSqliteBackup(file);
    if (sqliteInUse(target)) {
      throw databaseUnavailable(
        `${target} is open in another process (is "atlas serve" running?); stop it, then restore`,
      );
    }
    refuseNonEmpty(sqliteRecordCount(target), options.force);
    installSqlite(file, target);
  } else {
    refuseNonEmpty((await postgresTarget(databaseUrl)).records, options.force);
    await restorePostgres(databaseUrl, file);
  }
  const { description, migrations } = await migrateDatabase(databaseUrl);
  return { format, description, migrations };
}
