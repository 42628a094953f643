import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { BARRIERS } from '../../src/domain/codes.ts';
import {
  checkResponse,
  QUESTION_CODE_LISTS,
  Questionnaire,
  type ResponseAnswers,
} from '../../src/domain/questionnaires.ts';
import {
  readResponseWorkbook,
  safeSheetName,
  type WorkbookContext,
  writeResponseWorkbook,
} from '../../src/io/response-workbook.ts';
import { encodeXlsxText } from '../../src/io/xlsx-text.ts';

/** A small questionnaire: a repeated section and a single one with every question type. */
const QN = Questionnaire.parse({
  slug: 'test-round',
  version: 3,
  kind: 'barrier_mapping',
  title: { en: 'Test round', es: 'Ronda de prueba', de: 'Testrunde' },
  instructions: { en: 'Answer what you can.\nThen send it back.' },
  sources: [{ source: 'preciseu-d6-1' }],
  sections: [
    {
      key: 'items',
      title: { en: 'Barriers: the [largest] ones / by region, in a long title', es: 'Barreras' },
      repeat: true,
      carry: 'items',
      questions: [
        { key: 'barrier', type: 'barrier', label: { en: 'Barrier' }, required: true },
        { key: 'other_description', type: 'text', label: { en: 'Other' }, otherOf: 'barrier' },
        { key: 'scopes', type: 'choices', codes: 'scopes', label: { en: 'Scopes' } },
        { key: 'notes', type: 'long_text', label: { en: 'Notes' }, private: true },
      ],
    },
    {
      key: 'single',
      title: { en: 'General', es: 'General', de: 'Allgemein' },
      questions: [
        { key: 'name', type: 'text', label: { en: 'Name', de: 'Name' }, required: true },
        { key: 'summary', type: 'long_text', label: { en: 'Summary' } },
        { key: 'link', type: 'url', label: { en: 'Link' } },
        { key: 'started', type: 'date', label: { en: 'Started' } },
        { key: 'ended', type: 'date', label: { en: 'Ended' } },
        { key: 'people', type: 'count', label: { en: 'People' } },
        { key: 'online', type: 'yes_no', label: { en: 'Online' } },
        { key: 'status', type: 'choice', codes: 'statuses', label: { en: 'Status' } },
        { key: 'groups', type: 'choices', codes: 'stakeholder_groups', label: { en: 'Groups' } },
        { key: 'barrier', type: 'barrier', label: { en: 'Main barrier' } },
      ],
    },
  ],
});

const CTX: WorkbookContext = {
  campaignSlug: 'round-2026',
  campaignTitle: 'Regional reports 2026',
  region: 'ES51',
  regionName: 'Cataluña',
  questionnaire: QN,
  lang: 'en',
  closesAt: '2026-12-31',
};
const EXPECT = { campaignSlug: CTX.campaignSlug, region: CTX.region };

const ANSWERS: ResponseAnswers = {
  items: [
    {
      ref: 'barrier-17',
      carry: 'unchanged',
      answers: { barrier: BARRIERS[0]?.code ?? '', scopes: ['regional', 'european'] },
    },
    {
      carry: 'new',
      answers: {
        barrier: 'other',
        other_description: 'Ñandú «quotes» — 中文 _x000D_ literal\nsecond line',
        notes: 'Interview note\r\nwith CRLF\tand a tab',
      },
    },
    { ref: 'barrier-9', carry: 'closed', answers: {} },
  ],
  single: [
    {
      answers: {
        name: '=not a formula',
        summary: 'Line one\nLine two\n\nLine four',
        link: 'https://example.org/x?a=1',
        started: '2024-05',
        ended: '2025-02-28',
        people: 12,
        online: false,
        status: 'ongoing',
        groups: ['industry', 'patient_organisation'],
        barrier: BARRIERS[4]?.code ?? '',
      },
    },
  ],
};

