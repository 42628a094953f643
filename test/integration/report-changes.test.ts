/**
 * The changes report (issue 16) on both databases: the reference rounds have no round before
 * them, so the report says there is nothing to compare; two later rounds written here (a survey
 * round after the 2025 initiative mapping, a regional-report round after the 2025 barrier mapping)
 * give new, closed, changed and dropped records and barriers added and dropped that equal the
 * comparison service of the comparison page, region by region.
 */
import assert from 'node:assert/strict';
import { VISITOR } from '../../src/domain/accounts.ts';
import type { ResponseAnswers } from '../../src/domain/questionnaires.ts';
import {
  cellValue,
  inlineText,
  type ReportDocument,
  reportFigures,
  type TableBlock,
} from '../../src/domain/report.ts';
import type { Campaign } from '../../src/domain/schemas.ts';
import { buildChangesReport } from '../../src/reports/changes.ts';
import { reportContext } from '../../src/reports/common.ts';
import {
  findResponse,
  insertResponse,
  updateResponse,
} from '../../src/repositories/campaign-responses.ts';
import { findCampaign, upsertCampaign } from '../../src/repositories/campaigns.ts';
import { regionComparison } from '../../src/services/campaign-dashboard.ts';
import { parseReportOptions, type RawReportOptions } from '../../src/services/reports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { codeLabel, LOCALES, type Locale, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const SURVEY_2025 = 'preciseu-initiative-mapping-2025';
const REPORTS_2025 = 'preciseu-barrier-mapping-2025';
const SURVEY_2026 = 'survey-round-2026';
const REPORTS_2026 = 'regional-report-round-2026';
const ctx = { now: '2026-03-01T00:00:00.000Z', actor: 'test' };

/** A later round of a reference campaign, following it. */
async function laterRound(t: TestDb, of: string, slug: string, regions: string[]) {
  const before = await findCampaign(t.db.kysely, of);
  assert.ok(before?.questionnaire);
  const c: Campaign = {
    slug,
    kind: before.kind,
    title: `${before.title} (2026)`,
    state: 'closed',
    rules: {},
    questionnaire: before.questionnaire,
    regions,
    previous: of,
    sources: before.sources,
  };
  await upsertCampaign(t.db.kysely, c, ctx);
}

/** A region's answers to a reference round. */
async function answersOf(t: TestDb, campaign: string, region: string): Promise<ResponseAnswers> {
  const row = await findResponse(t.db.kysely, campaign, region);
  assert.ok(row, `${region} answered ${campaign}`);
  return JSON.parse(row.answers) as ResponseAnswers;
}

/** Stores a response in a state (submitted and accepted on the day given). */
async function respond(
  t: TestDb,
  campaign: string,
  region: string,
  answers: ResponseAnswers,
  state: 'submitted' | 'accepted',
) {
  await insertResponse(t.db.kysely, {
    campaign_slug: campaign,
    region_code: region,
    questionnaire_version: 1,
    answers: JSON.stringify(answers),
    state,
    revision: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    updated_by: ctx.actor,
  });
  const row = await findResponse(t.db.kysely, campaign, region);
  assert.ok(row);
  await updateResponse(t.db.kysely, row.id, row.revision, {
    submitted_at: '2026-02-20',
    ...(state === 'accepted' ? { accepted_at: '2026-02-27' } : {}),
    updated_at: ctx.now,
    updated_by: ctx.actor,
  });
}

/** What the rounds written here change, by construction. */
const made = {
  newName: 'Precision Medicine Hub Catalonia (new in 2026)',
  closed: '',
  changed: '',
  dropped: '',
  leftIn2027: '',
};

/** ES51 answers the 2026 survey: one new, one closed, one changed, one left out; SE232 only submits. */
async function surveyRound(t: TestDb) {
  await laterRound(t, SURVEY_2025, SURVEY_2026, ['ES51', 'SE232', 'LT']);
  const items = [...((await answersOf(t, SURVEY_2025, 'ES51')).initiatives ?? [])];
  assert.ok(items.length >= 4);
  const [closed, changed, dropped, ...rest] = items;
  assert.ok(closed && changed && dropped);
  made.closed = String(closed.answers.name);
  made.changed = String(changed.answers.name);
  made.dropped = String(dropped.answers.name);
  await respond(
    t,
    SURVEY_2026,
    'ES51',
    {
      initiatives: [
        { ...closed, carry: 'closed' },
        { ...changed, carry: 'changed', answers: { ...changed.answers, status: 'completed' } },
        ...rest.map((i) => ({ ...i, carry: 'unchanged' as const })),
        { carry: 'new', answers: { name: made.newName, status: 'ongoing' } },
      ],
    },
    'accepted',
  );
  await respond(t, SURVEY_2026, 'SE232', await answersOf(t, SURVEY_2025, 'SE232'), 'submitted');
}

/**
 * A 2027 survey round after 2026 in which ES51 reports its 2025 initiatives again but the fourth,
 * the first with a changed status: against 2025 (skipping 2026) one changed and one dropped;
 * against 2026 also the second, whose status 2026 had changed.
 */
