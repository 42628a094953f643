/**
 * The figures and tables of a report as files in one ZIP: every chart and map as SVG and PNG,
 * every table as CSV, and a README.txt that says what each file is (its caption, numbered as in
 * the report) and where the data comes from (the colophon). The same document gives the same
 * bytes: entries in document order, each dated by the report's generation time.
 */

import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import yazl from 'yazl';
import { neutraliseFormula } from '../domain/columns.ts';
import {
  type Block,
  type CellValue,
  cellValue,
  inlineText,
  type ReportDocument,
  type ReportSection,
  reportFigures,
  type TableBlock,
} from '../domain/report.ts';
import type { DocxLabels } from './report-docx.ts';

/** A figure's files: its SVG (web/report-figures.tsx) and that SVG drawn as PNG (io/raster.ts). */
export interface FigureFiles {
  readonly svg: string;
  readonly png: Buffer;
}

/** The words of the README, in the report's language; English unless the caller gives them. */
export type ZipLabels = Pick<
  DocxLabels,
  'table' | 'figure' | 'colophon' | 'dataVersion' | 'generated' | 'licence' | 'sources'
>;

const ENGLISH: ZipLabels = {
  table: 'Table',
  figure: 'Figure',
  colophon: 'Colophon',
  dataVersion: 'Data version',
  generated: 'Generated',
  licence: 'Licence',
  sources: 'Sources',
};

/** The column a table's CSV gets for the records behind each row (their atlas address). */
export const RECORDS_COLUMN = 'records';
/** The column a table's CSV gets for the rows' notes, when a row has one. */
export const NOTE_COLUMN = 'note';

/** One file of the ZIP, with the line the README gives it. */
interface Entry {
  readonly name: string;
  readonly data: Buffer;
  readonly line?: string;
}

export interface ZipOptions {
  /** The README's words in the report's language (the caller has the catalogues); default English. */
  readonly labels?: ZipLabels;
  /**
   * The atlas's address (`https://atlas.example.org`): with it the CSV's `records` column and the
   * README give absolute addresses, without it the atlas's own (`/initiatives?domain=research`).
   */
  readonly origin?: string;
}

/**
 * Writes the ZIP of `doc`: `{id}.csv` for every table, `{id}.svg` and `{id}.png` for every chart
 * and map (a figure missing from `figures` is an error), in document order after README.txt.
 */
export async function reportZip(
  doc: ReportDocument,
  figures: ReadonlyMap<string, FigureFiles>,
  options: ZipOptions = {},
): Promise<Buffer> {
  const labels = options.labels ?? ENGLISH;
  const origin = (options.origin ?? '').replace(/\/+$/, '');
  const entries = zipEntries(doc, figures, labels, origin);
  const readme = Buffer.from(readmeText(doc, entries, labels, origin), 'utf8');
  const mtime = zipTime(doc.colophon.generatedAt);
  const zip = new yazl.ZipFile();
  for (const e of [{ name: 'README.txt', data: readme }, ...entries]) {
    zip.addBuffer(e.data, e.name, { mtime, mode: 0o100644, forceDosTimestamp: true });
  }
  zip.end();
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await pipeline(zip.outputStream, sink);
  return Buffer.concat(chunks);
}

/**
 * The entries' date: the generation time as UTC wall-clock time. A ZIP entry holds a time without
 * a zone, which yazl writes from the local clock's reading of a date: the date given it reads the
 * UTC time on any server, so the bytes do not depend on the server's time zone.
 */
function zipTime(iso: string): Date {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime()))
    throw new Error(`the report's generation time "${iso}" is not a date`);
  return new Date(
    t.getUTCFullYear(),
    t.getUTCMonth(),
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  );
}

