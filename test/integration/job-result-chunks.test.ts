/**
 * Heavy jobs' files kept in the database in pieces (job_result_chunks, migration 0029): a file of
 * many pieces comes back byte for byte, a store that fails midway leaves nothing (or the previous
 * file), pruning and deletion take the pieces along, a file kept before the migration is still
 * read, and storing or reading a file of 64 MiB holds a few MiB, not the file. On both databases.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../../src/db/migrations/index.ts';
import {
  CHUNK_BYTES,
  deleteJobResult,
  deleteJobResultsBefore,
  findJobFile,
  hasJobFile,
  pruneJobResults,
  readJobFile,
  storeJobFile,
  storeJobStream,
} from '../../src/repositories/job-results.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const INFO = { mediaType: 'text/csv', fileName: 'export.csv' };
const MiB = 1024 * 1024;

/** `bytes` handed over in parts of uneven sizes, as a stream may hand them. */
async function* unevenly(bytes: Buffer): AsyncGenerator<Buffer> {
  const sizes = [1, 999, 1000, 1001, 37, 4096, 250];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** The stored file of `key`, gathered from the pieces `readJobFile` hands over. */
async function readBack(t: TestDb, key: string): Promise<{ body: Buffer; writes: number[] }> {
  const parts: Buffer[] = [];
  const info = await readJobFile(t.db.kysely, key, (bytes) => {
    parts.push(bytes);
  });
  assert.ok(info, `${key} is stored`);
  return { body: Buffer.concat(parts), writes: parts.map((p) => p.length) };
}

// A full garbage collection before each look at memory, so that what is counted is what is held
// (not pieces already let go that the collector has not yet come to).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/**
 * A gauge of the memory JavaScript holds (heap and buffers) above what it held when made: `look`
 * notes it, `peak` is the most noted. SQLite's page cache (64 MiB, outside both) does not count:
 * it is the database's, whatever the file's size.
 */
async function gauge(): Promise<{ look(): Promise<void>; readonly peak: number }> {
  // Buffers let go are freed after the collection, once the loop turns; the second one sees that.
  const held = async () => {
    collect();
    await nextTurn();
    collect();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const start = await held();
  let peak = 0;
  return {
    look: async () => {
      peak = Math.max(peak, (await held()) - start);
    },
    get peak() {
      return peak;
    },
  };
}

/** The parts of `source`, the gauge looking at memory before each is handed on and at the end. */
async function* looked(source: AsyncIterable<Buffer>, g: Awaited<ReturnType<typeof gauge>>) {
  for await (const part of source) {
    await g.look();
    yield part;
  }
  await g.look();
}

// Each measure runs in a function of its own and no large buffer stays in the test's frame: a
// suspended async function can keep a value it no longer uses alive, and its release midway would
// make a measure look smaller than it is.

/** Writes `mib` MiB of random bytes to `path` a MiB at a time; their SHA-256. */
async function randomFile(path: string, mib: number): Promise<string> {
  const out = createWriteStream(path);
  const digest = createHash('sha256');
  for (let i = 0; i < mib; i++) {
    const part = randomBytes(MiB);
    digest.update(part);
    if (!out.write(part)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return digest.digest('hex');
}

/** The SHA-256 of a file, read a piece at a time. */
async function digestOf(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const part of createReadStream(path)) digest.update(part);
  return digest.digest('hex');
}

/** The memory held at most while the file at `path` is stored from a read stream. */
async function heldStoring(t: TestDb, key: string, path: string): Promise<number> {
  const g = await gauge();
  const source = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  await storeJobStream(t.db.kysely, key, 'export', looked(source, g), INFO, 30);
  return g.peak;
}

/** The memory held at most while the file of `key` is written to `path` piece by piece. */
async function heldReading(t: TestDb, key: string, path: string): Promise<number> {
  const g = await gauge();
  const out = createWriteStream(path);
  await readJobFile(t.db.kysely, key, async (piece) => {
    await g.look();
    if (!out.write(piece)) await once(out, 'drain');
  });
  out.end();
  await once(out, 'close');
  await g.look();
  return g.peak;
}

/** The memory held at most when the file at `path` is read whole and then stored, as before. */
async function heldWhole(t: TestDb, key: string, path: string): Promise<number> {
  const g = await gauge();
  const body = await readFile(path);
  await g.look();
  await storeJobFile(t.db.kysely, key, 'export', { ...INFO, body }, 31);
  return g.peak;
}

for (const dialect of DIALECTS) {
  describe(`job files in pieces on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let dir: string;
    before(async () => {
      t = await dialect.open();
      dir = await mkdtemp(join(tmpdir(), 'atlas-chunks-'));
    });
    after(async () => {
      await t?.dispose();
      if (dir) await rm(dir, { recursive: true, force: true });
    });
    const count = async (table: 'job_results' | 'job_result_chunks', key: string) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}
        where key = ${key}`.execute(t.db.kysely);
      return Number(rows[0]?.n);
    };

    test('a file of many pieces comes back byte for byte, a piece at a time', async () => {
      const bytes = randomBytes(10_500);
      const size = await storeJobStream(
        t.db.kysely,
        'k-many',
        'export',
        unevenly(bytes),
        INFO,
        1,
        1000,
      );
      assert.equal(size, bytes.length);
      assert.equal(await count('job_result_chunks', 'k-many'), 11, 'ten full pieces and the rest');
      const { body, writes } = await readBack(t, 'k-many');
      assert.ok(body.equals(bytes));
      assert.deepEqual(writes, [...Array(10).fill(1000), 500], 'handed over piece by piece');
      const { rows } = await sql<{ size: number; chunks: number; body: unknown }>`select size,
        chunks, body from job_results where key = 'k-many'`.execute(t.db.kysely);
      assert.deepEqual(
        rows.map((r) => [Number(r.size), Number(r.chunks), r.body]),
        [[10_500, 11, null]],
      );
      const found = await findJobFile(t.db.kysely, 'k-many');
      assert.ok(found?.body.equals(bytes));
      assert.equal(found?.mediaType, 'text/csv');
      assert.equal(found?.fileName, 'export.csv');
      assert.equal(await hasJobFile(t.db.kysely, 'k-many'), true);

      // Stored again smaller: the pieces of the first version do not linger.
      const other = randomBytes(2000);
      await storeJobStream(t.db.kysely, 'k-many', 'export', [other], INFO, 2, 1000);
      assert.equal(await count('job_result_chunks', 'k-many'), 2);
      assert.ok((await readBack(t, 'k-many')).body.equals(other));

      // An empty file is a file: no piece, but found, and empty.
      await storeJobStream(t.db.kysely, 'k-empty', 'export', [], INFO, 3);
      assert.equal(await count('job_result_chunks', 'k-empty'), 0);
      assert.equal(await hasJobFile(t.db.kysely, 'k-empty'), true);
      assert.equal((await findJobFile(t.db.kysely, 'k-empty'))?.body.length, 0);
      assert.equal(await readJobFile(t.db.kysely, 'k-none', () => assert.fail()), undefined);
    });

    test('a file of a few MiB read from disk is kept in pieces of 1 MiB and comes back whole', async () => {
      const bytes = randomBytes(5 * MiB + 17);
      const path = join(dir, 'five.csv');
      await writeFile(path, bytes);
      await storeJobStream(t.db.kysely, 'k-five', 'export', createReadStream(path), INFO, 4);
      assert.equal(await count('job_result_chunks', 'k-five'), 6);
      const { body, writes } = await readBack(t, 'k-five');
      assert.ok(body.equals(bytes));
      assert.ok(Math.max(...writes) <= CHUNK_BYTES);
      // An upload's whole body in memory is kept in the same pieces.
      await storeJobFile(t.db.kysely, 'k-upload', 'upload', { ...INFO, body: bytes }, 5);
      assert.equal(await count('job_result_chunks', 'k-upload'), 6);
      assert.ok((await findJobFile(t.db.kysely, 'k-upload'))?.body.equals(bytes));
    });

    test('a store that fails midway leaves no row and no piece, or the previous file whole', async () => {
      const failing = async function* () {
        yield randomBytes(1000);
        yield randomBytes(1000);
        throw new Error('the disk went away');
      };
      await assert.rejects(
        storeJobStream(t.db.kysely, 'k-fail', 'export', failing(), INFO, 6, 1000),
        /the disk went away/,
      );
      assert.equal(await count('job_results', 'k-fail'), 0);
      assert.equal(await count('job_result_chunks', 'k-fail'), 0);
      assert.equal(await hasJobFile(t.db.kysely, 'k-fail'), false);

      const kept = randomBytes(3500);
      await storeJobStream(t.db.kysely, 'k-fail', 'export', [kept], INFO, 7, 1000);
      await assert.rejects(
        storeJobStream(t.db.kysely, 'k-fail', 'export', failing(), INFO, 8, 1000),
        /the disk went away/,
      );
      assert.equal(await count('job_result_chunks', 'k-fail'), 4);
      assert.ok((await readBack(t, 'k-fail')).body.equals(kept), 'the previous file, untouched');
    });

    test('pruning and deleting a file remove its pieces', async () => {
      for (let i = 0; i < 4; i++)
        await storeJobStream(
          t.db.kysely,
          `report-v2-${i}`,
          'report',
          [randomBytes(2500)],
          INFO,
          10 + i,
          1000,
        );
      await storeJobStream(
        t.db.kysely,
        'report-v1-0',
        'report',
        [randomBytes(2500)],
        INFO,
        20,
        1000,
      );
      assert.equal(await pruneJobResults(t.db.kysely, 'report', 'report-v2-', 2), 3);
      for (const gone of ['report-v1-0', 'report-v2-0', 'report-v2-1'])
        assert.equal(await count('job_result_chunks', gone), 0, `${gone}'s pieces are gone`);
      for (const left of ['report-v2-2', 'report-v2-3'])
        assert.equal(await count('job_result_chunks', left), 3, `${left} keeps its pieces`);

      await deleteJobResult(t.db.kysely, 'report-v2-3');
      assert.equal(await count('job_result_chunks', 'report-v2-3'), 0);
      await deleteJobResultsBefore(t.db.kysely, 'report', 100);
      assert.equal(await count('job_result_chunks', 'report-v2-2'), 0);
    });

    test('a file of 64 MiB is stored and read back holding a few MiB, where reading it whole held it all', async () => {
      const path = join(dir, 'big.csv');
      const digest = await randomFile(path, 64);
      const copy = join(dir, 'copy.csv');
      const bound = 16 * MiB;
      const stored = await heldStoring(t, 'k-big', path);
      const read = await heldReading(t, 'k-big', copy);
      assert.equal(await digestOf(copy), digest, 'the copy is the file');
      const whole = await heldWhole(t, 'k-big-whole', path);
      const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
      const held = `storing held ${mib(stored)}, reading ${mib(read)}`;
      assert.ok(stored < bound && read < bound, `${held} (bound ${mib(bound)})`);
      assert.ok(whole > 48 * MiB, `the gauge sees a whole file in memory (${mib(whole)})`);
    });
  });

  describe(`job files kept before migration 0029 on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open((db) => migrateTo(db, '0028_search_stems_per_language'));
    });
    after(async () => {
      await t?.dispose();
    });

    test('a file stored whole in `body` is still found and read after the upgrade', async () => {
      const bytes = randomBytes(3000);
      await sql`insert into job_results (key, kind, media_type, file_name, body, size, created_at)
        values ('report-v1-old', 'report', 'application/pdf', 'old.pdf', ${bytes}, 3000, 1)`.execute(
        t.db.kysely,
      );
      await migrateToLatest(t.db);
      assert.equal(await hasJobFile(t.db.kysely, 'report-v1-old'), true);
      const { body, writes } = await readBack(t, 'report-v1-old');
      assert.ok(body.equals(bytes));
      assert.deepEqual(writes, [3000]);
      const found = await findJobFile(t.db.kysely, 'report-v1-old');
      assert.equal(found?.fileName, 'old.pdf');
      assert.ok(found?.body.equals(bytes));
      // Stored again, it moves to pieces and leaves its old body.
      await storeJobFile(t.db.kysely, 'report-v1-old', 'report', { ...found, body: bytes }, 2);
      const { rows } = await sql<{ body: unknown }>`select body from job_results
        where key = 'report-v1-old'`.execute(t.db.kysely);
      assert.equal(rows[0]?.body, null);
      assert.ok((await findJobFile(t.db.kysely, 'report-v1-old'))?.body.equals(bytes));
    });
  });
}
