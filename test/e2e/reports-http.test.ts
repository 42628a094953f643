/**
 * Reports over HTTP, the API and the CLI (issue 16): the form, the options' errors (a 400 naming
 * the allowed values, the page's form again), figures on the report page read back and compared
 * with the API's own counts, the files (DOCX, ZIP, HTML, PDF) and their cache per data version.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import type { ReportDocument, TableBlock } from '../../src/domain/report.ts';
import { Initiative } from '../../src/domain/schemas.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { LOCALES } from '../../src/web/i18n.ts';
import { cliSandbox } from '../helpers/cli.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

/** A table of a report's document by id, wherever it is. */
function tableOf(doc: ReportDocument, id: string): TableBlock {
  const found: TableBlock[] = [];
  const walk = (sections: ReportDocument['sections']) => {
    for (const s of sections) {
      for (const b of s.blocks) if (b.kind === 'table' && b.id === id) found.push(b);
      walk(s.sections ?? []);
    }
  };
  walk(doc.sections);
  assert.ok(found[0], `the report has a table ${id}`);
  return found[0];
}

/** The figures of a table as the page shows them: each body row's header and its numbers. */
function pageTable(html: string, id: string): { head: string; numbers: number[] }[] {
  const table = parse(html).querySelector(`#table-${id}`);
  assert.ok(table, `the page shows table ${id}`);
  return table.querySelectorAll('tbody tr').map((tr) => ({
    head: tr.querySelector('th')?.text.trim() ?? '',
    numbers: tr
      .querySelectorAll('td.num')
      .map((td) => td.text.trim())
      .filter((x) => x !== '' && x !== '–')
      .map((x) => Number(x.replace(/[,.\s\u00a0\u202f]/g, ''))),
  }));
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

for (const dialect of DIALECTS) {
  describe(`reports over HTTP and the API (${dialect.name})`, () => {
    const app = referenceApp(dialect);
    const text = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    };

    test('the form lists the four kinds; a kind shows its own options', async () => {
      const page = await text('/reports');
      assert.equal(page.status, 200);
      for (const k of ['mapping', 'cross-regional', 'fact-sheet', 'changes'])
        assert.match(page.body, new RegExp(`href="/reports\\?kind=${k}"`));
      const form = await text('/reports?kind=fact-sheet');
      assert.match(form.body, /<form method="get" action="\/reports\/fact-sheet"/);
      assert.match(form.body, /name="region" value="ES51"/);
      assert.doesNotMatch(form.body, /name="domain"/, 'a fact sheet has no domain choice');
    });

    test('options that cannot be used: a 400 naming what is allowed, and nothing generated', async () => {
      const page = await text('/reports/fact-sheet?region=XX');
      assert.equal(page.status, 400);
      assert.match(page.body, /unknown region &quot;XX&quot;; allowed values: .*ES51/);
      assert.match(
        page.body,
        /<form method="get" action="\/reports\/fact-sheet"/,
        'the form again',
      );
      assert.match((await text('/reports/fact-sheet')).body, /exactly one region/);
      const format = await text('/reports/mapping?format=odt');
      assert.equal(format.status, 400);
      assert.match(format.body, /formats: html, pdf, docx, zip/);
      const api = await app.request('/api/v1/reports/fact-sheet?region=XX');
      assert.equal(api.status, 400);
      const problem = (await api.json()) as { parameter: string; allowed: string[] };
      assert.equal(problem.parameter, 'region');
      assert.ok(problem.allowed.includes('ES51'));
      const lang = (await (await app.request('/api/v1/reports/mapping?lang=xx')).json()) as {
        detail: string;
      };
      for (const l of LOCALES) assert.match(lang.detail, new RegExp(`\\b${l}\\b`));
      assert.equal((await app.request('/api/v1/reports/nothing')).status, 404);
      const changes = await app.request('/api/v1/reports/changes');
      assert.equal(changes.status, 400, 'changes needs a campaign round');
    });

    test("the mapping report's domain × type table equals the statistics, in the API and on the page", async () => {
      const doc = (await app.json('/api/v1/reports/mapping')) as ReportDocument;
      const stats = (await app.json('/api/v1/statistics')) as {
        domainByType: { cells: number[][]; rowTotals: number[]; total: number };
      };
      const table = tableOf(doc, 'domain-type');
      const body = table.rows.filter((r) => !r.total);
      const expected = stats.domainByType.cells.map((row, i) => [
        ...row,
        stats.domainByType.rowTotals[i],
      ]);
      const numbers = (cells: TableBlock['rows'][number]['cells']) =>
        cells
          .map((c) => (c !== null && typeof c === 'object' ? c.value : c))
          .filter((v): v is number => typeof v === 'number');
      assert.deepEqual(
        body.map((r) => numbers(r.cells)),
        expected,
      );
      const page = await text('/reports/mapping');
      assert.equal(page.status, 200);
      const shown = pageTable(page.body, 'domain-type');
      assert.deepEqual(
        shown.filter((r) => r.numbers.length > 0).map((r) => r.numbers),
        [...expected, [...numbers(table.rows.at(-1)?.cells ?? [])]],
      );
      assert.equal(numbers(table.rows.at(-1)?.cells ?? []).at(-1), stats.domainByType.total);
    });

    test('the cross-regional page counts 158 interviews and 199 workshop participants, as the engagement API does', async () => {
      const engagement = (await app.json('/api/v1/engagement')) as {
        totals: { interviews: number; workshopParticipants: number };
      };
      assert.equal(engagement.totals.interviews, 158);
      assert.equal(engagement.totals.workshopParticipants, 199);
      const page = await text('/reports/cross-regional');
      const interviews = pageTable(page.body, 'table-interviews');
      // The total row: interviews in all, then per stakeholder group.
      assert.equal(interviews.at(-1)?.numbers[0], engagement.totals.interviews);
      const workshops = pageTable(page.body, 'table-workshops');
      const participants = workshops.at(-1)?.numbers ?? [];
      assert.ok(participants.includes(199), `the workshops' total row shows 199: ${participants}`);
      assert.match(page.body, /Crete/);
    });

    test('files: DOCX, ZIP and HTML as attachments; kept until the data changes, then made anew', async () => {
      const get = async (path: string) => {
        const res = await app.request(path);
        return { res, body: Buffer.from(await res.arrayBuffer()) };
      };
      const path = '/reports/fact-sheet?region=ES51&format=docx';
      const first = await get(path);
      assert.equal(first.res.status, 200);
      assert.equal(first.res.headers.get('content-type'), DOCX);
      assert.equal(
        first.res.headers.get('content-disposition'),
        'attachment; filename="permed-atlas-fact-sheet-ES51-en.docx"',
      );
      assert.equal(first.body.subarray(0, 2).toString(), 'PK');
      const again = await get(path);
      assert.ok(again.body.equals(first.body), 'the same data gives the kept file');
      const before = (await app.json('/api/v1/reports/fact-sheet?region=ES51')) as ReportDocument;
      await app.db.kysely
        .transaction()
        .execute((trx) =>
          saveInitiative(
            trx,
            Initiative.parse(catalanInitiative('report-cache-check')),
            'test',
            new Date().toISOString(),
          ),
        );
      const after = (await app.json('/api/v1/reports/fact-sheet?region=ES51')) as ReportDocument;
      assert.notEqual(after.colophon.dataVersion, before.colophon.dataVersion);
      const reported = (doc: ReportDocument) => tableOf(doc, 'headline-figures').rows[0]?.cells[1];
      const listed = (await app.json('/api/v1/initiatives?region=ES51')) as { total: number };
      assert.deepEqual(reported(after), { ...(reported(after) as object), value: listed.total });
      const changed = await get(path);
      assert.ok(!changed.body.equals(first.body), 'a change to the data makes a new file');
      const zip = await get('/api/v1/reports/fact-sheet?region=ES51&format=zip');
      assert.equal(zip.res.headers.get('content-type'), 'application/zip');
      assert.equal(zip.body.subarray(0, 2).toString(), 'PK');
      const html = await get('/api/v1/reports/fact-sheet?region=ES51&format=html&lang=de');
      assert.match(html.body.toString(), /^<!doctype html>\s*<html lang="de">/);
    });

    test('PDF: printed by chromium, tagged, in the language asked for', async () => {
      const res = await app.request('/reports/fact-sheet?region=EL43&format=pdf&lang=es');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const file = join(mkdtempSync(join(tmpdir(), 'atlas-report-')), 'crete.pdf');
      writeFileSync(file, pdf);
      assert.match(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), /Tagged:\s+yes/);
      assert.match(pdf.toString('latin1'), /\/Lang \(es\)/);
      const words = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      assert.match(words, /Creta|Crete/);
    });

    test('fact sheets: every partner region prints on two to four pages', async () => {
      const regions = (await (await app.request('/api/v1/regions?pageSize=100')).json()) as {
        total: number;
        items: { code: string; partner: boolean }[];
      };
      assert.equal(regions.items.length, regions.total);
      const codes = regions.items.filter((r) => r.partner).map((r) => r.code);
      assert.ok(codes.length >= 10, `${codes.length} partner regions`);
      const dir = mkdtempSync(join(tmpdir(), 'atlas-sheets-'));
      for (const code of codes) {
        const res = await app.request(`/reports/fact-sheet?region=${code}&format=pdf`);
        assert.equal(res.status, 200, code);
        const file = join(dir, `${code}.pdf`);
        writeFileSync(file, Buffer.from(await res.arrayBuffer()));
        const pages = Number(
          /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1],
        );
        assert.ok(pages >= 2 && pages <= 4, `${code}: ${pages} pages`);
      }
    });

    test('Greek and Ukrainian fact sheets print their own scripts, every font embedded', async () => {
      for (const [region, lang, script] of [
        ['EL43', 'el', /[\u0370-\u03ff]{4,}/],
        ['UA-56', 'uk', /[\u0400-\u04ff]{4,}/],
      ] as const) {
        const res = await app.request(
          `/reports/fact-sheet?region=${region}&format=pdf&lang=${lang}`,
        );
        assert.equal(res.status, 200);
        const file = join(mkdtempSync(join(tmpdir(), 'atlas-script-')), `${lang}.pdf`);
        writeFileSync(file, Buffer.from(await res.arrayBuffer()));
        const words = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        assert.match(words, script, `${lang}: text in its script`);
        assert.doesNotMatch(words, /\ufffd/, `${lang}: no replacement characters`);
        const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2);
        const rows = fonts.filter((l) => l.trim() !== '');
        assert.ok(rows.length > 0);
        // Columns: name type encoding emb sub uni object ID; every font embedded ("yes").
        for (const row of rows)
          assert.match(row, /\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/, row);
      }
    });
  });
}

test('atlas report writes a file with a progress line, and names what is allowed when an option is wrong', () => {
  const { dir, env, atlas } = cliSandbox('atlas-report-');
  env.REFERENCE_DIR = REFERENCE_DIR;
  assert.equal(atlas('db', 'seed').code, 0);
  const out = join(dir, 'catalonia.docx');
  const made = atlas('report', 'fact-sheet', '--region', 'ES51', '--out', out);
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /catalonia\.docx: fact-sheet report, DOCX, \d+ bytes/);
  assert.match(made.err, /counting the records/);
  assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK');
  const wrong = atlas('report', 'fact-sheet', '--region', 'XX', '--out', join(dir, 'x.pdf'));
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.err, /unknown region "XX"; allowed values: .*ES51/);
  const noKind = atlas('report', '--out', join(dir, 'x.pdf'));
  assert.equal(noKind.code, 2);
  assert.match(noKind.err, /mapping, cross-regional, fact-sheet, changes/);
  const format = atlas('report', 'mapping', '--out', join(dir, 'x.odt'));
  assert.equal(format.code, 2);
  assert.match(format.err, /html, pdf, docx, zip/);
});