/** The tables' and figures' files in document order, each with its README line. */
function zipEntries(
  doc: ReportDocument,
  figures: ReadonlyMap<string, FigureFiles>,
  labels: ZipLabels,
  origin: string,
): Entry[] {
  const { tables, figures: figureBlocks } = reportFigures(doc);
  const tableN = new Map(tables.map((t, i) => [t.id, i + 1]));
  const figureN = new Map(figureBlocks.map((f, i) => [f.id, i + 1]));
  const names = new Set<string>();
  const entries: Entry[] = [];
  const add = (entry: Entry) => {
    if (names.has(entry.name)) throw new Error(`two files of the report are named "${entry.name}"`);
    names.add(entry.name);
    entries.push(entry);
  };
  for (const block of blocksOf(doc.sections)) {
    if (block.kind === 'table') {
      const notes = (block.notes ?? []).map((n) => `    ${inlineText(n)}`);
      const line = [`${labels.table} ${tableN.get(block.id)}. ${block.caption}`, ...notes];
      add({
        name: `${fileName(block.id)}.csv`,
        data: tableCsv(block, origin),
        line: line.join('\n'),
      });
    } else if (block.kind === 'chart' || block.kind === 'map') {
      const files = figures.get(block.id);
      if (!files) throw new Error(`the report's ZIP has no picture for the figure "${block.id}"`);
      const line = `${labels.figure} ${figureN.get(block.id)}. ${block.caption}\n    ${block.alt}`;
      add({ name: `${fileName(block.id)}.svg`, data: Buffer.from(files.svg, 'utf8'), line });
      add({ name: `${fileName(block.id)}.png`, data: files.png, line });
    }
  }
  return entries;
}

function* blocksOf(sections: readonly ReportSection[]): Generator<Block> {
  for (const s of sections) {
    yield* s.blocks;
    yield* blocksOf(s.sections ?? []);
  }
}

/** A block id as a file name: ids are the builders' own, but a stray slash must not make a folder. */
function fileName(id: string): string {
  return id.replace(/[^\p{L}\p{N}._-]+/gu, '-');
}

const csvCell = (v: CellValue | undefined) =>
  v === null || v === undefined ? '' : typeof v === 'string' ? neutraliseFormula(v) : String(v);

/**
 * A table as CSV, as the atlas's exports write it (RFC 4180 quoting, comma, UTF-8 with a
 * byte-order mark): the header row, then every row with its raw values (numbers unformatted),
 * and where rows have them, a `records` column with the address of the records behind each row
 * (the row's link, else its cells' links, space-separated), under `origin` when given, and a
 * `note` column.
 */
export function tableCsv(table: TableBlock, origin = ''): Buffer {
  const links = table.rows.map((r) => {
    if (r.link) return `${origin}${r.link.href}`;
    const cells = r.cells.flatMap((c) =>
      c !== null && typeof c === 'object' && c.link ? [`${origin}${c.link.href}`] : [],
    );
    return cells.join(' ');
  });
  const withLinks = links.some((l) => l !== '');
  const withNotes = table.rows.some((r) => r.note !== undefined);
  const header = [
    ...table.header,
    ...(withLinks ? [RECORDS_COLUMN] : []),
    ...(withNotes ? [NOTE_COLUMN] : []),
  ];
  const rows = table.rows.map((r, i) => [
    ...table.header.map((_, j) => cellValue(r.cells[j] ?? null)),
    ...(withLinks ? [links[i]] : []),
    ...(withNotes ? [r.note ?? ''] : []),
  ]);
  const records = [header.map(csvCell), ...rows.map((r) => r.map(csvCell))];
  return Buffer.from(stringify(records, { bom: true }), 'utf8');
}

/** README.txt: the report, each file with its caption, and the colophon. */
function readmeText(
  doc: ReportDocument,
  entries: readonly Entry[],
  labels: ZipLabels,
  origin: string,
): string {
  const c = doc.colophon;
  const lines = [doc.title, ...(doc.subtitle ? [doc.subtitle] : []), ''];
  for (const e of entries) lines.push(e.name, `    ${e.line ?? ''}`, '');
  lines.push(labels.colophon, '');
  lines.push(`${labels.dataVersion}: ${c.dataVersion}${c.dataAt ? ` (${c.dataAt})` : ''}`);
  lines.push(`${labels.generated}: ${c.generatedAt}`);
  for (const [label, value] of c.filters) lines.push(`${label}: ${value}`);
  lines.push(`${labels.licence}: ${c.licence.name} <${c.licence.href}>`);
  lines.push(`${labels.sources}:`);
  for (const s of c.sources) lines.push(`  - ${s.title}${s.href ? ` <${s.href}>` : ''}`);
  lines.push('', `${origin}${c.href}`, '');
  return lines.join('\n');
}