async function thirdRound(t: TestDb) {
  const slug = 'survey-round-2027';
  const c = await findCampaign(t.db.kysely, SURVEY_2026);
  assert.ok(c);
  await upsertCampaign(
    t.db.kysely,
    { ...c, slug, title: 'Survey 2027', previous: SURVEY_2026, regions: ['ES51'] },
    ctx,
  );
  const items = [...((await answersOf(t, SURVEY_2025, 'ES51')).initiatives ?? [])];
  const [first, second, third, left, ...rest] = items;
  assert.ok(first && second && third && left);
  await respond(
    t,
    slug,
    'ES51',
    {
      initiatives: [
        { ...first, carry: 'changed', answers: { ...first.answers, status: 'completed' } },
        ...[second, third, ...rest].map((i) => ({ ...i, carry: 'unchanged' as const })),
      ],
    },
    'accepted',
  );
  made.leftIn2027 = String(left.answers.name);
  return slug;
}

/** BE2 answers the 2026 regional report with its first barrier dropped and B09 added. */
async function reportRound(t: TestDb): Promise<{ dropped: string; added: string }> {
  await laterRound(t, REPORTS_2025, REPORTS_2026, ['BE2']);
  const a = await answersOf(t, REPORTS_2025, 'BE2');
  const barriers = a.barriers ?? [];
  const codes = barriers.map((b) => String(b.answers.barrier));
  const added = ['B09', 'B07', 'B17', 'B03'].find((c) => !codes.includes(c));
  const [first, ...rest] = barriers;
  assert.ok(added && first);
  assert.ok(!rest.some((b) => b.answers.barrier === first.answers.barrier));
  await respond(
    t,
    REPORTS_2026,
    'BE2',
    { ...a, barriers: [...rest, { answers: { ...first.answers, barrier: added } }] },
    'accepted',
  );
  return { dropped: String(first.answers.barrier), added };
}

const tableIn = (doc: ReportDocument, id: string): TableBlock | undefined =>
  reportFigures(doc).tables.find((t) => t.id === id);

const summaryCounts = (doc: ReportDocument) => {
  const t = tableIn(doc, 'table-summary');
  assert.ok(t, 'the summary table');
  return t.rows.map((r) => Number(cellValue(r.cells[1] ?? null)));
};

