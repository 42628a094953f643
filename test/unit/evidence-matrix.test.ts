/**
 * The one evidence model, pure part: which items each filter counts, the barrier × region matrix,
 * each barrier's reach and a region's evidence by category, on a small hand-made count.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  barrierReach,
  categoryCounts,
  evidenceMatrix,
  NO_REGION,
} from '../../src/analysis/barrier-evidence.ts';
import { countsAs, type EvidenceCounts } from '../../src/domain/prevalence.ts';

/**
 * Region A: two statements (one coded to B01 and B02, one to B01) and a fact-sheet challenge on
 * B02. Region B: a campaign answer on B01 and a fact-sheet challenge on B03. One statement names
 * no region (B03). B01 and B02 are in category x, B03 in y.
 */
const COUNTS: EvidenceCounts = {
  codings: [
    { kind: 'statement', barrier: 'B01', region: 'A', n: 2 },
    { kind: 'statement', barrier: 'B02', region: 'A', n: 1 },
    { kind: 'statement', barrier: 'B03', region: null, n: 1 },
    { kind: 'challenge', barrier: 'B02', region: 'A', n: 1 },
    { kind: 'answer', barrier: 'B01', region: 'B', n: 1 },
    { kind: 'challenge', barrier: 'B03', region: 'B', n: 1 },
  ],
  byCategory: [
    { kind: 'statement', category: 'x', region: 'A', n: 2 },
    { kind: 'statement', category: 'y', region: null, n: 1 },
    { kind: 'challenge', category: 'x', region: 'A', n: 1 },
    { kind: 'answer', category: 'x', region: 'B', n: 1 },
    { kind: 'challenge', category: 'y', region: 'B', n: 1 },
  ],
  items: [
    { kind: 'statement', region: 'A', n: 2 },
    { kind: 'statement', region: null, n: 1 },
    { kind: 'challenge', region: 'A', n: 1 },
    { kind: 'answer', region: 'B', n: 1 },
    { kind: 'challenge', region: 'B', n: 1 },
  ],
};
const BARRIERS = ['B01', 'B02', 'B03'];

describe('one evidence count (pure)', () => {
  test('each filter counts its items; an answer is a regional report challenge too', () => {
    assert.deepEqual(
      (['all', 'statements', 'challenges', 'answers'] as const).map((k) =>
        (['statement', 'challenge', 'answer'] as const).filter((i) => countsAs(k, i)),
      ),
      [['statement', 'challenge', 'answer'], ['statement'], ['challenge', 'answer'], ['answer']],
    );
  });

  test('the matrix of all evidence: partner columns in the order given, then the rest', () => {
    const m = evidenceMatrix(COUNTS, BARRIERS, ['B', 'A', 'C'], 'all');
    assert.deepEqual(m.matrix.columns, ['B', 'A', NO_REGION]);
    assert.deepEqual(m.matrix.cells, [
      [1, 2, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    assert.deepEqual(m.statementsPerColumn, [0, 2, 1]);
    assert.deepEqual(m.challengesPerColumn, [2, 1, 0]);
    assert.deepEqual([m.statements, m.challenges, m.matrix.total], [3, 3, 7]);
    // A column's codings are its statements' codings plus its challenges.
    assert.deepEqual(m.matrix.columnTotals, [2, 4, 1]);
  });

  test('the matrix of one kind leaves the others out, columns too', () => {
    const s = evidenceMatrix(COUNTS, BARRIERS, ['A', 'B'], 'statements');
    assert.deepEqual(s.matrix.columns, ['A', NO_REGION]);
    assert.deepEqual(s.challengesPerColumn, [0, 0]);
    assert.equal(s.matrix.total, 4);
    const c = evidenceMatrix(COUNTS, BARRIERS, ['A', 'B'], 'challenges');
    assert.deepEqual(c.matrix.columns, ['A', 'B']);
    assert.deepEqual(c.statementsPerColumn, [0, 0]);
    assert.deepEqual(c.matrix.cells, [
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    const a = evidenceMatrix(COUNTS, BARRIERS, ['A', 'B'], 'answers');
    assert.deepEqual([a.matrix.columns, a.matrix.total], [['B'], 1]);
  });

  test("a barrier's reach: items of the kind, regions by it and by each kind", () => {
    const [b01, b02, b03] = barrierReach(COUNTS, BARRIERS, 'all');
    assert.deepEqual(b01, {
      code: 'B01',
      statements: 2,
      challenges: 1,
      answers: 1,
      items: 3,
      regions: ['A', 'B'],
      byStatements: 1,
      byReports: 1,
    });
    assert.deepEqual([b02?.items, b02?.regions], [2, ['A']]);
    // The statement without a region counts as an item but names no region.
    assert.deepEqual([b03?.items, b03?.regions, b03?.byStatements], [2, ['B'], 0]);
    const only = barrierReach(COUNTS, BARRIERS, 'statements')[0];
    assert.deepEqual([only?.items, only?.regions], [2, ['A']]);
  });

  test("a region's evidence by category: statements once per category, challenges each", () => {
    const cats = ['x', 'y', 'z'];
    assert.deepEqual(
      [...categoryCounts(COUNTS, 'A', cats, 'all')],
      [
        ['x', 3],
        ['y', 0],
        ['z', 0],
      ],
    );
    assert.deepEqual(
      [...categoryCounts(COUNTS, 'A', cats, 'statements')],
      [
        ['x', 2],
        ['y', 0],
        ['z', 0],
      ],
    );
    assert.deepEqual(
      [...categoryCounts(COUNTS, 'B', cats, 'answers')],
      [
        ['x', 1],
        ['y', 0],
        ['z', 0],
      ],
    );
  });
});
