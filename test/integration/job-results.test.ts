/**
 * What heavy jobs hand between instances through the database (job_results, migration 0027):
 * files kept and read back byte for byte, pruned to the current data version and a bound,
 * uploads forgotten after their time, and a running job's progress. On both databases.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  deleteJobResult,
  deleteJobResultsBefore,
  findJobFile,
  findJobProgress,
  hasJobFile,
  pruneJobResults,
  saveJobProgress,
  storeJobFile,
} from '../../src/repositories/job-results.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const file = (body: Buffer) => ({ body, mediaType: 'application/pdf', fileName: 'r.pdf' });

for (const dialect of DIALECTS) {
  describe(`job results in the database on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
    });
    after(async () => {
      await t?.dispose();
    });
    const count = async (kind: string) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from job_results
        where kind = ${kind}`.execute(t.db.kysely);
      return Number(rows[0]?.n);
    };

    test('a file comes back byte for byte; storing it again replaces it', async () => {
      const bytes = randomBytes(300_000);
      await storeJobFile(t.db.kysely, 'report-v1-a.pdf', 'report', file(bytes), 1000);
      const found = await findJobFile(t.db.kysely, 'report-v1-a.pdf');
      assert.ok(found?.body.equals(bytes));
      assert.equal(found?.mediaType, 'application/pdf');
      assert.equal(found?.fileName, 'r.pdf');
      assert.equal(await hasJobFile(t.db.kysely, 'report-v1-a.pdf'), true);
      const other = randomBytes(10);
      await storeJobFile(t.db.kysely, 'report-v1-a.pdf', 'report', file(other), 2000);
      assert.ok((await findJobFile(t.db.kysely, 'report-v1-a.pdf'))?.body.equals(other));
      assert.equal(await count('report'), 1);
      assert.equal(await findJobFile(t.db.kysely, 'report-v1-none.pdf'), undefined);
    });

    test('pruning keeps the current version’s newest files of a kind and no other kind’s', async () => {
      for (let i = 0; i < 4; i++)
        await storeJobFile(t.db.kysely, `report-v2-${i}.pdf`, 'report', file(randomBytes(5)), i);
      await storeJobFile(
        t.db.kysely,
        'search-export-v1-x.csv',
        'search-export',
        file(randomBytes(5)),
        0,
      );
      const removed = await pruneJobResults(t.db.kysely, 'report', 'report-v2-', 2);
      // v1's file, and v2's two oldest beyond the bound of two.
      assert.equal(removed, 3);
      assert.equal(await hasJobFile(t.db.kysely, 'report-v2-3.pdf'), true);
      assert.equal(await hasJobFile(t.db.kysely, 'report-v2-2.pdf'), true);
      assert.equal(await hasJobFile(t.db.kysely, 'report-v2-0.pdf'), false);
      assert.equal(await hasJobFile(t.db.kysely, 'report-v1-a.pdf'), false);
      assert.equal(await count('search-export'), 1);
    });

    test('uploads older than a moment are forgotten; a progress row counts on and goes', async () => {
      await storeJobFile(t.db.kysely, 'upload-1-old', 'upload', file(randomBytes(5)), 100);
      await storeJobFile(t.db.kysely, 'upload-1-new', 'upload', file(randomBytes(5)), 900);
      await deleteJobResultsBefore(t.db.kysely, 'upload', 500);
      assert.equal(await hasJobFile(t.db.kysely, 'upload-1-old'), false);
      assert.equal(await hasJobFile(t.db.kysely, 'upload-1-new'), true);
      await saveJobProgress(t.db.kysely, 'progress-j', 10, 1);
      await saveJobProgress(t.db.kysely, 'progress-j', 250, 2);
      assert.equal(await findJobProgress(t.db.kysely, 'progress-j'), 250);
      assert.equal(await hasJobFile(t.db.kysely, 'progress-j'), false, 'progress is no file');
      await deleteJobResult(t.db.kysely, 'progress-j');
      assert.equal(await findJobProgress(t.db.kysely, 'progress-j'), undefined);
    });
  });
}
