import { pipeline, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { AppError } from '../domain/errors.ts';
import {
  countingStream,
  fileError,
  RowBuilder,
  type Table,
  type TableLimits,
  type TableOptions,
  type TextEncoding,
  tooManyRows,
  uniqueHeaders,
} from './table-cells.ts';

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

/** How a CSV file is read: its encoding (given or detected) and delimiter. */
function csvDialect(
  file: string,
  sample: Buffer,
  options: TableOptions,
): { encoding: TextEncoding; delimiter: string } {
  const detected = detectEncoding(sample);
  const encoding = options.encoding ?? detected.encoding;
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && sample.includes(0)) {
    throw fileError(
      file,
      'contains zero bytes, so it is not a text file in that encoding; is it a binary file, or UTF-16 without a byte-order mark (pass --encoding utf-16le)?',
    );
  }
  const sampleText = new TextDecoder(encoding).decode(sample.subarray(detected.bom));
  return { encoding, delimiter: options.delimiter ?? detectDelimiter(sampleText) };
}

/** The file's records as arrays of cells, read and parsed as a stream. */
async function* csvRecords(
  file: string,
  dialect: { encoding: TextEncoding; delimiter: string },
  limits: TableLimits,
  counter: { bytes: number },
): AsyncGenerator<string[]> {
  // pipeline() carries an error of any stage (a read error, bytes that are not UTF-8) to the
  // parser that is being iterated, where .pipe() would leave it unhandled.
  const parser = pipeline(
    countingStream(file, counter),
    decoder(file, dialect.encoding),
    parseCsv({
      delimiter: dialect.delimiter,
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

/** Reads the rows of a CSV/TSV file after the header, which is the first non-empty record. */
export async function openCsv(
  file: string,
  info: { file: string; bytes: number },
  sample: Buffer,
  options: TableOptions,
  limits: TableLimits,
): Promise<Table> {
  const dialect = csvDialect(file, sample, options);
  const counter = { bytes: 0 };
  // The header is read eagerly so that the mapping can be shown before any row is processed.
  const iterator = csvRecords(file, dialect, limits, counter);
  let headerRow = 0;
  let header: ReturnType<typeof uniqueHeaders> | undefined;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    headerRow++;
    if (next.value.some((c) => c.trim() !== '')) {
      header = uniqueHeaders(next.value);
      break;
    }
  }
  if (!header) throw fileError(file, 'is empty: it has no header row');
  const { headers, notes: headerNotes } = header;
  if (headers.length > limits.maxColumns) {
    throw fileError(
      file,
      `has ${headers.length} columns, more than the limit of ${limits.maxColumns}; is the delimiter right?`,
    );
  }
  const headerCount = headers.length;
  return {
    info: { ...info, format: 'csv', ...dialect, headerRow },
    headers,
    headerNotes,
    bytesRead: () => counter.bytes,
    async *rows() {
      let row = headerRow;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        row++;
        if (row - headerRow > limits.maxRows) throw tooManyRows(file, limits);
        const builder = new RowBuilder(file, row, limits);
        builder.positional(headers, headerCount, next.value);
        yield builder.done();
      }
    },
  };
}
