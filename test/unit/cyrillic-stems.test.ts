import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulgarianStem, cyrillicPrefixes, ukrainianStem } from '../../src/domain/cyrillic-stems.ts';
import { foldAccents, termPhrases } from '../../src/domain/search.ts';

test('the Bulgarian light stemmer brings the forms of a noun together (cases of Lucene’s tests)', () => {
  for (const [forms, stem] of [
    [['компютър', 'компютъра', 'компютърът', 'компютри', 'компютрите'], 'компютр'],
    [['град', 'града', 'градът', 'градове', 'градовете'], 'град'],
    [['болест', 'болестта', 'болести', 'болестите'], 'болест'],
  ] as const)
    for (const form of forms) assert.equal(bulgarianStem(form), stem, form);
});

test('the Ukrainian stem is found in accent-folded words too ("ї" and "й" folded by the index)', () => {
  assert.equal(ukrainianStem(foldAccents('персоналізованої')), 'персоналізован');
  assert.equal(ukrainianStem(foldAccents('персоналізований')), ukrainianStem('персоналізована'));
});

test('only Cyrillic words get stem prefixes, never shorter than four letters', () => {
  assert.deepEqual(cyrillicPrefixes('genomics'), []);
  assert.deepEqual(cyrillicPrefixes('еве'), []);
  assert.ok(cyrillicPrefixes('изследване').includes('изследван'));
  assert.ok(
    termPhrases('изследване').some((p) => p.prefix && p.words.join() === 'изследван'),
    'the search term carries the prefix phrase',
  );
});
