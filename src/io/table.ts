import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { parser as jsonParser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import yauzl from 'yauzl';
import { AppError } from '../domain/errors.ts';
import { decodeXlsxText } from './xlsx-text.ts';

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

/** Defaults sized for a million-row survey export on a small server. */
const DEFAULT_LIMITS: TableLimits = {
  maxBytes: 1024 * 1024 * 1024,
  maxRows: 2_000_000,
  maxColumns: 500,
  maxCellChars: 100_000,
  maxInflatedBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** How to read a file; everything is detected when not given. */
export interface TableOptions {
  readonly format?: TableFormat;
  readonly encoding?: TextEncoding;
  readonly delimiter?: string;
  /** An XLSX sheet by name or by 1-based position; the first sheet by default. */
  readonly sheet?: string;
  readonly limits?: Partial<TableLimits>;
}

/** One data row: its row number as a spreadsheet shows it, and its cells by header. */
export interface TableRow {
  readonly row: number;
  readonly cells: Readonly<Record<string, string>>;
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
  /** The data rows, read lazily; `bytesRead` follows the file as it is read, for progress. */
  rows(): AsyncIterable<TableRow>;
  readonly bytesRead: () => number;
}

const SAMPLE_BYTES = 64 * 1024;

function fileError(file: string, message: string): AppError {
  return new AppError('invalid_file', `${basename(file)}: ${message}`);
}

async function readSample(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isZip(sample: Buffer): boolean {
  return sample.length >= 4 && sample.readUInt32LE(0) === 0x04034b50;
}

/** The format a file claims by its extension, checked against its first bytes. */
function detectFormat(file: string, sample: Buffer, given?: TableFormat): TableFormat {
  const ext = extname(file).toLowerCase();
  const claimed: TableFormat | undefined =
    given ??
    ({ '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv', '.xlsx': 'xlsx', '.json': 'json' } as const)[
      ext as '.csv'
    ];
  if (ext === '.xls' && !given) {
    throw fileError(
      file,
      'is an old Excel 97-2003 workbook, which cannot be read; save it as .xlsx or .csv and import that',
    );
  }
  const zip = isZip(sample);
  if (claimed === 'xlsx' && !zip) {
    throw fileError(
      file,
      'is named .xlsx but is not an Excel workbook (an .xlsx file is a zip archive); if it is a CSV file, rename it to .csv or pass --format csv',
    );
  }
  if (zip && claimed !== 'xlsx') {
    throw fileError(
      file,
      `is a zip archive, not ${claimed ? claimed.toUpperCase() : 'a table'}; if it is an Excel workbook, name it .xlsx or pass --format xlsx`,
    );
  }
  if (claimed) return claimed;
  const first = sample
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (first === '[' || first === '{') return 'json';
  return 'csv';
}

/** The encoding of a text file: its byte-order mark, else the pattern of zero bytes, else UTF-8 if valid. */
function detectEncoding(sample: Buffer): { encoding: TextEncoding; bom: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf-8', bom: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (pairs > 0 && oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
    return { encoding: 'utf-16le', bom: 0 };
  if (pairs > 0 && evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
    return { encoding: 'utf-16be', bom: 0 };
  try {
    // A multi-byte character may be cut at the end of the sample: decode in streaming mode.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter that splits the first lines into the most columns, the same number on most lines.
 * Quoted fields are respected because each candidate is tried with the CSV parser itself.
 */
function detectDelimiter(sampleText: string): string {
  const cut = sampleText.lastIndexOf('\n');
  const text = cut > 0 ? sampleText.slice(0, cut) : sampleText;
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parseCsvSync(text, {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        to_line: 50,
      });
    } catch {
      continue;
    }
    const counts = records.map((r) => r.length);
    if (counts.length === 0) continue;
    const tally = new Map<number, number>();
    for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
    const [mode, times] = [...tally.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [
      1, 0,
    ];
    if (mode < 2) continue;
    const score = (times / counts.length) * 1000 + mode;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Headers made unique and non-empty, so that every cell has a name. */
function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() === '' ? `column ${i + 1}` : h.trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** Decodes a byte stream into text, failing with a clear message on bytes that are not in the encoding. */
function decoder(file: string, encoding: TextEncoding): Transform {
  const fatal = encoding === 'utf-8';
  const td = new TextDecoder(encoding, { fatal });
  let offset = 0;
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        const text = td.decode(chunk, { stream: true });
        offset += chunk.length;
        done(null, text);
      } catch {
        done(
          fileError(
            file,
            `is not valid UTF-8 between bytes ${offset} and ${offset + chunk.length}; if it was saved by Excel on Windows, pass --encoding windows-1252, or save it as "CSV UTF-8"`,
          ),
        );
      }
    },
    flush(done) {
      try {
        const rest = td.decode();
        done(null, rest);
      } catch {
        done(fileError(file, 'ends in the middle of a character; the file may be cut short'));
      }
    },
  });
}

function checkCell(file: string, row: number, value: string, limits: TableLimits): string {
  if (value.length > limits.maxCellChars) {
    throw fileError(
      file,
      `row ${row} has a cell of ${value.length} characters, more than the limit of ${limits.maxCellChars}; is the delimiter or quoting right?`,
    );
  }
  return value;
}

function countingStream(file: string, counter: { bytes: number }) {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  stream.on('data', (chunk) => {
    counter.bytes += chunk.length;
  });
  return stream;
}

/** Reads the rows of a CSV/TSV file after the header, which is the first non-empty record. */
async function openCsv(
  file: string,
  bytes: number,
  sample: Buffer,
  options: TableOptions,
  limits: TableLimits,
): Promise<Table> {
  const detected = detectEncoding(sample);
  const encoding = options.encoding ?? detected.encoding;
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && sample.includes(0)) {
    throw fileError(
      file,
      'contains zero bytes, so it is not a text file in that encoding; is it a binary file, or UTF-16 without a byte-order mark (pass --encoding utf-16le)?',
    );
  }
  const sampleText = new TextDecoder(encoding).decode(sample.subarray(detected.bom));
  const delimiter = options.delimiter ?? detectDelimiter(sampleText);
  const counter = { bytes: 0 };
  const headers: string[] = [];
  let headerRow = 0;
  const info: { encoding: TextEncoding; delimiter: string } = { encoding, delimiter };

  async function* records(): AsyncGenerator<string[]> {
    // pipeline() carries an error of any stage (a read error, bytes that are not UTF-8) to the
    // parser that is being iterated, where .pipe() would leave it unhandled.
    const parser = pipeline(
      countingStream(file, counter),
      decoder(file, encoding),
      parseCsv({
        delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        max_record_size: limits.maxCellChars * 10,
      }),
      () => {},
    );
    try {
      for await (const record of parser) yield record as string[];
    } catch (e) {
      if (e instanceof AppError) throw e;
      const code = (e as { code?: string }).code;
      throw fileError(
        file,
        code === 'CSV_MAX_RECORD_SIZE'
          ? `has a record longer than ${limits.maxCellChars * 10} characters (${(e as Error).message}); is a quote left open?`
          : `cannot be read as CSV: ${(e as Error).message}; check the delimiter (--delimiter) and that quotes are closed`,
      );
    }
  }
  // The header is read eagerly so that the mapping can be shown before any row is processed.
  const iterator = records();
  let n = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    n++;
    if (next.value.some((c) => c.trim() !== '')) {
      headers.push(...uniqueHeaders(next.value));
      headerRow = n;
      break;
    }
  }
  if (headers.length === 0) throw fileError(file, 'is empty: it has no header row');
  if (headers.length > limits.maxColumns) {
    throw fileError(
      file,
      `has ${headers.length} columns, more than the limit of ${limits.maxColumns}; is the delimiter right?`,
    );
  }
  return {
    info: { file: basename(file), bytes, format: 'csv', ...info, headerRow },
    headers,
    bytesRead: () => counter.bytes,
    async *rows() {
      let row = headerRow;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        row++;
        if (row - headerRow > limits.maxRows) {
          throw new AppError(
            'too_large',
            `${basename(file)}: has more than ${limits.maxRows} rows, the limit; split the file`,
          );
        }
        const cells: Record<string, string> = {};
        next.value.forEach((value, i) => {
          const header = headers[i];
          if (header !== undefined) cells[header] = checkCell(file, row, value, limits);
          else if (value.trim() !== '') {
            cells[`column ${i + 1}`] = checkCell(file, row, value, limits);
            if (!headers.includes(`column ${i + 1}`)) headers.push(`column ${i + 1}`);
          }
        });
        yield { row, cells };
      }
    },
  };
}

