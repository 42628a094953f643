/**
 * Checks one language's interface catalogue (src/web/i18n/<lang>/*.json) against English: the
 * same files and keys, the same {{placeholders}} in every string, and every plural form the
 * language needs (Intl.PluralRules: Lithuanian and Ukrainian need one/few/many/other, Romanian
 * one/few/other) wherever English has key_one/key_other.
 *
 *   node --import tsx tools/catalogue.ts ca      # problems of one language, exit 1 if any
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../src/web/i18n/', import.meta.url).pathname;
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };

/** Every string of a catalogue as "namespace.path.key" → text. */
export function flatCatalogue(lang: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = join(ROOT, lang);
  if (!existsSync(dir)) return out;
  const walk = (prefix: string, node: Tree) => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') out.set(`${prefix}.${k}`, v);
      else walk(`${prefix}.${k}`, v);
    }
  };
  // _status.json records who translated and reviewed the language; it holds no strings.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')))
    walk(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree);
  return out;
}

function placeholders(text: string): string {
  return [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
}

/**
 * The same placeholders as English; a plural form may leave out ones English has (German
 * "ein Eintrag" needs no {{n}}), but never add one.
 */
function samePlaceholders(plural: boolean, text: string, english: string): boolean {
  if (!plural) return placeholders(text) === placeholders(english);
  const allowed = new Set([...placeholders(english).split(','), 'count']);
  return placeholders(text)
    .split(',')
    .every((p) => p === '' || allowed.has(p));
}

/** What is wrong with a language's catalogue compared with English (empty when complete). */
export function catalogueProblems(lang: string): string[] {
  const en = flatCatalogue('en');
  const other = flatCatalogue(lang);
  const problems: string[] = [];
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const expected = new Map<string, string>();
  // A plural message has key_one and key_other in English; "level_other" alone is a plain key.
  const isPlural = (key: string) =>
    PLURAL.test(key) &&
    en.has(key.replace(PLURAL, '_one')) &&
    en.has(key.replace(PLURAL, '_other'));
  for (const [key, text] of en) {
    if (!isPlural(key)) expected.set(key, text);
    else for (const c of categories) expected.set(key.replace(PLURAL, `_${c}`), text);
  }
  for (const [key, english] of expected) {
    const text = other.get(key);
    if (text === undefined) problems.push(`${lang}: missing ${key}`);
    else if (!samePlaceholders(isPlural(key), text, english))
      problems.push(
        `${lang}: ${key} has placeholders {${placeholders(text)}}, English {${placeholders(english)}}`,
      );
    else if (text.trim() === '' && english.trim() !== '') problems.push(`${lang}: ${key} is empty`);
  }
  for (const key of other.keys())
    if (!expected.has(key))
      problems.push(`${lang}: ${key} is not an English key (or not a plural form of ${lang})`);
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const langs = process.argv.slice(2);
  const problems = langs.flatMap(catalogueProblems);
  for (const p of problems) console.log(p);
  console.log(`${problems.length} problem(s) in ${langs.join(', ')}`);
  process.exit(problems.length ? 1 : 0);
}
