import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError } from '../domain/errors.ts';
import {
  countingStream,
  fileError,
  limitError,
  RowBuilder,
  type Table,
  type TableLimits,
  type TableOptions,
  tooManyRows,
  uniqueHeaders,
} from './table-cells.ts';
import { copyWithPositions, isWorksheet, lacksPositions } from './xlsx-positions.ts';
import { decodeXlsxText } from './xlsx-text.ts';

/** Opens the zip archive of an XLSX file for reading its listing, one entry at a time. */
function openArchive(file: string): Promise<yauzl.ZipFile> {
  return new Promise<yauzl.ZipFile>((resolve, reject) =>
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
}

/** What the check of an archive has seen so far. */
interface ArchiveTally {
  readonly parts: Set<string>;
  declared: number;
  inflated: number;
  /** Whether a worksheet has rows or cells without positions. */
  unpositioned: boolean;
}

/** The error for an entry whose declared size or compression ratio is over the limits, if any. */
function entryLimitError(
  file: string,
  entry: yauzl.Entry,
  tally: ArchiveTally,
  limits: TableLimits,
): AppError | undefined {
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (tally.declared > limits.maxInflatedBytes) {
    return limitError(
      file,
      `would inflate to more than ${limits.maxInflatedBytes} bytes, the limit; it was not opened`,
    );
  }
  if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
    return fileError(
      file,
      `has a part (${entry.fileName}) that inflates ${Math.round(ratio)} times, which only zip bombs do; it was not opened`,
    );
  }
  return undefined;
}

/**
 * Finds, across the chunks of a worksheet's XML, a row or cell element without its position
 * (the `r` attribute), which the streaming reader needs filled in (see xlsx-positions.ts).
 */
class PositionScan {
  missing = false;
  private tail = '';

  /** Looks at the next chunk of the part; a tag cut at the chunk's end is kept for the next. */
  push(chunk: Buffer): void {
    if (this.missing) return;
    const text = this.tail + chunk.toString('latin1');
    const open = text.lastIndexOf('<');
    const cut = open >= 0 && text.indexOf('>', open) < 0 ? open : text.length;
    this.tail = text.slice(cut, cut + 4096);
    this.missing = lacksPositions(text.slice(0, cut));
  }
}

/** Inflates one part into nowhere, counting its bytes against the limit; worksheets are scanned. */
function inflatePart(
  file: string,
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  tally: ArchiveTally,
  limits: TableLimits,
): Promise<void> {
  const scan = isWorksheet(entry.fileName) ? new PositionScan() : undefined;
  return new Promise<void>((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(fileError(file, `has a part that cannot be read (${err?.message})`));
        return;
      }
      stream.on('data', (chunk: Buffer) => {
        tally.inflated += chunk.length;
        scan?.push(chunk);
        if (tally.inflated > limits.maxInflatedBytes) stream.destroy(new Error('over the limit'));
      });
      stream.on('error', (e: Error) =>
        reject(
          tally.inflated > limits.maxInflatedBytes
            ? limitError(file, `inflates to more than ${limits.maxInflatedBytes} bytes, the limit`)
            : fileError(
                file,
                `has a damaged or misdeclared part ${entry.fileName} (${e.message}); it was not opened`,
              ),
        ),
      );
      stream.on('end', () => {
        if (scan?.missing) tally.unpositioned = true;
        resolve();
      });
    });
  });
}

/**
 * Checks an XLSX archive before anything inflates it: its listing (declared sizes and ratios),
 * then every part inflated into nowhere with the sizes enforced, so that a zip whose header lies
 * about a part's size is stopped too. Memory stays at one buffer per part. Tells whether a
 * worksheet leaves out cell positions.
 */
async function checkXlsxArchive(
  file: string,
  limits: TableLimits,
): Promise<{ unpositioned: boolean }> {
  const zip = await openArchive(file);
  const tally: ArchiveTally = {
    parts: new Set<string>(),
    declared: 0,
    inflated: 0,
    unpositioned: false,
  };
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (e: Error) =>
        reject(fileError(file, `is a damaged archive (${e.message}); save it again as .xlsx`)),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        tally.parts.add(entry.fileName);
        tally.declared += entry.uncompressedSize;
        const over = entryLimitError(file, entry, tally, limits);
        if (over) reject(over);
        else if (entry.fileName.endsWith('/')) zip.readEntry();
        else inflatePart(file, zip, entry, tally, limits).then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (!tally.parts.has('xl/workbook.xml')) {
    throw fileError(
      file,
      'is a zip archive without a workbook in it, so it is not an .xlsx file; save the sheet as .xlsx or .csv',
    );
  }
  return { unpositioned: tally.unpositioned };
}

/**
 * The stream the workbook reader reads: the file, or a copy with the cell positions filled in
 * when it leaves them out. The copy is deleted as soon as it is open.
 */
