/**
 * The cross-regional report (issue 16) on the reference data, on both databases: its interview
 * and workshop tables equal the engagement records (158 interviews, 199 participants, the printed
 * Crete row with its note), each barrier's region count equals the /barriers matrix and the API,
 * the quotations are the statements on record, a region filter narrows every part and says so,
 * and a Spanish report speaks Spanish.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  type Block,
  cellValue,
  inlineText,
  type ReportDocument,
  type ReportSection,
  reportFigures,
  type TableBlock,
} from '../../src/domain/report.ts';
import { reportContext } from '../../src/reports/common.ts';
import { buildCrossRegionalReport } from '../../src/reports/cross-regional.ts';
import { listFigures, upsertFigure } from '../../src/repositories/figures.ts';
import { getBarrierOverview } from '../../src/services/barriers.ts';
import { engagementSummary } from '../../src/services/engagement.ts';
import { parseReportOptions, type RawReportOptions } from '../../src/services/reports.ts';
import { LOCALES, type Locale, withLocale } from '../../src/web/i18n.ts';
import { catalogueProblems } from '../../tools/catalogue.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

const catalogue = (lang: string, ns: string) =>
  JSON.parse(
    readFileSync(new URL(`../../src/web/i18n/${lang}/${ns}.json`, import.meta.url), 'utf8'),
  ) as Record<string, string>;

/** Every section of a report, depth first. */
function allSections(sections: readonly ReportSection[]): ReportSection[] {
  return sections.flatMap((s) => [s, ...allSections(s.sections ?? [])]);
}

function section(doc: ReportDocument, id: string): ReportSection {
  const found = allSections(doc.sections).find((s) => s.id === id);
  assert.ok(found, `section ${id}`);
  return found;
}

function table(doc: ReportDocument, id: string): TableBlock {
  const found = reportFigures(doc).tables.find((t) => t.id === id);
  assert.ok(found, `table ${id}`);
  return found;
}

/** Every block of a section and its subsections. */
const blocksOf = (s: ReportSection): Block[] => allSections([s]).flatMap((x) => [...x.blocks]);

