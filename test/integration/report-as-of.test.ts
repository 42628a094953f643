/**
 * Reports as of a past date (issue 16, "campaign or date") on both databases. The reference data
 * is loaded at T0; every report is built then and its figures kept. At T1 an initiative of
 * Catalonia is renamed, one is added there, one elsewhere is withdrawn, a statement is removed and
 * a campaign round is added with Catalonia's response. Built again as of a day between T0 and T1,
 * every report equals what it was at T0 (old name, no addition, the withdrawn one back), with the
 * data version of that day; built now, it shows the changes. The figures are read back from the
 * documents and from the report pages' HTML. Bad dates are a 400 that says what to give.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import type { Db } from '../../src/db/connect.ts';
import {
  cellValue,
  type ReportDocument,
  type ReportOptions,
  type ReportSection,
  type TableBlock,
} from '../../src/domain/report.ts';
import { type Campaign, Initiative } from '../../src/domain/schemas.ts';
import { createApp } from '../../src/http/app.ts';
import { buildReport } from '../../src/reports/index.ts';
import {
  findResponse,
  insertResponse,
  updateResponse,
} from '../../src/repositories/campaign-responses.ts';
import { findCampaign, upsertCampaign } from '../../src/repositories/campaigns.ts';
import { listEvidence } from '../../src/repositories/evidence.ts';
import { deleteVersioned } from '../../src/repositories/versioned.ts';
import { dataVersion } from '../../src/services/data-version.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { PUBLISHERS } from '../../src/services/record-publishers.ts';
import { parseReportOptions, type RawReportOptions } from '../../src/services/reports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { getStats } from '../../src/services/stats.ts';
import { LOCALES, t, withLocale } from '../../src/web/i18n.ts';
import { cliSandbox } from '../helpers/cli.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const T0 = '2025-06-01T10:00:00.000Z';
const AS_OF = '2025-07-01';
const T1 = '2025-09-15T08:00:00.000Z';
const editor = { actor: 'editor', now: T1 };

/** The kinds built here and their options. */
const KINDS: readonly RawReportOptions[] = [
  { kind: 'mapping' },
  { kind: 'cross-regional' },
  { kind: 'fact-sheet', regions: ['ES51'] },
  { kind: 'fact-sheet', regions: ['DE1'] },
];

async function options(db: Db, raw: RawReportOptions): Promise<ReportOptions> {
  return parseReportOptions(db, raw, LOCALES);
}

async function report(db: Db, raw: RawReportOptions): Promise<ReportDocument> {
  const o = await options(db, raw);
  return withLocale('en', () => buildReport(db, o));
}

/** A document without what says when and from which data it was made. */
function body(doc: ReportDocument) {
  const { colophon: _c, subtitle: _s, runningHead: _r, ...rest } = doc;
  return rest;
}

function sectionsOf(sections: readonly ReportSection[]): ReportSection[] {
  return sections.flatMap((s) => [s, ...sectionsOf(s.sections ?? [])]);
}

function table(doc: ReportDocument, id: string): TableBlock {
  for (const s of sectionsOf(doc.sections))
    for (const b of s.blocks) if (b.kind === 'table' && b.id === id) return b;
  return assert.fail(`no table ${id}`);
}

/** The numbers of a domain × type table, row by row (its total row last). */
const numbers = (tb: TableBlock) => tb.rows.map((r) => r.cells.slice(1).map((c) => cellValue(c)));

/** The initiative names of the mapping report's appendix. */
const appendixNames = (doc: ReportDocument) =>
  table(doc, 'appendix-initiatives').rows.map((r) => String(cellValue(r.cells[0] ?? null)));

/** An initiative as stored, in the shape writers take. */
async function stored(db: Db, slug: string): Promise<Initiative> {
  const found = await PUBLISHERS.initiative?.read(db.kysely, slug);
  assert.ok(found, `initiative ${slug} is on record`);
  return found as unknown as Initiative;
}

/** What the changes at T1 touched. */
const touched = { renamed: '', oldName: '', newName: '', added: '', withdrawn: '', statement: '' };
const ROUND = 'survey-round-as-of';

