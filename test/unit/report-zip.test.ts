import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  type Block,
  cellValue,
  type FigureBlock,
  type ReportDocument,
  type ReportSection,
  reportFigures,
} from '../../src/domain/report.ts';
import { svgToPng } from '../../src/io/raster.ts';
import { RECORDS_COLUMN, reportZip } from '../../src/io/report-zip.ts';
import { REPORT_DOCUMENT } from '../fixtures/report-document.ts';
import { unzipEntries } from '../helpers/zip.ts';

const ORIGIN = 'https://atlas.example.org';

const escapeXml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A figure as SVG, written by hand: a bar per row (chart) or square per area (map), labelled. */
function svgOf(f: FigureBlock): string {
  const labels = f.kind === 'chart' ? f.rows : f.values.map((v) => v.code);
  const marks = labels.map(
    (label, i) =>
      `<rect x="10" y="${10 + i * 24}" width="${40 + i * 20}" height="18" fill="#2f5496"/><text x="220" y="${24 + i * 24}" font-size="12">${escapeXml(label)}</text>`,
  );
  const height = 20 + labels.length * 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="${height}" viewBox="0 0 400 ${height}"><title>${escapeXml(f.alt)}</title>${marks.join('')}</svg>`;
}

function figureFiles(doc: ReportDocument) {
  return new Map(
    reportFigures(doc).figures.map((f) => {
      const svg = svgOf(f);
      return [f.id, { svg, png: svgToPng(svg, { scale: 1 }).png }];
    }),
  );
}

const unzip = unzipEntries;

/** The blocks of the document in reading order. */
function blocks(sections: readonly ReportSection[]): Block[] {
  return sections.flatMap((s) => [...s.blocks, ...blocks(s.sections ?? [])]);
}

describe('report ZIP', async () => {
  const doc = REPORT_DOCUMENT;
  const files = figureFiles(doc);
  const zip = await reportZip(doc, files, { origin: ORIGIN });
  const entries = await unzip(zip);
  const byName = new Map(entries.map((e) => [e.name, e.data]));

  test('holds README.txt, then each table as CSV and each figure as SVG and PNG, in document order', () => {
    const expected = blocks(doc.sections).flatMap((b) =>
      b.kind === 'table'
        ? [`${b.id}.csv`]
        : b.kind === 'chart' || b.kind === 'map'
          ? [`${b.id}.svg`, `${b.id}.png`]
          : [],
    );
    assert.ok(expected.length >= 7);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['README.txt', ...expected],
    );
  });

  test('the SVG and PNG are the figures given', () => {
    for (const [id, f] of files) {
      assert.equal(byName.get(`${id}.svg`)?.toString('utf8'), f.svg);
      assert.deepEqual(byName.get(`${id}.png`), f.png);
    }
  });

  test("each CSV reads back to the table's header and raw values, with the records behind each row", () => {
    const { tables } = reportFigures(doc);
    for (const table of tables) {
      const csv = byName.get(`${table.id}.csv`);
      assert.ok(csv, table.id);
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark');
      const [header, ...rows] = parseCsv(csv, { bom: true }) as string[][];
      const linked = table.rows.some(
        (r) => r.link || r.cells.some((c) => c !== null && typeof c === 'object' && c.link),
      );
      const noted = table.rows.some((r) => r.note !== undefined);
      assert.deepEqual(header, [
        ...table.header,
        ...(linked ? [RECORDS_COLUMN] : []),
        ...(noted ? ['note'] : []),
      ]);
      assert.equal(rows.length, table.rows.length);
      table.rows.forEach((r, i) => {
        const row = rows[i] ?? [];
        const values = r.cells.map((c) => {
          const v = cellValue(c);
          return v === null ? '' : String(v);
        });
        assert.deepEqual(row.slice(0, table.header.length), values);
        if (linked && r.link) assert.equal(row[table.header.length], `${ORIGIN}${r.link.href}`);
        if (noted) assert.equal(row.at(-1), r.note ?? '');
      });
    }
    // A table whose links are on its cells lists them for the row.
    const cellLinked = tables.find((t) =>
      t.rows.some(
        (r) => !r.link && r.cells.some((c) => c !== null && typeof c === 'object' && c.link),
      ),
    );
    assert.ok(cellLinked, 'the fixture has a table with links on cells');
    const [, first] = parseCsv(byName.get(`${cellLinked.id}.csv`) ?? '', {
      bom: true,
    }) as string[][];
    const link = cellLinked.rows[0]?.cells.find(
      (c) => c !== null && typeof c === 'object' && c.link,
    );
    assert.ok(link && typeof link === 'object' && link.link);
    assert.ok(first?.at(-1)?.includes(`${ORIGIN}${link.link.href}`));
  });

  test('the README names every file with its numbered caption, and the colophon', () => {
    const readme = byName.get('README.txt')?.toString('utf8') ?? '';
    const { tables, figures } = reportFigures(doc);
    for (const [i, t] of tables.entries()) {
      assert.match(readme, new RegExp(`${t.id}\\.csv\\n\\s+Table ${i + 1}\\. `));
      assert.ok(readme.includes(`Table ${i + 1}. ${t.caption}`));
    }
    for (const [i, f] of figures.entries()) {
      assert.ok(readme.includes(`${f.id}.svg\n    Figure ${i + 1}. ${f.caption}`));
      assert.ok(readme.includes(`${f.id}.png\n    Figure ${i + 1}. ${f.caption}`));
    }
    const c = doc.colophon;
    assert.ok(readme.includes(`Data version: ${c.dataVersion}`));
    assert.ok(readme.includes(`Generated: ${c.generatedAt}`));
    for (const [label, value] of c.filters) assert.ok(readme.includes(`${label}: ${value}`));
    assert.ok(readme.includes(`Licence: ${c.licence.name} <${c.licence.href}>`));
    for (const s of c.sources) assert.ok(readme.includes(s.title));
    assert.ok(readme.includes(`${ORIGIN}${c.href}`));
  });

  test('the same document gives the same bytes, every entry dated by the generation time', async () => {
    const again = await reportZip(doc, figureFiles(doc), { origin: ORIGIN });
    assert.ok(again.equals(zip));
    // A ZIP entry's time has no zone (it is read as local time) and two-second steps: it holds
    // the generation time in UTC.
    const g = new Date(doc.colophon.generatedAt);
    const utc = new Date(
      g.getUTCFullYear(),
      g.getUTCMonth(),
      g.getUTCDate(),
      g.getUTCHours(),
      g.getUTCMinutes(),
      g.getUTCSeconds(),
    );
    for (const e of entries) assert.ok(Math.abs(e.date.getTime() - utc.getTime()) < 2000, e.name);
    const later = await reportZip(
      { ...doc, colophon: { ...doc.colophon, generatedAt: '2026-01-02T03:04:06.000Z' } },
      files,
      { origin: ORIGIN },
    );
    assert.ok(!later.equals(zip));
  });

  test('writes the README in the labels given', async () => {
    const labels = {
      table: 'Tabla',
      figure: 'Figura',
      colophon: 'Colofón',
      dataVersion: 'Versión de los datos',
      generated: 'Generado',
      licence: 'Licencia',
      sources: 'Fuentes',
    };
    const es = await unzip(await reportZip(doc, files, { labels }));
    const readme = es.find((e) => e.name === 'README.txt')?.data.toString('utf8') ?? '';
    assert.ok(readme.includes(`Tabla 1. ${reportFigures(doc).tables[0]?.caption}`));
    assert.ok(readme.includes(`Versión de los datos: ${doc.colophon.dataVersion}`));
    assert.ok(readme.includes(`\n${doc.colophon.href}\n`), 'without an origin, the atlas address');
  });

  test('a figure without its files is an error', async () => {
    const some = new Map(files);
    const first = reportFigures(doc).figures[0];
    assert.ok(first);
    some.delete(first.id);
    await assert.rejects(reportZip(doc, some), new RegExp(first.id));
  });
});
