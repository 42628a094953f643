import type { ColumnTarget, InitiativeColumn } from '../../domain/columns.ts';
import { ownValue, setOwn } from '../../domain/own.ts';
import { fold } from './text.ts';

/**
 * A row while the field rules read it: the candidate record built so far, its extra fields, and
 * every change made and problem found, each naming the row and field.
 */

/** A normalisation applied to a cell: the row, the field, the text before and after, and why. */
export interface ValueChange {
  readonly row: number;
  readonly field: string;
  readonly original: string;
  readonly normalised: string;
  readonly rule: string;
}

/** A value that could not be read as it should. Blocking flags keep the row out of the import. */
export interface ValueFlag {
  readonly row: number;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  /** `kept`: stored verbatim (as an extra field or note); `blocking`: the row needs a decision or fix. */
  readonly severity: 'kept' | 'blocking';
  /** Set when a required value is simply absent: a merge into an existing record supplies it. */
  readonly missing?: true;
}

/** What the import knows about the database: codes and names of countries, regions and sources. */
export interface ImportContext {
  /** Folded country names and codes → country code. */
  readonly countries: ReadonlyMap<string, string>;
  /** Folded region names and codes → region code (any level). */
  readonly regions: ReadonlyMap<string, string>;
  /** Source codes that exist. */
  readonly sources: ReadonlySet<string>;
}

/** How each header is read, plus defaults and value mappings chosen by the user or a preset. */
export interface RowRules {
  readonly mapping: ReadonlyMap<string, ColumnTarget>;
  /** Values for fields that a row leaves empty, e.g. home_country=SE. */
  readonly defaults: Readonly<Partial<Record<InitiativeColumn, string>>>;
  /** Per field, a cell text (folded) → the code it means, e.g. domain: "medical research" → research_innovation. */
  readonly values: Readonly<Partial<Record<InitiativeColumn, Readonly<Record<string, string>>>>>;
  /** A status date read from a header such as "Status (Jan-2025)". */
  readonly statusAsOf?: string;
  /** Undo the apostrophe an export puts before formula characters (CSV and XLSX files). */
  readonly restoreFormulas?: boolean;
}

/** The text of one field in a row: the header it came from (the first, when two are joined). */
export interface FieldCell {
  readonly header: string;
  readonly text: string;
}

/** The extra field a column headed `__proto__` is kept as. */
export const RENAMED_PROTO = '__proto__ (column)';

/** The candidate record of a row, with what was changed and flagged on the way. */
export class RowDraft {
  readonly changes: ValueChange[] = [];
  readonly flags: ValueFlag[] = [];
  /** Initiative fields by their schema key (camelCase), as the rules read them. */
  readonly candidate: Record<string, unknown> = {};
  readonly extra: Record<string, string> = {};
  label: string | undefined;

  constructor(
    readonly row: number,
    readonly rules: RowRules,
    readonly ctx: ImportContext,
  ) {}

  /** Lists a normalisation, when it changed the text. */
  change(field: string, original: string, normalised: string, rule: string): void {
    if (original !== normalised) this.noted(field, original, normalised, rule);
  }

  /** Lists a value that did not come from the cell (a default, a date from a header). */
  noted(field: string, original: string, normalised: string, rule: string): void {
    this.changes.push({ row: this.row, field, original, normalised, rule });
  }

  /** Flags a value that is stored, but not where its column says: a note, not a stop. */
  kept(field: string, value: string, problem: string): void {
    this.flags.push({ row: this.row, field, value, problem, severity: 'kept' });
  }

  /** Flags a value that cannot be read and keeps it as an extra field under its header. */
  keep(header: string, field: string, value: string, problem: string): void {
    this.kept(field, value, problem);
    this.keepExtra(header, value);
  }

  /**
   * Keeps a cell as the extra field named by its header, joined to any text already there. The
   * header `__proto__` is the one name a record cannot carry (the schema drops it, as every
   * guard against prototype pollution does), so that column is kept under another name, flagged.
   */
  keepExtra(header: string, value: string): void {
    let key = header;
    if (header === '__proto__') {
      key = RENAMED_PROTO;
      this.kept(header, value, `kept as the extra field “${key}”: “__proto__” cannot name a field`);
    }
    const before = ownValue(this.extra, key);
    setOwn(this.extra, key, before ? `${before}; ${value}` : value);
  }

  /** Flags a required value that the row does not give (a merge may supply it). */
  absent(field: string, problem: string): void {
    this.flags.push({
      row: this.row,
      field,
      value: '',
      problem,
      severity: 'blocking',
      missing: true,
    });
  }

  /** Flags a value that keeps the row out of the import until it is fixed or mapped. */
  block(field: string, value: string, problem: string): void {
    this.flags.push({ row: this.row, field, value, problem, severity: 'blocking' });
  }

  /** The code the user mapped a cell text to for this field (--value), if any. */
  userValue(field: InitiativeColumn, text: string): string | undefined {
    return ownValue(ownValue(this.rules.values, field), fold(text));
  }
}
