import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import mammoth from 'mammoth';
import { parse } from 'node-html-parser';
import { isAppError } from '../../src/domain/errors.ts';
import {
  type Cell,
  type ChartBlock,
  cellValue,
  type FigureBlock,
  type MapBlock,
  type RecordLink,
  type ReportDocument,
  type ReportSection,
  reportFigures,
} from '../../src/domain/report.ts';
import { svgToPng } from '../../src/io/raster.ts';
import { type DocxLabels, reportDocx } from '../../src/io/report-docx.ts';
import { REPORT_DOCUMENT } from '../fixtures/report-document.ts';
import { unzipEntries } from '../helpers/zip.ts';

const ORIGIN = 'https://atlas.example.org';

const EN: DocxLabels = {
  table: 'Table',
  figure: 'Figure',
  contents: 'Contents',
  colophon: 'Colophon',
  dataVersion: 'Data version',
  generated: 'Generated',
  licence: 'Licence',
  sources: 'Sources',
  page: 'Page',
};

const DE: DocxLabels = {
  table: 'Tabelle',
  figure: 'Abbildung',
  contents: 'Inhalt',
  colophon: 'Impressum',
  dataVersion: 'Datenstand',
  generated: 'Erstellt',
  licence: 'Lizenz',
  sources: 'Quellen',
  page: 'Seite',
};

