import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { createDraft } from '../../src/services/contributions.ts';
import { getHomeView } from '../../src/services/home.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

for (const dialect of DIALECTS) {
  describe(`the home page's latest changes on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
    });
    after(() => t.dispose());

    const home = async () => (await createApp(t.db).request('http://localhost/')).text();

    test('loading the reference data is not news: the page says when it was loaded, once', async () => {
      const seeded = await t.db.kysely
        .selectFrom('history')
        .select((eb) => eb.fn.max('at').as('at'))
        .where('actor', '=', 'seed')
        .executeTakeFirstOrThrow();
      const view = await getHomeView(t.db);
      assert.deepEqual(view.recent, []);
      assert.equal(view.seededAt, seeded.at);
      const html = await home();
      assert.match(html, /id="recent-none"/);
      assert.ok(html.includes(`datetime="${seeded.at}"`));
    });

    test('a published contribution is the latest change, named and linked', async () => {
      const a = await createAccount(
        t.db,
        {
          email: `home-${dialect.name}@example.org`,
          password: 'correct horse battery staple',
          role: 'curator',
          regions: [],
        },
        'cli',
      );
      const curator: Actor = { kind: 'account', id: a.id, role: 'curator', regions: [] };
      await createDraft(
        t.db,
        curator,
        'initiative',
        catalanInitiative('home-news', { name: 'Regional genomics registry' }),
      );
      await moveVersion(t.db, curator, 'initiative', 'home-news', 'publish');
      const latest = await t.db.kysely
        .selectFrom('history')
        .select(['entity_key', 'at'])
        .where('actor', '!=', 'seed')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const view = await getHomeView(t.db);
      assert.equal(view.recent[0]?.key, latest.entity_key);
      assert.equal(view.recent[0]?.at, latest.at);
      const html = await home();
      assert.doesNotMatch(html, /id="recent-none"/);
      assert.match(html, /<a href="\/initiatives\/home-news">Regional genomics registry<\/a>/);
    });
  });
}
