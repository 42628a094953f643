import UkrainianStemmer from '@nlpjs/lang-uk/src/stemmer-uk.js';

/**
 * Word forms of the partner languages that neither database stems (issue 13, 18): Bulgarian and
 * Ukrainian. PostgreSQL has no text search configuration for them and the Snowball project no
 * stemmer, so their texts are indexed as written (stems.ts). A query word in Cyrillic is
 * therefore matched, besides as typed, as a prefix of its light stem: "персоналізована"
 * (stem "персоналізован") also finds "персоналізованої", "изследване" (stem "изследван") finds
 * "изследвания". The query side only: both databases' word indexes already match a prefix, so
 * they find the same records and no index changes.
 */

/** The shortest prefix looked for: shorter ones find unrelated words ("осві" finds "освітлення"). */
const MIN_PREFIX = 5;

const ukrainian = new UkrainianStemmer();

/**
 * Bulgarian light stemmer (J. Savoy, "Searching strategies for the Bulgarian language", 2007,
 * as Apache Lucene's BulgarianStemmer implements it): definite articles, plurals, then a final
 * vowel. The letter rewrites of the algorithm (ци → к, еве → ей, …) are kept; the caller takes
 * the part the stem shares with the word.
 */
export function bulgarianStem(word: string): string {
  let w = word;
  if (w.length < 4) return w;
  if (w.length > 5 && w.endsWith('ища')) return w.slice(0, -3);
  w = removeBulgarianArticle(w);
  w = removeBulgarianPlural(w);
  if (w.length > 3) {
    if (w.endsWith('я')) w = w.slice(0, -1);
    if (/[аое]$/.test(w)) w = w.slice(0, -1);
  }
  if (w.length > 4 && w.endsWith('ен')) w = `${w.slice(0, -2)}н`;
  if (w.length > 5 && w.at(-2) === 'ъ') w = `${w.slice(0, -2)}${w.at(-1)}`;
  return w;
}

function removeBulgarianArticle(w: string): string {
  if (w.length > 6 && w.endsWith('ият')) return w.slice(0, -3);
  if (w.length > 5 && /(?:ът|то|те|та|ия)$/.test(w)) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ят')) return w.slice(0, -2);
  return w;
}

function removeBulgarianPlural(w: string): string {
  if (w.length > 6) {
    if (w.endsWith('овци')) return `${w.slice(0, -4)}о`;
    if (w.endsWith('ове')) return w.slice(0, -3);
    if (w.endsWith('еве')) return `${w.slice(0, -3)}й`;
  }
  if (w.length > 5) {
    if (w.endsWith('ища')) return w.slice(0, -3);
    if (w.endsWith('та')) return w.slice(0, -2);
    if (w.endsWith('ци')) return `${w.slice(0, -2)}к`;
    if (w.endsWith('зи')) return `${w.slice(0, -2)}г`;
    if (w.at(-3) === 'е' && w.at(-1) === 'и') return `${w.slice(0, -3)}я${w.at(-2)}`;
  }
  if (w.length > 4) {
    if (w.endsWith('си')) return `${w.slice(0, -2)}х`;
    if (w.endsWith('и')) return w.slice(0, -1);
  }
  return w;
}

/**
 * The Ukrainian stem of a word (nlp.js's Ukrainian stemmer), the word accents folded as the
 * indexes hold it: folding turns "ї" into "і" and "й" into "и", which the stemmer's endings
 * ("-ої", "-ий") then miss; after a vowel Ukrainian writes only "ї" and "й", so they are put back
 * there first, and the stem folded again.
 */
export function ukrainianStem(word: string): string {
  const written = word.replace(/(?<=[аеєиіїоуюя])і/gu, 'ї').replace(/(?<=[аеєиіїоуюя])и/gu, 'й');
  return ukrainian.stemWord(written).normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC');
}

/** The part two words share from their start. */
function sharedStart(a: string, b: string): string {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return a.slice(0, k);
}

/**
 * The prefix a Cyrillic query word (lower case, accents folded) is also looked for as, if any:
 * the part its light stem shares with the word, when shorter than the word and at least
 * MIN_PREFIX letters. A word with a letter only Ukrainian writes (і, є, ґ, and ї folded to і) is
 * stemmed as Ukrainian, any other as Bulgarian (Bulgarian has none of them; the Bulgarian stemmer
 * is the lighter, so a Ukrainian word without them is at worst matched as typed). None for a word
 * in another script.
 */
export function cyrillicPrefix(word: string): string | undefined {
  if (!/^\p{Script=Cyrillic}+$/u.test(word)) return undefined;
  const stem = /[ієґ]/u.test(word) ? ukrainianStem(word) : bulgarianStem(word);
  const prefix = sharedStart(stem, word);
  return prefix.length >= MIN_PREFIX && prefix.length < word.length ? prefix : undefined;
}
