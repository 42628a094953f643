import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import type { Feature } from 'geojson';
import { neutraliseFormula } from '../domain/columns.ts';
import { encodeXlsxText } from './xlsx-text.ts';

/** The formats an export writes. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The public entities of a full export, in sheet order. Initiatives come first because an import
 * reads the first sheet of a workbook. Evidence is exported without its respondent, and accounts,
 * sessions and history are not public.
 */
export const EXPORT_ENTITIES = [
  'initiatives',
  'regions',
  'sources',
  'barrier_categories',
  'barriers',
  'evidence',
  'good_practices',
  'regional_reports',
  'interviews',
  'workshops',
  'campaigns',
  'pillars',
  'figures',
  'recommendations',
] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];

/** The media type of each format, as an HTTP response declares it. */
export const MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8; header=present',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json',
};

/** A cell of an exported table: text, a number, a yes/no, or empty. */
export type Cell = string | number | boolean | null | undefined;

/** One table of an export: its name (the sheet's), its column headers and its rows, read lazily. */
export interface ExportTable {
  readonly name: string;
  readonly headers: readonly string[];
  /** The rows as cells by header; a producer reads its records a page at a time. */
  rows(): AsyncIterable<Readonly<Record<string, Cell>>>;
}

/**
 * Resolves when `out` can take more, so that a fast producer waits for a slow reader (a download
 * over a slow link) instead of buffering the whole export. A closed output ends the wait with an
 * error: a client that went away would otherwise leave the export waiting forever.
 */
async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('the output was closed before the export was complete');
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the output was closed before the export was complete'));
    };
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw new Error('the output was closed before the export was complete');
  out.write(text);
  await drained(out);
}

/** Text as a CSV cell: anything a spreadsheet would run as a formula gets a leading apostrophe. */
function csvText(value: Cell): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? neutraliseFormula(value) : String(value);
}

/**
 * Writes one table as CSV (RFC 4180 quoting, comma, UTF-8 with a byte-order mark so that Excel
 * reads accents right; the importer skips the mark). Rows are streamed through csv-stringify.
 * `out` is not ended, so the caller decides what happens to it next (a file is renamed into
 * place, stdout stays open).
 */
export async function writeCsv(out: Writable, table: ExportTable): Promise<void> {
  // Rows go in as arrays in header order: csv-stringify would read a header with a dot in it
  // (an extra field of an imported file may have one) as a path into nested objects.
  async function* records(): AsyncGenerator<string[]> {
    yield table.headers.map(csvText);
    for await (const row of table.rows()) yield table.headers.map((h) => csvText(row[h]));
  }
  await pipeline(Readable.from(records()), stringify({ bom: true }), out, { end: false });
}

/**
 * A cell value for the workbook. Text is escaped as Excel escapes it (_xHHHH_ for control
 * characters and CR, which XML would drop or turn into LF), so nothing is lost; the importer
 * reads the escapes back, as Excel does.
 */
function xlsxValue(value: Cell): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? encodeXlsxText(neutraliseFormula(value)) : value;
}

/** A column width that fits the header and gives text columns room, in characters. */
function widthOf(header: string): number {
  const wide = /summary|objectives|statement|description|overview|notes|sources|funding/;
  return wide.test(header) ? 60 : Math.min(40, Math.max(10, header.length + 4));
}

/** Rows written between checks that the output keeps up. */
const XLSX_BATCH = 200;

/**
 * The date written into a workbook (its created and modified properties, and every zip entry's
 * time) unless the caller gives the data's own: a fixed one, never the clock, so the same data
 * gives the same bytes and the same checksum at every generation. 1980-01-01 is the earliest
 * time a zip entry can hold.
 */
export const FIXED_FILE_DATE = new Date(1980, 0, 1);

/**
 * Starts ExcelJS's streaming writer with fixed dates. The workbook's properties take them as
 * options; its zip entries do not: archiver stamps each entry with `new Date()` as it is added.
 * The entries the writer adds later get the date on their way in (a wrapped append); the two it
 * adds while it is constructed, synchronously, see a clock that reads `date` for that moment.
 */
async function workbookWriter(stream: Writable, date: Date) {
  // Loaded on first use: ExcelJS is slow to load and most commands never write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = atFixedTime(
    date,
    () =>
      new excel.stream.xlsx.WorkbookWriter({
        stream,
        useStyles: true,
        useSharedStrings: false,
        created: date,
        modified: date,
      } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>),
  );
  const zip = (workbook as unknown as { zip: ZipAppender }).zip;
  const append = zip.append.bind(zip);
  zip.append = (source, data) => append(source, { ...data, date });
  workbook.creator = 'PerMed Atlas';
  return workbook;
}

