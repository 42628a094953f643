import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  barrierProfile,
  NO_FACTS,
  type PracticeInput,
  rankInitiatives,
  rankMentors,
  rankPeers,
  rankPractices,
  similarity,
  similarityMatrix,
} from '../../src/analysis/twinning.ts';
import { TWINNING_WEIGHTS as W } from '../../src/domain/twinning.ts';

const profile = (entries: Record<string, number>) => new Map(Object.entries(entries));

test('a profile weighs statements and fact-sheet challenges by the documented weights', () => {
  const p = barrierProfile(
    [
      { barrier: 'B05', n: 2 },
      { barrier: 'B01', n: 1 },
    ],
    ['B05', 'B08'],
    W,
  );
  assert.deepEqual(Object.fromEntries(p), {
    B05: 2 * W.statement + W.challenge,
    B01: W.statement,
    B08: W.challenge,
  });
});

test('similarity is symmetric, 1 for the same profile, 0 with nothing in common', () => {
  const a = profile({ B01: 2, B05: 1 });
  const b = profile({ B05: 3, B08: 1 });
  assert.equal(similarity(a, b), similarity(b, a));
  assert.equal(similarity(a, a), 1);
  assert.equal(similarity(a, profile({ B17: 4 })), 0);
  assert.equal(similarity(profile({}), profile({})), 0);
  // Σ min / Σ max: min(B05) = 1; max = 2 + 3 + 1.
  assert.equal(similarity(a, b), Math.round((1 / 6) * 1000) / 1000);
  const m = similarityMatrix(
    new Map([
      ['X', a],
      ['Y', b],
    ]),
  );
  assert.deepEqual(m, [
    [1, similarity(a, b)],
    [similarity(a, b), 1],
  ]);
});

test('peers: most alike first, ties by code, none without a shared barrier', () => {
  const target = profile({ B01: 2, B05: 1 });
  const others = new Map([
    ['ZZ', profile({ B01: 2, B05: 1 })],
    ['AA', profile({ B01: 2, B05: 1 })],
    ['MM', profile({ B01: 1 })],
    ['NO', profile({ B17: 3 })],
  ]);
  const peers = rankPeers(target, others, 10);
  assert.deepEqual(
    peers.map((p) => p.region),
    ['AA', 'ZZ', 'MM'],
  );
  assert.deepEqual(peers[2]?.shared, [{ barrier: 'B01', weight: 1 }]);
  assert.equal(rankPeers(target, others, 1).length, 1);
});

const practice = (
  slug: string,
  place: string,
  barriers: string[],
  exemplary = false,
): PracticeInput => ({
  slug,
  place,
  barriers,
  exemplary,
  transferability: null,
  conditions: [],
});

test('practices: scored by the weights of the barriers they address, never one that addresses none', () => {
  const target = profile({ B05: 4, B01: 2 });
  const ranked = rankPractices(
    target,
    [
      practice('none', 'NL', ['B17']),
      practice('own', 'ES51', ['B05', 'B01']),
      practice('both', 'NL', ['B05', 'B01', 'B17']),
      practice('one-exemplary', 'EU', ['B01'], true),
      practice('one', 'IT', ['B01']),
    ],
    (p) => p.place === 'ES51',
    NO_FACTS,
    W,
    10,
  );
  assert.deepEqual(
    ranked.map((r) => r.slug),
    ['both', 'one-exemplary', 'one'],
  );
  for (const r of ranked) {
    const sum = r.addresses.reduce((a, x) => a + x.weight, 0) + (r.exemplary ? W.exemplary : 0);
    assert.equal(r.score, sum, `${r.slug}: the score is the sum of its reasons`);
  }
  assert.deepEqual(ranked[0]?.addresses, [
    { barrier: 'B05', weight: 4 },
    { barrier: 'B01', weight: 2 },
  ]);
});

test('mentors: a place scores the barriers its practices address together, once each', () => {
  const target = profile({ B05: 4, B01: 2, B08: 1 });
  const mentors = rankMentors(
    target,
    [
      practice('a', 'NL', ['B05']),
      practice('b', 'NL', ['B05', 'B01']),
      practice('c', 'IT', ['B08']),
      practice('d', 'IT', ['B17']),
    ],
    () => false,
    10,
  );
  assert.deepEqual(
    mentors.map((m) => [m.place, m.score, m.practices]),
    [
      ['NL', 6, ['a', 'b']],
      ['IT', 1, ['c']],
    ],
  );
});

test('initiatives: shared themes, then the open-scope bonus; none without a shared theme', () => {
  const ranked = rankInitiatives(
    new Set(['atmp', 'genomics']),
    [
      { slug: 'x', themes: ['atmp'], openScope: true },
      { slug: 'y', themes: ['atmp', 'genomics', 'ai'], openScope: false },
      { slug: 'z', themes: ['ai'], openScope: true },
      { slug: 'w', themes: ['genomics'], openScope: false },
    ],
    W,
    10,
  );
  assert.deepEqual(
    ranked.map((r) => [r.slug, r.score]),
    [
      ['y', 2 * W.sharedTheme],
      ['x', W.sharedTheme + W.openScope],
      ['w', W.sharedTheme],
    ],
  );
});
