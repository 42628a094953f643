import type { ColumnTarget, InitiativeColumn } from '../../domain/columns.ts';
import { invalidParameter } from '../../domain/errors.ts';
import { ownValue, setOwn } from '../../domain/own.ts';
import type { RowRules } from './draft.ts';
import { recogniseHeader } from './header.ts';
import { fold } from './text.ts';

/**
 * The rules of one import run: the user's and a preset's column mapping, defaults and value
 * mappings, resolved against the file's headers into the mapping and row rules that the field
 * rules read.
 */

/** Column mapping, defaults and value mappings: what a preset saves. */
export interface ImportRules {
  readonly mapping?: Readonly<Record<string, ColumnTarget>>;
  readonly defaults?: Readonly<Partial<Record<InitiativeColumn, string>>>;
  readonly values?: Readonly<Partial<Record<InitiativeColumn, Readonly<Record<string, string>>>>>;
}

/** How one column of the file is read. */
export interface PlanColumn {
  readonly header: string;
  readonly target: ColumnTarget;
  readonly how: 'recognised' | 'preset' | 'given' | 'unknown';
  readonly note?: string;
}

/** The columns of a file mapped to fields, and the row rules that follow from the mapping. */
export interface ResolvedMapping {
  readonly mapping: Map<string, ColumnTarget>;
  readonly columns: PlanColumn[];
  readonly rules: RowRules;
}

/**
 * Maps the file's headers to fields (given, else preset, else recognised), and builds the row
 * rules from the given and preset defaults and value mappings; `restoreFormulas` is for files
 * whose text an export may have guarded with an apostrophe (CSV and XLSX, not JSON).
 */
export function resolveMapping(
  headers: readonly string[],
  given: ImportRules,
  preset: ImportRules,
  restoreFormulas: boolean,
): ResolvedMapping {
  const mapping = new Map<string, ColumnTarget>();
  const columns: PlanColumn[] = [];
  let statusAsOf: string | undefined;
  for (const header of headers) {
    const recognised = recogniseHeader(header);
    const mine = ownValue(given.mapping, header);
    const saved = ownValue(preset.mapping, header);
    const target = mine ?? saved ?? recognised.target ?? 'extra';
    const how = mine ? 'given' : saved ? 'preset' : recognised.target ? 'recognised' : 'unknown';
    if (target === 'status' && recognised.asOf) statusAsOf = recognised.asOf;
    mapping.set(header, target);
    const note =
      how === 'recognised' && target === 'ignore'
        ? 'about the respondent, not the initiative: personal data, not imported'
        : undefined;
    columns.push({ header, target, how, ...(note ? { note } : {}) });
  }
  demoteRepeatedTargets(mapping, columns);
  for (const header of Object.keys(given.mapping ?? {})) {
    if (!headers.includes(header)) {
      throw invalidParameter(
        'map',
        `--map names a column "${header}" that the file does not have; its columns are: ${headers.join(', ')}`,
      );
    }
  }
  const rules: RowRules = {
    mapping,
    defaults: { ...preset.defaults, ...given.defaults },
    values: mergeValueMaps(preset.values, given.values),
    statusAsOf,
    restoreFormulas,
  };
  return { mapping, columns, rules };
}

/**
 * Two columns recognised as one field (a survey's respondent "Name" and "Name of the
 * initiative"): the longer, more specific header wins and the other is kept as an extra field.
 */
function demoteRepeatedTargets(mapping: Map<string, ColumnTarget>, columns: PlanColumn[]): void {
  const byTarget = new Map<ColumnTarget, PlanColumn[]>();
  for (const c of columns) {
    if (c.how === 'recognised') byTarget.set(c.target, [...(byTarget.get(c.target) ?? []), c]);
  }
  for (const [target, same] of byTarget) {
    if (same.length < 2 || target === 'extra' || target === 'ignore') continue;
    const keep = [...same].sort((a, b) => b.header.length - a.header.length)[0];
    for (const c of same) {
      if (c === keep) continue;
      mapping.set(c.header, 'extra');
      columns[columns.indexOf(c)] = {
        header: c.header,
        target: 'extra',
        how: 'recognised',
        note: `also looks like ${target}, which “${keep?.header}” gives; map it with --map if it is the right one`,
      };
    }
  }
}

/**
 * Maps the headers a record brings that the file's first record did not have (JSON records may
 * differ in their keys): given, else preset, else recognised, added to `mapping` and `columns`.
 */
export function mapLateHeaders(
  cells: Readonly<Record<string, string>>,
  resolved: Pick<ResolvedMapping, 'mapping' | 'columns'>,
  given: ImportRules,
  preset: ImportRules,
): void {
  for (const h of Object.keys(cells)) {
    if (resolved.mapping.has(h)) continue;
    const target =
      ownValue(given.mapping, h) ??
      ownValue(preset.mapping, h) ??
      recogniseHeader(h).target ??
      'extra';
    resolved.mapping.set(h, target);
    resolved.columns.push({ header: h, target, how: 'recognised' });
  }
}

/** The given value mappings over the preset's, each cell text folded as the rules look it up. */
function mergeValueMaps(
  a: ImportRules['values'] = {},
  b: ImportRules['values'] = {},
): RowRules['values'] {
  const out: Record<string, Record<string, string>> = {};
  for (const src of [a, b]) {
    for (const [field, map] of Object.entries(src)) {
      setOwn(out, field, {
        ...ownValue(out, field),
        ...Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [fold(k), v])),
      });
    }
  }
  return out;
}
