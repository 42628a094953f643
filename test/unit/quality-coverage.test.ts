import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findQualityIssues } from '../../src/analysis/quality.ts';
import { absentFromTable, isTableRow } from '../../src/analysis/quality-coverage.ts';
import type { TableRowFact } from '../../src/analysis/quality-tables.ts';

const rec = (key: string, entity = 'initiative') => ({ entity, key, label: key.toUpperCase() });
const cite = (
  key: string,
  section: string,
  row?: string,
  source = 'd31',
  entity = 'initiative',
) => ({
  fact: {
    record: rec(key, entity),
    source,
    sourceTitle: `Report ${source}`,
    section,
    inTable: row !== undefined,
    content: '[]',
  } satisfies TableRowFact,
  row: row === undefined ? [] : [{ entity, key, source, section, row }],
});
const run = (cites: ReturnType<typeof cite>[]) =>
  absentFromTable(
    cites.map((c) => c.fact),
    cites.flatMap((c) => c.row),
  );

describe('a record described in a document text but absent from its table', () => {
  test('a record citing only text sections of a document whose table lists others fires, with its sections', () => {
    const findings = run([
      cite('a', '7 Appendix', '1'),
      cite('a', '2.4 Permanent institutions'),
      cite('b', '7 Appendix', '2'),
      cite('c', '2.4 Permanent institutions'),
      cite('c', '4.1 Key insights'),
    ]);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records.map((r) => r.key)]),
      [['absent_from_table', ['c']]],
    );
    assert.equal(
      findings[0]?.message,
      'C: Report d31 describes this initiative in its text (sections “2.4 Permanent institutions”, “4.1 Key insights”), but its table (“7 Appendix”) has no row for it. The atlas keeps the initiative as the text describes it; check whether the table left it out.',
    );
  });

  test('no finding where the document has no numbered table, or the table is of another kind of record', () => {
    assert.deepEqual(run([cite('a', 'Intro'), cite('b', 'Background')]), []);
    // A row given as a label (a reference number) does not make a section a table.
    assert.deepEqual(run([cite('a', 'Summary', 'reference [17]'), cite('b', 'Section 3')]), []);
    // Good practices have a table in the document; an initiative citing its text is not measured by it.
    assert.deepEqual(
      run([
        cite('p', '1. Data', '3', 'd61', 'good_practice'),
        cite('i', '1. Data', undefined, 'd61', 'initiative'),
      ]),
      [],
    );
    // A table of another document does not count.
    assert.deepEqual(
      run([cite('a', '7 Appendix', '1', 'd31'), cite('b', 'Text', undefined, 'd61')]),
      [],
    );
  });

  test('a record listed in the table is not a finding, whatever text sections it also cites', () => {
    assert.deepEqual(run([cite('a', '5.4 Text'), cite('a', '7 Appendix', '12a')]), []);
  });

  test('row numbers are table rows; labels are not', () => {
    assert.deepEqual(
      ['1', '119', '12a', 'reference [17]', 'Total', 'Recognition 2022 winner 1'].map(isTableRow),
      [true, true, true, false, false, false],
    );
  });

  test('registered: the check runs the rule over the citations it is given', () => {
    const cites = [cite('a', '7 Appendix', '1'), cite('z', '2.2 Studies')];
    const findings = findQualityIssues({
      initiatives: [],
      practices: [],
      rowCitations: cites.flatMap((c) =>
        c.row.map((r) => ({ ...r, label: 'A', sourceTitle: 'Report d31' })),
      ),
      interviewRows: [],
      figures: [],
      tableRows: cites.map((c) => c.fact),
    });
    assert.deepEqual(
      findings.filter((f) => f.kind === 'absent_from_table').map((f) => f.records[0]?.key),
      ['z'],
    );
  });
});
