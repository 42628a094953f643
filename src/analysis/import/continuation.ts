import type { ColumnTarget } from '../../domain/columns.ts';
import { ownValue, setOwn } from '../../domain/own.ts';
import { continuesLink } from './split-links.ts';

/**
 * Continuation rows: tables copied out of PDF reports split a long name (or link) over lines,
 * which a file then holds as rows whose key columns are empty (or hold the rest of the link).
 * Such rows are gathered onto the row above.
 */

/** Fields whose emptiness marks a row as the continuation of the row above (a PDF line break). */
const KEY_FIELDS: readonly ColumnTarget[] = [
  'row_label',
  'slug',
  'website',
  'home_country',
  'scopes',
  'status',
  'domain',
  'type',
];

/**
 * Whether a row continues the record above (its first row with any continuation rows joined): it
 * has text, but every key column that the file has is empty, while the record has them. Tables
 * copied out of PDF reports split long names so. The link column may hold the rest of the
 * record's link, cut where the PDF's column ended (see continuesLink).
 */
export function isContinuation(
  above: Readonly<Record<string, string>> | undefined,
  row: Readonly<Record<string, string>>,
  mapping: ReadonlyMap<string, ColumnTarget>,
): boolean {
  if (!above) return false;
  const keyHeaders = [...mapping].filter(([, t]) => KEY_FIELDS.includes(t)).map(([h]) => h);
  if (keyHeaders.length === 0) return false;
  const filled = (cells: Readonly<Record<string, string>>, h: string) =>
    (ownValue(cells, h) ?? '').trim() !== '';
  const free = (h: string) => !filled(row, h) || continuesLinkCell(above, row, h, mapping);
  const hasText = Object.entries(row).some(
    ([h, v]) => v.trim() !== '' && mapping.get(h) !== 'ignore',
  );
  return hasText && keyHeaders.every(free) && keyHeaders.some((h) => filled(above, h));
}

/** Whether a link column's cell of `row` is the rest of the link in the same column above. */
function continuesLinkCell(
  above: Readonly<Record<string, string>>,
  row: Readonly<Record<string, string>>,
  header: string,
  mapping: ReadonlyMap<string, ColumnTarget>,
): boolean {
  return (
    mapping.get(header) === 'website' &&
    continuesLink(ownValue(above, header) ?? '', ownValue(row, header) ?? '')
  );
}

/**
 * The cells of a row with its continuation rows joined on, column by column: with a space, but
 * the rest of a link in a link column (per `mapping`) straight onto the link it continues.
 */
export function joinContinuation(
  first: Readonly<Record<string, string>>,
  more: readonly Readonly<Record<string, string>>[],
  mapping: ReadonlyMap<string, ColumnTarget> = new Map(),
): Record<string, string> {
  const out: Record<string, string> = { ...first };
  for (const cells of more) {
    for (const [h, v] of Object.entries(cells)) {
      if (v.trim() === '') continue;
      const above = ownValue(out, h);
      if (above === undefined || above.trim() === '') setOwn(out, h, v);
      else if (continuesLinkCell(out, cells, h, mapping))
        setOwn(out, h, `${above.trimEnd()}${v.trim()}`);
      else setOwn(out, h, `${above.trimEnd()} ${v.trim()}`);
    }
  }
  return out;
}

/** A row of the file with the continuation rows below it. */
export interface GatheredRows {
  readonly first: { readonly row: number; readonly cells: Readonly<Record<string, string>> };
  readonly more: { readonly row: number; readonly cells: Readonly<Record<string, string>> }[];
}

/**
 * Gathers a file's rows, as they stream in, into records: blank rows are counted and dropped,
 * continuation rows join the record above. Holds one record at a time.
 */
export class RowGatherer {
  blankRows = 0;
  private open: GatheredRows | undefined;
  /** The open record's cells with its continuation rows joined on. */
  private joined: Readonly<Record<string, string>> = {};

  constructor(private readonly mapping: ReadonlyMap<string, ColumnTarget>) {}

  /**
   * Takes the next row. Undefined when it was blank or continues the open record; otherwise it
   * opens a record, and `done` is the record it closed (none for the first).
   */
  push(r: GatheredRows['first']): { done?: GatheredRows } | undefined {
    if (Object.values(r.cells).every((v) => v.trim() === '')) {
      this.blankRows++;
      return undefined;
    }
    if (this.open && isContinuation(this.joined, r.cells, this.mapping)) {
      this.open.more.push(r);
      this.joined = joinContinuation(this.joined, [r.cells], this.mapping);
      return undefined;
    }
    const done = this.open;
    this.open = { first: r, more: [] };
    this.joined = r.cells;
    return done ? { done } : {};
  }

  /** The record still open at the end of the file, if any. */
  finish(): GatheredRows | undefined {
    const last = this.open;
    this.open = undefined;
    this.joined = {};
    return last;
  }
}