/**
 * Checks an XLSX archive before anything inflates it: its listing (declared sizes and ratios),
 * then every part inflated into nowhere with the sizes enforced, so that a zip whose header lies
 * about a part's size is stopped too. Memory stays at one buffer per part.
 */
async function checkXlsxArchive(file: string, limits: TableLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
      err || !z
        ? reject(
            fileError(
              file,
              `is not a readable Excel workbook (${err?.message ?? 'no archive'}); open and save it again in a spreadsheet program`,
            ),
          )
        : resolve(z),
    ),
  );
  const parts = new Set<string>();
  let declared = 0;
  let inflated = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (e: Error) =>
        reject(fileError(file, `is a damaged archive (${e.message}); save it again as .xlsx`)),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        parts.add(entry.fileName);
        declared += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (declared > limits.maxInflatedBytes) {
          reject(
            new AppError(
              'too_large',
              `${basename(file)}: would inflate to more than ${limits.maxInflatedBytes} bytes, the limit; it was not opened`,
            ),
          );
          return;
        }
        if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
          reject(
            fileError(
              file,
              `has a part (${entry.fileName}) that inflates ${Math.round(ratio)} times, which only zip bombs do; it was not opened`,
            ),
          );
          return;
        }
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            reject(fileError(file, `has a part that cannot be read (${err?.message})`));
            return;
          }
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > limits.maxInflatedBytes) stream.destroy(new Error('over the limit'));
          });
          stream.on('error', (e: Error) =>
            reject(
              inflated > limits.maxInflatedBytes
                ? new AppError(
                    'too_large',
                    `${basename(file)}: inflates to more than ${limits.maxInflatedBytes} bytes, the limit`,
                  )
                : fileError(
                    file,
                    `has a damaged or misdeclared part ${entry.fileName} (${e.message}); it was not opened`,
                  ),
            ),
          );
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (!parts.has('xl/workbook.xml')) {
    throw fileError(
      file,
      'is a zip archive without a workbook in it, so it is not an .xlsx file; save the sheet as .xlsx or .csv',
    );
  }
}