/** The changes made at T1, each through the writer the atlas uses. */
async function changeAtT1(db: Db, pick: { es51: string; other: string }) {
  const q = db.kysely;
  const a = await stored(db, pick.es51);
  touched.renamed = a.slug;
  touched.oldName = a.name;
  touched.newName = 'Initiative renamed after T';
  await saveInitiative(q, { ...a, name: touched.newName }, editor.actor, T1);
  const added = Initiative.parse(
    catalanInitiative('as-of-added', {
      name: 'Catalan registry added after T',
      domain: 'patient_perspective',
      type: 'partnership',
    }),
  );
  touched.added = added.name;
  await saveInitiative(q, added, editor.actor, T1);
  touched.withdrawn = (await stored(db, pick.other)).name;
  assert.ok(await PUBLISHERS.initiative?.remove(q, pick.other, editor));
  const [statement] = await listEvidence(q, { region: 'ES51' });
  assert.ok(statement, 'Catalonia has statements');
  touched.statement = statement.key;
  await deleteVersioned(
    q,
    {
      table: 'evidence',
      entity: 'evidence',
      key: { key: statement.key },
      links: { table: 'evidence_barriers', idColumn: 'evidence_id' },
    },
    editor,
  );
  const earlier = await findCampaign(q, 'preciseu-initiative-mapping-2025');
  assert.ok(earlier?.questionnaire);
  const round: Campaign = {
    ...earlier,
    slug: ROUND,
    title: 'Survey round after T',
    state: 'closed',
    previous: earlier.slug,
    regions: ['ES51'],
  };
  await upsertCampaign(q, round, editor);
  const answers = (await findResponse(q, earlier.slug, 'ES51'))?.answers ?? '{}';
  await insertResponse(q, {
    campaign_slug: ROUND,
    region_code: 'ES51',
    questionnaire_version: earlier.questionnaire.version,
    answers,
    state: 'submitted',
    revision: 1,
    created_at: T1,
    updated_at: T1,
    updated_by: editor.actor,
  });
}

