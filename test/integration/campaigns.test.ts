import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import type { ResponseAnswers, ResponseItem } from '../../src/domain/questionnaires.ts';
import { listRegionalReports } from '../../src/repositories/regional-reports.ts';
import { createAccount } from '../../src/services/accounts.ts';
import {
  campaignDashboard,
  campaignWorkbook,
  regionComparison,
} from '../../src/services/campaign-dashboard.ts';
import { sendDueReminders, sendInvitations } from '../../src/services/campaign-mail.ts';
import { getResponse, moveResponse, saveResponse } from '../../src/services/campaign-responses.ts';
import {
  addQuestionnaire,
  campaignLog,
  changeCampaignWindow,
  createCampaign,
  moveCampaign,
} from '../../src/services/campaigns.ts';
import { engagementSummary } from '../../src/services/engagement.ts';
import { getInitiativeView } from '../../src/services/initiatives.ts';
import type { createMailer } from '../../src/services/mail.ts';
import { getPrevalence } from '../../src/services/prevalence.ts';
import { reviewQueue } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const PASSWORD = 'correct horse battery staple';
const QUESTIONNAIRES = JSON.parse(
  readFileSync(new URL('../../data/reference/questionnaires.json', import.meta.url), 'utf8'),
) as unknown[];
const ORIGIN = 'http://atlas.test';
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

