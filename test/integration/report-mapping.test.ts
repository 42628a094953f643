import assert from 'node:assert/strict';
import type { Db } from '../../src/db/connect.ts';
import {
  type Block,
  cellValue,
  inlineText,
  type MapBlock,
  type ReportDocument,
  type ReportSection,
  type TableBlock,
} from '../../src/domain/report.ts';
import { reportContext } from '../../src/reports/common.ts';
import { buildMappingReport } from '../../src/reports/mapping.ts';
import { checkDataQuality } from '../../src/services/quality.ts';
import { parseReportOptions, type RawReportOptions } from '../../src/services/reports.ts';
import { getStats } from '../../src/services/stats.ts';
import { type Locale, t, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

/** Builds a mapping report with the given raw options, as the routes will. */
async function mappingReport(
  db: Db,
  raw: Omit<RawReportOptions, 'kind'> = {},
): Promise<ReportDocument> {
  const lang = (raw.lang ?? 'en') as Locale;
  const options = await parseReportOptions(db, { kind: 'mapping', lang, ...raw }, [
    'en',
    'es',
    'de',
  ]);
  return withLocale(lang, async () => buildMappingReport(await reportContext(db, options)));
}

/** Every section of a document, depth first. */
function sectionsOf(sections: readonly ReportSection[]): ReportSection[] {
  return sections.flatMap((s) => [s, ...sectionsOf(s.sections ?? [])]);
}

/** Every block of a document. */
function blocksOf(doc: ReportDocument): Block[] {
  return sectionsOf(doc.sections).flatMap((s) => [...s.blocks]);
}

function table(doc: ReportDocument, id: string): TableBlock {
  const found = blocksOf(doc).find((b): b is TableBlock => b.kind === 'table' && b.id === id);
  return found ?? assert.fail(`no table ${id}`);
}

/** A number cell's value and its link. */
function numberCell(cell: unknown): { value: number; href: string } {
  assert.ok(cell !== null && typeof cell === 'object', 'a linked cell');
  const c = cell as { value: unknown; link?: { href: string } };
  assert.equal(typeof c.value, 'number');
  return { value: c.value as number, href: c.link?.href ?? assert.fail('a cell without a link') };
}

for (const dialect of DIALECTS) {
  describe(`the mapping report on the reference data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const total = async (href: string) =>
      (await site.json(`/api/v1${href}${href.includes('?') ? '&' : '?'}pageSize=1`))
        .total as number;

    test('the domain × type table equals atlas stats, and each cell the list its link opens', async () => {
      const doc = await mappingReport(site.db);
      const stats = (await getStats(site.db)).domainByType;
      const dt = table(doc, 'domain-type');
      assert.equal(dt.rows.length, stats.rows.length + 1, 'a row per domain and a total row');
      for (const [i, row] of dt.rows.entries()) {
        const cells = row.cells.slice(1).map(numberCell);
        const want = row.total
          ? [...stats.columnTotals, stats.total]
          : [...(stats.cells[i] ?? []), stats.rowTotals[i]];
        assert.deepEqual(
          cells.map((c) => c.value),
          want,
          `row ${i}`,
        );
        for (const c of cells) assert.equal(await total(c.href), c.value, c.href);
      }
      const chart = blocksOf(doc).find((b) => b.kind === 'chart');
      assert.ok(chart && chart.kind === 'chart');
      assert.equal(chart.tableId, 'domain-type');
      assert.deepEqual(chart.values, stats.cells);
    });

    test('the appendix has one row per initiative, each linking to its record', async () => {
      const doc = await mappingReport(site.db);
      const appendix = table(doc, 'appendix-initiatives');
      const all = await total('/initiatives');
      assert.ok(all > 50, `${all} initiatives`);
      assert.equal(appendix.rows.length, all);
      assert.equal(appendix.wide, true);
      const hrefs = new Set(appendix.rows.map((r) => numberlessLink(r.cells.at(-1))));
      assert.equal(hrefs.size, all, 'every initiative once');
      const one = [...hrefs][0] ?? '';
      assert.equal((await site.request(one)).status, 200, one);
      const section = doc.sections.find((s) => s.id === 'appendix');
      assert.equal(section?.appendix, true);
    });

    test('the methodology counts the records: the campaign, its regions, the initiatives and their sources', async () => {
      const doc = await mappingReport(site.db, { sections: ['methodology'] });
      const text = (doc.sections[0]?.blocks ?? []).map((b) =>
        b.kind === 'paragraph' || b.kind === 'note'
          ? inlineText(b.text)
          : b.kind === 'list'
            ? b.items.map(inlineText).join('\n')
            : '',
      );
      const campaign = await site.json('/api/v1/campaigns/preciseu-initiative-mapping-2025');
      const invited = (campaign.regions ?? campaign.campaign?.regions ?? []) as string[];
      assert.ok(invited.length > 5, `${invited.length} invited regions`);
      const all = await total('/initiatives');
      assert.ok(text.some((p) => p.includes(`${invited.length} regions were invited`)));
      assert.ok(text.some((p) => p.includes(`This report counts ${all} initiatives.`)));
      const origins = text.find((p) => p.includes(' from rows of its tables')) ?? '';
      const counted = [...origins.matchAll(/^(\d+) initiatives? from /gm)].map((m) => Number(m[1]));
      assert.equal(
        counted.reduce((a, n) => a + n, 0),
        all,
        'the sources account for every initiative once',
      );
      const d31 = await total('/initiatives?source=preciseu-d3-1');
      assert.ok(counted.includes(d31), `D3.1 gives ${d31}`);
    });

    test('each map value is the number of initiatives based in that country, as the home map counts', async () => {
      const doc = await mappingReport(site.db);
      const map = blocksOf(doc).find(
        (b): b is MapBlock => b.kind === 'map' && b.level === 'country',
      );
      assert.ok(map, 'a country map');
      assert.ok(map.values.length >= 8, `${map.values.length} countries`);
      for (const v of map.values)
        assert.equal(v.value, await total(`/initiatives?country=${v.code}`), v.code);
      const rows = table(doc, map.tableId).rows;
      const sum = rows.reduce((a, r) => a + numberCell(r.cells[1]).value, 0);
      assert.equal(sum, await total('/initiatives'), 'the table holds every initiative once');
    });

    test('a region filter keeps only the initiatives that region reported', async () => {
      const doc = await mappingReport(site.db, { regions: ['ES51'] });
      const appendix = table(doc, 'appendix-initiatives');
      const catalonia = await total('/initiatives?region=ES51');
      assert.ok(catalonia > 0);
      assert.equal(appendix.rows.length, catalonia);
      for (const r of appendix.rows) assert.equal(cellValue(r.cells[2] ?? null), 'Catalonia');
      const dt = table(doc, 'domain-type');
      const totalRow = dt.rows.find((r) => r.total) ?? assert.fail('no total row');
      assert.equal(numberCell(totalRow.cells.at(-1)).value, catalonia);
      assert.match(numberCell(totalRow.cells.at(-1)).href, /region=ES51/);
      assert.ok(doc.colophon.filters.some(([, v]) => v.includes('Catalonia')));
      assert.match(doc.colophon.href, /^\/reports\/mapping\?region=ES51/);
    });

    test('a filter with no data says so in the report rather than failing', async () => {
      const stats = await site.json('/api/v1/regions?pageSize=100');
      const partners = (stats.items as { code: string }[]).map((r) => r.code);
      let found: { region: string; domain: string } | undefined;
      for (const region of partners) {
        const facets = (await site.json(`/api/v1/initiatives?region=${region}&pageSize=1`))
          .facets as { domain: { value: string; count: number }[] } | undefined;
        const domains = [
          'research_innovation',
          'patient_perspective',
          'policy_regulation',
          'ecosystem',
        ];
        const empty = domains.find(
          (d) => !(facets?.domain ?? []).some((f) => f.value === d && f.count > 0),
        );
        if (empty && (await total(`/initiatives?region=${region}`)) > 0) {
          found = { region, domain: empty };
          break;
        }
      }
      assert.ok(found, 'a region with a domain it reported nothing in');
      const doc = await mappingReport(site.db, {
        regions: [found.region],
        domains: [found.domain],
      }).catch((e: unknown) => assert.fail(`the report failed: ${String(e)}`));
      const emptyIn = doc.sections
        .filter((s) => s.blocks.some((b) => b.kind === 'note' && b.tone === 'empty'))
        .map((s) => s.id);
      assert.deepEqual(emptyIn, ['methodology', 'insights', 'domain-type', 'maps', 'appendix']);
      const chapter = doc.sections.find((s) => s.id === 'domains')?.sections ?? [];
      assert.equal(chapter.length, 1);
      assert.ok(chapter[0]?.blocks.some((b) => b.kind === 'note' && b.tone === 'empty'));
      assert.ok(!blocksOf(doc).some((b) => b.kind === 'table' || b.kind === 'chart'));
    });

    test('the options choose the sections, and the language the words', async () => {
      const doc = await mappingReport(site.db, { sections: ['appendix', 'insights'] });
      assert.deepEqual(
        doc.sections.map((s) => s.id),
        ['insights', 'appendix'],
      );
      const es = await mappingReport(site.db, { lang: 'es', sections: ['methodology', 'domains'] });
      const want = withLocale('es', () => [
        t('reportMapping.methodology'),
        t('reportMapping.domains'),
      ]);
      assert.deepEqual(
        es.sections.map((s) => s.heading),
        want,
      );
      assert.notEqual(want[0], t('reportMapping.methodology'), 'Spanish differs from English');
      assert.equal(es.lang, 'es');
      assert.equal(es.sections[1]?.sections?.[0]?.heading, 'Investigación e innovación');
    });

    test('every D3.1 count of a domain or type that the records contradict is a discrepancy note', async () => {
      const doc = await mappingReport(site.db, { sections: ['methodology', 'domains'] });
      const notes = blocksOf(doc)
        .filter((b) => b.kind === 'note' && b.tone === 'discrepancy')
        .map((b) => (b.kind === 'note' ? inlineText(b.text) : ''));
      const findings = (await checkDataQuality(site.db)).filter(
        (f) => f.kind === 'figure_mismatch' && /\(D3\.1 /.test(f.records[0]?.label ?? ''),
      );
      assert.ok(findings.length > 0, 'the check finds D3.1 figures that differ');
      const labels = findings.map((f) => f.records[0]?.label ?? '');
      for (const label of labels)
        assert.ok(
          notes.some((n) => n.startsWith(`${label}:`)),
          `a note on ${label}`,
        );
      const summary = (doc.sections[0]?.blocks ?? [])
        .map((b) => (b.kind === 'paragraph' ? inlineText(b.text) : ''))
        .find((p) => p.includes('can be checked against the records'));
      assert.match(summary ?? '', new RegExp(`; ${findings.length} of them differ`));
      for (const f of findings) {
        const note = notes.find((n) => n.startsWith(`${f.records[0]?.label}:`)) ?? '';
        assert.match(note, new RegExp(`records taken from that document give ${f.found}\\.`), note);
      }
    });
  });
}

/** The address a cell links to (the appendix's last column). */
function numberlessLink(cell: unknown): string {
  const c = cell as { link?: { href: string } } | null;
  return c?.link?.href ?? assert.fail('a cell without a link');
}
