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
import {
  listRecommendations,
  upsertRecommendation,
} from '../../src/repositories/recommendations.ts';
import { getBarrierOverview } from '../../src/services/barriers.ts';
import { engagementSummary } from '../../src/services/engagement.ts';
import { recommendationContent } from '../../src/services/recommendations.ts';
import { parseReportOptions, type RawReportOptions } from '../../src/services/reports.ts';
import { LOCALES, type Locale, t, withLocale } from '../../src/web/i18n.ts';
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

/** A recommendation as the API lists it (the fields the scope and the counts need). */
interface ApiRecommendation {
  slug: string;
  kind: string;
  level: string;
  barriers: string[];
  regions: string[];
}

interface Partner {
  code: string;
  partner: boolean;
}

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
      // The European recommendations concern every region: their chart and tables are not zeros.
      const ofRecommendations = (id: string) => /^(chart|table)-recommendations-/.test(id);
      const { figures, tables } = reportFigures(doc);
      assert.equal(figures.filter((f) => !ofRecommendations(f.id)).length, 0, 'no chart of zeros');
      for (const f of figures)
        assert.ok(f.kind === 'chart' && f.values.some((v) => (v[0] ?? 0) > 0), f.id);
      assert.deepEqual(
        tables.map((t) => t.id).filter((id) => !ofRecommendations(id)),
        [`table-fact-sheet-${quiet.code}`],
      );
      assert.equal(section(doc, `fact-sheet-${quiet.code}`).heading, 'Rivne oblast');
    });

    test('the fact sheets link each headline figure to its records', async () => {
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
      assert.equal(section(doc, 'fact-sheets').appendix, true);
    });

    /** The recommendations of the API that concern some regions: European ones, and those for them or their countries. */
    const recommendationsFor = async (codes: readonly string[]) => {
      const list = (await site.json('/api/v1/recommendations?pageSize=100')) as {
        total: number;
        items: ApiRecommendation[];
      };
      assert.equal(list.items.length, list.total, 'every recommendation on one page');
      const regions = (await site.json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        country: string;
      }[];
      const places = new Set(codes);
      for (const r of regions) if (places.has(r.code)) places.add(r.country);
      return list.items.filter(
        (r) => r.level === 'european' || r.regions.some((g) => places.has(g)),
      );
    };

    /** The recommendations a report lists: the slugs its tables' rows link to, by source. */
    const listed = (doc: ReportDocument) =>
      reportFigures(doc)
        .tables.filter((t) => /^table-recommendations-(?!barriers)/.test(t.id))
        .flatMap((t) =>
          t.rows.map((r) => ({
            kind: t.id.replace('table-recommendations-', ''),
            slug: r.link?.href.match(/^\/recommendations\/([^/?#]+)$/)?.[1],
            barriers: cellValue(r.cells[2] ?? null),
          })),
        );

    /** The report's count per barrier, read from its table. */
    const perBarrier = (doc: ReportDocument) =>
      new Map(
        table(doc, 'table-recommendations-barriers').rows.map((r) => [
          rowBarrier(r),
          cellValue(r.cells[1] ?? null),
        ]),
      );

    test('the recommendations are the records in scope, by source, with how many address each barrier', async () => {
      const doc = await build();
      const partners = ((await site.json('/api/v1/regions?pageSize=100')).items as Partner[])
        .filter((r) => r.partner)
        .map((r) => r.code);
      const expected = await recommendationsFor(partners);
      // By hand from data/reference/recommendations.json: 28 recommendations, of which the three
      // for Ireland (not a partner region) are out of scope.
      assert.equal(expected.length, 25);
      // The count the section states, read off its paragraph.
      const stated = section(doc, 'recommendations')
        .blocks.filter((b) => b.kind === 'paragraph')
        .map((b) => inlineText(b.text).match(/^Recommendations in scope: (\d+)\./)?.[1])
        .find((n) => n !== undefined);
      assert.equal(Number(stated), expected.length, 'the stated count of recommendations');
      const rows = listed(doc);
      assert.deepEqual(rows.map((r) => r.slug).sort(), expected.map((r) => r.slug).sort());
      for (const r of expected) {
        const row = rows.find((x) => x.slug === r.slug);
        assert.equal(row?.kind, r.kind, `${r.slug} under its source`);
        assert.equal(
          row?.barriers,
          r.barriers.map((b) => t(`codes.barrier.${b}`)).join('; '),
          r.slug,
        );
      }
      const counts = perBarrier(doc);
      assert.equal(counts.size, 17, 'a row per barrier of the codebook');
      for (const [barrier, n] of counts) {
        assert.ok(barrier, 'each row links to its barrier');
        assert.equal(n, expected.filter((r) => r.barriers.includes(barrier)).length, barrier);
      }
      assert.equal(counts.get('B16'), 12, 'by hand: twelve recommendations in scope address B16');
      const chart = reportFigures(doc).figures.find(
        (c) => c.id === 'chart-recommendations-barriers',
      );
      assert.ok(chart?.kind === 'chart', 'a chart of the counts');
      assert.deepEqual(
        chart.values.map((v) => v[0]),
        [...counts.values()],
      );
      // No source is left without its subsection; the EP PerMed next steps are all in.
      assert.equal(
        listed(doc).filter((r) => r.kind === 'pillar_next_step').length,
        expected.filter((r) => r.kind === 'pillar_next_step').length,
      );
    });

    test('a report on some regions lists the European recommendations and those for them or their countries', async () => {
      const doc = await build({ regions: ['ES51', 'SE232'] });
      const expected = await recommendationsFor(['ES51', 'SE232']);
      const slugs = listed(doc).map((r) => r.slug);
      assert.deepEqual([...slugs].sort(), expected.map((r) => r.slug).sort());
      assert.ok(slugs.includes('es51-alignment-pathways-financing'));
      assert.ok(slugs.includes('se232-national-standards-e-consent'));
      assert.ok(!slugs.some((s) => s?.startsWith('nl-') || s?.startsWith('icpermed-ipposi')));
      for (const [barrier, n] of perBarrier(doc))
        assert.equal(n, expected.filter((r) => r.barriers.includes(barrier ?? '')).length);
      const de = await build({ lang: 'de', sections: ['recommendations'] });
      assert.doesNotMatch(JSON.stringify(de), /(reportCross|recommendations|codes)\.[a-zA-Z]/);
      assert.equal(
        section(de, 'recommendations-ec_action').heading,
        catalogue('de', 'recommendations').kindEcAction,
      );
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

    // Changes a record too: a recommendation changed after the moment a report is made as of.
    test('a report as of a moment lists the recommendations as they were then', async () => {
      const before = section(await build(), 'recommendations');
      const at = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const [record] = await listRecommendations(site.db.kysely, 'ec-interregional-cooperation');
      assert.ok(record && !record.barriers.includes('B03'));
      await upsertRecommendation(
        site.db.kysely,
        (({ barriers, ...rest }) => ({ ...rest, barriers: [...barriers, 'B03' as const] }))(
          recommendationContent(record),
        ),
        { now: new Date().toISOString(), actor: 'test' },
      );
      const now = await build({ sections: ['recommendations'] });
      const past = await build({ sections: ['recommendations'], asOf: at });
      const b03 = (doc: ReportDocument) => perBarrier(doc).get('B03');
      assert.equal(b03(now), Number(b03(past)) + 1, 'now one more recommendation addresses B03');
      assert.deepEqual(section(past, 'recommendations'), before, 'as of then: as it was then');
    });
  });
}