for (const dialect of DIALECTS) {
  describe(`the changes report on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb | undefined;
    let barrierChange = { dropped: '', added: '' };
    let third = '';
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      await surveyRound(t);
      barrierChange = await reportRound(t);
      third = await thirdRound(t);
    });
    after(async () => {
      await t?.dispose();
    });
    const db = () => {
      assert.ok(t);
      return t.db;
    };
    const build = async (raw: RawReportOptions) => {
      const lang = (raw.lang ?? 'en') as Locale;
      return withLocale(lang, async () =>
        buildChangesReport(
          await reportContext(
            db(),
            await parseReportOptions(db(), { kind: 'changes', lang, ...raw }, LOCALES),
          ),
        ),
      );
    };

    test('a reference round has no round before it: every section says so in an empty note', async () => {
      const doc = await build({ campaign: SURVEY_2025 });
      assert.deepEqual(
        doc.sections.map((s) => s.id),
        ['summary', 'initiatives', 'barriers', 'responses'],
      );
      for (const s of doc.sections) {
        assert.equal(s.blocks.length, 1, s.id);
        const [note] = s.blocks;
        assert.ok(note?.kind === 'note' && note.tone === 'empty', s.id);
        assert.match(inlineText(note.text), new RegExp(SURVEY_2025));
      }
      assert.equal(reportFigures(doc).tables.length, 0);
    });

    test('the survey round: counts equal the comparison service, region by region', async () => {
      const doc = await build({ campaign: SURVEY_2026 });
      const cmp = (await regionComparison(db(), VISITOR, SURVEY_2026, 'ES51')).comparison;
      assert.deepEqual(summaryCounts(doc), [
        cmp.items.new.length,
        cmp.items.closed.length,
        cmp.items.changed.length,
        cmp.items.dropped.length,
        cmp.barriers.added.length,
        cmp.barriers.dropped.length,
      ]);
      // And what the round was made to change.
      assert.deepEqual(summaryCounts(doc), [1, 1, 1, 1, 0, 0]);
      const names = (id: string) =>
        (tableIn(doc, id)?.rows ?? []).map((r) => [
          cellValue(r.cells[0] ?? null),
          cellValue(r.cells[1] ?? null),
        ]);
      assert.deepEqual(names('table-new'), [['Catalonia', made.newName]]);
      assert.deepEqual(names('table-closed'), [['Catalonia', made.closed]]);
      assert.deepEqual(names('table-dropped'), [['Catalonia', made.dropped]]);
      const changed = tableIn(doc, 'table-changed')?.rows[0];
      assert.equal(cellValue(changed?.cells[1] ?? null), made.changed);
      assert.match(String(cellValue(changed?.cells[2] ?? null)), /status/i);
      assert.equal(changed?.link?.href, `/campaigns/${SURVEY_2026}/responses/ES51/compare`);
      // SE232 has only submitted: not public, not compared, but its state is shown.
      const states = tableIn(doc, 'table-responses');
      const row = (code: string) =>
        states?.rows.find((r) => cellValue(r.cells[0] ?? null) === code)?.cells.map(cellValue);
      assert.deepEqual(row('Västra Götaland')?.slice(1), [
        'accepted',
        '2025-01-31',
        '2025-01-31',
        'submitted',
        '2026-02-20',
        '',
      ]);
      assert.equal(row('Lithuania')?.[4], 'no response');
      assert.deepEqual(
        states?.rows.map((r) => cellValue(r.cells[0] ?? null)),
        [...(states?.rows.map((r) => String(cellValue(r.cells[0] ?? null))) ?? [])].sort((a, b) =>
          a.localeCompare(b),
        ),
        'regions in name order',
      );
      // The survey asks no barrier question: the report says so instead of a table of zeros.
      const barriers = doc.sections.find((s) => s.id === 'barriers');
      assert.ok(barriers?.blocks[0]?.kind === 'note' && barriers.blocks[0].tone === 'empty');
      assert.equal(tableIn(doc, 'table-barriers'), undefined);
      assert.equal(row('Catalonia')?.[4], 'accepted');
    });

    test('the regional-report round: barriers added and dropped equal the comparison service', async () => {
      const doc = await build({ campaign: REPORTS_2026 });
      const cmp = (await regionComparison(db(), VISITOR, REPORTS_2026, 'BE2')).comparison;
      assert.deepEqual(cmp.barriers.added, [barrierChange.added]);
      assert.deepEqual(cmp.barriers.dropped, [barrierChange.dropped]);
      assert.deepEqual(summaryCounts(doc).slice(4), [1, 1]);
      const row = tableIn(doc, 'table-barriers')?.rows[0];
      assert.equal(cellValue(row?.cells[0] ?? null), 'Flanders');
      assert.deepEqual(row?.cells.slice(3).map(cellValue), [1, 1, cmp.barriers.kept.length]);
      assert.equal(cellValue(row?.cells[1] ?? null), codeLabel('barrier', barrierChange.added));
      assert.equal(cellValue(row?.cells[2] ?? null), codeLabel('barrier', barrierChange.dropped));
    });

    test('since names the round to compare with: a round two back is compared as the page would', async () => {
      const usual = await build({ campaign: third });
      const cmp = (await regionComparison(db(), VISITOR, third, 'ES51')).comparison;
      assert.deepEqual(summaryCounts(usual), [
        cmp.items.new.length,
        cmp.items.closed.length,
        cmp.items.changed.length,
        cmp.items.dropped.length,
        0,
        0,
      ]);
      const skipping = await build({ campaign: third, since: SURVEY_2025 });
      // Against 2025 (by construction): the first initiative changed, the fourth no longer reported.
      assert.deepEqual(summaryCounts(skipping), [0, 0, 1, 1, 0, 0]);
      assert.deepEqual(
        tableIn(skipping, 'table-dropped')?.rows.map((r) => cellValue(r.cells[1] ?? null)),
        [made.leftIn2027],
      );
      assert.notDeepEqual(summaryCounts(skipping), summaryCounts(usual));
      assert.match(skipping.colophon.href, new RegExp(`since=${SURVEY_2025}`));
      const header = tableIn(skipping, 'table-responses')?.header ?? [];
      assert.ok(header.some((h) => h.includes(SURVEY_2025)));
    });

    test('a region filter narrows the comparison; a round with no accepted response says so', async () => {
      const doc = await build({ campaign: SURVEY_2026, regions: ['SE232'] });
      const summary = doc.sections.find((s) => s.id === 'summary');
      const [note] = summary?.blocks ?? [];
      assert.ok(note?.kind === 'note' && note.tone === 'empty');
      assert.deepEqual(
        tableIn(doc, 'table-responses')?.rows.map((r) => cellValue(r.cells[0] ?? null)),
        ['Västra Götaland'],
      );
      assert.match(
        doc.colophon.href,
        /campaign=survey-round-2026&since=preciseu-initiative-mapping-2025&region=SE232/,
      );
    });

    test('in Spanish and German the report speaks the language, with no raw keys', async () => {
      for (const lang of ['es', 'de'] as const) {
        const doc = await build({ campaign: SURVEY_2026, lang });
        const en = await build({ campaign: SURVEY_2026 });
        assert.notEqual(doc.title, en.title);
        for (const [i, s] of doc.sections.entries())
          assert.notEqual(s.heading, en.sections[i]?.heading);
        assert.doesNotMatch(JSON.stringify(doc), /report(Changes|s)\.[a-zA-Z]/);
        assert.deepEqual(summaryCounts(doc), summaryCounts(en));
      }
    });
  });
}
