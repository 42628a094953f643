import assert from 'node:assert/strict';
import { createApp } from '../../src/http/app.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** Distinct queries, so that none is answered from the result cache. */
const QUERIES = ['genomic', 'cancer', 'data', 'rare', 'health', 'network', 'precision', 'biobank'];

for (const dialect of DIALECTS) {
  describe(`admission control on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
    });
    after(async () => {
      await t?.dispose();
    });

    test('beyond the queue a request is a 503 "busy" with Retry-After, on the API and the pages; the rest are served', async () => {
      const app = createApp(t.db, { admission: { concurrency: 1, queue: 0, maxWaitMs: 5000 } });
      const answers = await Promise.all(
        QUERIES.map((q, i) =>
          app.request(`http://localhost/${i % 2 ? 'initiatives' : 'api/v1/initiatives'}?q=${q}`),
        ),
      );
      const statuses = answers.map((r) => r.status);
      assert.deepEqual([...new Set(statuses)].sort(), [200, 503], `${statuses}`);
      for (const [i, r] of answers.entries()) {
        if (r.status !== 503) continue;
        assert.ok(Number(r.headers.get('retry-after')) >= 1, 'Retry-After');
        const body = await r.text();
        if (i % 2) assert.match(body, /busy with other requests/);
        else assert.equal(JSON.parse(body).code, 'busy');
      }
      // Nothing leaked: with room to wait, the same requests are all answered.
      const roomy = createApp(t.db, {
        admission: { concurrency: 1, queue: 64, maxWaitMs: 30_000 },
      });
      const again = await Promise.all(
        QUERIES.map((q) => roomy.request(`http://localhost/api/v1/initiatives?q=${q}&page=1`)),
      );
      assert.deepEqual(
        again.map((r) => r.status),
        QUERIES.map(() => 200),
      );
    });

    test('/health and the assets do not wait behind a full gate', async () => {
      const app = createApp(t.db, { admission: { concurrency: 1, queue: 0, maxWaitMs: 5000 } });
      const crowd = QUERIES.map((q) => app.request(`http://localhost/api/v1/initiatives?q=${q}x`));
      const exempt = await Promise.all([
        app.request('http://localhost/health'),
        app.request('http://localhost/assets/style.css'),
      ]);
      assert.deepEqual(
        exempt.map((r) => r.status),
        [200, 200],
      );
      const statuses = (await Promise.all(crowd)).map((r) => r.status);
      assert.ok(statuses.includes(503), `the crowd filled the gate: ${statuses}`);
    });
  });
}
