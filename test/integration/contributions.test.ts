import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { listGoodPractices } from '../../src/repositories/good-practices.ts';
import { auditLog, CLI_ACTOR, createAccount } from '../../src/services/accounts.ts';
import { createDraft, recordState, saveDraft } from '../../src/services/contributions.ts';
import { getInitiativeView } from '../../src/services/initiatives.ts';
import { deleteOwnAccount } from '../../src/services/own-data.ts';
import {
  commentOn,
  moveVersion,
  publishAll,
  recordHistory,
  restoreVersion,
  reviewQueue,
} from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const PASSWORD = 'correct horse battery staple';
const VISITOR: Actor = { kind: 'visitor' };

const catalan = catalanInitiative;

/** Asserts that `work` fails with an AppError of `code` whose message matches `message`. */
async function fails(work: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(isAppError(e), `an AppError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

for (const dialect of DIALECTS) {
  describe(`contributions on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let coordinator: Actor;
    let otherCoordinator: Actor;
    let curator: Actor;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      const make = async (email: string, role: 'coordinator' | 'curator', regions: string[]) => {
        const a = await createAccount(t.db, { email, password: PASSWORD, role, regions }, 'cli');
        return { kind: 'account', id: a.id, role, regions } as Actor;
      };
      coordinator = await make('coord@example.org', 'coordinator', ['ES51']);
      otherCoordinator = await make('sweden@example.org', 'coordinator', ['SE232']);
      curator = await make('curator@example.org', 'curator', []);
    });
    after(() => t.dispose());

    test('a draft goes draft → submitted → changes requested → submitted → published, public only at the end', async () => {
      const draft = await createDraft(t.db, coordinator, 'initiative', catalan('reg-a'), {
        reason: 'new in 2026',
      });
      assert.equal(draft.state, 'draft');
      assert.equal(draft.number, 1);
      assert.match(draft.author, /^contributor-\d+$/);
      await fails(getInitiativeView(t.db, 'reg-a'), 'not_found');
      await fails(recordState(t.db, VISITOR, 'initiative', 'reg-a'), 'unauthenticated');

      await moveVersion(t.db, coordinator, 'initiative', 'reg-a', 'submit');
      await fails(
        moveVersion(t.db, coordinator, 'initiative', 'reg-a', 'publish'),
        'forbidden',
        /curators/,
      );
      await commentOn(t.db, curator, 'initiative', 'reg-a', [
        { field: 'name', body: 'Use the official name' },
      ]);
      const back = await moveVersion(t.db, curator, 'initiative', 'reg-a', 'request-changes', {
        note: 'see the comment on the name',
      });
      assert.equal(back.state, 'changes_requested');
      const fixed = await saveDraft(
        t.db,
        coordinator,
        'initiative',
        'reg-a',
        catalan('reg-a', { name: 'Official Catalan registry' }),
        { expected: back.tag },
      );
      await moveVersion(t.db, coordinator, 'initiative', 'reg-a', 'submit', {
        expected: fixed.tag,
      });
      const published = await moveVersion(t.db, curator, 'initiative', 'reg-a', 'publish');
      assert.equal(published.state, 'published');
      const live = await getInitiativeView(t.db, 'reg-a');
      assert.equal(live.initiative.name, 'Official Catalan registry');

      const history = await recordHistory(t.db, coordinator, 'initiative', 'reg-a');
      assert.equal(history.total, 1);
      assert.deepEqual(
        history.comments.map((c) => [c.field, c.body]),
        [
          ['name', 'Use the official name'],
          [null, 'see the comment on the name'],
        ],
      );
      const publicHistory = await recordHistory(t.db, VISITOR, 'initiative', 'reg-a');
      assert.equal(publicHistory.comments.length, 0, 'comments are not public');
      const log = (await auditLog(t.db, CLI_ACTOR, { limit: 100 }))
        .filter((e) => e.subject === 'initiative:reg-a')
        .map((e) => e.action)
        .reverse();
      assert.deepEqual(log, [
        'record.create',
        'record.submit',
        'record.request-changes',
        'record.save',
        'record.submit',
        'record.publish',
      ]);
    });

    test('a change to a published record is a draft beside it: the public keeps the published version', async () => {
      const before = (await getInitiativeView(t.db, 'atmp-catalonia')).initiative;
      const draft = await saveDraft(t.db, coordinator, 'initiative', 'atmp-catalonia', {
        ...(await recordState(t.db, coordinator, 'initiative', 'atmp-catalonia')).published
          ?.content,
        name: 'Renamed in a draft',
      });
      assert.equal(draft.number, 2, 'version 1 is what was public before');
      assert.equal(draft.baseNumber, 1);
      assert.equal((await getInitiativeView(t.db, 'atmp-catalonia')).initiative.name, before.name);
      const { items: queue } = await reviewQueue(t.db, curator, { states: ['draft'] });
      const item = queue.find((i) => i.version.key === 'atmp-catalonia');
      assert.deepEqual(item?.changed, ['name']);
      await moveVersion(t.db, curator, 'initiative', 'atmp-catalonia', 'publish');
      assert.equal(
        (await getInitiativeView(t.db, 'atmp-catalonia')).initiative.name,
        'Renamed in a draft',
      );
      const history = await recordHistory(t.db, VISITOR, 'initiative', 'atmp-catalonia');
      assert.deepEqual(
        history.entries.map((e) => [e.version.number, e.version.state]),
        [
          [2, 'published'],
          [1, 'superseded'],
        ],
      );
      assert.deepEqual(history.entries[0]?.changes, [
        { field: 'name', before: before.name, after: 'Renamed in a draft' },
      ]);
    });

    test('two editors saving the same draft: the second gets a conflict and nothing is lost', async () => {
      const first = await createDraft(t.db, coordinator, 'initiative', catalan('reg-b'));
      await saveDraft(t.db, coordinator, 'initiative', 'reg-b', catalan('reg-b', { name: 'A' }), {
        expected: first.tag,
      });
      await fails(
        saveDraft(t.db, curator, 'initiative', 'reg-b', catalan('reg-b', { name: 'B' }), {
          expected: first.tag,
        }),
        'conflict',
        /saved by someone else/,
      );
      const state = await recordState(t.db, curator, 'initiative', 'reg-b');
      assert.equal(state.open?.content.name, 'A');
    });

    test('coordinators draft only for their own regions; a visitor cannot draft at all', async () => {
      await fails(
        createDraft(t.db, otherCoordinator, 'initiative', catalan('reg-c')),
        'forbidden',
        /own region/,
      );
      await fails(createDraft(t.db, VISITOR, 'initiative', catalan('reg-c')), 'unauthenticated');
      await fails(
        saveDraft(t.db, coordinator, 'initiative', 'dktk', { name: 'x' }, { patch: true }),
        'forbidden',
      );
      // Moving a record out of one's own regions is refused as well.
      await createDraft(t.db, coordinator, 'initiative', catalan('reg-d'));
      await fails(
        saveDraft(
          t.db,
          coordinator,
          'initiative',
          'reg-d',
          { homeCountry: 'SE', submittingRegion: 'SE232' },
          { patch: true },
        ),
        'forbidden',
      );
      const { items: queue } = await reviewQueue(t.db, otherCoordinator);
      assert.ok(queue.every((i) => i.version.regions.includes('SE232')));
    });

    test('invalid content is refused field by field and nothing is stored', async () => {
      await assert.rejects(
        createDraft(t.db, coordinator, 'initiative', {
          ...catalan('reg-e'),
          website: 'javascript:alert(1)',
          sources: [{ source: 'no-such-source' }],
        }),
        (e: unknown) => {
          assert.ok(isAppError(e, 'invalid_data'));
          const fields = (e.details.errors as { field: string }[]).map((p) => p.field);
          assert.deepEqual(fields, ['website']);
          return true;
        },
      );
      await fails(
        createDraft(t.db, coordinator, 'initiative', {
          ...catalan('reg-e'),
          sources: [{ source: 'no-such-source' }],
        }),
        'invalid_data',
        /sources: the atlas has no source no-such-source/,
      );
      await fails(recordState(t.db, curator, 'initiative', 'reg-e'), 'not_found');
      await fails(
        createDraft(t.db, coordinator, 'initiative', catalan('atmp-catalonia')),
        'conflict',
        /exists already/,
      );
    });

    test('a record lacking classification is a draft that cannot be published until completed', async () => {
      const { type: _t, domain: _d, ...rest } = catalan('reg-f');
      const draft = await createDraft(t.db, curator, 'initiative', rest);
      assert.deepEqual(draft.needs, ['type', 'domain']);
      await fails(
        moveVersion(t.db, curator, 'initiative', 'reg-f', 'publish'),
        'invalid_data',
        /needs classification \(type, domain\)/,
      );
      const done = await saveDraft(
        t.db,
        curator,
        'initiative',
        'reg-f',
        {
          type: 'ongoing_project',
          domain: 'research_innovation',
        },
        { patch: true },
      );
      assert.deepEqual(done.needs, []);
      await moveVersion(t.db, curator, 'initiative', 'reg-f', 'publish');
      assert.equal((await getInitiativeView(t.db, 'reg-f')).initiative.type, 'ongoing_project');
    });

    test('restore makes an old version the new draft; withdraw ends a proposal', async () => {
      await createDraft(t.db, curator, 'good_practice', {
        slug: 'gp-one',
        name: 'Shared consent form',
        country: 'ES',
        region: 'ES51',
        summary: 'One consent form for every hospital of the region.',
        barriers: ['B02'],
        sources: [{ source: 'preciseu-d3-1' }],
      });
      await moveVersion(t.db, curator, 'good_practice', 'gp-one', 'publish');
      await saveDraft(
        t.db,
        coordinator,
        'good_practice',
        'gp-one',
        { impact: 'high' },
        {
          patch: true,
        },
      );
      await moveVersion(t.db, curator, 'good_practice', 'gp-one', 'publish');
      assert.equal((await listGoodPractices(t.db.kysely, 'gp-one'))[0]?.impact, 'high');

      const restored = await restoreVersion(t.db, coordinator, 'good_practice', 'gp-one', 1);
      assert.equal(restored.number, 3);
      assert.equal(restored.content.impact, undefined);
      assert.equal(restored.reason, 'restored version 1');
      const withdrawn = await moveVersion(t.db, coordinator, 'good_practice', 'gp-one', 'withdraw');
      assert.equal(withdrawn.state, 'withdrawn');
      await fails(
        moveVersion(t.db, curator, 'good_practice', 'gp-one', 'publish'),
        'conflict',
        /no draft or submitted change/,
      );
      assert.equal((await listGoodPractices(t.db.kysely, 'gp-one'))[0]?.impact, 'high');
      const history = await recordHistory(t.db, curator, 'good_practice', 'gp-one');
      assert.deepEqual(
        history.entries.map((e) => e.version.state),
        ['withdrawn', 'published', 'superseded'],
      );
    });

    test('publish all: every complete draft of the filter is published, the incomplete stay with a reason', async () => {
      for (const n of [1, 2, 3])
        await createDraft(t.db, coordinator, 'evidence', {
          key: `bulk-${n}`,
          statement: `Statement ${n} about data access.`,
          barriers: n === 3 ? [] : ['B01'],
          region: 'ES51',
          sources: [{ source: 'preciseu-d3-1' }],
        });
      await fails(publishAll(t.db, coordinator, { entity: 'evidence' }), 'forbidden');
      const outcome = await publishAll(t.db, curator, { entity: 'evidence', states: ['draft'] });
      const bulk = outcome.refused.filter((r) => r.key.startsWith('bulk-'));
      assert.deepEqual(
        bulk.map((r) => r.key),
        ['bulk-3'],
      );
      assert.match(bulk[0]?.reason ?? '', /needs classification \(barriers\)/);
      const { items: left } = await reviewQueue(t.db, curator, {
        entity: 'evidence',
        states: ['draft'],
      });
      assert.ok(left.some((i) => i.version.key === 'bulk-3'));
      assert.ok(!left.some((i) => i.version.key === 'bulk-1'));
    });

    test('a curator withdraws a published record: it leaves every public read; restoring a version brings it back', async () => {
      await createDraft(t.db, coordinator, 'initiative', catalan('reg-w'));
      await moveVersion(t.db, curator, 'initiative', 'reg-w', 'publish');
      assert.equal(
        (await getInitiativeView(t.db, 'reg-w')).initiative.name,
        'Catalan registry reg-w',
      );
      await fails(moveVersion(t.db, coordinator, 'initiative', 'reg-w', 'withdraw'), 'forbidden');
      const gone = await moveVersion(t.db, curator, 'initiative', 'reg-w', 'withdraw', {
        note: 'a duplicate of another record',
      });
      assert.equal(gone.state, 'withdrawn');
      await fails(getInitiativeView(t.db, 'reg-w'), 'not_found');
      await fails(recordHistory(t.db, VISITOR, 'initiative', 'reg-w'), 'not_found');
      const staff = await recordHistory(t.db, curator, 'initiative', 'reg-w');
      assert.deepEqual(
        staff.entries.map((e) => e.version.state),
        ['withdrawn'],
      );
      // A reference record (no versions yet) can be withdrawn too.
      await moveVersion(
        t.db,
        curator,
        'initiative',
        'complementary-plan-la2-databases',
        'withdraw',
      );
      await fails(getInitiativeView(t.db, 'complementary-plan-la2-databases'), 'not_found');

      const back = await restoreVersion(t.db, curator, 'initiative', 'reg-w', 1);
      assert.equal(back.number, 2);
      await moveVersion(t.db, curator, 'initiative', 'reg-w', 'publish');
      assert.equal(
        (await getInitiativeView(t.db, 'reg-w')).initiative.name,
        'Catalan registry reg-w',
      );
    });

    test('a deleted account leaves its versions under its pseudonym', async () => {
      const a = await createAccount(
        t.db,
        { email: 'leaver@example.org', password: PASSWORD, role: 'coordinator', regions: ['ES51'] },
        'cli',
      );
      const leaver: Actor = { kind: 'account', id: a.id, role: 'coordinator', regions: ['ES51'] };
      await createDraft(t.db, leaver, 'evidence', {
        key: 'ev-leaver',
        statement: 'Hospitals cannot share imaging data across the region.',
        barriers: ['B01'],
        region: 'ES51',
        sources: [{ source: 'preciseu-d3-1' }],
      });
      await deleteOwnAccount(t.db, leaver, PASSWORD);
      const state = await recordState(t.db, CLI_ACTOR, 'evidence', 'ev-leaver');
      assert.equal(state.open?.author, a.pseudonym);
      assert.equal(state.open?.authorId, null);
    });
  });
}
