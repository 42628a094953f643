import type { ImportSummary, PlanRow } from '../services/imports.ts';

/**
 * The plan of a web import shaped for its page: the command line's plan (`atlas import` prints
 * every row, every value changed and every value flagged) cut to what a page can show. The
 * counts stay those of the whole file (the summary's); the lists keep their first entries.
 */

/** Rows of the plan the page lists. */
export const SHOWN_ROWS = 300;
/** Values changed, and values flagged, that the normalisation report lists. */
export const SHOWN_VALUES = 200;
/** The longest value text shown; a longer one is cut, as the command line cuts at 80. */
const VALUE_CHARS = 200;

/** A value the import changed: row, field, the file's text, what it became, and why. */
export interface ShownChange {
  readonly row: number;
  readonly field: string;
  readonly original: string;
  readonly normalised: string;
  readonly rule: string;
}

/** A value the import could not read as it should: kept as written, or blocking its row. */
export interface ShownFlag {
  readonly row: number;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  readonly severity: 'kept' | 'blocking';
}

/** How the file was read, as the command line's first line says it. */
export interface FileReading {
  readonly format: string;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly sheet?: string;
  readonly headerRow?: number;
}

/** What the plan page shows: the whole plan's counts, the first rows and values. */
export interface ImportPlanView {
  readonly summary: ImportSummary;
  readonly reading: FileReading;
  readonly rows: readonly PlanRow[];
  readonly changes: readonly ShownChange[];
  readonly flags: readonly ShownFlag[];
  /** Values changed and flagged beyond those listed (the summary's counts less the lists). */
  readonly moreChanges: number;
  readonly moreFlags: number;
}

/** A value as the page shows it: at most VALUE_CHARS characters (not cutting a character in two). */
export function clipValue(text: string): string {
  if (text.length <= VALUE_CHARS) return text;
  const chars = Array.from(text);
  return chars.length <= VALUE_CHARS ? text : `${chars.slice(0, VALUE_CHARS - 1).join('')}…`;
}

/** How the file was read: format, encoding, delimiter, sheet, the header's row when not the first. */
export function fileReading(file: ImportSummary['file']): FileReading {
  return {
    format: file.format.toUpperCase(),
    ...(file.encoding ? { encoding: file.encoding } : {}),
    ...(file.delimiter ? { delimiter: JSON.stringify(file.delimiter) } : {}),
    ...(file.sheet ? { sheet: file.sheet } : {}),
    ...(file.headerRow > 1 ? { headerRow: file.headerRow } : {}),
  };
}

/**
 * Gathers a plan as the import hands it over row by row (`onRow`), keeping the first rows, the
 * first values changed and the first values flagged; `view` joins them to the run's summary.
 */
export function importPlanCollector(limits = { rows: SHOWN_ROWS, values: SHOWN_VALUES }) {
  const rows: PlanRow[] = [];
  const changes: ShownChange[] = [];
  const flags: ShownFlag[] = [];
  return {
    onRow(r: PlanRow): void {
      if (rows.length < limits.rows) rows.push(r);
      for (const c of r.changes) {
        if (changes.length >= limits.values) break;
        changes.push({
          row: c.row,
          field: c.field,
          original: clipValue(c.original),
          normalised: clipValue(c.normalised),
          rule: c.rule,
        });
      }
      for (const f of r.flags) {
        if (flags.length >= limits.values) break;
        flags.push({
          row: f.row,
          field: f.field,
          value: clipValue(f.value),
          problem: f.problem,
          severity: f.severity,
        });
      }
    },
    view(summary: ImportSummary): ImportPlanView {
      return {
        summary,
        reading: fileReading(summary.file),
        rows,
        changes,
        flags,
        moreChanges: Math.max(0, summary.changes - changes.length),
        moreFlags: Math.max(0, summary.flags - flags.length),
      };
    },
  };
}
