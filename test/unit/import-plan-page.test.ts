import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ImportSummary, PlanRow } from '../../src/services/imports.ts';
import { withLocale } from '../../src/web/i18n.ts';
import {
  clipValue,
  fileReading,
  importPlanCollector,
  SHOWN_VALUES,
} from '../../src/web/import-plan.ts';
import { importPlanPage } from '../../src/web/pages/import.tsx';
import { normalisationTables } from '../helpers/html.ts';

/**
 * The web import's plan page without a database: the presenter keeps the first values changed
 * and flagged while the counts stay the summary's, and the page shows them as text.
 */

const HOSTILE = '<img src=x onerror="window.__xss=1"><a href="https://evil.example">x</a>';

/** A row's plan with `n` values changed and one value flagged. */
function planRow(row: number, n: number, original = 'España'): PlanRow {
  return {
    row,
    rows: [row],
    slug: `row-${row}`,
    name: `Row ${row}`,
    action: 'create',
    changes: Array.from({ length: n }, (_, i) => ({
      row,
      field: i === 0 ? 'home_country' : 'status',
      original: i === 0 ? original : 'Ongoing',
      normalised: i === 0 ? 'ES' : 'ongoing',
      rule: i === 0 ? 'country name read as its code' : 'label read as its code',
    })),
    flags: [
      { row, field: 'scopes', value: 'Galactic', problem: 'is not a scope', severity: 'kept' },
    ],
    duplicates: [],
    countrySuggestions: [],
    questions: [],
  };
}

/** The summary an import run would give for these rows. */
function summaryOf(rows: readonly PlanRow[]): ImportSummary {
  return {
    file: {
      file: 'survey.csv',
      bytes: 100,
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      headerRow: 1,
      sha256: 'ab'.repeat(32),
    },
    mapping: [{ header: 'Country', target: 'home_country', how: 'recognised' }],
    applied: false,
    rows: rows.length,
    blankRows: 0,
    actions: {
      create: rows.length,
      update: 0,
      unchanged: 0,
      merge: 0,
      skip: 0,
      blocked: 0,
      decide: 0,
    },
    changes: rows.reduce((n, r) => n + r.changes.length, 0),
    flags: rows.reduce((n, r) => n + r.flags.length, 0),
    notes: [],
  };
}

describe('the web import plan page', () => {
  test('keeps the first values changed and flagged; the counts stay those of the whole file', () => {
    const collector = importPlanCollector({ rows: 3, values: 7 });
    const rows = Array.from({ length: 5 }, (_, i) => planRow(i + 2, 3));
    for (const r of rows) collector.onRow(r);
    const summary = summaryOf(rows);
    const view = collector.view(summary);
    assert.equal(view.rows.length, 3);
    assert.equal(view.changes.length, 7);
    assert.equal(view.flags.length, 5);
    assert.equal(view.changes.length + view.moreChanges, summary.changes);
    assert.equal(view.flags.length + view.moreFlags, summary.flags);
    assert.deepEqual(
      view.changes.map((c) => c.row),
      [2, 2, 2, 3, 3, 3, 4],
      'in the order of the file',
    );
    assert.deepEqual(view.reading, { format: 'CSV', encoding: 'utf-8', delimiter: '";"' });
  });

  test('a long value is cut, never in the middle of a character', () => {
    assert.equal(clipValue('España'), 'España');
    const long = '😀'.repeat(300);
    const clipped = clipValue(long);
    assert.equal(Array.from(clipped).length, 200);
    assert.ok(clipped.endsWith('…'));
    assert.ok(!clipped.includes('\uFFFD'));
    assert.equal(
      fileReading({ ...summaryOf([]).file, format: 'xlsx', sheet: 'Data', headerRow: 3 }).headerRow,
      3,
    );
  });

  test(`lists ${SHOWN_VALUES} values changed of many, says how many more, shows the file's text as text`, async () => {
    const collector = importPlanCollector();
    const rows = Array.from({ length: 60 }, (_, i) =>
      planRow(i + 2, 5, i === 0 ? HOSTILE : 'España'),
    );
    for (const r of rows) collector.onRow(r);
    const summary = summaryOf(rows);
    const html = String(
      await withLocale('en', () =>
        importPlanPage({
          plan: collector.view(summary),
          decisions: {},
          id: `${'a'.repeat(32)}.csv`,
          name: 'survey.csv',
          csrf: 'token',
        }),
      ),
    );
    const [changes, flags] = normalisationTables(html);
    assert.equal(changes?.length, SHOWN_VALUES);
    assert.equal(flags?.length, Math.min(SHOWN_VALUES, 60));
    assert.deepEqual(changes?.[5], [
      '3',
      'Home country',
      'España',
      'ES',
      'country name read as its code',
    ]);
    assert.equal(changes?.[0]?.[2], HOSTILE, 'the hostile text reads back as written');
    assert.ok(!html.includes('<img src=x'), 'and is not markup');
    assert.ok(!html.includes('href="https://evil.example"'), 'nor a link');
    assert.match(html, new RegExp(`<strong id="count-changes">${summary.changes}</strong>`));
    assert.match(html, /<strong id="count-flags">60<\/strong>/);
    assert.match(html, new RegExp(`the first ${SHOWN_VALUES} of ${summary.changes}`));
    assert.match(html, new RegExp(`${summary.changes - SHOWN_VALUES} more values changed`));
    assert.match(html, /<th scope="col">In the file<\/th>/);
    assert.ok(html.includes(summary.file.sha256));
  });
});