/** A workbook opened with ExcelJS, as a coordinator's spreadsheet program would. */
async function open(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/**
 * The workbook saved as Excel saves it. ExcelJS's writer leaves text unescaped (a carriage return
 * would come back as a line feed), so every text cell is escaped first, as Excel does.
 */
async function save(wb: ExcelJS.Workbook): Promise<Buffer> {
  for (const sheet of wb.worksheets)
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = encodeXlsxText(cell.value);
      }),
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The column of a question key on a sheet (row 2 holds the keys). */
function column(sheet: ExcelJS.Worksheet, key: string): number {
  let found = 0;
  sheet.getRow(2).eachCell((c, n) => {
    if (c.value === key) found = n;
  });
  assert.ok(found, `sheet ${sheet.name} has a column ${key}`);
  return found;
}

describe('response workbook', () => {
  test('answers → workbook → answers is the identity', async () => {
    const data = await writeResponseWorkbook(CTX, ANSWERS);
    const read = await readResponseWorkbook(QN, data, EXPECT);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.answers, ANSWERS);
  });

  test('the same in Spanish and German', async () => {
    for (const lang of ['es', 'de']) {
      const data = await writeResponseWorkbook({ ...CTX, lang }, ANSWERS);
      const read = await readResponseWorkbook(QN, data, EXPECT);
      assert.deepEqual(read.problems, [], lang);
      assert.deepEqual(read.answers, ANSWERS, lang);
    }
  });

  test('the sheets: About first, safe unique names, labels, keys and shown labels', async () => {
    const wb = await open(await writeResponseWorkbook(CTX, ANSWERS));
    const names = wb.worksheets.map((s) => s.name);
    assert.equal(names[0], 'About');
    for (const n of names) {
      assert.ok(n.length <= 31, n);
      assert.doesNotMatch(n, /[[\]:*?/\\]/);
    }
    const about = wb.worksheets[0];
    assert.ok(about);
    assert.equal(about.getCell('A1').value, 'Test round');
    assert.equal(about.getCell('C3').value, 'round-2026');
    assert.equal(about.getCell('C4').value, 'ES51');
    const items = wb.worksheets[1];
    assert.ok(items);
    assert.deepEqual((items.getRow(2).values as unknown[]).slice(1, 3), ['ref', 'carry']);
    const header = items.getRow(1).getCell(column(items, 'notes')).value;
    assert.match(String(header), /not published/);
    assert.match(String(items.getRow(1).getCell(column(items, 'barrier')).value), /\*$/);
    assert.equal(items.getCell(3, column(items, 'barrier')).value, BARRIERS[0]?.label);
    assert.equal(items.getCell(3, column(items, 'scopes')).value, 'Regional; European');
    const single = wb.worksheets[2];
    assert.ok(single);
    assert.equal(single.getCell(3, column(single, 'online')).value, 'No');
    assert.equal(single.getCell(3, column(single, 'people')).value, 12);
    assert.equal(single.getCell(3, column(single, 'status')).value, 'Ongoing');
    assert.deepEqual(single.views[0]?.state, 'frozen');
  });

  test('sheet names are made safe and unique', () => {
    const taken = new Set<string>();
    const a = safeSheetName('A/B: [c]*? and a title much longer than thirty-one', taken);
    const b = safeSheetName('A/B: [c]*? and a title much longer than thirty-one', taken);
    assert.ok(a.length <= 31 && b.length <= 31);
    assert.notEqual(a.toLowerCase(), b.toLowerCase());
    assert.doesNotMatch(a + b, /[[\]:*?/\\]/);
  });

  test('the same input gives the same bytes', async () => {
    const one = await writeResponseWorkbook(CTX, ANSWERS);
    await new Promise((r) => setTimeout(r, 2100)); // a zip time has 2-second steps
    const two = await writeResponseWorkbook(CTX, ANSWERS);
    assert.ok(one.equals(two), 'byte-identical workbooks');
    const other = await writeResponseWorkbook({ ...CTX, region: 'ES52' }, ANSWERS);
    assert.ok(!one.equals(other), 'a different region gives different bytes');
  });

  test('an offline edit: a row added, a choice relabelled, a cell blanked, columns moved', async () => {
    const wb = await open(await writeResponseWorkbook(CTX, ANSWERS));
    const items = wb.worksheets[1];
    const single = wb.worksheets[2];
    assert.ok(items && single);
    const row = items.getRow(6);
    row.getCell(column(items, 'carry')).value = 'New';
    row.getCell(column(items, 'barrier')).value = (BARRIERS[2]?.label ?? '').toUpperCase();
    row.getCell(column(items, 'scopes')).value = 'local;  NATIONAL ; international';
    single.getCell(3, column(single, 'status')).value = 'closed'; // a code, not the label
    single.getCell(3, column(single, 'summary')).value = null;
    single.getCell(3, column(single, 'online')).value = 'Ja';
    // A date typed where Excel made it a date: a day number formatted as a date.
    const started = single.getCell(3, column(single, 'started'));
    started.value = new Date(Date.UTC(2024, 6, 15));
    started.numFmt = 'yyyy-mm-dd';
    const ended = single.getCell(3, column(single, 'ended'));
    ended.value = 45488; // the same day, as the bare day number a pasted cell may keep
    single.spliceColumns(1, 1); // the name column removed, so the others move left
    single.getCell(1, 1).value = 'A label reworded';
    const read = await readResponseWorkbook(QN, await save(wb), EXPECT);
    const expected = structuredClone(ANSWERS);
    expected.items?.push({
      carry: 'new',
      answers: { barrier: BARRIERS[2]?.code ?? '', scopes: ['local', 'national', 'international'] },
    });
    const s = expected.single?.[0]?.answers ?? {};
    s.status = 'closed';
    s.online = true;
    s.started = '2024-07-15';
    s.ended = '2024-07-15';
    delete s.summary;
    delete s.name;
    assert.deepEqual(read.answers, expected);
    // The removed column is reported, nothing else.
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]?.message ?? '', /"name"/);
  });

  test('a value outside the code list is reported with its sheet and cell', async () => {
    const wb = await open(await writeResponseWorkbook(CTX, ANSWERS));
    const items = wb.worksheets[1];
    const single = wb.worksheets[2];
    assert.ok(items && single);
    const col = column(items, 'barrier');
    items.getCell(4, col).value = 'foo';
    single.getCell(3, column(single, 'groups')).value = 'Industry; Farmers';
    single.getCell(3, column(single, 'people')).value = 'many';
    single.getCell(3, column(single, 'online')).value = 'perhaps';
    const read = await readResponseWorkbook(QN, await save(wb), EXPECT);
    const address = items.getCell(4, col).address;
    const messages = read.problems.map((p) => p.message);
    assert.ok(
      messages.includes(
        `${items.name}!${address}: "foo" is not a barrier of the codebook; choose one from the cell's list`,
      ),
      messages.join('\n'),
    );
    const barrierProblem = read.problems.find((p) => p.message.includes('"foo"'));
    assert.equal(barrierProblem?.sheet, items.name);
    assert.equal(barrierProblem?.cell, address);
    assert.ok(messages.some((m) => m.includes('"Farmers"') && m.startsWith(`${single.name}!`)));
    assert.ok(messages.some((m) => m.includes('"many" is not a number')));
    assert.ok(messages.some((m) => m.includes('"perhaps" is not yes or no')));
    assert.equal(read.problems.length, 4);
    // The unreadable answers are left out, so the rules check sees them missing.
    assert.equal(read.answers.items?.[1]?.answers.barrier, undefined);
    const check = checkResponse(QN, {}, read.answers);
    assert.ok(check.problems.some((p) => p.path === 'items.1.barrier'));
  });

  test('empty rows are skipped, blank cells are absent, a single section reads one row', async () => {
    const wb = await open(await writeResponseWorkbook(CTX, ANSWERS));
    const items = wb.worksheets[1];
    const single = wb.worksheets[2];
    assert.ok(items && single);
    items.getCell(10, column(items, 'notes')).value = 'after empty rows';
    single.getCell(5, column(single, 'name')).value = 'a second answer';
    const read = await readResponseWorkbook(QN, await save(wb), EXPECT);
    assert.equal(read.answers.items?.length, 4);
    assert.deepEqual(read.answers.items?.[3], { answers: { notes: 'after empty rows' } });
    assert.equal(read.answers.single?.length, 1);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]?.message ?? '', /takes one answer.*row 5/);
    const blank = await writeResponseWorkbook(CTX, {});
    assert.deepEqual(await readResponseWorkbook(QN, blank, EXPECT), { answers: {}, problems: [] });
  });

  test('refuses another region, campaign or questionnaire version, with what to do', async () => {
    const data = await writeResponseWorkbook(CTX, ANSWERS);
    const region = await readResponseWorkbook(QN, data, { ...EXPECT, region: 'DE21' });
    assert.deepEqual(region.answers, {});
    assert.equal(region.problems.length, 1);
    assert.match(region.problems[0]?.message ?? '', /region "ES51", not "DE21".*download/);
    const campaign = await readResponseWorkbook(QN, data, { ...EXPECT, campaignSlug: 'other' });
    assert.match(campaign.problems[0]?.message ?? '', /campaign "round-2026", not "other"/);
    const newer = await readResponseWorkbook({ ...QN, version: 4 }, data, EXPECT);
    assert.deepEqual(newer.answers, {});
    assert.match(newer.problems[0]?.message ?? '', /version "3", not "4"/);
  });

  test('never throws on a bad file: garbage, a plain zip, an unrelated workbook, a missing sheet', async () => {
    const garbage = await readResponseWorkbook(QN, Buffer.from('not a workbook at all'), EXPECT);
    assert.deepEqual(garbage.answers, {});
    assert.match(garbage.problems[0]?.message ?? '', /not an Excel workbook.*\.xlsx/);
    const empty = await readResponseWorkbook(QN, Buffer.alloc(0), EXPECT);
    assert.equal(empty.problems.length, 1);
    const data = await writeResponseWorkbook(CTX, ANSWERS);
    const cut = await readResponseWorkbook(QN, data.subarray(0, data.length - 100), EXPECT);
    assert.equal(cut.problems.length, 1);
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Data').getCell('A1').value = 'hello';
    const unrelated = await readResponseWorkbook(QN, await save(other), EXPECT);
    assert.match(unrelated.problems[0]?.message ?? '', /not a response workbook of the atlas/);
    const wb = await open(data);
    const single = wb.worksheets[2];
    assert.ok(single);
    wb.removeWorksheet(single.id);
    const missing = await readResponseWorkbook(QN, await save(wb), EXPECT);
    assert.equal(missing.problems.length, 1);
    assert.match(missing.problems[0]?.message ?? '', /sheet "General".*missing.*download/);
    assert.deepEqual(missing.answers.items, ANSWERS.items);
  });
});

