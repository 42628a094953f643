import assert from 'node:assert/strict';
import { appendHistory } from '../../src/repositories/history.ts';
import { oncePerVersion } from '../../src/services/data-version.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

for (const dialect of DIALECTS) {
  describe(`values kept per data version on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
    });
    after(async () => {
      await t?.dispose();
    });

    test('computed once per version, shared by concurrent callers, again after a change; a failure is not kept', async () => {
      let calls = 0;
      const compute = async () => {
        calls++;
        return { n: calls };
      };
      const [a, b] = await Promise.all([
        oncePerVersion(t.db, 'x', compute),
        oncePerVersion(t.db, 'x', compute),
      ]);
      assert.equal(calls, 1);
      assert.equal(a, b);
      assert.equal(await oncePerVersion(t.db, 'x', compute), a);
      await appendHistory(t.db.kysely, {
        entity: 'initiative',
        key: 'k',
        action: 'create',
        actor: 'test',
        at: new Date().toISOString(),
        before: undefined,
        after: { name: 'k' },
      });
      assert.deepEqual(await oncePerVersion(t.db, 'x', compute), { n: 2 });
      await assert.rejects(
        oncePerVersion(t.db, 'y', async () => {
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await oncePerVersion(t.db, 'y', async () => 'ok'), 'ok');
    });
  });
}
