import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { recordState, saveDraft } from '../../src/services/contributions.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { getInitiativeView } from '../../src/services/initiatives.ts';
import { moveVersion, publishAll, reviewQueue } from '../../src/services/reviews.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const APPENDIX = new URL('../fixtures/import/pdf-appendix.tsv', import.meta.url).pathname;

for (const dialect of DIALECTS) {
  describe(`an import as drafts on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let curator: Actor;
    before(async () => {
      // A new atlas: migrated, no reference dataset.
      t = await dialect.open();
      const a = await createAccount(
        t.db,
        { email: 'curator@example.org', password: 'correct horse battery staple', role: 'curator' },
        'cli',
      );
      curator = { kind: 'account', id: a.id, role: 'curator', regions: [] };
    });
    after(() => t.dispose());

    test('the D3.1 appendix (no structural type, no country column) imports as drafts that need classification', async () => {
      const dry = await importInitiatives(t.db, APPENDIX, { continuations: 'merge' });
      assert.ok(dry.actions.blocked > 0, 'published directly, rows without a type are blocked');

      const summary = await importInitiatives(t.db, APPENDIX, {
        apply: true,
        continuations: 'merge',
        acceptSuggestions: true,
        drafts: { actor: curator },
      });
      assert.equal(summary.applied, true, summary.refused);
      assert.equal(summary.actions.blocked, 0);
      const queue = await reviewQueue(t.db, curator, { states: ['draft'] });
      assert.equal(queue.length, summary.actions.create);
      for (const item of queue) {
        assert.ok(
          item.version.needs.includes('type'),
          `${item.version.key}: ${item.version.needs}`,
        );
      }
      await assert.rejects(getInitiativeView(t.db, queue[0]?.version.key ?? ''), (e) =>
        isAppError(e, 'not_found'),
      );

      // Nothing incomplete is published; completing one lets it through.
      const all = await publishAll(t.db, curator, { states: ['draft'] });
      assert.equal(all.published, 0);
      assert.equal(all.refused.length, queue.length);
      const first = queue[0]?.version;
      assert.ok(first);
      const done = await saveDraft(
        t.db,
        curator,
        'initiative',
        first.key,
        { type: 'ongoing_project', homeCountry: first.content.homeCountry ?? 'SE' },
        { patch: true },
      );
      assert.deepEqual(done.needs, []);
      await moveVersion(t.db, curator, 'initiative', first.key, 'publish');
      assert.equal((await getInitiativeView(t.db, first.key)).initiative.type, 'ongoing_project');
      const state = await recordState(t.db, curator, 'initiative', first.key);
      assert.equal(state.published?.state, 'published');
    });
  });
}
