/**
 * The code lists in every interface language, for the bulk downloads: each code's label from the
 * interface catalogues (src/web/i18n/<language>/codes.json) and, for barriers, their categories
 * and the pillars, the description from the reference data (English) or its translation
 * (data/reference/translations/<language>.json). One row per code and language, so a reuser
 * can show the atlas's codes in any of its languages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { figureCsv } from './figure-files.ts';

const CATALOGUES = new URL('../web/i18n/', import.meta.url);
const REFERENCE = new URL('../../data/reference/', import.meta.url);

type Labels = Record<string, Record<string, string>>;
type Described = Record<string, Record<string, { description?: string }>>;

/** The descriptions' lists, as the translation files name them, by the label catalogue's list. */
const DESCRIBED: Readonly<Record<string, string>> = {
  barrierCategory: 'barrierCategories',
  barrier: 'barriers',
  pillar: 'pillars',
};

const readJson = <T>(url: URL): T => JSON.parse(readFileSync(url, 'utf8')) as T;

/** The English descriptions of the reference data, in the translation files' shape. */
function englishDescriptions(): Described {
  const codebook = readJson<{
    categories: { code: string; description: string }[];
    barriers: { code: string; description: string }[];
  }>(new URL('barriers.json', REFERENCE));
  const pillars = readJson<{ code: string; description: string }[]>(
    new URL('pillars.json', REFERENCE),
  );
  const byCode = (items: { code: string; description: string }[]) =>
    Object.fromEntries(items.map((i) => [i.code, { description: i.description }]));
  return {
    barrierCategories: byCode(codebook.categories),
    barriers: byCode(codebook.barriers),
    pillars: byCode(pillars),
  };
}

/** The interface languages: the catalogues' directories, English first. */
export function catalogueLanguages(): string[] {
  const all = readdirSync(CATALOGUES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(new URL(`${e.name}/codes.json`, CATALOGUES)))
    .map((e) => e.name)
    .sort();
  return ['en', ...all.filter((l) => l !== 'en')];
}

/** One code in one language: list, code, language, label and description (empty where none). */
export type CodeLabelRow = readonly [string, string, string, string, string];

/** Every code of every list in every language; a description stays empty where not translated. */
export function codeLabelRows(): CodeLabelRow[] {
  const english = englishDescriptions();
  const rows: CodeLabelRow[] = [];
  for (const language of catalogueLanguages()) {
    const labels = readJson<Labels>(new URL(`${language}/codes.json`, CATALOGUES));
    const file = new URL(`translations/${language}.json`, REFERENCE);
    const described =
      language === 'en' ? english : existsSync(file) ? readJson<Described>(file) : {};
    for (const [list, codes] of Object.entries(labels))
      for (const [code, label] of Object.entries(codes)) {
        const key = DESCRIBED[list];
        const description = key ? (described[key]?.[code]?.description ?? '') : '';
        rows.push([list, code, language, label, description]);
      }
  }
  return rows;
}

/** The code lists in every language as one CSV table (UTF-8 with a byte-order mark). */
export function codeLabelsCsv(): Buffer {
  return figureCsv({
    name: 'code-labels',
    headers: ['list', 'code', 'language', 'label', 'description'],
    rows: codeLabelRows(),
    textColumns: 5,
  });
}