type CellValue = ExcelJS.CellValue;

/** The text of a cell as the spreadsheet shows it: rich text joined, formulas by their result. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return decodeXlsxText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return decodeXlsxText(value.richText.map((r) => r.text).join(''));
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: CellValue }).result);
  if ('error' in value) return String(value.error);
  return '';
}

/** Reads one sheet of an XLSX file as a stream of rows, after checking the archive. */
async function openXlsx(
  file: string,
  bytes: number,
  options: TableOptions,
  limits: TableLimits,
): Promise<Table> {
  await checkXlsxArchive(file, limits);
  const counter = { bytes: 0 };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(countingStream(file, counter), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  const wanted = options.sheet;
  const sheetNames: string[] = [];
  async function* sheetRows(): AsyncGenerator<{ sheet: string; row: number; values: string[] }> {
    let position = 0;
    for await (const sheet of reader) {
      position++;
      const name = (sheet as unknown as { name: string }).name;
      sheetNames.push(name);
      const chosen =
        wanted === undefined ? position === 1 : wanted === name || wanted === String(position);
      if (!chosen) {
        // Rows of other sheets must still be consumed for the reader to move on.
        for await (const _ of sheet) {
        }
        continue;
      }
      for await (const r of sheet) {
        const row = r as ExcelJS.Row;
        const values = (row.values as CellValue[]).slice(1).map(cellText);
        yield { sheet: name, row: row.number, values };
      }
      return;
    }
  }
  const iterator = sheetRows();
  const headers: string[] = [];
  let headerRow = 0;
  let sheetName: string | undefined;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      sheetName = next.value.sheet;
      if (next.value.values.some((v) => v.trim() !== '')) {
        headers.push(...uniqueHeaders(next.value.values));
        headerRow = next.value.row;
        break;
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fileError(file, `cannot be read as an Excel workbook (${(e as Error).message})`);
  }
  if (headers.length === 0) {
    throw fileError(
      file,
      wanted !== undefined && sheetName === undefined
        ? `has no sheet "${wanted}"; its sheets are: ${sheetNames.join(', ') || 'none'} (give --sheet a name or a position)`
        : 'has an empty sheet: no header row',
    );
  }
  if (headers.length > limits.maxColumns) {
    throw fileError(
      file,
      `has ${headers.length} columns, more than the limit of ${limits.maxColumns}`,
    );
  }
  return {
    info: { file: basename(file), bytes, format: 'xlsx', sheet: sheetName, headerRow },
    headers,
    bytesRead: () => counter.bytes,
    async *rows() {
      let count = 0;
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          if (++count > limits.maxRows) {
            throw new AppError(
              'too_large',
              `${basename(file)}: has more than ${limits.maxRows} rows, the limit; split the file`,
            );
          }
          const cells: Record<string, string> = {};
          next.value.values.forEach((value, i) => {
            const header = headers[i] ?? `column ${i + 1}`;
            if (headers[i] === undefined) {
              if (value.trim() === '') return;
              if (!headers.includes(header)) headers.push(header);
            }
            cells[header] = checkCell(file, next.value.row, value, limits);
          });
          yield { row: next.value.row, cells };
        }
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw fileError(file, `cannot be read as an Excel workbook (${(e as Error).message})`);
      }
    },
  };
}

