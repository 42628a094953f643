/**
 * The pure counts behind a region's barrier ranking and the barrier × stakeholder group table
 * (src/analysis/barrier-evidence.ts): item by item, ties in code order, unknown groups apart.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { barriersByStakeholder, regionBarriers } from '../../src/analysis/barrier-evidence.ts';

describe("a region's barriers ranked by the evidence behind them", () => {
  const input = {
    region: 'R1',
    statements: [
      { barrier: 'B03', n: 2 },
      { barrier: 'B01', n: 1 },
      { barrier: 'B02', n: 1 },
    ],
    // B02 listed twice by the fact sheet: two challenges.
    challenges: ['B02', 'B02', 'B04'],
    distinctStatements: 3,
    across: {
      regions: new Map([
        ['B02', 4],
        ['B03', 1],
      ]),
      of: 5,
    },
  };

  test('all evidence: statements plus challenges, most first, ties in code order', () => {
    const r = regionBarriers(input, 'all');
    assert.deepEqual(r.barriers, [
      { rank: 1, code: 'B02', statements: 1, challenges: 2, items: 3, regions: 4 },
      { rank: 2, code: 'B03', statements: 2, challenges: 0, items: 2, regions: 1 },
      { rank: 3, code: 'B01', statements: 1, challenges: 0, items: 1, regions: 0 },
      { rank: 4, code: 'B04', statements: 0, challenges: 1, items: 1, regions: 0 },
    ]);
    assert.equal(r.regionsWithEvidence, 5);
    assert.equal(r.statements, 3);
    assert.equal(r.challenges, 3);
    assert.equal(r.kind, 'all');
    assert.equal(r.region, 'R1');
  });

  test('one kind ranks by its items and leaves out barriers without any', () => {
    assert.deepEqual(
      regionBarriers(input, 'statements').barriers.map((b) => [b.rank, b.code, b.items]),
      [
        [1, 'B03', 2],
        [2, 'B01', 1],
        [3, 'B02', 1],
      ],
    );
    const ch = regionBarriers(input, 'challenges').barriers;
    assert.deepEqual(
      ch.map((b) => [b.code, b.items, b.statements]),
      [
        ['B02', 2, 1],
        ['B04', 1, 0],
      ],
    );
  });

  test('a region without evidence has no barriers', () => {
    const r = regionBarriers(
      {
        region: 'R2',
        statements: [],
        challenges: [],
        distinctStatements: 0,
        across: { regions: new Map(), of: 0 },
      },
      'all',
    );
    assert.deepEqual(r.barriers, []);
    assert.equal(r.challenges, 0);
  });
});

describe('statements by barrier and stakeholder group', () => {
  test('every barrier and group shown, no group (or an unlisted one) is unknown, totals add up', () => {
    const x = barriersByStakeholder({
      codings: [
        { barrier: 'B01', group: 'industry', n: 2 },
        { barrier: 'B01', group: null, n: 3 },
        { barrier: 'B02', group: 'industry', n: 1 },
        { barrier: 'B02', group: 'no_such_group', n: 1 },
      ],
      statements: [
        { group: 'industry', n: 2 },
        { group: null, n: 3 },
        { group: 'no_such_group', n: 1 },
      ],
      barriers: ['B01', 'B02', 'B03'],
      groups: ['industry', 'patient_organisation'],
    });
    assert.deepEqual(x.table.rows, ['B01', 'B02', 'B03']);
    assert.deepEqual(x.table.columns, ['industry', 'patient_organisation', 'unknown']);
    assert.deepEqual(x.table.cells, [
      [2, 0, 3],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    assert.deepEqual(x.table.rowTotals, [5, 2, 0]);
    assert.deepEqual(x.table.columnTotals, [3, 0, 4]);
    assert.equal(x.table.total, 7);
    // A statement coded to B01 and B02 counts in both rows but once in its column.
    assert.deepEqual(x.statementsPerColumn, [2, 0, 4]);
    assert.equal(x.statements, 6);
    assert.equal(x.withGroup, 2);
  });

  test('no statements: every cell zero, nothing with a group', () => {
    const x = barriersByStakeholder({
      codings: [],
      statements: [],
      barriers: ['B01'],
      groups: ['industry'],
    });
    assert.deepEqual(x.table.cells, [[0, 0]]);
    assert.equal(x.statements, 0);
    assert.equal(x.withGroup, 0);
  });
});
