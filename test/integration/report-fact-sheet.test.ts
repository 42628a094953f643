import assert from 'node:assert/strict';
import type { Db } from '../../src/db/connect.ts';

import {
  type Block,
  cellValue,
  inlineText,
  REPORT_SECTIONS,
  type ReportDocument,
  type ReportSection,
  type TableBlock,
} from '../../src/domain/report.ts';
import { reportContext } from '../../src/reports/common.ts';
import { buildFactSheet } from '../../src/reports/fact-sheet.ts';
import { checkDataQuality } from '../../src/services/quality.ts';
import { getRegionView } from '../../src/services/regions.ts';
import { parseReportOptions, type RawReportOptions } from '../../src/services/reports.ts';
import { type Locale, t, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

/** Builds a fact sheet with the given raw options, as the routes will. */
async function factSheet(
  db: Db,
  raw: Omit<RawReportOptions, 'kind'> & { regions: string[] },
): Promise<ReportDocument> {
  const lang = (raw.lang ?? 'en') as Locale;
  const options = await parseReportOptions(db, { kind: 'fact-sheet', lang, ...raw }, [
    'en',
    'es',
    'de',
  ]);
  return withLocale(lang, async () => buildFactSheet(await reportContext(db, options)));
}

function sectionsOf(sections: readonly ReportSection[]): ReportSection[] {
  return sections.flatMap((s) => [s, ...sectionsOf(s.sections ?? [])]);
}

function blocksIn(section: ReportSection | undefined): Block[] {
  return section ? sectionsOf([section]).flatMap((s) => [...s.blocks]) : [];
}

function table(doc: ReportDocument, id: string): TableBlock {
  const found = sectionsOf(doc.sections)
    .flatMap((s) => [...s.blocks])
    .find((b): b is TableBlock => b.kind === 'table' && b.id === id);
  return found ?? assert.fail(`no table ${id}`);
}

/** A linked number cell. */
function linked(cell: unknown): { value: number; href: string } {
  const c = cell as { value: unknown; link?: { href: string } } | null;
  assert.equal(typeof c?.value, 'number', 'a number cell');
  return { value: c?.value as number, href: c?.link?.href ?? assert.fail('a cell without a link') };
}

for (const dialect of DIALECTS) {
  describe(`region fact sheets on the reference data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const total = async (path: string) =>
      (await site.json(`${path}${path.includes('?') ? '&' : '?'}pageSize=1`)).total as number;

    test("Catalonia's statement counts equal its region view and the evidence API", async () => {
      const doc = await factSheet(site.db, { regions: ['ES51'] });
      const view = await getRegionView(site.db, 'ES51');
      assert.ok(view.evidence.length > 3);
      const statements = table(doc, 'barrier-statements');
      const rows = statements.rows.filter((r) => !r.total);
      const barriers = new Set(view.evidence.flatMap((e) => e.barriers));
      assert.equal(rows.length, barriers.size, 'a row per barrier named');
      for (const row of rows) {
        const label = cellValue(row.cells[1] ?? null);
        const code = [...barriers].find(
          (b) => withLocale('en', () => t(`codes.barrier.${b}`)) === label,
        );
        assert.ok(code, `barrier ${label}`);
        const cell = linked(row.cells[2]);
        assert.equal(cell.value, view.evidence.filter((e) => e.barriers.includes(code)).length);
        assert.equal(cell.value, await total(`/api/v1/evidence?region=ES51&barrier=${code}`), code);
        assert.match(cell.href, new RegExp(`^/barriers/${code}#ev-ES51$`));
      }
      const totalRow = statements.rows.find((r) => r.total) ?? assert.fail('no total row');
      assert.equal(linked(totalRow.cells[2]).value, view.evidence.length);
      assert.equal(linked(totalRow.cells[2]).value, await total('/api/v1/evidence?region=ES51'));
      const quotes = blocksIn(doc.sections.find((s) => s.id === 'barriers')).filter(
        (b) => b.kind === 'quote',
      );
      assert.ok(quotes.length > 0, 'the region is quoted');
      for (const q of quotes) {
        assert.ok(q.kind === 'quote');
        const e = view.evidence.find((x) => x.quote?.text === q.text);
        assert.ok(e?.quote, 'each quotation is a statement of the region');
        assert.match(inlineText(q.source), new RegExp(e.quote.attribution));
      }
    });

    test("Catalonia's initiatives table counts what the list gives for each cell", async () => {
      const doc = await factSheet(site.db, { regions: ['ES51'], sections: ['initiatives'] });
      const dt = table(doc, 'initiatives-domain-type');
      const all = await total('/api/v1/initiatives?region=ES51');
      const totalRow = dt.rows.find((r) => r.total) ?? assert.fail('no total row');
      assert.equal(linked(totalRow.cells.at(-1)).value, all);
      for (const row of dt.rows)
        for (const cell of row.cells.slice(1).map(linked))
          assert.equal(cell.value, await total(`/api/v1${cell.href}`), cell.href);
      const headline = await factSheet(site.db, { regions: ['ES51'], sections: ['overview'] });
      assert.equal(linked(table(headline, 'headline-figures').rows[0]?.cells[1]).value, all);
    });

    test("Crete's engagement section carries the data-quality note on its interview row", async () => {
      const doc = await factSheet(site.db, { regions: ['EL43'], sections: ['engagement'] });
      const finding = (await checkDataQuality(site.db)).find(
        (f) => f.kind === 'row_parts_total' && f.records[0]?.key === 'EL43',
      );
      assert.ok(finding?.stated !== undefined && finding.found !== undefined, 'the check finds it');
      const blocks = blocksIn(doc.sections[0]);
      const notes = blocks.filter((b) => b.kind === 'note' && b.tone === 'discrepancy');
      assert.equal(notes.length, 1);
      const text = notes[0]?.kind === 'note' ? inlineText(notes[0].text) : '';
      assert.match(text, new RegExp(`total of ${finding.stated} interviews`));
      assert.match(text, new RegExp(`add up to ${finding.found}\\.`));
      const interviews = table(doc, 'interviews');
      const printed = interviews.rows.find((r) => r.total);
      assert.equal(cellValue(printed?.cells[1] ?? null), finding.stated);
      assert.ok(printed?.note?.includes(String(finding.found)));
      const parts = interviews.rows
        .filter((r) => !r.total)
        .reduce((a, r) => a + Number(cellValue(r.cells[1] ?? null) ?? 0), 0);
      assert.equal(parts, finding.found, 'the groups as printed add up to what the check found');
      const catalonia = await factSheet(site.db, { regions: ['ES51'], sections: ['engagement'] });
      assert.ok(
        !blocksIn(catalonia.sections[0]).some((b) => b.kind === 'note' && b.tone === 'discrepancy'),
        'no note where the row adds up',
      );
    });

    test('every partner region gets a sheet of the six sections, empty parts said as such', async () => {
      const regions = (await site.json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        partner: boolean;
      }[];
      const partners = regions.filter((r) => r.partner).map((r) => r.code);
      assert.ok(partners.length >= 10);
      let empties = 0;
      for (const code of partners) {
        const doc = await factSheet(site.db, { regions: [code] });
        assert.deepEqual(
          doc.sections.map((s) => s.id),
          [...REPORT_SECTIONS['fact-sheet']],
          code,
        );
        empties += sectionsOf(doc.sections)
          .flatMap((s) => [...s.blocks])
          .filter((b) => b.kind === 'note' && b.tone === 'empty').length;
      }
      assert.ok(empties > 0, 'a region without interviews says so');
    });

    test('the options choose the sections, and the language the words', async () => {
      const doc = await factSheet(site.db, {
        regions: ['ES51'],
        sections: ['twinning', 'overview'],
      });
      assert.deepEqual(
        doc.sections.map((s) => s.id),
        ['overview', 'twinning'],
      );
      // The suggestions, strongest first, each with its reasons; every one on the twinning page.
      const list = blocksIn(doc.sections[1]).find((b) => b.kind === 'list');
      assert.ok(list?.kind === 'list');
      assert.match(inlineText(list.items[0] ?? []), /^Peer region: .+: shares /);
      assert.ok(
        JSON.stringify(blocksIn(doc.sections[1])).includes('/twinning?region=ES51'),
        'a link to every suggestion',
      );
      const de = await factSheet(site.db, {
        regions: ['ES51'],
        lang: 'de',
        sections: ['barriers'],
      });
      const want = withLocale('de', () => t('reportFactSheet.barriers'));
      assert.equal(de.sections[0]?.heading, want);
      assert.notEqual(want, t('reportFactSheet.barriers'));
      assert.equal(
        de.title,
        // The region's name in the report's language (data/reference/region-names.json).
        withLocale('de', () => t('reportFactSheet.title', { name: 'Katalonien' })),
      );
    });
  });
}
