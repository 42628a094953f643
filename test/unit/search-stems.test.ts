/**
 * Stemming per language and the snippets SQLite's search cuts in JavaScript (issue 18): the
 * stems of the SQLite index are tagged with their language, words with a digit and languages
 * without a stemmer are kept as written, and a snippet marks the words a query matched as
 * written, as a prefix or by stem in the text's language.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../src/domain/search.ts';
import { textSnippet } from '../../src/search/snippets.ts';
import { stemText, stemWord } from '../../src/search/stems.ts';

const mark = (w: string) => `${HIGHLIGHT_START}${w}${HIGHLIGHT_END}`;

test('each language stems its own word forms together, the others not', () => {
  assert.equal(stemWord('terapias', 'es'), stemWord('terapia', 'es'));
  assert.equal(stemWord('genomische', 'de'), stemWord('genomik', 'de'));
  assert.equal(stemWord('malalties', 'ca'), stemWord('malaltia', 'ca'));
  assert.equal(stemWord('terapijos', 'lt'), stemWord('terapija', 'lt'));
  assert.notEqual(stemWord('genomische', 'en'), stemWord('genomik', 'en'));
  assert.equal(stemWord('терапії', 'uk'), 'терапії', 'Ukrainian is not stemmed');
  assert.equal(stemWord('covid19', 'en'), 'covid19', 'a word with a digit is kept');
});

test('the SQLite stems text is each word as its language tag and stem, accents folded', () => {
  assert.equal(stemText('Terapias genómicas', 'es'), 'esterapi esgenom');
  assert.equal(stemText('Генетика', 'bg'), 'xxгенетика');
  assert.equal(stemText(null, 'en'), '');
});

test('a snippet marks words found as written, as a prefix and by stem in the text language', () => {
  const text = 'Estudios genómicos de pacientes con enfermedades raras.';
  assert.equal(
    textSnippet(text, ['genomica', 'pacien'], 'es'),
    `Estudios ${mark('genómicos')} de ${mark('pacientes')} con enfermedades raras.`,
  );
  assert.equal(textSnippet(text, ['oncology'], 'es'), null);
  const long = `${'palabra '.repeat(60)}terapia final`;
  const cut = textSnippet(long, ['terapias'], 'es') ?? '';
  assert.ok(cut.startsWith('…') && cut.includes(mark('terapia')), cut);
});
