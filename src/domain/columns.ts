import type { Initiative } from './schemas.ts';

/**
 * The columns of an initiative in a spreadsheet, in export order. Exports write exactly these
 * headers (then any extra fields by their own header) and imports recognise them, so that
 * export → import is a round trip.
 */
export const INITIATIVE_COLUMNS = [
  'slug',
  'name',
  'acronym',
  'native_name',
  'summary',
  'objectives',
  'language',
  'website',
  'website_missing',
  'home_country',
  'regions',
  'submitting_region',
  'scopes',
  'scope_verbatim',
  'status',
  'status_note',
  'status_as_of',
  'domain',
  'type',
  'themes',
  'funding',
  'relations',
  'sources',
  'notes',
  'inferred',
] as const;
export type InitiativeColumn = (typeof INITIATIVE_COLUMNS)[number];

/** Separator of list cells (regions, scopes, themes, relations). */
export const LIST_SEPARATOR = '; ';

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Makes a text safe to open in a spreadsheet: a cell that a spreadsheet would run as a formula
 * gets a leading apostrophe. Texts that already start with apostrophes before such a character
 * get one more, so that `restoreFormulaText` undoes exactly what this did.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of `neutraliseFormula`: removes the apostrophe an export put before a formula character. */
export function restoreFormulaText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** One initiative as spreadsheet cells by header: lists joined, structured fields as JSON. */
export function initiativeCells(i: Initiative): Record<string, string> {
  const json = (v: readonly unknown[]) => (v.length > 0 ? JSON.stringify(v) : '');
  const cells: Record<InitiativeColumn, string> = {
    slug: i.slug,
    name: i.name,
    acronym: i.acronym ?? '',
    native_name: i.nativeName ?? '',
    summary: i.summary ?? '',
    objectives: i.objectives ?? '',
    language: i.language ?? '',
    website: i.website ?? '',
    website_missing: i.websiteMissing ?? '',
    home_country: i.homeCountry,
    regions: i.regions.join(LIST_SEPARATOR),
    submitting_region: i.submittingRegion ?? '',
    scopes: i.scopes.join(LIST_SEPARATOR),
    scope_verbatim: i.scopeVerbatim ?? '',
    status: i.status,
    status_note: i.statusNote ?? '',
    status_as_of: i.statusAsOf ?? '',
    domain: i.domain,
    type: i.type,
    themes: i.themes.join(LIST_SEPARATOR),
    funding: json(i.funding),
    relations: i.relations.map((r) => `${r.kind}:${r.target}`).join(LIST_SEPARATOR),
    sources: json(i.sources),
    notes: i.notes ?? '',
    inferred: json(i.inferred ?? []),
  };
  return { ...cells, ...(i.extra ?? {}) };
}

/** The headers for a set of initiatives: the fixed columns, then extra fields in sorted order. */
export function initiativeHeaders(initiatives: Iterable<Initiative>): string[] {
  const extra = new Set<string>();
  for (const i of initiatives) for (const k of Object.keys(i.extra ?? {})) extra.add(k);
  const fixed = new Set<string>(INITIATIVE_COLUMNS);
  return [...INITIATIVE_COLUMNS, ...[...extra].filter((k) => !fixed.has(k)).sort()];
}

/** What a column can be mapped to: a field, the file's own row number, an extra field, or nothing. */
export type ColumnTarget = InitiativeColumn | 'row_label' | 'extra' | 'ignore';

/** Every value a column mapping may name, for messages and validation. */
export const COLUMN_TARGETS: readonly ColumnTarget[] = [
  ...INITIATIVE_COLUMNS,
  'row_label',
  'extra',
  'ignore',
];