/** The region code a row links to (/regions/{code}). */
const rowRegion = (row: TableBlock['rows'][number]) =>
  row.link?.href.match(/^\/regions\/([^/?#]+)$/)?.[1];

/** The barrier code a barrier table row links to (/barriers/{code}). */
const rowBarrier = (row: TableBlock['rows'][number]) => {
  const first = row.cells[0];
  const href = first !== null && typeof first === 'object' ? first.link?.href : undefined;
  return href?.match(/^\/barriers\/(B\d+)$/)?.[1];
};

for (const dialect of DIALECTS) {
  describe(`the cross-regional report on the reference data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const made = new Map<string, Promise<ReportDocument>>();
    /** A report for the options, made once per set of options in this file. */
    const build = (raw: RawReportOptions = {}) => {
      const key = JSON.stringify(raw);
      let doc = made.get(key);
      if (!doc) {
        const lang = (raw.lang ?? 'en') as Locale;
        doc = withLocale(lang, async () =>
          buildCrossRegionalReport(
            await reportContext(
              site.db,
              await parseReportOptions(site.db, { kind: 'cross-regional', lang, ...raw }, LOCALES),
            ),
          ),
        );
        made.set(key, doc);
      }
      return doc;
    };

    test('table 3 counts 158 interviews, each region as engagementSummary, and shows the Crete row with its note', async () => {
      const doc = await build();
      const e = await engagementSummary(site.db);
      const t3 = table(doc, 'table-interviews');
      const total = t3.rows.find((r) => r.total);
      assert.equal(cellValue(total?.cells[1] ?? null), 158);
      assert.equal(cellValue(total?.cells[1] ?? null), e.totals.interviews);
      const rows = t3.rows.filter((r) => !r.total);
      assert.equal(rows.length, e.interviews.length);
      for (const i of e.interviews) {
        const row = rows.find((r) => rowRegion(r) === i.region);
        assert.ok(row, `a row for ${i.region}`);
        assert.equal(cellValue(row.cells[1] ?? null), i.printedTotal, i.region);
      }
      // Every group column's total equals the records' group total.
      t3.header.slice(2).forEach((_, k) => {
        const sum = rows.reduce((a, r) => a + Number(cellValue(r.cells[k + 2] ?? null) ?? 0), 0);
        assert.equal(cellValue(total?.cells[k + 2] ?? null), sum);
      });
      const finding = e.interviewNotes.get('EL43');
      assert.ok(finding, 'the records hold a data-quality note on the Crete row');
      const crete = rows.find((r) => rowRegion(r) === 'EL43');
      assert.equal(cellValue(crete?.cells[0] ?? null), 'Crete');
      assert.equal(cellValue(crete?.cells[1] ?? null), 10, 'the printed total, as printed');
      assert.match(crete?.note ?? '', new RegExp(`${finding.stated}\\b.*\\b${finding.found}\\b`));
      const notes = section(doc, 'methodology').blocks.filter(
        (b) => b.kind === 'note' && b.tone === 'discrepancy',
      );
      assert.ok(
        notes.some(
          (n) =>
            n.kind === 'note' &&
            new RegExp(
              `^Crete: .*\\b${finding.stated}\\b.*\\b${e.totals.interviews}\\b.*\\b${
                e.totals.interviews - (finding.stated ?? 0) + (finding.found ?? 0)
              }\\b`,
            ).test(inlineText(n.text)),
        ),
        'a discrepancy note says what the Crete row does to the total: 158 as printed, 159 from its groups',
      );
      assert.ok(
        notes.some((n) => n.kind === 'note' && /159.*158/.test(inlineText(n.text))),
        'the printed column totals (159) against the printed total (158)',
      );
    });

    test('table 4 counts 199 workshop participants, region by region as the records', async () => {
      const doc = await build();
      const e = await engagementSummary(site.db);
      const t4 = table(doc, 'table-workshops');
      const last = t4.header.length - 1;
      const total = t4.rows.find((r) => r.total);
      assert.equal(cellValue(total?.cells[last] ?? null), 199);
      assert.equal(cellValue(total?.cells[last] ?? null), e.totals.workshopParticipants);
      for (const w of e.workshops) {
        const row = t4.rows.find((r) => rowRegion(r) === w.region);
        assert.equal(cellValue(row?.cells[last] ?? null), w.participants, w.region);
      }
      // Baden-Württemberg held none; the table says what its report says instead.
      assert.ok(!t4.rows.some((r) => rowRegion(r) === 'DE1'));
      assert.ok((t4.notes ?? []).some((n) => inlineText(n).startsWith('Baden-Württemberg')));
    });

    // The report's region column counts statements (the fact sheets have a column of their own):
    // the matrix of /barriers?evidence=statements.
    test("each barrier's region count equals the matrix of /barriers and the API's", async () => {
      const doc = await build();
      const o = await getBarrierOverview(site.db, 'statements');
      const api = (await site.json('/api/v1/statistics/barriers?evidence=statements')) as {
        rows: string[];
        cells: number[][];
      };
      const counted = new Map<string, number>();
      for (const cat of o.categories) {
        const t = table(doc, `table-barriers-${cat.code}`);
        const chart = reportFigures(doc).figures.find((f) => f.id === `chart-barriers-${cat.code}`);
        assert.ok(chart?.kind === 'chart' && chart.tableId === t.id);
        t.rows.forEach((row, i) => {
          const code = rowBarrier(row);
          assert.ok(code, 'each row links its barrier');
          const n = Number(cellValue(row.cells[1] ?? null));
          counted.set(code, n);
          assert.deepEqual(chart.values[i], [n], `the figure shows the table's count of ${code}`);
        });
      }
      assert.equal(counted.size, o.matrix.rows.length);
      o.matrix.rows.forEach((code, i) => {
        const page = (o.matrix.cells[i] ?? []).filter((n) => n > 0).length;
        const j = api.rows.indexOf(code);
        const fromApi = (api.cells[j] ?? []).filter((n) => n > 0).length;
        assert.equal(counted.get(code), page, `${code} as on the matrix page`);
        assert.equal(counted.get(code), fromApi, `${code} as in the API`);
      });
    });

    test('each barrier quotes every statement on record for it, with the region it comes from', async () => {
      const doc = await build();
      const evidence = (await site.json('/api/v1/evidence?pageSize=100')) as {
        items: {
          key: string;
          region: string | null;
          barriers: string[];
          quote: { text: string } | null;
        }[];
      };
      for (const code of ['B01', 'B08', 'B17']) {
        const quotes = blocksOf(section(doc, `barrier-${code}`)).filter((b) => b.kind === 'quote');
        const expected = evidence.items.filter((e) => e.barriers.includes(code) && e.region);
        assert.equal(quotes.length, expected.length, code);
        for (const q of quotes) {
          assert.ok(q.kind === 'quote');
          const e = expected.find((x) => x.quote?.text === q.text);
          assert.ok(e, `the quotation of ${code} is a statement on record`);
          const runs = typeof q.source === 'string' ? [] : q.source;
          assert.equal(runs[0]?.link?.href, `/regions/${e.region}`);
          assert.match(inlineText(q.source), /PRECISEU D6\.1/);
        }
      }
    });

    test('regions narrow every part of the report, and the report says so', async () => {
      const regions = ['EL43', 'ES51'];
      const doc = await build({ regions });
      const e = await engagementSummary(site.db);
      const t3 = table(doc, 'table-interviews');
      assert.deepEqual(
        t3.rows
          .filter((r) => !r.total)
          .map(rowRegion)
          .sort(),
        regions,
      );
      const expected = e.interviews
        .filter((i) => regions.includes(i.region))
        .reduce((a, i) => a + (i.printedTotal ?? 0), 0);
      assert.equal(cellValue(t3.rows.find((r) => r.total)?.cells[1] ?? null), expected);
      const o = await getBarrierOverview(site.db, 'statements');
      const cols = o.matrix.columns
        .map((c, i) => [c, i] as const)
        .filter(([c]) => regions.includes(c));
      for (const cat of o.categories)
        for (const row of table(doc, `table-barriers-${cat.code}`).rows) {
          const code = rowBarrier(row) ?? '';
          const cells = o.matrix.cells[o.matrix.rows.indexOf(code)] ?? [];
          const n = cols.filter(([, i]) => (cells[i] ?? 0) > 0).length;
          assert.equal(cellValue(row.cells[1] ?? null), n, code);
        }
      for (const q of blocksOf(section(doc, 'barriers')))
        if (q.kind === 'quote' && typeof q.source !== 'string')
          assert.ok(regions.map((r) => `/regions/${r}`).includes(q.source[0]?.link?.href ?? ''));
      assert.deepEqual(
        allSections(doc.sections)
          .filter((s) => s.id.startsWith('fact-sheet-'))
          .map((s) => s.id)
          .sort(),
        ['fact-sheet-EL43', 'fact-sheet-ES51'],
      );
      const note = section(doc, 'barriers').blocks.find(
        (b) => b.kind === 'note' && b.tone === 'info',
      );
      assert.ok(note?.kind === 'note' && /Crete.*Catalonia/.test(inlineText(note.text)));
      assert.match(doc.colophon.href, /region=EL43&region=ES51/);
    });

    test('a region without interviews, statements or practices: the report says so instead of tables of zeros', async () => {
      const partners = (await site.json('/api/v1/regions?pageSize=100')) as {
        items: { code: string; partner: boolean; statements: number }[];
      };
      const e = await engagementSummary(site.db);
      const quiet = partners.items.find(
        (r) =>
          r.partner &&
          r.statements === 0 &&
          !e.interviews.some((i) => i.region === r.code) &&
          !e.workshops.some((w) => w.region === r.code),
      );
      assert.ok(quiet, 'the reference data has such a partner region (Rivne)');
      const doc = await build({ regions: [quiet.code] });
      for (const id of ['methodology', 'barriers']) {
        const s = section(doc, id);
        assert.ok(
          s.blocks.some((b) => b.kind === 'note' && b.tone === 'empty'),
          id,
        );
        assert.deepEqual(s.sections ?? [], [], `${id} has no empty subsections`);
      }
      assert.equal(reportFigures(doc).figures.length, 0, 'no chart of zeros');
      assert.deepEqual(
        reportFigures(doc).tables.map((t) => t.id),
        [`table-fact-sheet-${quiet.code}`],
      );
      assert.equal(section(doc, `fact-sheet-${quiet.code}`).heading, 'Rivne oblast');
    });

    test('the fact sheets link each headline figure to its records; the way forward holds the pillars', async () => {
      const doc = await build();
      const sheet = table(doc, 'table-fact-sheet-ES51');
      for (const row of sheet.rows) {
        const c = row.cells[1];
        assert.ok(c !== null && typeof c === 'object' && c.link?.href.startsWith('/'));
      }
      const api = (await site.json('/api/v1/regions/ES51')) as {
        initiatives: number;
        statements: number;
        practicesFrom: unknown[];
        interviews: { printedTotal: number | null } | null;
      };
      assert.deepEqual(
        sheet.rows.map((r) => cellValue(r.cells[1] ?? null)),
        [api.initiatives, api.statements, api.practicesFrom.length, api.interviews?.printedTotal],
      );
      const pillars = section(doc, 'recommendations-pillars');
      assert.equal(pillars.blocks.filter((b) => b.kind === 'list').length, 5);
      assert.equal(section(doc, 'fact-sheets').appendix, true);
      const actions = section(doc, 'recommendations-regions');
      assert.equal(actions.blocks[0]?.kind === 'note' && actions.blocks[0].tone, 'empty');
    });

    test('a Spanish report has Spanish headings and no raw keys; sections can be chosen', async () => {
      const es = await build({ lang: 'es', sections: ['methodology', 'barriers'] });
      const cat = catalogue('es', 'reportCross');
      assert.equal(es.lang, 'es');
      assert.deepEqual(
        es.sections.map((s) => s.heading),
        [cat.methodology, cat.barriers],
      );
      assert.equal(es.title, cat.title);
      assert.notEqual(es.title, catalogue('en', 'reportCross').title);
      assert.equal(table(es, 'table-interviews').caption, cat.interviewsCaption);
      for (const lang of LOCALES) {
        const doc = await build({ lang, sections: ['methodology', 'barriers', 'fact-sheets'] });
        assert.doesNotMatch(JSON.stringify(doc), /report(Cross|s)\.[a-zA-Z]/, lang);
      }
      // A domain does not narrow this report, and the report says so rather than ignore it.
      const withDomain = await build({ domains: ['ecosystem'], sections: ['methodology'] });
      const domainNote = withDomain.sections[0]?.blocks.find(
        (b) => b.kind === 'note' && b.tone === 'info',
      );
      assert.ok(domainNote?.kind === 'note');
      assert.equal(inlineText(domainNote.text), catalogue('en', 'reportCross').domainsNote);
      assert.equal(
        cellValue(
          table(withDomain, 'table-interviews').rows.find((r) => r.total)?.cells[1] ?? null,
        ),
        158,
      );
      // Every language has every message of the report, in each plural form it needs.
      for (const lang of LOCALES)
        assert.deepEqual(
          catalogueProblems(lang).filter((p) => p.includes('reportCross.')),
          [],
        );
    });

    // Last, as it changes a record: a figure the source states otherwise than the records.
    test('a source figure the records do not give is a discrepancy note with both values', async () => {
      const [figure] = (await listFigures(site.db.kysely)).filter(
        (f) => f.measure?.of === 'workshop_participants',
      );
      assert.ok(figure, 'D6.1 states the workshop participants');
      const before = section(await build(), 'methodology');
      const says = (s: ReportSection, text: RegExp) =>
        s.blocks.some(
          (b) => b.kind === 'note' && b.tone === 'discrepancy' && text.test(inlineText(b.text)),
        );
      assert.ok(!says(before, new RegExp(figure.label.replace(/[()]/g, '.'))));
      await upsertFigure(
        site.db.kysely,
        { ...figure, value: figure.value + 12 },
        { now: new Date().toISOString(), actor: 'test' },
      );
      const after = section(await build({ sections: ['methodology'] }), 'methodology');
      assert.ok(
        says(
          after,
          new RegExp(
            `${figure.label.replace(/[()]/g, '.')}: .*\\b${figure.value + 12}\\b.*\\b199\\b`,
          ),
        ),
        'the note names the figure, the stated 211 and the 199 on record',
      );
    });
  });
}
