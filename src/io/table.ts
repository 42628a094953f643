import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError, invalidFile } from '../domain/errors.ts';
import {
  fileError,
  limitError,
  type Table,
  type TableFormat,
  type TableLimits,
  type TableOptions,
} from './table-cells.ts';
import { openCsv } from './table-csv.ts';
import { openJson } from './table-json.ts';
import { openXlsx } from './table-xlsx.ts';

/**
 * Opening a table for import: the file's size checked, its format told by name and bytes, and
 * the reader of that format (table-csv.ts, table-xlsx.ts, table-json.ts) started.
 */

export {
  type CellNote,
  TABLE_FORMATS,
  type Table,
  type TableFormat,
  type TableInfo,
  type TableLimits,
  type TableOptions,
  type TableRow,
  TEXT_ENCODINGS,
  type TextEncoding,
} from './table-cells.ts';
export { MAX_JSON_DEPTH } from './table-json.ts';

/** Defaults sized for a million-row survey export on a small server. */
const DEFAULT_LIMITS: TableLimits = {
  maxBytes: 1024 * 1024 * 1024,
  maxRows: 2_000_000,
  maxColumns: 500,
  maxCellChars: 100_000,
  maxInflatedBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

const SAMPLE_BYTES = 64 * 1024;

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
    throw invalidFile(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (size > limits.maxBytes) {
    throw limitError(
      file,
      `is ${size} bytes, more than the limit of ${limits.maxBytes}; split the file or raise the limit with --max-bytes`,
    );
  }
  if (size === 0) throw fileError(file, 'is empty');
  const sample = await readSample(file);
  const format = detectFormat(file, sample, options.format);
  const info = { file: basename(file), bytes: size };
  if (format === 'xlsx') return openXlsx(file, info, options, limits);
  if (format === 'json') return openJson(file, info, sample, limits);
  return openCsv(file, info, sample, options, limits);
}
