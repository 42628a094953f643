import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ReportDocument, TableBlock } from '../../src/domain/report.ts';
import { formatHref, reportPage } from '../../src/web/pages/report.tsx';
import { REPORT_DOCUMENT } from '../fixtures/report-document.ts';

const ORIGIN = 'https://atlas.example.eu';
const print = (doc: ReportDocument) =>
  String(
    reportPage(doc, new Map(), {
      kind: 'print',
      css: 'body{color:red}</style>',
      origin: ORIGIN,
    }),
  );
const site = (doc: ReportDocument) => String(reportPage(doc, new Map(), { kind: 'site' }));

/** A one-table document in `lang`. */
function oneTable(lang: string, table: Partial<TableBlock> = {}): ReportDocument {
  return {
    ...REPORT_DOCUMENT,
    lang,
    sections: [
      {
        id: 's',
        heading: 'S',
        blocks: [
          {
            kind: 'table',
            id: 't',
            caption: 'C',
            header: ['Region', 'Initiativen', 'Anteil'],
            rows: [
              {
                cells: ['Cataluña', 1500, 0.25],
                link: { href: '/regions/ES51', label: 'Katalonien' },
              },
              { cells: ['Summe', 1500, null], total: true },
            ],
            ...table,
          },
        ],
      },
    ],
  };
}

describe('report page HTML', () => {
  test('figures are formatted in the report language and aligned right; labels speak it too', () => {
    const html = print(oneTable('de'));
    assert.match(html, /<td class="num">1\.500<\/td>/);
    assert.match(html, /<td class="num">0,25<\/td>/);
    assert.match(html, /<td class="num">–<\/td>/);
    assert.match(html, /Tabelle 1\./);
    assert.match(html, /<th scope="col" class="num">Initiativen<\/th>/);
    assert.match(
      html,
      /<th scope="row"><a href="https:\/\/atlas\.example\.eu\/regions\/ES51">Cataluña<\/a>/,
    );
    assert.match(html, /<tr class="total">/);
    assert.match(html, /<html lang="de">/);
    assert.match(html, /Über diesen Bericht/);
  });

  test('print: links become numbered footnotes with absolute addresses, listed after their section', () => {
    const html = print(REPORT_DOCUMENT);
    const refs = [...html.matchAll(/<a href="#fn-(\d+)"/g)].map((m) => Number(m[1]));
    const notes = [...html.matchAll(/<li id="fn-(\d+)" value="(\d+)">/g)].map((m) => Number(m[1]));
    assert.ok(refs.length > 20);
    assert.deepEqual(
      [...new Set(refs)],
      notes,
      'each footnote once, in the order first referred to',
    );
    assert.deepEqual(
      notes,
      notes.map((_, i) => i + 1),
    );
    assert.match(
      html,
      /the statements on barrier DA1: <a href="https:\/\/atlas\.example\.eu\/barriers\/DA1">/,
    );
    // Each top-level section that links lists its own notes before the next section starts.
    const methodology = html.slice(
      html.indexOf('<section id="methodology"'),
      html.indexOf('<section id="barriers"'),
    );
    assert.match(methodology, /<li id="fn-1" value="1">/);
    assert.doesNotMatch(methodology, /id="fn-14"/);
    // No scripts, and the stylesheet cannot close its element.
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /body\{color:red\}<\\\/style>/);
    assert.doesNotMatch(html, /<nav aria-label/);
  });

  test('site: links stay relative, no footnotes, downloads keep the query of the address', () => {
    const html = site(REPORT_DOCUMENT);
    assert.match(html, /<a href="\/barriers\/DA1">DA1<\/a>/);
    assert.doesNotMatch(html, /fn-ref/);
    assert.match(html, /href="\/reports\/cross-regional\?lang=en&amp;format=pdf"/);
    assert.equal(
      formatHref('/reports/fact-sheet?region=ES51&format=html', 'docx'),
      '/reports/fact-sheet?region=ES51&format=docx',
    );
  });

  test('structure: numbered captions, row notes, appendix, quotes in their language, wide tables', () => {
    const html = print(REPORT_DOCUMENT);
    const tables = [...html.matchAll(/<span class="report-label">(Table \d+)\.<\/span>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(tables, ['Table 1', 'Table 2', 'Table 3', 'Table 4']);
    const figures = [...html.matchAll(/<span class="report-label">(Figure \d+)\.<\/span>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(figures, ['Figure 1', 'Figure 2']);
    assert.match(
      html,
      /<a href="#table-domain-type" class="figure-table-link">figures in Table 3<\/a>/,
    );
    assert.match(html, /<sup class="row-note-ref">a<\/sup>/);
    assert.match(html, /<p class="row-note"><sup>a<\/sup> The source report prints 20 interviews/);
    assert.match(html, /<section id="fact-sheets" class="report-section report-appendix">/);
    assert.match(html, /<blockquote lang="el">/);
    assert.match(html, /<div id="table-barrier-matrix" class="report-table report-table-wide[ "]/);
    assert.match(
      html,
      /class="report-note report-note-discrepancy" role="note"><strong class="report-note-label">Differs from the source:<\/strong>/,
    );
    // A table of more than seven columns is wide even when not marked so.
    const eight = print(
      oneTable('en', { header: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], rows: [] }),
    );
    assert.match(eight, /report-table report-table-wide/);
    // Headings: h1 title, h2 chapters, h3 their sections.
    assert.match(
      html,
      /<h2 id="barriers-heading" class="report-heading">Barriers by category<\/h2>/,
    );
    assert.match(html, /<h3 id="barriers-data-heading" class="report-heading">/);
  });
});
