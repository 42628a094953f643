import assert from 'node:assert/strict';
import { createApp } from '../../src/http/app.ts';
import { seedReference } from '../../src/services/seed.ts';
import type { DIALECTS, TestDb } from './databases.ts';
import { REFERENCE_DIR } from './fixtures.ts';
import { after, before } from './suite.ts';

/**
 * The application on a fresh database of one dialect with the reference data, made before and
 * disposed of after the enclosing suite (nothing runs in a skipped one): its database, requests
 * in process, and a JSON getter that fails on any status but 200.
 */
export function referenceApp(dialect: (typeof DIALECTS)[number]) {
  let t: TestDb | undefined;
  let app: ReturnType<typeof createApp> | undefined;
  before(async () => {
    t = await dialect.open();
    await seedReference(t.db, REFERENCE_DIR);
    // Heavy work (report files, exports) answered in the request, as the tests read the files.
    app = createApp(t.db, { heavyWaitMs: 120_000 });
  });
  after(async () => {
    await t?.dispose();
  });
  const request = (path: string, init?: RequestInit) => {
    if (!app) throw new Error('the application starts in before()');
    return Promise.resolve(app.request(`http://localhost${path}`, init));
  };
  return {
    get db() {
      if (!t) throw new Error('the database opens in before()');
      return t.db;
    },
    request,
    async json(path: string) {
      const res = await request(path);
      assert.equal(res.status, 200, path);
      return res.json();
    },
  };
}
