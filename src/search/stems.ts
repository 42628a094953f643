import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as greek } from '@orama/stemmers/greek';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as lithuanian } from '@orama/stemmers/lithuanian';
import { stemmer as romanian } from '@orama/stemmers/romanian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as swedish } from '@orama/stemmers/swedish';
import snowball from 'snowball-stemmers';
import { foldAccents } from '../domain/search.ts';

/**
 * Stemming per language (issue 18). Each text is stemmed by the Snowball stemmer of its own
 * language: a record's own texts by the record's language, a translation by the translation's.
 * The languages below are those both databases stem the same way: PostgreSQL 15's snowball
 * dictionaries (`pg_ts_dict`) and, on SQLite, the same Snowball algorithms compiled to JavaScript
 * (@orama/stemmers; Catalan from snowball-stemmers, which Orama lacks). Any other language
 * (Bulgarian and Ukrainian among the partners: PostgreSQL has no configuration for them) is not
 * stemmed: its words are matched as written, accents folded.
 */
const catalan = snowball.newStemmer('catalan');

/** The Snowball stemmer of each stemmed language, by ISO 639-1 code. */
export const STEMMERS: Readonly<Record<string, (word: string) => string>> = {
  en: english,
  es: spanish,
  ca: (w) => catalan.stem(w),
  de: german,
  it: italian,
  fr: french,
  nl: dutch,
  sv: swedish,
  ro: romanian,
  el: greek,
  lt: lithuanian,
};

/** The stemmed languages, in a fixed order. */
export const STEMMED_LANGUAGES: readonly string[] = Object.keys(STEMMERS);

/** The tag of the words of a language that is not stemmed, in the SQLite stems index. */
export const UNSTEMMED_TAG = 'xx';

/** The tag of a language's stems in the SQLite stems index (its code, or UNSTEMMED_TAG). */
export function stemTag(language: string): string {
  return STEMMERS[language] ? language : UNSTEMMED_TAG;
}

/** How many stems of each language are kept (texts repeat their words: most stems are reused). */
const KEPT = 50_000;
const kept = new Map<string, string>();

/**
 * The stem of one word (lower case, accents folded) in a language. A word with a digit is
 * not stemmed (PostgreSQL's parser takes it for a number word, which no dictionary stems).
 */
export function stemWord(word: string, language: string): string {
  const stem = STEMMERS[language];
  if (!stem || /\p{N}/u.test(word)) return word;
  const key = `${language}:${word}`;
  const known = kept.get(key);
  if (known !== undefined) return known;
  // Stemmers may leave accents a word had only after stemming rules; fold the stem again.
  const out = foldAccents(stem(word));
  if (kept.size >= KEPT) kept.clear();
  kept.set(key, out);
  return out;
}

/** A word's token in the SQLite stems index: its language's tag and its stem, run together. */
export function stemToken(word: string, language: string): string {
  return `${stemTag(language)}${stemWord(word, language)}`;
}

/**
 * A text as the SQLite stems index holds it: each word (as the word index splits them, accents
 * folded) replaced by its stem token, in order, so that phrases still match word by word.
 */
export function stemText(text: string | null | undefined, language: string): string {
  if (!text) return '';
  const words = foldAccents(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => stemToken(w, language)).join(' ');
}
