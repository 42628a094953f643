import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { recordState, saveDraft } from '../../src/services/contributions.ts';
import { importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { getInitiativeView } from '../../src/services/initiatives.ts';
import { moveVersion, publishAll, reviewQueue } from '../../src/services/reviews.ts';
import { withLocale } from '../../src/web/i18n.ts';
import { importPlanCollector } from '../../src/web/import-plan.ts';
import { importPlanPage } from '../../src/web/pages/import.tsx';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { normalisationTables } from '../helpers/html.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const APPENDIX = new URL('../fixtures/import/pdf-appendix.tsv', import.meta.url).pathname;
const HOSTILE = '<img src=x onerror="window.__xss=1">';

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

    test('the web plan page shows the plan the service made: each value normalised, each value flagged, the counts', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-web-plan-'));
      const file = join(dir, 'survey.csv');
      writeFileSync(
        file,
        [
          'Name,Website,Country,Geographical scope,Status,Domain,Type',
          'Registro catalán de biobancos,registro.example.org,España,Regional,Ongoing,R&I,Partnership',
          `${HOSTILE},javascript:alert(1),Spain,Regional,Planned,R&I,Ongoing project`,
          'Wiener Kohorte,https://example.at/kohorte,Österreich,Galactic,Ongoing,R&I,Partnership',
        ].join('\n'),
      );
      const planned: PlanRow[] = [];
      const collector = importPlanCollector();
      const summary = await importInitiatives(t.db, file, {
        drafts: { actor: curator },
        onRow: (r) => {
          planned.push(r);
          collector.onRow(r);
        },
      });
      const html = String(
        await withLocale('en', () =>
          importPlanPage({
            plan: collector.view(summary),
            decisions: {},
            id: `${'0'.repeat(32)}.csv`,
            name: 'survey.csv',
            csrf: 'token',
          }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });

      const changes = planned.flatMap((r) => r.changes);
      const flags = planned.flatMap((r) => r.flags);
      assert.equal(changes.length, summary.changes);
      assert.equal(flags.length, summary.flags);
      assert.ok(summary.flags > 0, 'the file has values the import cannot read');
      assert.match(html, new RegExp(`<strong id="count-changes">${summary.changes}</strong>`));
      assert.match(html, new RegExp(`<strong id="count-flags">${summary.flags}</strong>`));
      assert.ok(html.includes(`>${summary.file.sha256}</code>`));
      // Every value changed, then every value flagged, in the file's order, as the service made them.
      const shown = normalisationTables(html)
        .flat()
        .filter((cells) => cells.length > 0);
      const empty = (v: string) => (v === '' ? '(empty)' : v);
      assert.deepEqual(
        shown.map(([row, , ...rest]) => [row, ...rest]),
        [
          ...changes.map((c) => [String(c.row), empty(c.original), empty(c.normalised), c.rule]),
          ...flags.map((f) => [
            String(f.row),
            empty(f.value),
            f.problem,
            f.severity === 'kept' ? 'kept as written' : 'blocks the row',
          ]),
        ],
      );
      assert.ok(
        shown.some((c) => c[1] === 'Home country' && c[2] === 'España' && c[3] === 'ES'),
        'España is read as ES',
      );
      assert.ok(!html.includes('<img src=x'), 'a value of the file is text, not markup');
    });

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
      const { items: queue } = await reviewQueue(t.db, curator, { states: ['draft'] });
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
