import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { HeavyJob, HeavyResult } from '../../src/services/heavy-jobs.ts';
import { SharedJobQueue } from '../../src/services/heavy-queue.ts';
import { DIALECTS, POSTGRES_URL, postgresSkipReason, type TestDb } from '../helpers/databases.ts';
import { eventually } from '../helpers/postgres-instances.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * The queue that several instances share (pg-boss, PostgreSQL only: on SQLite the heavy jobs
 * never leave the instance and nothing retries them) never tries an import again: a refusal is
 * its answer, and one that failed may have been writing. Other jobs get the queue's one retry.
 */

const postgres = DIALECTS.find((d) => d.name === 'postgres');

const IMPORT: HeavyJob = {
  kind: 'import',
  accountId: 1,
  upload: `${'a'.repeat(32)}.csv`,
  decisions: {},
  actor: { kind: 'account', id: 1, role: 'curator', regions: [] },
};
const QUALITY: HeavyJob = { kind: 'data-quality' };

describe('the shared job queue and imports', { skip: postgresSkipReason }, () => {
  const schema = `q_${randomBytes(6).toString('hex')}`;
  const runs = new Map<string, number>();
  let t: TestDb;
  let queue: SharedJobQueue;
  before(async () => {
    assert.ok(postgres);
    t = await postgres.open();
    queue = await SharedJobQueue.start({
      databaseUrl: POSTGRES_URL,
      schema,
      release: 'test',
      concurrency: 1,
      waiting: 10,
      db: t.db,
      run: async (job): Promise<HeavyResult> => {
        runs.set(job.kind, (runs.get(job.kind) ?? 0) + 1);
        throw new Error(`the ${job.kind} job failed on purpose`);
      },
      present: async () => true,
      localize: async (made) => made,
    });
  });
  after(async () => {
    await queue?.stop();
    await t?.dispose();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  /** The job's retry limit and count as pg-boss keeps them (in its job table, or archived). */
  async function retries(id: string): Promise<{ retry_limit: number; retry_count: number }> {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `select retry_limit, retry_count from ${schema}.job where id = $1
         union all select retry_limit, retry_count from ${schema}.archive where id = $1`,
        [id],
      );
      assert.equal(rows.length, 1, `job ${id} is in the queue's tables`);
      return rows[0];
    } finally {
      await client.end();
    }
  }

  test('an import that fails is not run again; another job gets its one retry', async () => {
    const imported = await queue.submit(IMPORT, `import-retry-${schema}`, undefined, '/review');
    const quality = await queue.submit(QUALITY, `quality-retry-${schema}`, undefined, '/quality');
    for (const id of [imported.id, quality.id])
      await eventually(30_000, async () =>
        (await queue.find(id))?.state === 'failed' ? true : undefined,
      );
    // Time for a retry to be taken, were there one: the workers look every half second.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(runs.get('import'), 1, 'the import ran once');
    assert.equal(runs.get('data-quality'), 2, 'the other job was tried again once');
    assert.deepEqual(await retries(imported.id), { retry_limit: 0, retry_count: 0 });
    assert.deepEqual(await retries(quality.id), { retry_limit: 1, retry_count: 1 });
    const failed = await queue.find(imported.id);
    assert.match(String((failed?.error as Error)?.message), /the import job failed on purpose/);
  });

  test("a job is taken only by a worker of its submitter's release (a rolling upgrade)", async () => {
    const ran: string[] = [];
    const join = (release: string, concurrency: number) =>
      SharedJobQueue.start({
        databaseUrl: POSTGRES_URL,
        schema,
        release,
        concurrency,
        waiting: 10,
        db: t.db,
        run: async (): Promise<HeavyResult> => {
          ran.push(release);
          return { kind: 'file', path: '/nowhere', mediaType: 'text/plain', fileName: 'x' };
        },
        present: async () => true,
        localize: async (made) => made,
      });
    const newer = await join('r2', 0);
    const older = await join('r1', 1);
    try {
      const asked = await newer.submit(QUALITY, `release-${schema}`, undefined, '/quality');
      // Time for the older release's idle worker to take it, were it allowed to.
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual(ran, [], "the older release did not make the newer one's result");
      assert.equal((await newer.find(asked.id))?.state, 'queued');
      const worker = await join('r2', 1);
      try {
        await eventually(30_000, async () =>
          (await newer.find(asked.id))?.state === 'done' ? true : undefined,
        );
        assert.deepEqual(ran, ['r2'], 'a worker of the same release made it');
      } finally {
        await worker.stop();
      }
    } finally {
      await older.stop();
      await newer.stop();
    }
  });
});