const FILE = new URL('../../data/reference/questionnaires.json', import.meta.url);
describe('response workbook with the reference questionnaires', { skip: !existsSync(FILE) }, () => {
  const all = existsSync(FILE)
    ? z.array(Questionnaire).parse(JSON.parse(readFileSync(FILE, 'utf8')))
    : [];

  /** An answer of each question, of its type, so every column is written and read back. */
  function sample(qn: Questionnaire): ResponseAnswers {
    const out: ResponseAnswers = {};
    for (const s of qn.sections) {
      const answers = Object.fromEntries(
        s.questions.map((q, i) => {
          const list = QUESTION_CODE_LISTS[q.codes ?? ''] ?? [];
          const codes = list.slice(i % 2, (i % 2) + 2).map((c) => c.code);
          const value = {
            text: `Text ${i} ñ`,
            long_text: `Long ${i}\nsecond line`,
            url: 'https://example.org/',
            date: '2025-03',
            count: i,
            yes_no: i % 2 === 0,
            choice: codes[0] ?? '',
            choices: codes,
            barrier: BARRIERS[i % BARRIERS.length]?.code ?? '',
          }[q.type];
          return [q.key, value];
        }),
      );
      out[s.key] = s.repeat
        ? [
            { ref: 'r-1', carry: 'changed', answers },
            { carry: 'new', answers },
          ]
        : [{ answers }];
    }
    return out;
  }

  for (const lang of ['en', 'es', 'de'])
    test(`every questionnaire reads back what was written (${lang})`, async () => {
      assert.ok(all.length > 0);
      for (const qn of all) {
        const answers = sample(qn);
        const data = await writeResponseWorkbook({ ...CTX, questionnaire: qn, lang }, answers);
        const read = await readResponseWorkbook(qn, data, EXPECT);
        assert.deepEqual(read.problems, [], qn.slug);
        assert.deepEqual(read.answers, answers, qn.slug);
        const wb = await open(data);
        assert.equal(
          wb.worksheets.filter((s) => s.state !== 'hidden').length,
          qn.sections.length + 1,
        );
      }
    });
});