async function workbookStream(file: string, unpositioned: boolean, counter: { bytes: number }) {
  if (!unpositioned) return countingStream(file, counter);
  const copy = await copyWithPositions(file).catch((e: Error) => {
    throw fileError(
      file,
      `has cells without positions, and a copy with them could not be made (${e.message})`,
    );
  });
  const stream = countingStream(copy.path, counter);
  stream.once('open', () => void copy.remove());
  stream.once('error', () => void copy.remove());
  return stream;
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

/** One row of a sheet: the sheet, the row number, the cells' text, and the positions of big whole numbers. */
interface SheetRow {
  readonly sheet: string;
  readonly row: number;
  readonly values: string[];
  readonly bigNumbers: number[];
}

/** The rows of the wanted sheet (the first by default); the names of the sheets passed go to `names`. */
async function* sheetRows(
  reader: ExcelJS.stream.xlsx.WorkbookReader,
  wanted: string | undefined,
  names: string[],
): AsyncGenerator<SheetRow> {
  let position = 0;
  for await (const sheet of reader) {
    position++;
    const name = (sheet as unknown as { name: string }).name;
    names.push(name);
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
      const raw = (row.values as CellValue[]).slice(1);
      const bigNumbers: number[] = [];
      raw.forEach((v, i) => {
        if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v))
          bigNumbers.push(i);
      });
      yield { sheet: name, row: row.number, values: raw.map(cellText), bigNumbers };
    }
    return;
  }
}

/** Runs a step of the ExcelJS reader, turning anything it throws into one message naming the file. */
async function readingWorkbook<T>(file: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fileError(file, `cannot be read as an Excel workbook (${(e as Error).message})`);
  }
}

/** The row of a sheet as a table row; a whole number beyond 2^53 is noted, Excel kept only ~15 digits of it. */
function xlsxRow(
  file: string,
  r: SheetRow,
  headers: string[],
  headerCount: number,
  limits: TableLimits,
) {
  const builder = new RowBuilder(file, r.row, limits);
  builder.positional(headers, headerCount, r.values);
  for (const i of r.bigNumbers) {
    const header = i < headerCount ? headers[i] : `column ${i + 1}`;
    builder.note(
      header ?? `column ${i + 1}`,
      r.values[i] ?? '',
      'is a whole number beyond 2^53, of which a spreadsheet keeps about 15 digits: the later digits may not be the ones typed; store such codes as text',
    );
  }
  return builder.done();
}

/**
 * Starts reading a workbook: its rows' iterator and the first row with a value. ExcelJS's
 * streaming reader can, rarely and only on a busy machine, take a sheet before the workbook's list
 * of sheets and fail with a TypeError ("reading 'sheets'") on a file it reads the next time (seen
 * once in CI on a fixture read thrice in a row); so an error of the reader's own, not the file's,
 * is given one more reading from the start before it is reported.
 */
async function firstRow(
  file: string,
  unpositioned: boolean,
  counter: { bytes: number },
  wanted: string | undefined,
  sheetNames: string[],
) {
  for (let attempt = 1; ; attempt++) {
    const source = await workbookStream(file, unpositioned, counter);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'emit',
    });
    const iterator = sheetRows(reader, wanted, sheetNames);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.values.some((v) => v.trim() !== '')) return { iterator, first: next.value };
      }
      return { iterator, first: undefined };
    } catch (e) {
      source.destroy();
      if (attempt >= 2 || !(e instanceof TypeError))
        return readingWorkbook(file, () => Promise.reject(e));
      counter.bytes = 0;
      sheetNames.length = 0;
    }
  }
}

/** Reads one sheet of an XLSX file as a stream of rows, after checking the archive. */
export async function openXlsx(
  file: string,
  info: { file: string; bytes: number },
  options: TableOptions,
  limits: TableLimits,
): Promise<Table> {
  const { unpositioned } = await checkXlsxArchive(file, limits);
  const counter = { bytes: 0 };
  const wanted = options.sheet;
  const sheetNames: string[] = [];
  const { iterator, first } = await firstRow(file, unpositioned, counter, wanted, sheetNames);
  if (!first) {
    const position = /^\d+$/.test(wanted ?? '') ? Number(wanted) : 0;
    const found =
      wanted === undefined ||
      sheetNames.includes(wanted) ||
      (position >= 1 && position <= sheetNames.length);
    throw fileError(
      file,
      !found
        ? `has no sheet "${wanted}"; its sheets are: ${sheetNames.join(', ') || 'none'} (give --sheet a name or a position)`
        : 'has an empty sheet: no header row',
    );
  }
  const { headers, notes: headerNotes } = uniqueHeaders(first.values);
  if (headers.length > limits.maxColumns) {
    throw fileError(
      file,
      `has ${headers.length} columns, more than the limit of ${limits.maxColumns}`,
    );
  }
  const headerCount = headers.length;
  return {
    info: { ...info, format: 'xlsx', sheet: first.sheet, headerRow: first.row },
    headers,
    headerNotes,
    bytesRead: () => counter.bytes,
    async *rows() {
      let count = 0;
      for (;;) {
        const next = await readingWorkbook(file, () => iterator.next());
        if (next.done) return;
        if (++count > limits.maxRows) throw tooManyRows(file, limits);
        yield xlsxRow(file, next.value, headers, headerCount, limits);
      }
    },
  };
}