/** A JSON value as cell text: lists of plain values joined, structured values as JSON. */
function jsonCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.join('; ');
  return JSON.stringify(value);
}

/** Reads a JSON array of objects, or the "initiatives" array of an exported dataset, as a stream. */
async function openJson(
  file: string,
  bytes: number,
  sample: Buffer,
  limits: TableLimits,
): Promise<Table> {
  const first = sample
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (first !== '[' && first !== '{') {
    throw fileError(
      file,
      'is not JSON: a JSON import must be an array of objects, or an object with an "initiatives" array',
    );
  }
  const counter = { bytes: 0 };
  const headers: string[] = [];
  const seen = new Set<string>();
  async function* elements(): AsyncGenerator<unknown> {
    const stages: NodeJS.ReadWriteStream[] = [jsonParser.asStream()];
    if (first === '{') stages.push(pick.asStream({ filter: 'initiatives' }));
    stages.push(streamArray.asStream());
    const stream = (pipeline as unknown as (...s: unknown[]) => NodeJS.ReadableStream)(
      countingStream(file, counter),
      ...stages,
      () => {},
    );
    try {
      for await (const item of stream) yield (item as unknown as { value: unknown }).value;
    } catch (e) {
      throw fileError(file, `is not valid JSON (${(e as Error).message})`);
    }
  }
  const iterator = elements();
  const addHeaders = (o: Record<string, unknown>) => {
    for (const k of Object.keys(o)) {
      if (seen.has(k)) continue;
      seen.add(k);
      headers.push(k);
      if (headers.length > limits.maxColumns) {
        throw fileError(file, `has more than ${limits.maxColumns} different keys, the limit`);
      }
    }
  };
  const firstElement = await iterator.next();
  const toRow = (value: unknown, row: number): TableRow => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw fileError(file, `element ${row} is not an object; each element must be one record`);
    }
    const o = value as Record<string, unknown>;
    addHeaders(o);
    const cells: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) {
      // An exported record keeps its extra fields in an "extra" object: they are columns again.
      if (k === 'extra' && v && typeof v === 'object' && !Array.isArray(v)) {
        addHeaders(v as Record<string, unknown>);
        for (const [ek, ev] of Object.entries(v))
          cells[ek] = checkCell(file, row, jsonCell(ev), limits);
      } else cells[k] = checkCell(file, row, jsonCell(v), limits);
    }
    return { row, cells };
  };
  const head = firstElement.done ? undefined : toRow(firstElement.value, 1);
  return {
    info: { file: basename(file), bytes, format: 'json', headerRow: 0 },
    headers,
    bytesRead: () => counter.bytes,
    async *rows() {
      if (!head) return;
      yield head;
      let row = 1;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        if (++row > limits.maxRows) {
          throw new AppError(
            'too_large',
            `${basename(file)}: has more than ${limits.maxRows} records, the limit; split the file`,
          );
        }
        yield toRow(next.value, row);
      }
    },
  };
}

/**
 * Opens a CSV/TSV, XLSX or JSON file for import: checks its size and that it is what its name
 * says, detects encoding, delimiter and header row, and returns the rows as a stream.
 */
export async function openTable(file: string, options: TableOptions = {}): Promise<Table> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw fileError(file, 'is not a file');
    size = s.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('invalid_file', `cannot read ${file}: ${(e as Error).message}`);
  }
  if (size > limits.maxBytes) {
    throw new AppError(
      'too_large',
      `${basename(file)}: is ${size} bytes, more than the limit of ${limits.maxBytes}; split the file or raise the limit with --max-bytes`,
    );
  }
  if (size === 0) throw fileError(file, 'is empty');
  const sample = await readSample(file);
  const format = detectFormat(file, sample, options.format);
  if (format === 'xlsx') return openXlsx(file, size, options, limits);
  if (format === 'json') return openJson(file, size, sample, limits);
  return openCsv(file, size, sample, options, limits);
}