for (const dialect of DIALECTS) {
  describe(`reports as of a date (${dialect.name})`, { skip: dialect.skip }, () => {
    let tdb: TestDb | undefined;
    let app: ReturnType<typeof createApp> | undefined;
    const at = {
      docs: [] as ReportDocument[],
      version: '',
      stats: [] as (number | null | string)[][],
      es51: 0,
    };
    const db = () => tdb?.db ?? assert.fail('the database opens in before()');
    const get = async (path: string) => {
      const res = await (app ?? assert.fail('no app')).request(`http://localhost${path}`);
      return { status: res.status, body: await res.text() };
    };
    const es51Count = async () =>
      Number(JSON.parse((await get('/api/v1/initiatives?region=ES51&pageSize=1')).body).total);

    before(async () => {
      tdb = await dialect.open();
      await seedReference(tdb.db, REFERENCE_DIR, { now: T0 });
      app = createApp(tdb.db);
      for (const raw of KINDS) at.docs.push(await report(tdb.db, raw));
      at.version = (await dataVersion(tdb.db)).key;
      const stats = (await getStats(tdb.db)).domainByType;
      at.stats = [
        ...stats.cells.map((row, i) => [...row, stats.rowTotals[i] ?? 0]),
        [...stats.columnTotals, stats.total],
      ];
      at.es51 = await es51Count();
      const names = appendixNames(at.docs[0] as ReportDocument);
      assert.ok(names.length > 2);
      const list = JSON.parse((await get('/api/v1/initiatives?region=ES51&pageSize=1')).body);
      const other = JSON.parse((await get('/api/v1/initiatives?region=DE1&pageSize=1')).body);
      await changeAtT1(tdb.db, {
        es51: list.items[0].slug,
        other: other.items[0].slug,
      });
    });
    after(async () => tdb?.dispose());

    test('every report as of the day between equals the report made then', async () => {
      for (const [i, raw] of KINDS.entries()) {
        const past = await report(db(), { ...raw, asOf: AS_OF });
        const then = at.docs[i] as ReportDocument;
        assert.deepEqual(body(past), body(then), `${raw.kind} ${raw.regions ?? ''}`);
        assert.equal(past.colophon.dataVersion, at.version, 'the data version of that day');
        assert.equal(past.colophon.dataAt, T0);
        const filters = Object.fromEntries(past.colophon.filters);
        assert.match(filters[t('reports.optionAsOf')] ?? '', /^July 1, 2025: the records as/);
        assert.match(past.subtitle ?? '', /Records as of July 1, 2025$/);
        assert.match(past.colophon.href, /asOf=2025-07-01/);
        const now = await report(db(), raw);
        assert.notDeepEqual(body(now), body(then), `${raw.kind} changed since`);
        assert.notEqual(now.colophon.dataVersion, at.version);
      }
    });

    test('the mapping report as of then counts the records of then; now those of now', async () => {
      const past = await report(db(), { kind: 'mapping', asOf: AS_OF });
      assert.deepEqual(numbers(table(past, 'domain-type')), at.stats);
      const names = appendixNames(past);
      assert.ok(names.includes(touched.oldName), 'the old name');
      assert.ok(!names.includes(touched.newName), 'not the new name');
      assert.ok(!names.includes(touched.added), 'not the initiative added later');
      assert.ok(names.includes(touched.withdrawn), 'the initiative withdrawn later');
      const now = await report(db(), { kind: 'mapping' });
      const stats = (await getStats(db())).domainByType;
      assert.deepEqual(numbers(table(now, 'domain-type')), [
        ...stats.cells.map((row, i) => [...row, stats.rowTotals[i] ?? 0]),
        [...stats.columnTotals, stats.total],
      ]);
      assert.notDeepEqual(numbers(table(now, 'domain-type')), at.stats);
      const namesNow = appendixNames(now);
      assert.ok(namesNow.includes(touched.newName) && namesNow.includes(touched.added));
      assert.ok(!namesNow.includes(touched.oldName) && !namesNow.includes(touched.withdrawn));
    });

    test("Catalonia's fact sheet page as of then shows the count of then, read from its HTML", async () => {
      const headline = async (query: string) => {
        const page = await get(`/reports/fact-sheet?region=ES51&section=overview${query}`);
        assert.equal(page.status, 200);
        const row = parse(page.body).querySelector('#table-headline-figures tbody tr td.num');
        return { value: Number(row?.text.trim()), html: page.body };
      };
      const past = await headline(`&asOf=${AS_OF}`);
      assert.equal(past.value, at.es51);
      assert.match(past.html, /Records as of July 1, 2025/);
      const now = await headline('');
      assert.equal(now.value, await es51Count());
      assert.equal(now.value, at.es51 + 1, 'one initiative added since');
      const list = await get(`/reports/fact-sheet?region=ES51&section=initiatives&asOf=${AS_OF}`);
      const names = parse(list.body).text;
      assert.ok(names.includes(touched.oldName) && !names.includes(touched.newName));
    });

    test('the files are kept per moment: HTML as of then and now differ', async () => {
      const past = await get(`/api/v1/reports/mapping?format=html&asOf=${AS_OF}`);
      const now = await get('/api/v1/reports/mapping?format=html');
      assert.equal(past.status, 200);
      const [then, today] = [past, now].map((r) => parse(r.body).text);
      assert.ok(then?.includes(touched.oldName) && !then.includes(touched.added));
      assert.ok(today?.includes(touched.added) && !today.includes(touched.oldName));
      const again = await get(`/api/v1/reports/mapping?format=html&asOf=${AS_OF}`);
      assert.equal(again.body, past.body, 'the same file again');
    });

    test('the changes report as of a date: the round did not exist, then was submitted, now accepted', async () => {
      const before = await get(`/api/v1/reports/changes?campaign=${ROUND}&asOf=${AS_OF}`);
      assert.equal(before.status, 400);
      assert.match(before.body, new RegExp(`the campaign ${ROUND} did not exist at 2025-07-01`));
      const row = await findResponse(db().kysely, ROUND, 'ES51');
      assert.ok(row);
      const T2 = '2025-11-01T09:00:00.000Z';
      await updateResponse(db().kysely, row.id, row.revision, {
        state: 'accepted',
        submitted_at: T1,
        accepted_at: T2,
        updated_at: T2,
        updated_by: editor.actor,
      });
      // The later round's columns: state, submitted, accepted.
      const later = async (asOf?: string) => {
        const doc = await report(db(), {
          kind: 'changes',
          campaign: ROUND,
          ...(asOf ? { asOf } : {}),
        });
        const rows = table(doc, 'table-responses').rows;
        const es51 = rows.find((r) => cellValue(r.cells[0] ?? null) === 'Catalonia');
        assert.ok(es51, 'Catalonia answers the round');
        return es51.cells.slice(4).map((c) => cellValue(c));
      };
      await withLocale('en', async () => {
        assert.deepEqual(await later('2025-10-01'), [
          t('reportChanges.state_submitted'),
          T1.slice(0, 10),
          '',
        ]);
        assert.deepEqual(await later(), [
          t('reportChanges.state_accepted'),
          T1.slice(0, 10),
          T2.slice(0, 10),
        ]);
      });
    });

    test('a date before the first record, in the future or not a date is a 400 saying what to give', async () => {
      const early = await get('/api/v1/reports/mapping?asOf=2001-01-01');
      assert.equal(early.status, 400);
      assert.match(early.body, new RegExp(`no records existed before ${T0}; the earliest is`));
      assert.match(early.body, /give asOf 2025-06-01 or later/);
      const future = await get('/api/v1/reports/mapping?asOf=2999-01-01');
      assert.equal(future.status, 400);
      assert.match(future.body, /is in the future/);
      const garbage = await get('/api/v1/reports/mapping?asOf=last%20june');
      assert.equal(garbage.status, 400);
      assert.match(garbage.body, /give a day as YYYY-MM-DD/);
      const form = await get('/reports/mapping?asOf=2001-01-01');
      assert.equal(form.status, 400);
      const problem = parse(form.body).querySelector('#field-asOf-error');
      assert.match(problem?.text ?? '', /no records existed before/);
    });
  });
}

test('atlas report --as-of writes the report of that day, and says what to give for a day before the records', () => {
  const { dir, env, atlas } = cliSandbox('atlas-report-as-of-');
  env.REFERENCE_DIR = REFERENCE_DIR;
  assert.equal(atlas('db', 'seed').code, 0);
  const today = new Date().toISOString().slice(0, 10);
  const out = join(dir, 'mapping.html');
  const made = atlas('report', 'mapping', '--as-of', today, '--out', out);
  assert.equal(made.code, 0, made.err);
  assert.match(made.err, /reading the records as they were then/);
  const html = parse(readFileSync(out, 'utf8')).text;
  assert.match(html, /Records as of/);
  const early = atlas('report', 'mapping', '--as-of', '2001-01-01', '--out', join(dir, 'x.html'));
  assert.notEqual(early.code, 0);
  assert.match(early.err, /no records existed before .*; the earliest is from/);
});
