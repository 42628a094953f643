import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankByBarrierOverlap } from '../../src/analysis/matching.ts';

const practices = [
  { slug: 'p-c', barriers: ['b2', 'b1'], name: 'C' },
  { slug: 'p-a', barriers: ['b3'], name: 'A' },
  { slug: 'p-b', barriers: ['b4', 'b1', 'b2'], name: 'B' },
  { slug: 'p-d', barriers: ['b4'], name: 'D' },
  { slug: 'p-e', barriers: ['b1', 'b2', 'b3'], name: 'E' },
];
const region = new Set(['b1', 'b2', 'b3']);

test('ranks by the number of shared barriers, then by slug, leaving out excluded and unrelated practices', () => {
  const ranked = rankByBarrierOverlap(practices, region, new Set(['p-e']), 10);
  // p-b and p-c share two barriers each (b1, b2), p-a one (b3), p-d none; p-e is excluded.
  assert.deepEqual(
    ranked.map((m) => [m.practice.slug, m.shared]),
    [
      ['p-b', ['b1', 'b2']],
      ['p-c', ['b2', 'b1']],
      ['p-a', ['b3']],
    ],
  );
  // The practices themselves come back, with fields the ranking does not use.
  assert.equal(ranked[0]?.practice, practices[2]);
});

test('keeps at most `limit`, the best first', () => {
  assert.deepEqual(
    rankByBarrierOverlap(practices, region, new Set(), 2).map((m) => m.practice.slug),
    ['p-e', 'p-b'],
  );
  assert.deepEqual(rankByBarrierOverlap(practices, region, new Set(), 0), []);
});

test('a region without barriers matches nothing', () => {
  assert.deepEqual(rankByBarrierOverlap(practices, new Set(), new Set(), 5), []);
});
