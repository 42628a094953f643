import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { type AppError, invalidFile, tooLarge } from '../domain/errors.ts';
import { ownValue, setOwn } from '../domain/own.ts';

/**
 * What the table readers (CSV, XLSX, JSON) share: the shapes of a table and its rows, the limits,
 * and how a row's cells are set, so that every reader keeps every cell, removes the control
 * characters a database cannot store, and says what it changed.
 */

/** The file formats an import reads. */
export const TABLE_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** The text encodings a CSV file may be in; `detect` looks at byte-order marks and the bytes. */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** Limits on what an import reads; each has a default that a caller may lower or raise. */
export interface TableLimits {
  /** Largest file in bytes. */
  readonly maxBytes: number;
  /** Most data rows. */
  readonly maxRows: number;
  /** Most columns. */
  readonly maxColumns: number;
  /** Longest cell, in characters. */
  readonly maxCellChars: number;
  /** Most bytes an XLSX archive may inflate to, in all. */
  readonly maxInflatedBytes: number;
  /** Highest ratio of inflated to compressed size of one XLSX part (zip bombs have thousands). */
  readonly maxCompressionRatio: number;
}

/** How to read a file; everything is detected when not given. */
export interface TableOptions {
  readonly format?: TableFormat;
  readonly encoding?: TextEncoding;
  readonly delimiter?: string;
  /** An XLSX sheet by name or by 1-based position; the first sheet by default. */
  readonly sheet?: string;
  readonly limits?: Partial<TableLimits>;
}

/** Something the reader changed in or noticed about a cell, for the row's plan. */
export interface CellNote {
  /** The header of the cell. */
  readonly field: string;
  readonly value: string;
  readonly problem: string;
}

/** One data row: its row number as a spreadsheet shows it, its cells by header, and notes on them. */
export interface TableRow {
  readonly row: number;
  readonly cells: Readonly<Record<string, string>>;
  /** Present when the reader changed or noticed something: control characters, a ragged row, a number. */
  readonly notes?: readonly CellNote[];
}

/** What was detected about a file, for the plan. */
export interface TableInfo {
  readonly file: string;
  readonly bytes: number;
  readonly format: TableFormat;
  readonly encoding?: TextEncoding;
  readonly delimiter?: string;
  readonly sheet?: string;
  /** Row number of the header row. */
  readonly headerRow: number;
}

/** An opened table: what it is, its headers, and its data rows as a stream. */
export interface Table {
  readonly info: TableInfo;
  /** Headers in column order; a repeated header gets " (2)", " (3)" added. JSON adds keys as met. */
  readonly headers: string[];
  /** What the reader changed in the header row (control characters removed), as sentences. */
  readonly headerNotes: string[];
  /** The data rows, read lazily; `bytesRead` follows the file as it is read, for progress. */
  rows(): AsyncIterable<TableRow>;
  readonly bytesRead: () => number;
}

/** An unreadable file: invalid_file, the message starting with the file's name. */
export function fileError(file: string, message: string): AppError {
  return invalidFile(`${basename(file)}: ${message}`);
}

/** A file over one of the limits: too_large, the message starting with the file's name. */
export function limitError(file: string, message: string): AppError {
  return tooLarge(`${basename(file)}: ${message}`);
}

/** The error for a file with more rows (or records) than the limit. */
export function tooManyRows(file: string, limits: TableLimits, what = 'rows'): AppError {
  return limitError(file, `has more than ${limits.maxRows} ${what}, the limit; split the file`);
}

// C0 control characters but tab, line feed and carriage return: text never means them, and
// PostgreSQL refuses NUL in text outright, so they are removed wherever a cell is read.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** The text without control characters, and how many were removed. */
export function withoutControls(text: string): { text: string; removed: number } {
  const clean = text.replace(CONTROL_CHARACTERS, '');
  return { text: clean, removed: text.length - clean.length };
}

/** "removed 1 control character" / "removed 3 control characters (such as NUL)". */
export function removedControls(removed: number): string {
  return `removed ${removed} control character${removed === 1 ? '' : 's'} (such as NUL), which text cannot hold`;
}

/** Headers made unique, non-empty and free of control characters, so that every cell has a name. */
export function uniqueHeaders(raw: readonly string[]): { headers: string[]; notes: string[] } {
  const seen = new Map<string, number>();
  const notes: string[] = [];
  const headers = raw.map((h, i) => {
    const { text, removed } = withoutControls(h);
    const base = text.trim() === '' ? `column ${i + 1}` : text.trim();
    if (removed > 0) notes.push(`header “${base}”: ${removedControls(removed)}`);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
  return { headers, notes };
}

/** A read stream of the file that counts the bytes read, for progress. */
export function countingStream(file: string, counter: { bytes: number }) {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  stream.on('data', (chunk) => {
    counter.bytes += chunk.length;
  });
  return stream;
}

/**
 * A data row as a reader builds it: each cell set by header (never lost to a header such as
 * `__proto__`), cleaned of control characters, checked against the cell limit, and noted.
 */
export class RowBuilder {
  readonly cells: Record<string, string> = {};
  readonly notes: CellNote[] = [];

  constructor(
    private readonly file: string,
    readonly row: number,
    private readonly limits: TableLimits,
  ) {}

  /** Sets the cell of a header, without control characters (noted) and within the cell limit. */
  set(header: string, value: string): void {
    const { text, removed } = withoutControls(value);
    if (removed > 0) this.note(header, text, removedControls(removed));
    if (text.length > this.limits.maxCellChars) {
      throw fileError(
        this.file,
        `row ${this.row} has a cell of ${text.length} characters, more than the limit of ${this.limits.maxCellChars}; is the delimiter or quoting right?`,
      );
    }
    setOwn(this.cells, header, text);
  }

  /** Notes something about a cell for the row's plan. */
  note(field: string, value: string, problem: string): void {
    this.notes.push({ field, value, problem });
  }

  /**
   * Sets the cells of a row read by position (CSV, XLSX). Cells beyond the header's columns (a
   * ragged row) are kept as extra columns "column N", each noted; `headers` grows by the names.
   */
  positional(headers: string[], headerCount: number, values: readonly string[]): void {
    values.forEach((value, i) => {
      if (i < headerCount) {
        this.set(headers[i] as string, value);
        return;
      }
      if (value.trim() === '') return;
      let name = `column ${i + 1}`;
      if (headers.indexOf(name) >= 0 && headers.indexOf(name) < headerCount) name += ' (extra)';
      if (!headers.includes(name)) headers.push(name);
      this.set(name, value);
      this.note(
        name,
        ownValue(this.cells, name) ?? '',
        `the row has ${values.length} cells, the header ${headerCount}: this cell is kept as the extra field “${name}”`,
      );
    });
  }

  /** The finished row; notes only when there are any. */
  done(): TableRow {
    const { row, cells, notes } = this;
    return notes.length > 0 ? { row, cells, notes } : { row, cells };
  }
}
