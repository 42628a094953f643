import assert from 'node:assert/strict';
import {
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isAppError } from '../../src/domain/errors.ts';
import { countInitiatives } from '../../src/repositories/initiatives.ts';
import { deleteJobResult, hasJobFile } from '../../src/repositories/job-results.ts';
import type { HeavyJob, HeavyResult } from '../../src/services/heavy-jobs.ts';
import {
  dataQualityJob,
  readFindings,
  searchExportJob,
  settleWithin,
} from '../../src/services/heavy-requests.ts';
import { HeavyWork } from '../../src/services/heavy-work.ts';
import { checkDataQuality } from '../../src/services/quality.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { editFirstInitiative, seededPool, type TestPool } from '../helpers/pool.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const fileOf = (r: HeavyResult) => {
  assert.equal(r.kind, 'file');
  return r.kind === 'file' ? r : assert.fail('not a file');
};

for (const dialect of DIALECTS) {
  describe(`heavy work on ${dialect.name}`, { skip: dialect.skip }, () => {
    let pool: TestPool;
    let t: TestDb;
    let dir: string;
    let heavy: HeavyWork;

    before(async () => {
      pool = await seededPool(dialect.open, REFERENCE_DIR, 1);
      ({ t, heavy, dir } = pool);
    });
    after(async () => {
      await pool?.dispose();
    });

    test('an export is made in a worker thread, shared by equal requests however written, and served from its file while the data is unchanged', async () => {
      const [a, b] = await Promise.all([
        searchExportJob(heavy, { sort: 'name' }, 'csv', '/initiatives.csv?sort=name'),
        searchExportJob(heavy, { sort: ['name'], page: '3' }, 'csv', '/initiatives.csv'),
      ]);
      assert.equal(a.id, b.id, 'one job for both requests');
      const made = fileOf(await a.result);
      assert.equal(a.state, 'done');
      const rows = parseCsv(readFileSyncUtf8(made.path), { bom: true }) as string[][];
      assert.equal(rows.length - 1, await countInitiatives(t.db.kysely));
      assert.match(made.fileName, /^permed-atlas-initiatives-\d{4}-\d{2}-\d{2}\.csv$/);
      assert.match(made.mediaType, /^text\/csv/);
      const before = statSync(made.path).mtimeMs;

      const again = await searchExportJob(heavy, { sort: 'name' }, 'csv', '/initiatives.csv');
      assert.equal(again.state, 'done', 'a cache hit is finished at once');
      assert.equal(await heavy.job(again.id), undefined, 'nor kept for a status link');
      assert.equal(await heavy.job(a.id), a, 'the job that made the file is');
      assert.notEqual(again.id, a.id);
      assert.equal(fileOf(await again.result).path, made.path);
      assert.equal(statSync(made.path).mtimeMs, before, 'the file was not made again');
      assert.deepEqual(heavy.load(), { running: 0, waiting: 0 });
    });

    test('a change to the data makes new work, and the files of the old version are removed', async () => {
      const first = fileOf(await (await dataQualityJob(heavy, '/data-quality')).result);
      assert.deepEqual(await readFindings(first), await checkDataQuality(t.db));
      await editFirstInitiative(t, REFERENCE_DIR);
      const cache = join(dir, 'cache');
      writeFileSync(join(cache, '.abandoned.tmp'), 'half a file');
      utimesSync(join(cache, '.abandoned.tmp'), new Date(0), new Date(0));
      writeFileSync(join(cache, '.being-written.tmp'), 'a file in the making');
      const next = await dataQualityJob(heavy, '/data-quality');
      assert.notEqual(next.state, 'done', 'new data is new work');
      const second = fileOf(await next.result);
      assert.notEqual(second.path, first.path);
      assert.equal(existsSync(first.path), false, 'the old version is pruned');
      assert.equal(existsSync(second.path), true);
      assert.equal(
        existsSync(join(cache, '.abandoned.tmp')),
        false,
        'an abandoned temporary file goes',
      );
      assert.equal(existsSync(join(cache, '.being-written.tmp')), true, 'a recent one stays');
      rmSync(join(cache, '.being-written.tmp'));
    });

    test('a full queue is refused as busy with a retry time, and the accepted work still finishes', async () => {
      const submitted = await Promise.allSettled(
        (['xlsx', 'json', 'geojson'] as const).map((f) =>
          searchExportJob(heavy, { q: 'cancer' }, f, `/initiatives.${f}?q=cancer`),
        ),
      );
      const refused = submitted.filter((s) => s.status === 'rejected');
      assert.equal(refused.length, 1, 'one running, one waiting, the third refused');
      const reason = (refused[0] as PromiseRejectedResult).reason;
      assert.ok(isAppError(reason, 'busy'));
      assert.equal(typeof reason.details.retryAfterSeconds, 'number');
      assert.match(reason.message, /try again/);
      for (const s of submitted) {
        if (s.status === 'fulfilled') assert.equal((await s.value.result).kind, 'file');
      }
      assert.deepEqual(heavy.load(), { running: 0, waiting: 0 });
    });

    test('a failing job reports its error, an application error keeps its code, and the pool goes on working', async () => {
      const bad = await heavy.submit(
        { kind: 'search-export', format: 'csv', params: { sort: ['sideways'] } },
        'bad-sort',
        '/initiatives.csv?sort=sideways',
      );
      await assert.rejects(bad.result, (e) => isAppError(e, 'invalid_parameter'));
      assert.equal(bad.state, 'failed');
      assert.equal(await heavy.job(bad.id), bad, 'a failed job stays known for its status link');
      const notAFolder = join(dir, 'plain-file');
      writeFileSync(notAFolder, 'not a folder');
      const broken = await heavy.submit(
        { kind: 'bulk-downloads', dir: notAFolder },
        notAFolder,
        '/downloads',
      );
      await assert.rejects(broken.result, /ENOTDIR|EEXIST|not a directory|file already exists/);
      const good = await searchExportJob(heavy, {}, 'json', '/initiatives.json');
      const made = fileOf(await good.result);
      assert.equal(
        JSON.parse(readFileSyncUtf8(made.path)).length,
        await countInitiatives(t.db.kysely),
      );
    });

    test('a worker thread that stops fails its job, and the next job gets a new thread', async () => {
      const downloads = join(dir, 'downloads');
      const doomed = await heavy.submit(
        { kind: 'bulk-downloads', dir: downloads },
        downloads,
        '/downloads',
      );
      // One turn of the event loop: the job is posted to its thread, and far from finished.
      await new Promise((r) => setImmediate(r));
      assert.equal(doomed.state, 'running');
      await heavy.close();
      await assert.rejects(doomed.result, /heavy-work thread stopped/);
      assert.equal(doomed.state, 'failed');
      const next = await searchExportJob(heavy, { q: 'health' }, 'csv', '/initiatives.csv');
      assert.equal((await next.result).kind, 'file');
    });

    test('a request waits a moment for the result, then goes on without it', async () => {
      const ticket = await searchExportJob(heavy, { q: 'genomics' }, 'xlsx', '/initiatives.xlsx');
      const early = await settleWithin(ticket, 0);
      assert.equal(early, undefined, 'not ready in no time');
      assert.equal(await heavy.job(ticket.id), ticket);
      const made = await settleWithin(ticket, 60_000);
      assert.equal(made?.kind, 'file');
      assert.deepEqual(
        readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.tmp')),
        [],
        'no temporary file is left',
      );
    });

    test("a job of an older data version that ends late leaves the newer version's files", async () => {
      // Two report jobs whose runner the test holds: the first starts before a change to the
      // data and ends after a job of the new data has made its file.
      const late = new HeavyWork({
        db: t.db,
        databaseUrl: t.url,
        workers: 2,
        queue: 4,
        cacheDir: join(dir, 'late'),
      });
      const gates = new Map<string, () => void>();
      late.handle('report', async (job, target) => {
        if (target === undefined || job.kind !== 'report') throw new Error('a report has a file');
        await new Promise<void>((go) => gates.set(job.format, go));
        writeFileSync(target, job.format);
        return { kind: 'file', path: target, mediaType: 'text/plain', fileName: 'r.txt' };
      });
      const report = (format: 'pdf' | 'html') =>
        ({ kind: 'report', format, origin: 'http://x', options: {} }) as unknown as HeavyJob;
      const old = await late.submit(report('pdf'), 'old', '/r');
      await editFirstInitiative(t, REFERENCE_DIR);
      const current = await late.submit(report('html'), 'new', '/r');
      while (gates.size < 2) await new Promise((r) => setTimeout(r, 10));
      gates.get('html')?.();
      const made = fileOf(await current.result);
      gates.get('pdf')?.();
      await old.result;
      assert.equal(existsSync(made.path), true, "the old job did not prune the new version's file");
      await late.close();
    });

    test('a file made by another release of the code is made again, though the data is the same', async () => {
      const cacheDir = join(dir, 'releases');
      const pool = (release: string) =>
        new HeavyWork({ db: t.db, workers: 0, queue: 1, cacheDir, release });
      const [one, same, next] = [pool('r1'), pool('r1'), pool('r2')];
      const first = fileOf(await (await dataQualityJob(one, '/data-quality')).result);
      const again = await dataQualityJob(same, '/data-quality');
      assert.equal(again.state, 'done', 'the same release finds the file');
      assert.equal(fileOf(await again.result).path, first.path);
      const other = await dataQualityJob(next, '/data-quality');
      assert.notEqual(other.state, 'done', 'another release makes it again');
      const made = fileOf(await other.result);
      assert.notEqual(made.path, first.path);
      for (const p of [one, same, next]) await p.close();
    });

    test('without worker threads the same work runs in the calling thread with the same result', async () => {
      const inline = new HeavyWork({
        db: t.db,
        workers: 0,
        queue: 1,
        cacheDir: join(dir, 'inline'),
      });
      const made = fileOf(await (await dataQualityJob(inline, '/data-quality')).result);
      assert.deepEqual(await readFindings(made), await checkDataQuality(t.db));
      await inline.close();
    });
  });
}

function readFileSyncUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

const postgres = DIALECTS.find((d) => d.name === 'postgres');
describe('heavy work shared by instances on postgres', { skip: postgres?.skip }, () => {
  let pool: TestPool;
  const schema = `jobs_${Date.now().toString(36)}`;
  before(async () => {
    pool = await seededPool(postgres?.open ?? (() => assert.fail('no dialect')), REFERENCE_DIR, 2);
  });
  after(async () => {
    const { sql } = await import('kysely');
    if (pool) await sql`drop schema if exists ${sql.raw(schema)} cascade`.execute(pool.t.db.kysely);
    await pool?.dispose();
  });

  test('a done job whose file is gone from the database is made again, not answered with an error', async () => {
    const { t, heavy, dir } = pool;
    await heavy.shareQueue({ databaseUrl: t.url, schema, worker: true });
    // A second instance that works on no jobs and has a cache folder of its own.
    const other = new HeavyWork({ db: t.db, workers: 0, queue: 2, cacheDir: join(dir, 'other') });
    await other.shareQueue({ databaseUrl: t.url, schema, worker: false });
    try {
      const first = fileOf(await (await dataQualityJob(heavy, '/data-quality')).result);
      // The file leaves the database (pruned beyond the bound, say) while the queue keeps the job.
      await deleteJobResult(t.db.kysely, basename(first.path));
      const again = await dataQualityJob(other, '/data-quality');
      const made = fileOf(await again.result);
      assert.deepEqual(await readFindings(made), await checkDataQuality(t.db));
      assert.equal(await hasJobFile(t.db.kysely, basename(made.path)), true, 'stored again');
    } finally {
      await other.close();
    }
  });
});
