import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { databaseUnavailable, invalidFile } from '../domain/errors.ts';

/** How far a copy has got, in pages of the database file. */
export interface CopyProgress {
  readonly done: number;
  readonly total: number;
}

/** Pages copied per step of the online backup; between steps the server's writers may run. */
const PAGES_PER_STEP = 1000;

/** The file a `sqlite:<file>` URL names; refuses `:memory:`, which has nothing to back up or restore. */
export function sqliteFile(url: string): string {
  const file = url.slice('sqlite:'.length);
  if (file === '' || file === ':memory:') {
    throw databaseUnavailable(
      `DATABASE_URL ${url} is not a database file; set it to sqlite:<file> to back up or restore`,
    );
  }
  return file;
}

/** Flushes a file's contents to the disk, so a rename that follows never publishes a partial file. */
function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies a live SQLite database with the online backup API: the copy is one consistent state
 * even while the server writes. It goes to a temporary file renamed into place at the end, so
 * `dest` is either the old file or a complete new one, never half a backup.
 */
export async function backupSqlite(
  file: string,
  dest: string,
  progress?: (p: CopyProgress) => void,
): Promise<{ pages: number }> {
  if (!existsSync(file)) {
    throw databaseUnavailable(
      `there is no SQLite database at ${file}; check DATABASE_URL (nothing was written)`,
    );
  }
  const source = new SqliteDatabase(file, { fileMustExist: true, readonly: true });
  const partial = `${dest}.partial-${process.pid}`;
  let pages = 0;
  try {
    await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        progress?.({ done: totalPages - remainingPages, total: totalPages });
        return PAGES_PER_STEP;
      },
    });
    syncFile(partial);
    renameSync(partial, dest);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    source.close();
  }
  return { pages };
}

/** Runs `fn` on a read-only connection to an existing SQLite file and closes it. */
function readOnly<T>(file: string, fn: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(file, { fileMustExist: true, readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The tables of a SQLite file, by name. */
function tablesOf(db: SqliteDatabase.Database): Set<string> {
  const rows = db.prepare("select name from sqlite_master where type = 'table'").all() as {
    name: string;
  }[];
  return new Set(rows.map((r) => r.name));
}

/**
 * Checks that a file is an intact SQLite database of this atlas (integrity_check ok and the
 * migration table present) and returns the migrations it had run.
 */
export function inspectSqliteBackup(file: string): { migrations: string[] } {
  try {
    return readOnly(file, (db) => {
      const check = db.pragma('integrity_check') as { integrity_check: string }[];
      const verdict = check.map((r) => r.integrity_check).join('; ');
      if (verdict !== 'ok') {
        throw invalidFile(`${file} is a damaged SQLite database (integrity_check: ${verdict})`);
      }
      if (!tablesOf(db).has('kysely_migration')) {
        throw invalidFile(
          `${file} is a SQLite database but not one of this atlas (it has no migration table)`,
        );
      }
      const rows = db.prepare('select name from kysely_migration order by name').all() as {
        name: string;
      }[];
      return { migrations: rows.map((r) => r.name) };
    });
  } catch (e) {
    if (e instanceof SqliteDatabase.SqliteError) {
      throw invalidFile(`${file} cannot be read as a SQLite database: ${e.message}`);
    }
    throw e;
  }
}

/**
 * How many initiatives and recorded changes (history entries) a SQLite file holds: its curated
 * data, not the code lists every migrated database has; zero for a missing file or schema.
 */
export function sqliteRecordCount(file: string): number {
  if (!existsSync(file)) return 0;
  return readOnly(file, (db) => {
    const tables = tablesOf(db);
    let n = 0;
    for (const table of ['initiatives', 'history']) {
      if (!tables.has(table)) continue;
      n += (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    }
    return n;
  });
}

/**
 * True when another connection (a running server, an import) has the database open. A
 * WAL-mode connection holds a shared lock for as long as it is open, so taking the file in
 * exclusive locking mode fails at once exactly when someone else is using it.
 */
export function sqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if (e instanceof SqliteDatabase.SqliteError && /BUSY|LOCKED/.test(e.code)) return true;
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Puts a backup file in place of the database: copied beside it, flushed, then renamed over it.
 * The old database's WAL and shared-memory files go first, or SQLite would replay the old
 * database's last transactions onto the restored file.
 */
export function installSqlite(backup: string, file: string): void {
  const staged = `${file}.restoring-${process.pid}`;
  try {
    copyFileSync(backup, staged);
    syncFile(staged);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    renameSync(staged, file);
  } catch (e) {
    rmSync(staged, { force: true });
    throw e;
  }
}
