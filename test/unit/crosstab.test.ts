import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crossTab, tally } from '../../src/analysis/crosstab.ts';

describe('crossTab', () => {
  test('adds counts that fall on the same cell and totals rows, columns and the grand total', () => {
    // domain × structural type, three initiatives of research/programme counted in two groups
    const t = crossTab(
      [
        { row: 'research', column: 'programme', n: 2 },
        { row: 'research', column: 'programme', n: 1 },
        { row: 'research', column: 'network', n: 4 },
        { row: 'care', column: 'network', n: 5 },
      ],
      ['research', 'care'],
      ['programme', 'network'],
    );
    assert.deepEqual(t.rows, ['research', 'care']);
    assert.deepEqual(t.columns, ['programme', 'network']);
    assert.deepEqual(t.cells, [
      [3, 4],
      [0, 5],
    ]);
    assert.deepEqual(t.rowTotals, [7, 5]);
    assert.deepEqual(t.columnTotals, [3, 9]);
    assert.equal(t.total, 12);
  });

  test('keys outside the lists become extra rows and columns in order of first appearance', () => {
    const t = crossTab(
      [
        { row: 'b', column: 'q', n: 1 },
        { row: 'z', column: 'y', n: 2 },
        { row: 'w', column: 'x', n: 3 },
        { row: 'z', column: 'q', n: 4 },
      ],
      ['a', 'b'],
      ['p', 'q'],
    );
    assert.deepEqual(t.rows, ['a', 'b', 'z', 'w']);
    assert.deepEqual(t.columns, ['p', 'q', 'y', 'x']);
    assert.deepEqual(t.cells, [
      [0, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 4, 2, 0],
      [0, 0, 0, 3],
    ]);
    assert.deepEqual(t.rowTotals, [0, 1, 6, 3]);
    assert.deepEqual(t.columnTotals, [0, 5, 2, 3]);
    // The grand total is the sum of the input: 1 + 2 + 3 + 4.
    assert.equal(t.total, 10);
  });

  test('no counts give a table of zeros over the listed keys; no keys either give an empty table', () => {
    const zeros = crossTab([], ['a', 'b'], ['x']);
    assert.deepEqual(zeros.cells, [[0], [0]]);
    assert.deepEqual(zeros.rowTotals, [0, 0]);
    assert.deepEqual(zeros.columnTotals, [0]);
    assert.equal(zeros.total, 0);
    const empty = crossTab([], [], []);
    assert.deepEqual(
      { ...empty },
      { rows: [], columns: [], cells: [], rowTotals: [], columnTotals: [], total: 0 },
    );
  });

  test('leaves the key lists it was given as they were', () => {
    const rowKeys = ['a'];
    const columnKeys = ['x'];
    crossTab([{ row: 'b', column: 'y', n: 1 }], rowKeys, columnKeys);
    assert.deepEqual(rowKeys, ['a']);
    assert.deepEqual(columnKeys, ['x']);
  });
});

describe('tally', () => {
  test('sums repeated keys, folds every null into one (none) and breaks ties by key', () => {
    assert.deepEqual(
      tally([
        { key: 'national', n: 2 },
        { key: null, n: 1 },
        { key: 'eu', n: 3 },
        { key: 'national', n: 1 },
        { key: null, n: 2 },
        { key: 'charity', n: 1 },
      ]),
      [
        // eu 3, national 2 + 1 = 3, (none) 1 + 2 = 3: a three-way tie, in key order
        { key: '(none)', n: 3 },
        { key: 'eu', n: 3 },
        { key: 'national', n: 3 },
        { key: 'charity', n: 1 },
      ],
    );
  });

  test('nothing to count gives an empty list', () => {
    assert.deepEqual(tally([]), []);
  });
});
