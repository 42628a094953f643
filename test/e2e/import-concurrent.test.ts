import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox, startAtlas } from '../helpers/cli.ts';
import { freshPostgres, postgresSkipReason, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * Two `atlas import --apply` processes at once, on both databases: the second waits its turn
 * with a message and then finds the first one's records; one told not to wait is refused with a
 * message saying what to do. Neither ever shows the driver's "database is locked".
 */

const ROWS = 6000;
const csv = [
  'Name,Country,Scope,Status,Domain,Type',
  ...Array.from(
    { length: ROWS },
    (_, i) =>
      `Concurrent ${i.toString(36)} ${(i * 7919).toString(36)},SE,national,ongoing,ecosystem,partnership`,
  ),
].join('\n');

/** The sandbox's environment, pointed at another database when one is given. */
function sandbox(prefix: string, databaseUrl?: string) {
  const { dir, env } = cliSandbox(prefix);
  const file = join(dir, 'many.csv');
  writeFileSync(file, csv);
  const runEnv = databaseUrl ? { ...env, DATABASE_URL: databaseUrl } : env;
  return { dir, env: runEnv, file };
}

const IMPORT = ['--apply', '--summary', '--duplicates', 'keep'];

/**
 * Runs the scenario: A imports; as soon as it plans its first row (so holds the lock), C
 * (--wait 0) and B start: C is refused, B waits and then finds A's records.
 */
async function scenario(env: NodeJS.ProcessEnv, dir: string, file: string): Promise<void> {
  const a = startAtlas(env, dir, 'import', file, '--apply', '--duplicates', 'keep');
  // Row lines are printed as rows are planned, so under the lock.
  await a.waitForOut(/^row \d+ +create /m);
  const c = startAtlas(env, dir, 'import', file, ...IMPORT, '--wait', '0');
  const b = startAtlas(env, dir, 'import', file, ...IMPORT);
  const refused = await c.done;
  assert.equal(a.exited(), false, 'the first import was still running when the third was refused');
  assert.equal(refused.code, 1, refused.err);
  assert.match(
    refused.err,
    /another import is writing to this database; nothing was written: run this import again when that one has finished, or let it wait with --wait SECONDS/,
  );
  const [first, second] = await Promise.all([a.done, b.done]);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /Applied: all rows were written in one transaction\./);
  assert.equal(second.code, 0, second.err);
  assert.match(second.err, /atlas import: another import is running; waiting for it to finish…/);
  // B planned after A committed: the file's records are there, so nothing is written again.
  assert.match(second.out, new RegExp(`${ROWS} rows read, making ${ROWS} records: 0 to create`));
  assert.match(second.out, /Applied: nothing needed writing\./);
  for (const r of [first, second, refused]) assert.doesNotMatch(r.err, /database is locked/i);
}

describe('concurrent imports (sqlite)', () => {
  const { dir, env, file } = sandbox('atlas-import-concurrent-');
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a second import waits its turn; one told not to wait is refused clearly', async () => {
    const seed = await startAtlas(env, dir, 'db', 'seed').done;
    assert.equal(seed.code, 0, seed.err);
    await scenario(env, dir, file);
  });
});

describe('concurrent imports (postgres)', { skip: postgresSkipReason }, () => {
  let t: TestDb;
  let run: ReturnType<typeof sandbox>;
  before(async () => {
    t = await freshPostgres();
    run = sandbox('atlas-import-concurrent-pg-', t.url);
  });
  after(async () => {
    if (run) rmSync(run.dir, { recursive: true, force: true });
    await t?.dispose();
  });

  test('a second import waits its turn; one told not to wait is refused clearly', async () => {
    const seed = await startAtlas(run.env, run.dir, 'db', 'seed').done;
    assert.equal(seed.code, 0, seed.err);
    await scenario(run.env, run.dir, run.file);
  });
});
