import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Db, openDatabase } from '../../src/db/connect.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { backupDatabase, restoreDatabase } from '../../src/services/backup.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** Every table's rows as JSON, sorted, by table name: two databases with equal dumps hold the same data. */
async function logicalDump(db: Db): Promise<Record<string, string[]>> {
  const k = db.kysely;
  const tables =
    db.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by name`.execute(k)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(
          k,
        );
  const dump: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(k);
    dump[name] = rows.rows
      .map((r) => JSON.stringify(r, (_, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
  }
  return dump;
}

for (const dialect of DIALECTS) {
  describe(`backup and restore on ${dialect.name}`, { skip: dialect.skip }, () => {
    let source: TestDb;
    let target: TestDb;
    const dir = mkdtempSync(join(tmpdir(), 'atlas-backup-'));
    const file = join(dir, 'atlas.backup');
    before(async () => {
      source = await dialect.open();
      await seedData(source.db, await readReferenceData(FIXTURE_DIR), {
        now: '2026-01-01T00:00:00.000Z',
      });
      target = await dialect.open();
      // SQLite restore refuses a database another connection has open, as it would a running server.
      if (dialect.name === 'sqlite') await target.db.close();
    });
    after(async () => {
      await source?.dispose();
      await target?.dispose().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    });

    test('a backup taken while the source is open restores into a fresh database with equal rows', async () => {
      const report = await backupDatabase(source.url, file);
      assert.equal(report.format, dialect.name);
      assert.ok(report.bytes > 1000);
      const restored = await restoreDatabase(target.url, file, { force: false });
      assert.deepEqual(restored.migrations, []);
      const reopened = openDatabase(target.url);
      try {
        const before = await logicalDump(source.db);
        const after = await logicalDump(reopened);
        assert.ok((before.initiatives ?? []).length > 0, 'the source holds initiatives');
        assert.deepEqual(after, before);
      } finally {
        await reopened.close();
      }
    });

    test('restore refuses a database that holds records unless forced', async () => {
      await assert.rejects(
        restoreDatabase(target.url, file, { force: false }),
        /run again with --force/,
      );
      const forced = await restoreDatabase(target.url, file, { force: true });
      assert.equal(forced.format, dialect.name);
    });

    test('restore refuses a garbage file and a missing one; backup of a missing database is an error', async () => {
      const garbage = join(dir, 'garbage.bin');
      writeFileSync(garbage, 'this is not a backup\n'.repeat(10));
      await assert.rejects(
        restoreDatabase(target.url, garbage, { force: true }),
        /is not an atlas backup/,
      );
      await assert.rejects(
        restoreDatabase(target.url, join(dir, 'nope'), { force: true }),
        /there is no backup file/,
      );
      if (dialect.name === 'sqlite') {
        await assert.rejects(
          backupDatabase(`sqlite:${join(dir, 'missing.db')}`, join(dir, 'x')),
          /there is no SQLite database/,
        );
      } else {
        await assert.rejects(
          backupDatabase(source.url.replace(/\/test\b/, '/no_such_db'), join(dir, 'x')),
          /cannot use the PostgreSQL database/,
        );
      }
    });

    test('SQLite restore refuses while another process has the database open', {
      skip: dialect.name !== 'sqlite',
    }, async () => {
      const open = openDatabase(target.url);
      try {
        await sql`select 1`.execute(open.kysely);
        await assert.rejects(
          restoreDatabase(target.url, file, { force: true }),
          /is open in another process/,
        );
      } finally {
        await open.close();
      }
    });

    test('a backup of the other database kind is refused', async () => {
      const other = dialect.name === 'sqlite' ? join(dir, 'pg.backup') : join(dir, 'lite.backup');
      writeFileSync(
        other,
        dialect.name === 'sqlite'
          ? 'ATLAS-BACKUP postgres-custom schema=x\n'
          : 'SQLite format 3\0rest',
      );
      await assert.rejects(
        restoreDatabase(target.url, other, { force: true }),
        /restore it into a/,
      );
    });
  });
}

describe('SQLite durability settings', () => {
  test('an opened database runs in WAL mode with synchronous NORMAL and foreign keys on', async () => {
    const t = await DIALECTS[0].open();
    try {
      const k = t.db.kysely;
      const one = async (pragma: string) =>
        Object.values(
          (await sql.raw<Record<string, unknown>>(`pragma ${pragma}`).execute(k)).rows[0] ?? {},
        )[0];
      assert.equal(await one('journal_mode'), 'wal');
      // 1 is NORMAL (0 OFF, 2 FULL, 3 EXTRA).
      assert.equal(await one('synchronous'), 1);
      assert.equal(await one('foreign_keys'), 1);
    } finally {
      await t.dispose();
    }
  });
});
