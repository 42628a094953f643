import assert from 'node:assert/strict';
import type { Actor } from '../../src/domain/accounts.ts';
import { contentFromForm, formFromContent } from '../../src/domain/contribution-fields.ts';
import { changedFields } from '../../src/domain/contributions.ts';
import { listInterviewRows, listWorkshops } from '../../src/repositories/engagement.ts';
import { listEvidence } from '../../src/repositories/evidence.ts';
import { listRegionalReports } from '../../src/repositories/regional-reports.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { createDraft, recordState, saveDraft } from '../../src/services/contributions.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const CAMPAIGN = 'preciseu-barrier-mapping-2025';

for (const dialect of DIALECTS) {
  describe(`regional reports and interview figures as contributions on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let coordinator: Actor;
    let curator: Actor;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      const make = async (email: string, role: 'coordinator' | 'curator', regions: string[]) => {
        const a = await createAccount(
          t.db,
          { email, password: 'correct horse battery staple', role, regions },
          'cli',
        );
        return { kind: 'account', id: a.id, role, regions } as Actor;
      };
      coordinator = await make('es51@example.org', 'coordinator', ['ES51']);
      curator = await make('cur@example.org', 'curator', []);
    });
    after(() => t.dispose());

    test('every published report and interview row survives the form unchanged', async () => {
      const keys: ['regional_report' | 'interview_row' | 'workshop', string][] = [
        ...(await listRegionalReports(t.db.kysely)).map(
          (r) => ['regional_report', `${r.region}/${r.campaign}`] as ['regional_report', string],
        ),
        ...(await listInterviewRows(t.db.kysely)).map(
          (r) => ['interview_row', `${r.region}/${r.campaign}`] as ['interview_row', string],
        ),
        ...(await listWorkshops(t.db.kysely)).map(
          (w) => ['workshop', w.key] as ['workshop', string],
        ),
      ];
      assert.ok(keys.length >= 10);
      for (const [entity, key] of keys) {
        const content = (await recordState(t.db, curator, entity, key)).published?.content ?? {};
        const back = contentFromForm(entity, formFromContent(entity, content), content);
        assert.deepEqual(changedFields(content, back), [], `${entity} ${key}`);
      }
    });

    test('every published evidence statement survives the form unchanged, its quotation too', async () => {
      const items = await listEvidence(t.db.kysely);
      const quoted = items.filter((e) => e.quote !== null);
      assert.ok(quoted.length > 0, 'the reference data has quotations');
      for (const e of items) {
        const content = (await recordState(t.db, curator, 'evidence', e.key)).published?.content;
        assert.ok(content, e.key);
        assert.deepEqual(content.quote ?? null, e.quote, `${e.key}: the record holds its quote`);
        const form = formFromContent('evidence', content);
        // Sent as a new record (no base): the form alone carries the quotation back.
        const back = contentFromForm('evidence', form);
        assert.deepEqual(changedFields(content, back), [], e.key);
      }
      const noted = (await listRegionalReports(t.db.kysely)).filter((r) => r.workshopNote);
      assert.ok(noted.length > 0, 'the reference data has a note on a workshop');
      for (const r of noted) {
        const key = `${r.region}/${r.campaign}`;
        const content = (await recordState(t.db, curator, 'regional_report', key)).published
          ?.content;
        assert.ok(content, key);
        const back = contentFromForm(
          'regional_report',
          formFromContent('regional_report', content),
        );
        assert.deepEqual(back.workshopNote, content.workshopNote, key);
      }
    });

    test("a coordinator changes their region's report; the public report changes when a curator publishes", async () => {
      const key = `ES51/${CAMPAIGN}`;
      const before = (await listRegionalReports(t.db.kysely, 'ES51'))[0];
      const draft = await saveDraft(
        t.db,
        coordinator,
        'regional_report',
        key,
        {
          strengths: [
            ...(before?.strengths ?? []),
            'A regional genomics programme with stable funding',
          ],
        },
        { patch: true },
      );
      assert.equal(draft.state, 'draft');
      assert.deepEqual(
        (await listRegionalReports(t.db.kysely, 'ES51'))[0]?.strengths,
        before?.strengths,
      );
      await moveVersion(t.db, curator, 'regional_report', key, 'publish');
      const after = (await listRegionalReports(t.db.kysely, 'ES51'))[0];
      assert.equal(after?.strengths.at(-1), 'A regional genomics programme with stable funding');
      assert.equal(after?.overview, before?.overview);
    });

    test('interview figures: a corrected count and a new region, each read back from the table', async () => {
      const key = `ES51/${CAMPAIGN}`;
      const before = (await listInterviewRows(t.db.kysely)).find((r) => r.region === 'ES51');
      await saveDraft(
        t.db,
        coordinator,
        'interview_row',
        key,
        { counts: { industry: 7 } },
        { patch: true },
      );
      await moveVersion(t.db, curator, 'interview_row', key, 'publish');
      const after = (await listInterviewRows(t.db.kysely)).find((r) => r.region === 'ES51');
      assert.equal(after?.byGroup.industry, 7);
      assert.equal(after?.printedTotal, before?.printedTotal);
      assert.equal(after?.byGroup.research_academia, before?.byGroup.research_academia);

      await createDraft(t.db, curator, 'interview_row', {
        region: 'FI',
        campaign: CAMPAIGN,
        printedTotal: 5,
        counts: { industry: 2, healthcare_provider: 3 },
        sources: [{ source: 'preciseu-d6-1', section: 'a later round' }],
      });
      await moveVersion(t.db, curator, 'interview_row', `FI/${CAMPAIGN}`, 'publish');
      const added = (await listInterviewRows(t.db.kysely)).find((r) => r.region === 'FI');
      assert.equal(added?.printedTotal, 5);
      assert.equal(added?.byGroup.healthcare_provider, 3);
    });

    test('a workshop: the participants corrected, a new one added, both read back', async () => {
      const [first] = await listWorkshops(t.db.kysely);
      assert.ok(first);
      await saveDraft(t.db, curator, 'workshop', first.key, { participants: 21 }, { patch: true });
      await moveVersion(t.db, curator, 'workshop', first.key, 'publish');
      const after = (await listWorkshops(t.db.kysely)).find((w) => w.key === first.key);
      assert.equal(after?.participants, 21);
      assert.equal(after?.organisers, first.organisers);
      await createDraft(t.db, coordinator, 'workshop', {
        key: 'es51-workshop-2026',
        region: 'ES51',
        campaign: CAMPAIGN,
        heldOn: '2026-03-12',
        participants: 17,
        format: 'hybrid',
        sources: [{ source: 'preciseu-d6-1', section: 'a later round' }],
      });
      await moveVersion(t.db, curator, 'workshop', 'es51-workshop-2026', 'publish');
      const added = (await listWorkshops(t.db.kysely)).find((w) => w.key === 'es51-workshop-2026');
      assert.deepEqual(
        [added?.participants, added?.format, added?.heldOn],
        [17, 'hybrid', '2026-03-12'],
      );
    });
  });
}
