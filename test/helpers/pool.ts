import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Initiative } from '../../src/domain/schemas.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { HeavyWork } from '../../src/services/heavy-work.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { seedData } from '../../src/services/seed.ts';
import type { TestDb } from './databases.ts';

/** A seeded test database with a heavy-work pool of one worker thread on it. */
export interface TestPool {
  readonly t: TestDb;
  readonly heavy: HeavyWork;
  /** A temporary folder for the cache and any other files of the test. */
  readonly dir: string;
  dispose(): Promise<void>;
}

/** Opens a database, seeds it from `referenceDir` and starts a pool of one worker on it. */
export async function seededPool(
  open: () => Promise<TestDb>,
  referenceDir: string,
  queue: number,
): Promise<TestPool> {
  const t = await open();
  await seedData(t.db, await readReferenceData(referenceDir));
  const dir = mkdtempSync(join(tmpdir(), 'atlas-heavy-'));
  const heavy = new HeavyWork({
    db: t.db,
    databaseUrl: t.url,
    workers: 1,
    queue,
    cacheDir: join(dir, 'cache'),
  });
  return {
    t,
    heavy,
    dir,
    async dispose() {
      await heavy.close();
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let edits = 0;

/** Changes the summary of the first initiative of `referenceDir`, as a curator's edit would. */
export async function editFirstInitiative(t: TestDb, referenceDir: string): Promise<void> {
  const one = (await readReferenceData(referenceDir)).initiatives[0] as Initiative;
  edits++;
  await t.db.kysely
    .transaction()
    .execute((trx) =>
      saveInitiative(
        trx,
        Initiative.parse({ ...one, summary: `${one.summary ?? ''} (edit ${edits})` }),
        'test',
        new Date(Date.now() + edits * 60_000).toISOString(),
      ),
    );
}