async function fails(work: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(work, (e: unknown) => {
    assert.ok(isAppError(e), `an AppError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const item = (name: string, extra: Partial<ResponseItem['answers']> = {}): ResponseItem => ({
  carry: 'new',
  answers: {
    name,
    objectives: `What ${name} sets out to do.`,
    link: `https://example.org/${name.toLowerCase().replace(/\W+/g, '-')}`,
    scopes: ['regional'],
    status: 'ongoing',
    ...extra,
  },
});

for (const dialect of DIALECTS) {
  describe(`campaign rounds on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let mailer: ReturnType<typeof createMailer>;
    const people: Record<string, Actor> = {};
    before(async () => {
      t = await dialect.open();
      smtp = await startSmtp();
      mailer = smtp.mailer;
      await seedReference(t.db, FIXTURE_DIR);
      const make = async (
        name: string,
        email: string,
        role: 'coordinator' | 'curator',
        regions: string[],
      ) => {
        const a = await createAccount(
          t.db,
          { email, password: PASSWORD, role, regions, displayName: name },
          'cli',
        );
        people[name] = { kind: 'account', id: a.id, role, regions };
      };
      await make('Ana', 'ana@example.org', 'coordinator', ['ES51']);
      await make('Berta', 'berta@example.org', 'coordinator', ['ES51']);
      await make('Sven', 'sven@example.org', 'coordinator', ['SE232']);
      await make('Dora', 'dora@example.org', 'coordinator', ['DE1']);
      await make('Cura', 'cura@example.org', 'curator', []);
      for (const qn of QUESTIONNAIRES) await addQuestionnaire(t.db, people.Cura as Actor, qn);
    });
    after(async () => {
      await t.dispose();
      await smtp.close();
    });
    const a = (name: string) => people[name] as Actor;

    test('a curator creates a campaign; bad input is refused with the field named and nothing stored', async () => {
      const base = {
        slug: 'survey-2026',
        kind: 'initiative_mapping',
        title: 'Initiative survey 2026',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        opensAt: '2026-12-01',
        closesAt: '2026-12-20',
        reminderDays: [7, 1],
        regions: ['ES51', 'SE232', 'DE1'],
        rules: { minItemsPerRegion: 5, maxItemsPerRegion: 10 },
      };
      await fails(createCampaign(t.db, a('Ana'), base), 'forbidden');
      await fails(
        createCampaign(t.db, a('Cura'), { ...base, regions: ['ES51', 'XX99'] }),
        'invalid_data',
      );
      await fails(
        createCampaign(t.db, a('Cura'), {
          ...base,
          questionnaire: { slug: 'preciseu-regional-report', version: 1 },
        }),
        'invalid_data',
      );
      await fails(campaignDashboard(t.db, a('Cura'), 'survey-2026'), 'not_found');
      await createCampaign(t.db, a('Cura'), base, day('2026-11-30'));
      await fails(createCampaign(t.db, a('Cura'), base), 'invalid_data', /exists already/);
      // Not open yet: answers are refused.
      await fails(
        saveResponse(
          t.db,
          a('Ana'),
          'survey-2026',
          'ES51',
          { answers: {}, revision: 0 },
          day('2026-11-30'),
        ),
        'conflict',
        /not opened yet/,
      );
    });

    test('opening invites every coordinator of the invited regions once, through SMTP', async () => {
      assert.equal(
        await moveCampaign(t.db, a('Cura'), 'survey-2026', 'open', day('2026-12-01')),
        'open',
      );
      const sent = await sendInvitations(
        t.db,
        mailer,
        a('Cura'),
        'survey-2026',
        ORIGIN,
        day('2026-12-01'),
      );
      assert.deepEqual(sent, { sent: 4, failed: [] });
      const invited = smtp.received.filter((m) =>
        m.subject.startsWith('Invitation: Initiative survey 2026'),
      );
      assert.deepEqual(invited.map((m) => m.to).sort(), [
        'ana@example.org',
        'berta@example.org',
        'dora@example.org',
        'sven@example.org',
      ]);
      assert.match(
        invited.find((m) => m.to === 'ana@example.org')?.text ?? '',
        /http:\/\/atlas\.test\/campaigns\/survey-2026\/responses\/ES51/,
      );
      assert.deepEqual(await sendInvitations(t.db, mailer, a('Cura'), 'survey-2026', ORIGIN), {
        sent: 0,
        failed: [],
      });
    });

    test('the survey opens prefilled with the region’s initiatives; two coordinators cannot overwrite each other', async () => {
      const opened = await getResponse(t.db, a('Ana'), 'survey-2026', 'ES51', day('2026-12-02'));
      assert.equal(opened.state, 'not_started');
      assert.equal(opened.revision, 0);
      const carried = opened.answers.initiatives ?? [];
      assert.deepEqual(carried.map((i) => i.ref).sort(), [
        'atmp-catalonia',
        'complementary-plan-biotechnology-health',
        'complementary-plan-la2-databases',
      ]);
      assert.ok(carried.every((i) => i.carry === 'unchanged'));
      // Another region's coordinator may not read or write it.
      await fails(getResponse(t.db, a('Sven'), 'survey-2026', 'ES51'), 'forbidden');
      // Ana closes one, changes one, adds one: 4 live items.
      const [first, second, third] = carried as [ResponseItem, ResponseItem, ResponseItem];
      const answers: ResponseAnswers = {
        initiatives: [
          { ...first, carry: 'closed' },
          { ...second, carry: 'changed', answers: { ...second.answers, status: 'permanent' } },
          third,
          item('Catalan Genomics Hub'),
          item('Biobank Network of Catalonia'),
        ],
      };
      const saved = await saveResponse(
        t.db,
        a('Ana'),
        'survey-2026',
        'ES51',
        { answers, revision: 0 },
        day('2026-12-02'),
      );
      assert.equal(saved.revision, 1);
      assert.equal(saved.state, 'draft');
      assert.deepEqual(saved.completeness.sections[0], {
        key: 'initiatives',
        items: 4,
        min: 5,
        max: 10,
      });
      assert.ok(
        saved.problems.some((p) => p.path === 'initiatives' && /at least 5/.test(p.message)),
      );
      // Berta opened it before Ana saved: her save is a conflict and stores nothing.
      await fails(
        saveResponse(t.db, a('Berta'), 'survey-2026', 'ES51', {
          answers: { initiatives: [item('Lost')] },
          revision: 0,
        }),
        'conflict',
        /saved this response at .* after you opened it .*; your answers are not saved/,
      );
      const now = await getResponse(t.db, a('Berta'), 'survey-2026', 'ES51', day('2026-12-02'));
      assert.equal(now.revision, 1);
      assert.equal(now.answers.initiatives?.length, 5);
      // Submitting 4 live initiatives is refused with the section named.
      await fails(
        moveResponse(t.db, a('Berta'), 'survey-2026', 'ES51', 'submit', {}, day('2026-12-02')),
        'invalid_data',
        /before this response can be submitted/,
      );
      // Answers that do not fit the questionnaire are refused whole.
      await fails(
        saveResponse(t.db, a('Berta'), 'survey-2026', 'ES51', {
          answers: { nosuch: [] },
          revision: 1,
        }),
        'invalid_data',
        /nothing was saved/,
      );
      const fixed = {
        initiatives: [
          ...(now.answers.initiatives ?? []),
          item('Precision Oncology Catalonia', { link: 'not a link' }),
        ],
      };
      const berta = await saveResponse(
        t.db,
        a('Berta'),
        'survey-2026',
        'ES51',
        { answers: fixed, revision: 1 },
        day('2026-12-03'),
      );
      assert.equal(berta.revision, 2);
      assert.deepEqual(
        berta.problems.map((p) => p.path),
        ['initiatives.5.link'],
      );
      await fails(
        moveResponse(t.db, a('Berta'), 'survey-2026', 'ES51', 'submit', {}, day('2026-12-03')),
        'invalid_data',
      );
      const good = structuredClone(fixed);
      (good.initiatives[5] as ResponseItem).answers.link = 'https://example.org/poc';
      await saveResponse(
        t.db,
        a('Berta'),
        'survey-2026',
        'ES51',
        { answers: good, revision: 2 },
        day('2026-12-03'),
      );
      const sub = await moveResponse(
        t.db,
        a('Berta'),
        'survey-2026',
        'ES51',
        'submit',
        { revision: 3 },
        day('2026-12-03'),
      );
      assert.equal(sub.view.state, 'submitted');
      await fails(
        saveResponse(t.db, a('Ana'), 'survey-2026', 'ES51', { answers: good, revision: 4 }),
        'conflict',
        /submitted/,
      );
    });

    test('reminders go to regions not submitted, once per reminder day', async () => {
      smtp.received.length = 0;
      const first = await sendDueReminders(t.db, mailer, ORIGIN, day('2026-12-13'));
      assert.deepEqual(first, { sent: 2, failed: [] });
      assert.deepEqual(smtp.received.map((m) => m.to).sort(), [
        'dora@example.org',
        'sven@example.org',
      ]);
      assert.match(smtp.received[0]?.subject ?? '', /closes in 7 days/);
      assert.deepEqual(await sendDueReminders(t.db, mailer, ORIGIN, day('2026-12-14')), {
        sent: 0,
        failed: [],
      });
      assert.equal((await sendDueReminders(t.db, mailer, ORIGIN, day('2026-12-19'))).sent, 2);
    });

    test('a late submission is refused with the closing date; the curator requests changes, then accepts', async () => {
      // The first is Sweden's initiative misspelt: the atlas points to it, as an import would.
      const dora = {
        initiatives: ['Genomic Medicine Swedn', 'Dora B', 'Dora C', 'Dora D', 'Dora E'].map((n) =>
          item(n),
        ),
      };
      const doraSaved = await saveResponse(
        t.db,
        a('Dora'),
        'survey-2026',
        'DE1',
        { answers: dora, revision: 0 },
        day('2026-12-20'),
      );
      assert.deepEqual(
        doraSaved.duplicates.map((d) => [d.path, d.slug]),
        [['initiatives.0', 'genomic-medicine-sweden']],
      );
      await fails(
        moveResponse(t.db, a('Dora'), 'survey-2026', 'DE1', 'submit', {}, day('2026-12-21')),
        'conflict',
        /closed on 2026-12-20/,
      );
      // The region asks for more time: a curator moves the closing date, and it goes through.
      await fails(
        changeCampaignWindow(t.db, a('Dora'), 'survey-2026', { closesAt: '2026-12-31' }),
        'forbidden',
      );
      await fails(
        changeCampaignWindow(t.db, a('Cura'), 'survey-2026', { closesAt: 'soon' }),
        'invalid_data',
      );
      await changeCampaignWindow(
        t.db,
        a('Cura'),
        'survey-2026',
        { closesAt: '2026-12-31' },
        day('2026-12-21'),
      );
      const late = await moveResponse(
        t.db,
        a('Dora'),
        'survey-2026',
        'DE1',
        'submit',
        {},
        day('2026-12-21'),
      );
      assert.equal(late.view.state, 'submitted');
      await fails(moveResponse(t.db, a('Ana'), 'survey-2026', 'ES51', 'accept'), 'forbidden');
      await fails(
        moveResponse(t.db, a('Cura'), 'survey-2026', 'ES51', 'request-changes', {}),
        'invalid_data',
        /say what needs to change/,
      );
      const back = await moveResponse(
        t.db,
        a('Cura'),
        'survey-2026',
        'ES51',
        'request-changes',
        {
          comments: [
            { path: 'initiatives.3.objectives', body: 'Say what the hub does for patients.' },
          ],
        },
        day('2026-12-10'),
      );
      assert.equal(back.view.state, 'changes_requested');
      assert.deepEqual(
        back.view.comments.map((c) => c.path),
        ['initiatives.3.objectives'],
      );
      assert.doesNotMatch(
        back.view.comments[0]?.author ?? '@',
        /@/,
        'a pseudonym, never the e-mail',
      );
      const answers = structuredClone(back.view.answers);
      ((answers.initiatives ?? [])[3] as ResponseItem).answers.objectives =
        'Sequencing for patients in Catalan hospitals.';
      await saveResponse(
        t.db,
        a('Ana'),
        'survey-2026',
        'ES51',
        { answers, revision: back.view.revision },
        day('2026-12-11'),
      );
      await moveResponse(t.db, a('Ana'), 'survey-2026', 'ES51', 'submit', {}, day('2026-12-11'));
      const { view, outcome } = await moveResponse(
        t.db,
        a('Cura'),
        'survey-2026',
        'ES51',
        'accept',
        {},
        day('2026-12-12'),
      );
      assert.equal(view.state, 'accepted');
      assert.deepEqual(outcome.published, { initiative: 3 });
      assert.equal(outcome.toClassify?.length, 3);
      // The closed and changed initiatives are published as such, citing the response.
      const closed = await getInitiativeView(t.db, 'atmp-catalonia');
      const statuses = new Map(
        await Promise.all(
          [
            'atmp-catalonia',
            'complementary-plan-biotechnology-health',
            'complementary-plan-la2-databases',
          ].map(async (s) => [s, (await getInitiativeView(t.db, s)).initiative.status] as const),
        ),
      );
      assert.equal(statuses.get(answers.initiatives?.[0]?.ref as string), 'closed');
      assert.equal(statuses.get(answers.initiatives?.[1]?.ref as string), 'permanent');
      assert.ok(closed.initiative.sources.length > 0);
      // The new ones wait for classification in the review queue.
      const queue = await reviewQueue(t.db, a('Cura'), { entity: 'initiative' });
      for (const slug of outcome.toClassify ?? [])
        assert.ok(
          queue.items.some((i) => i.version.key === slug && i.version.needs.includes('domain')),
          slug,
        );
    });

    test('the dashboard and the comparison with the round before are counted from the responses', async () => {
      const d = await campaignDashboard(t.db, a('Cura'), 'survey-2026');
      assert.deepEqual(d.totals, { invited: 3, started: 2, submitted: 2, accepted: 1, itemsOk: 2 });
      const es = d.regions.find((r) => r.region === 'ES51');
      assert.deepEqual([es?.state, es?.items?.count, es?.percent], ['accepted', 5, 100]);
      await fails(campaignDashboard(t.db, a('Ana'), 'survey-2026'), 'forbidden');
      const cmp = await regionComparison(t.db, a('Cura'), 'survey-2026', 'ES51');
      assert.equal(cmp.comparison.items.new.length, 3);
      assert.equal(cmp.comparison.items.closed.length, 1);
      assert.equal(cmp.comparison.items.changed.length, 1);
      assert.equal(cmp.comparison.items.unchanged.length, 1);
      const log = await campaignLog(t.db, a('Cura'), 'survey-2026');
      assert.ok(
        ['create', 'open', 'start', 'submit', 'request-changes', 'accept', 'change'].every((x) =>
          log.some((e) => e.action === x),
        ),
      );
    });

    test('a closed campaign refuses answers', async () => {
      await moveCampaign(t.db, a('Cura'), 'survey-2026', 'close');
      await fails(
        saveResponse(t.db, a('Sven'), 'survey-2026', 'SE232', { answers: {}, revision: 0 }),
        'conflict',
        /closed and takes no more answers/,
      );
      await fails(
        moveCampaign(t.db, a('Cura'), 'survey-2026', 'close'),
        'conflict',
        /can open or publish/,
      );
    });

    test('a regional report round publishes the report, counts interviews and enters the barrier matrix', async () => {
      await createCampaign(t.db, a('Cura'), {
        slug: 'report-2026',
        kind: 'barrier_mapping',
        title: 'Regional reports 2026',
        questionnaire: { slug: 'preciseu-regional-report', version: 1 },
        closesAt: '2027-03-31',
        regions: ['DE1'],
      });
      await moveCampaign(t.db, a('Cura'), 'report-2026', 'open', day('2027-01-01'));
      const answers: ResponseAnswers = {
        summary: [{ answers: { overview: 'Baden-Württemberg has strong university hospitals.' } }],
        barriers: [
          { answers: { barrier: 'B99', description: 'Not a code.' } },
          { answers: { barrier: 'other', description: 'Parking at clinics.' } },
        ],
        interviews: [
          {
            answers: {
              stakeholder_group: 'industry',
              consent: true,
              notes: 'Private: met at the fair.',
            },
          },
          { answers: { stakeholder_group: 'industry', consent: true } },
          { answers: { stakeholder_group: 'patient_organisation', consent: true } },
        ],
        workshop: [
          {
            answers: {
              held_on: '2027-03-10',
              format: 'online',
              participants_total: 12,
              participants_industry: 4,
            },
          },
        ],
      };
      const saved = await saveResponse(
        t.db,
        a('Dora'),
        'report-2026',
        'DE1',
        { answers, revision: 0 },
        day('2027-01-05'),
      );
      assert.ok(
        saved.problems.some(
          (p) => p.path === 'barriers.0.barrier' && /not a barrier of the codebook/.test(p.message),
        ),
      );
      assert.ok(saved.problems.some((p) => p.path === 'barriers.1.other_description'));
      await fails(
        moveResponse(t.db, a('Dora'), 'report-2026', 'DE1', 'submit', {}, day('2027-01-05')),
        'invalid_data',
      );
      const code = (await getPrevalence(t.db, 'challenges')).barriers[0]?.code as string;
      const fixed = structuredClone(answers);
      (fixed.barriers as ResponseItem[])[0] = {
        answers: { barrier: code, description: 'Slow approvals.', impact: 'Trials move abroad.' },
      };
      ((fixed.barriers as ResponseItem[])[1] as ResponseItem).answers.other_description =
        'Transport to specialist clinics';
      await saveResponse(
        t.db,
        a('Dora'),
        'report-2026',
        'DE1',
        { answers: fixed, revision: 1 },
        day('2027-01-06'),
      );
      await moveResponse(t.db, a('Dora'), 'report-2026', 'DE1', 'submit', {}, day('2027-01-06'));
      const { outcome } = await moveResponse(
        t.db,
        a('Cura'),
        'report-2026',
        'DE1',
        'accept',
        {},
        day('2027-01-07'),
      );
      assert.deepEqual(outcome.uncoded, ['Transport to specialist clinics']);
      const report = (await listRegionalReports(t.db.kysely, 'DE1')).find(
        (r) => r.campaign === 'report-2026',
      );
      assert.deepEqual(
        report?.challenges.map((c) => [c.barrier, c.impact]),
        [[code, 'Trials move abroad.']],
      );
      const matrix = await getPrevalence(t.db, 'challenges');
      assert.ok(matrix.barriers.find((b) => b.code === code)?.regionCodes.includes('DE1'));
      // The accepted response's barriers are campaign answers, a kind of evidence of their own.
      const byAnswers = await getPrevalence(t.db, 'answers');
      assert.deepEqual(
        byAnswers.barriers.filter((b) => b.regions > 0).map((b) => [b.code, b.regionCodes]),
        [[code, ['DE1']]],
      );
      const engagement = await engagementSummary(t.db);
      const row = engagement.interviews.find(
        (r) => r.region === 'DE1' && r.campaign === 'report-2026',
      );
      assert.deepEqual(
        [row?.printedTotal, row?.byGroup.industry, row?.byGroup.patient_organisation],
        [3, 2, 1],
      );
      // Interview notes are personal data: nothing public carries them.
      assert.doesNotMatch(JSON.stringify(engagement), /met at the fair/);
      // The curators' workbook: one row per item, read back; the private notes left out.
      const wb = new ExcelJS.Workbook();
      const file = await campaignWorkbook(t.db, a('Cura'), 'report-2026', 'en');
      await wb.xlsx.load(file as unknown as ArrayBuffer);
      const interviews = wb.worksheets.find((s) =>
        s.getRow(1).values.toString().includes('Stakeholder'),
      );
      assert.equal((interviews?.rowCount ?? 0) - 1, 3);
      assert.equal(interviews?.getRow(2).getCell(1).value, 'DE1');
      const text = wb.worksheets.map((s) => s.getSheetValues().flat().join('|')).join('\n');
      assert.doesNotMatch(text, /met at the fair/);
      await fails(campaignWorkbook(t.db, a('Dora'), 'report-2026', 'en'), 'forbidden');
    });
  });
}