const escapeXml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A bar chart as SVG, written by hand: a bar and a label per row, the axis title, Greek too. */
function chartSvg(block: ChartBlock): string {
  const totals = block.values.map((v) => v.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const bars = block.rows.map((row, i) => {
    const y = 20 + i * 30;
    const width = Math.round(((totals[i] ?? 0) / max) * 380);
    return `<text x="10" y="${y + 15}" font-size="12">${escapeXml(row)}</text><rect x="200" y="${y}" width="${width}" height="20" fill="#2f5496"/>`;
  });
  const height = 40 + block.rows.length * 30;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="${height}" viewBox="0 0 640 ${height}"><title>${escapeXml(block.alt)}</title>${bars.join('')}<text x="200" y="${height - 5}" font-size="12">${escapeXml(block.axisTitle)} · Έρευνα</text></svg>`;
}

/** A map as SVG: a shaded square per area with its code. */
function mapSvg(block: MapBlock): string {
  const squares = block.values.map(
    (v, i) =>
      `<rect x="${10 + i * 60}" y="10" width="50" height="50" fill="#2f5496" fill-opacity="${0.2 + v.value / 20}"/><text x="${12 + i * 60}" y="75" font-size="11">${escapeXml(v.code)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="100" viewBox="0 0 640 100">${squares.join('')}</svg>`;
}

const figureSvg = (f: FigureBlock) => (f.kind === 'chart' ? chartSvg(f) : mapSvg(f));

function images(doc: ReportDocument) {
  return new Map(reportFigures(doc).figures.map((f) => [f.id, svgToPng(figureSvg(f))]));
}

/** Every part of a DOCX (a ZIP) by name, as text. */
async function parts(buffer: Buffer): Promise<Map<string, string>> {
  return new Map((await unzipEntries(buffer)).map((e) => [e.name, e.data.toString('utf8')]));
}

/** The headings of the document as [tag, text], in order, from the model. */
function headingsOf(sections: readonly ReportSection[], depth = 1): [string, string][] {
  return sections.flatMap((s): [string, string][] => [
    [`h${Math.min(depth, 6)}`, s.heading],
    ...headingsOf(s.sections ?? [], depth + 1),
  ]);
}

/** Every record link of the document (runs, rows, cells). */
function linksOf(doc: ReportDocument): RecordLink[] {
  const links: RecordLink[] = [];
  const walk = (sections: readonly ReportSection[]) => {
    for (const s of sections) {
      for (const b of s.blocks) {
        const inline = b.kind === 'paragraph' || b.kind === 'note' ? [b.text] : [];
        const items = b.kind === 'list' ? b.items : b.kind === 'table' ? (b.notes ?? []) : [];
        const source = b.kind === 'quote' ? [b.source] : [];
        for (const t of [...inline, ...items, ...source]) {
          if (typeof t !== 'string') for (const r of t) if (r.link) links.push(r.link);
        }
        if (b.kind === 'table') {
          for (const row of b.rows) {
            if (row.link) links.push(row.link);
            for (const c of row.cells)
              if (c !== null && typeof c === 'object' && c.link) links.push(c.link);
          }
        }
      }
      walk(s.sections ?? []);
    }
  };
  walk(doc.sections);
  return links;
}

/**
 * The section properties of the paragraph at `at`: the first after the paragraph's start (a
 * section's properties are in its last paragraph, or at the end of the body).
 */
function sectionOf(body: string, at: number): string {
  assert.ok(at >= 0);
  const start = body.lastIndexOf('<w:p>', at);
  return body.slice(start).match(/<w:sectPr.*?<\/w:sectPr>/s)?.[0] ?? '';
}

const shown = (format: Intl.NumberFormat, c: Cell) => {
  const v = cellValue(c);
  return typeof v === 'number' ? format.format(v) : (v ?? '');
};

/** The text of an element without its <sup> (footnote references and note letters). */
const plain = (el: ReturnType<typeof parse>) => {
  const copy = parse(el.innerHTML);
  for (const sup of copy.querySelectorAll('sup')) sup.remove();
  return copy.text.trim();
};

describe('report DOCX', async () => {
  const doc = REPORT_DOCUMENT;
  const docx = await reportDocx(doc, images(doc), `${ORIGIN}/`, EN);
  const html = parse((await mammoth.convertToHtml({ buffer: docx })).value);
  const xml = await parts(docx);
  const { tables, figures } = reportFigures(doc);

  test('has Word headings in the order of the sections, the colophon last', () => {
    const found = html
      .querySelectorAll('h1, h2, h3, h4, h5, h6')
      .map((h) => [h.tagName.toLowerCase(), h.text.trim()]);
    assert.deepEqual(found, [...headingsOf(doc.sections), ['h1', EN.colophon]]);
    assert.ok(tables.length >= 3 && figures.length >= 2, 'the fixture has tables and figures');
  });

  test('has every table as a Word table: the header cells and every value, numbers formatted', () => {
    const format = new Intl.NumberFormat(doc.lang);
    const found = html.querySelectorAll('table');
    assert.equal(found.length, tables.length);
    tables.forEach((table, i) => {
      const t = found[i];
      assert.ok(t);
      assert.deepEqual(t.querySelectorAll('th').map(plain), table.header);
      const rows = t.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('td').map(plain));
      assert.deepEqual(
        rows,
        table.rows.map((r) => r.cells.map((c) => shown(format, c))),
      );
    });
  });

  test('captions number tables and figures in document order; pictures carry their alt text', () => {
    const paragraphs = html.querySelectorAll('p').map((p) => p.text.trim());
    for (const [i, t] of tables.entries()) {
      assert.ok(paragraphs.includes(`Table ${i + 1}. ${t.caption}`), t.caption);
    }
    figures.forEach((f, i) => {
      const caption = paragraphs.find((p) => p.startsWith(`Figure ${i + 1}. ${f.caption}`));
      assert.ok(caption, f.caption);
    });
    const alts = html.querySelectorAll('img').map((img) => img.getAttribute('alt'));
    assert.deepEqual(
      alts,
      figures.map((f) => f.alt),
    );
    // Word's own caption numbering: a SEQ field per caption, holding its number.
    const seq = [
      ...(xml.get('word/document.xml') ?? '').matchAll(
        /SEQ (\w+) [^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>(\d+)</g,
      ),
    ];
    assert.deepEqual(
      seq.map((m) => `${m[1]} ${m[2]}`),
      [
        ...tables.map((t, i) => ({ id: t.id, label: `Table ${i + 1}` })),
        ...figures.map((f, i) => ({ id: f.id, label: `Figure ${i + 1}` })),
      ]
        .sort((a, b) => order(a.id) - order(b.id))
        .map((x) => x.label),
    );
  });

  test('footnotes give every record link with its absolute address', () => {
    const footnotes = xml.get('word/footnotes.xml') ?? '';
    const links = linksOf(doc);
    assert.ok(links.length > 10);
    for (const link of links) {
      assert.ok(footnotes.includes(escapeXml(`${ORIGIN}${link.href}`)), link.href);
      assert.ok(footnotes.includes(escapeXml(link.label)), link.label);
    }
    const references = (xml.get('word/document.xml') ?? '').match(/<w:footnoteReference /g) ?? [];
    // One per record link, and one per figure (naming its table).
    assert.equal(references.length, links.length + figures.length);
  });

  test('repeats table headers, sets the language, and puts wide tables on landscape pages', () => {
    const body = xml.get('word/document.xml') ?? '';
    assert.equal(body.match(/<w:tblHeader\/>/g)?.length, tables.length);
    assert.match(xml.get('word/styles.xml') ?? '', /<w:docDefaults>.*<w:lang w:val="en-GB"\/>/s);
    assert.match(body, /<w:lang w:val="el-GR"\/><\/w:rPr><w:t xml:space="preserve">Τα δεδομένα/);
    for (const table of tables) {
      const wide = table.wide === true || table.header.length > 7;
      const next = sectionOf(body, body.indexOf(escapeXml(table.caption)));
      assert.match(next, wide ? /w:orient="landscape"/ : /w:orient="portrait"/, table.id);
    }
    assert.ok(tables.some((t) => t.header.length === 16));
    assert.match(
      xml.get('word/settings.xml') ?? '',
      /<w:updateFields(?: w:val="(?:true|1|on)")?\/>/,
    );
    assert.match(body, /<w:instrText[^>]*>TOC [^<]*\\o &quot;1-3&quot;/);
  });

  test('has the running head in the header and page numbers in the footer', () => {
    const headers = [...xml].filter(([name]) => /^word\/header\d+\.xml$/.test(name));
    const footers = [...xml].filter(([name]) => /^word\/footer\d+\.xml$/.test(name));
    assert.ok(headers.some(([, x]) => x.includes(escapeXml(doc.runningHead))));
    const numbered = footers.filter(([, x]) => /PAGE/.test(x) && /NUMPAGES/.test(x));
    assert.ok(numbered.length > 0);
    assert.ok(numbered.every(([, x]) => x.includes(`${EN.page} `)));
    // Their paragraphs are in Word's header and footer styles, which the document defines.
    const styles = xml.get('word/styles.xml') ?? '';
    for (const id of ['Header', 'Footer', 'Caption', 'Heading1', 'Title']) {
      assert.match(styles, new RegExp(`w:styleId="${id}"`), id);
    }
  });

  test('ends with the colophon: data version, date, filters, licence, sources', () => {
    const text = html.text;
    const colophon = text.slice(text.lastIndexOf(EN.colophon));
    const c = doc.colophon;
    assert.ok(colophon.includes(`${EN.dataVersion}: ${c.dataVersion}`));
    assert.ok(colophon.includes(`${EN.generated}: `));
    for (const [label, value] of c.filters) assert.ok(colophon.includes(`${label}: ${value}`));
    assert.ok(colophon.includes(`${EN.licence}: ${c.licence.name}`));
    for (const s of c.sources) assert.ok(colophon.includes(s.title));
  });

  /** The position of a block in the document, for ordering captions. */
  function order(id: string): number {
    const all: string[] = [];
    const walk = (sections: readonly ReportSection[]) => {
      for (const s of sections) {
        for (const b of s.blocks) if ('id' in b) all.push(b.id);
        walk(s.sections ?? []);
      }
    };
    walk(doc.sections);
    return all.indexOf(id);
  }
});

describe('report DOCX in another language', () => {
  test('formats numbers, captions and the language tag in the report language', async () => {
    const figures: ReportSection = {
      id: 'figures',
      heading: 'Zahlen',
      blocks: [
        {
          kind: 'table',
          id: 'figures-table',
          caption: 'Große Zahlen',
          header: ['Region', 'Anteil', 'Mittel'],
          rows: [{ cells: ['Kreta', 1234567, 0.25] }],
        },
      ],
    };
    const doc: ReportDocument = {
      ...REPORT_DOCUMENT,
      lang: 'de',
      sections: [...REPORT_DOCUMENT.sections, figures],
    };
    const docx = await reportDocx(doc, images(doc), ORIGIN, DE);
    const html = parse((await mammoth.convertToHtml({ buffer: docx })).value);
    const format = new Intl.NumberFormat('de');
    const cells = html.querySelectorAll('td').map(plain);
    for (const v of [1234567, 0.25]) assert.ok(cells.includes(format.format(v)), String(v));
    assert.ok(cells.includes('1.234.567') && cells.includes('0,25'));
    assert.ok(html.querySelectorAll('p').some((p) => p.text.startsWith('Tabelle 1. ')));
    assert.ok(html.querySelectorAll('h1').some((h) => h.text === DE.colophon));
    const xml = await parts(docx);
    assert.match(xml.get('word/styles.xml') ?? '', /<w:lang w:val="de-DE"\/>/);
  });

  test('a section opening with a wide table has its heading on the landscape page; an appendix starts a page', async () => {
    const columns = ['Region', ...Array.from({ length: 8 }, (_, i) => `Year ${2018 + i}`)];
    const doc: ReportDocument = {
      ...REPORT_DOCUMENT,
      sections: [
        { id: 'intro', heading: 'Introduction', blocks: [{ kind: 'paragraph', text: 'Text.' }] },
        {
          id: 'years',
          heading: 'Initiatives by year',
          appendix: true,
          blocks: [
            {
              kind: 'table',
              id: 'years-table',
              caption: 'Initiatives started each year',
              header: columns,
              rows: [{ cells: ['Crete', 1, 2, 3, 4, 5, 6, 7, 8] }],
            },
          ],
        },
      ],
    };
    const body =
      (await parts(await reportDocx(doc, new Map(), ORIGIN, EN))).get('word/document.xml') ?? '';
    const sectionAfter = (text: string) => sectionOf(body, body.lastIndexOf(text));
    assert.match(sectionAfter('Introduction'), /w:orient="portrait"/);
    assert.match(sectionAfter('Initiatives by year'), /w:orient="landscape"/);
    // The headings' last mention is the heading (the first is in the table of contents).
    const heading = body.slice(0, body.lastIndexOf('Initiatives by year'));
    assert.match(
      heading.slice(heading.lastIndexOf('<w:p>')),
      /<w:pStyle w:val="Heading1"\/>.*<w:pageBreakBefore\/>/,
    );
  });

  test('a figure without its picture is an error, not a silent gap', async () => {
    const some = images(REPORT_DOCUMENT);
    const first = reportFigures(REPORT_DOCUMENT).figures[0];
    assert.ok(first);
    some.delete(first.id);
    await assert.rejects(reportDocx(REPORT_DOCUMENT, some, ORIGIN, EN), new RegExp(first.id));
  });
});

describe('svgToPng', () => {
  const svg = (text: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120"><rect x="10" y="10" width="80" height="30" fill="#2f5496"/><text x="10" y="80" font-size="16">${text}</text></svg>`;
  const ihdr = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

  test('draws a PNG at twice the SVG size, or the scale asked', () => {
    const twice = svgToPng(svg('Catalonia'));
    assert.deepEqual(
      [...twice.png.subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    );
    assert.deepEqual(ihdr(twice.png), { width: 600, height: 240 });
    assert.deepEqual([twice.width, twice.height], [600, 240]);
    const once = svgToPng(svg('Catalonia'), { scale: 1 });
    assert.deepEqual(ihdr(once.png), { width: 300, height: 120 });
    assert.deepEqual([once.width, once.height], [300, 120]);
  });

  test('draws Greek and Cyrillic text (the picture differs from one without it)', () => {
    const greek = svgToPng(svg('Κρήτη — Περιφέρεια Κρήτης'));
    const cyrillic = svgToPng(svg('Рівненська область'));
    const none = svgToPng(svg(''));
    assert.notDeepEqual(greek.png, none.png);
    assert.notDeepEqual(cyrillic.png, none.png);
    assert.notDeepEqual(greek.png, cyrillic.png);
  });

  test('an SVG that cannot be read is a clear invalid_file error', () => {
    for (const bad of ['', 'not an svg', '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>']) {
      assert.throws(
        () => svgToPng(bad),
        (e) => isAppError(e, 'invalid_file') && /SVG is not valid/.test(e.message),
        bad,
      );
    }
    assert.throws(
      () => svgToPng(svg('x'), { scale: 0 }),
      (e) => isAppError(e, 'invalid_file'),
    );
  });
});
