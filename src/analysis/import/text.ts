import { foldAccents } from '../../domain/search.ts';

/** Text helpers the import rules share: folding for comparison, slugs, lists, JSON cells and dates. */

/** Folds text for comparison: lower case, no accents, "&" as "and", punctuation as spaces. */
export function fold(text: string): string {
  return foldAccents(text)
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A URL-safe identifier from a name: folded words joined by hyphens, at most 80 characters. */
export function slugify(text: string): string {
  const slug = fold(text)
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .join('-')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'initiative' : slug;
}

/** The parts of a list cell: split at semicolons, commas and line breaks, empty parts dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/\s*[;,\n]\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** A JSON array cell (as an export writes) whose every item passes `item`, or undefined. */
export function parseJsonArray<T>(
  text: string,
  item: { safeParse(v: unknown): { success: boolean; data?: T } },
): T[] | undefined {
  if (!text.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out: T[] = [];
  for (const v of value) {
    const r = item.safeParse(v);
    if (!r.success || r.data === undefined) return undefined;
    out.push(r.data);
  }
  return out;
}

const MONTHS: Readonly<Record<string, string>> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
  ene: '01',
  abr: '04',
  ago: '08',
  dic: '12',
  mai: '05',
  okt: '10',
  dez: '12',
};

/** A month or day in text such as "Jan-2025", "January 2025", "2025-01", "01/2025" as YYYY-MM(-DD). */
export function parseAsOf(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (m) return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m?.[1] && Number(m[1]) >= 1 && Number(m[1]) <= 12) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^([a-z]{3})[a-z]*\.?[\s-]+(\d{4})$/.exec(t);
  const month = m?.[1] && MONTHS[m[1]];
  if (m && month) return `${m[2]}-${month}`;
  return undefined;
}
