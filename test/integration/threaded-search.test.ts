import assert from 'node:assert/strict';
import type { SearchResult } from '../../src/domain/search.ts';
import { runSearch, runSearchesInThreads, search } from '../../src/services/search.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const QUERIES = [
  { q: 'genomic' },
  { q: 'cancer', country: 'ES' },
  { domain: 'research_innovation', sort: 'name', page: '2', pageSize: '5' },
  { q: 'data health', scope: 'regional' },
];

for (const dialect of DIALECTS) {
  describe(`searches in worker threads on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
    });
    after(async () => {
      await t?.dispose();
    });

    test('a search answered by a thread equals the same search run here, and the threads stop cleanly', async () => {
      const here: SearchResult[] = [];
      for (const raw of QUERIES) here.push(await search(t.db, raw));
      const threads = runSearchesInThreads(t.db, t.url, () => {}, 2);
      assert.equal(threads.workers, 2);
      try {
        for (const [i, raw] of QUERIES.entries()) {
          // Distinct page sizes keep the result cache out of it: runSearch is never cached.
          const inThread = await runSearch(t.db, here[i]?.query ?? assert.fail());
          assert.deepEqual(inThread, here[i], JSON.stringify(raw));
        }
        // Several at once take turns on the two threads and all arrive.
        const many = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            runSearch(t.db, { ...(here[0]?.query ?? assert.fail()), page: i + 1 }),
          ),
        );
        assert.equal(many.length, 6);
        assert.ok(many.every((r) => r.total === here[0]?.total));
      } finally {
        await threads.close();
      }
    });

    test('with no threads for an in-memory database, searches run here', async () => {
      const threads = runSearchesInThreads(t.db, 'sqlite::memory:', () => {}, 2);
      assert.equal(threads.workers, 0);
      const r = await runSearch(t.db, {
        text: 'genomic',
        filters: {},
        sort: 'relevance',
        page: 1,
        pageSize: 5,
      });
      assert.ok(r.total >= 0);
      await threads.close();
    });
  });
}
