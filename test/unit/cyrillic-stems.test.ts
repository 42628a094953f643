import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulgarianStem, cyrillicPrefix, ukrainianStem } from '../../src/domain/cyrillic-stems.ts';
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

test("only Cyrillic words get a stem prefix, never shorter than five letters, by the word's letters", () => {
  assert.equal(cyrillicPrefix('genomics'), undefined);
  assert.equal(cyrillicPrefix('програми'), 'програм', 'not "прогр", which would find "прогрес"');
  assert.equal(cyrillicPrefix('изследване'), 'изследван');
  // і marks Ukrainian: its stemmer alone decides.
  assert.equal(cyrillicPrefix(foldAccents('персоналізованої')), 'персоналізован');
  const phrase = termPhrases('изследване').find((p) => p.words.join() === 'изследван');
  assert.deepEqual(phrase, { words: ['изследван'], prefix: true, wordsOnly: true });
});