/** Runs `fn` (synchronous: nothing else runs meanwhile) with `new Date()` giving `date`. */
function atFixedTime<T>(date: Date, fn: () => T): T {
  const RealDate = globalThis.Date;
  globalThis.Date = class extends RealDate {
    // biome-ignore lint/suspicious/noExplicitAny: Date's constructor overloads
    constructor(...args: any[]) {
      if (args.length === 0) super(date.getTime());
      else super(...(args as [string]));
    }
  } as DateConstructor;
  try {
    return fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** The part of archiver's zip writer that ExcelJS adds its entries through. */
interface ZipAppender {
  append(source: unknown, data: { name: string; date?: Date }): unknown;
}

/**
 * Writes tables as an XLSX workbook, one sheet each in the order given (an import reads the first
 * sheet), with a bold header row frozen in place and an auto filter on it. ExcelJS's streaming
 * writer commits each row as it comes, so memory stays flat however many rows there are. `out`
 * is not ended.
 */
export async function writeXlsx(
  out: Writable,
  tables: readonly ExportTable[],
  date: Date = FIXED_FILE_DATE,
): Promise<void> {
  const zip = new PassThrough();
  const piped = pipeline(zip, out, { end: false });
  let failure: unknown;
  piped.catch((e) => {
    failure ??= e;
  });
  try {
    const workbook = await workbookWriter(zip, date);
    for (const table of tables) {
      const sheet = workbook.addWorksheet(table.name, {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      sheet.columns = table.headers.map((h) => ({ key: h, width: widthOf(h) }));
      if (table.headers.length > 0) {
        sheet.autoFilter = {
          from: { row: 1, column: 1 },
          to: { row: 1, column: table.headers.length },
        };
      }
      const header = sheet.addRow(table.headers.map(xlsxValue));
      header.font = { bold: true };
      header.commit();
      let n = 0;
      for await (const row of table.rows()) {
        sheet.addRow(table.headers.map((h) => xlsxValue(row[h]))).commit();
        if (++n % XLSX_BATCH === 0) {
          if (failure) throw failure;
          await drained(zip);
        }
      }
      sheet.commit();
    }
    await workbook.commit();
  } catch (e) {
    zip.destroy();
    throw failure ?? e;
  }
  await piped;
}

/** Writes `[`, the items one per line, `]`: a JSON array that never has to be whole in memory. */
export async function writeJsonArray(out: Writable, items: AsyncIterable<unknown>): Promise<void> {
  await write(out, '[');
  let first = true;
  for await (const item of items) {
    await write(out, `${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
    first = false;
  }
  await write(out, first ? ']\n' : '\n]\n');
}

/** Writes a JSON object whose members are arrays, each streamed like `writeJsonArray`. */
export async function writeJsonObject(
  out: Writable,
  members: readonly { readonly name: string; readonly items: () => AsyncIterable<unknown> }[],
): Promise<void> {
  await write(out, '{');
  let firstMember = true;
  for (const m of members) {
    await write(out, `${firstMember ? '\n' : ',\n'}${JSON.stringify(m.name)}: [`);
    firstMember = false;
    let first = true;
    for await (const item of m.items()) {
      await write(out, `${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
      first = false;
    }
    await write(out, first ? ']' : '\n]');
  }
  await write(out, firstMember ? '}\n' : '\n}\n');
}

/**
 * Writes a GeoJSON FeatureCollection (RFC 7946: no crs member, coordinates in WGS84 longitude,
 * latitude). `attribution` is a foreign member naming where the outlines come from.
 */
export async function writeGeoJson(
  out: Writable,
  features: Iterable<Feature>,
  attribution: string,
): Promise<void> {
  await write(
    out,
    `{"type":"FeatureCollection","attribution":${JSON.stringify(attribution)},"features":[`,
  );
  let first = true;
  for (const f of features) {
    await write(out, `${first ? '\n' : ',\n'}${JSON.stringify(f)}`);
    first = false;
  }
  await write(out, first ? ']}\n' : '\n]}\n');
}

/**
 * Writes a file through a temporary file in the same folder that is renamed into place only once
 * it is complete and on disk, so that a failed export leaves no half-written file behind and an
 * existing file is replaced whole or not at all.
 */
export async function writeFileAtomically(
  path: string,
  writeTo: (out: Writable) => Promise<void>,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // flush: the data is synced to disk before the file is closed, so the rename never publishes
  // a file whose content is still only in the page cache.
  const out = createWriteStream(temp, { flags: 'wx', flush: true });
  try {
    try {
      await once(out, 'open');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(
        `cannot write ${path}${code ? ` (${code === 'ENOENT' ? 'no such folder' : code})` : ''}`,
      );
    }
    await writeTo(out);
    const closed = once(out, 'close');
    out.end();
    await closed;
    await rename(temp, path);
  } catch (e) {
    // The stream is abandoned: a write still in flight may fail once it is destroyed, and the
    // caller needs the export's own error, not that one.
    out.on('error', () => {});
    if (!out.closed) {
      const closed = new Promise<void>((resolve) => out.once('close', () => resolve()));
      out.destroy();
      await closed;
    }
    await rm(temp, { force: true });
    throw e;
  }
}
