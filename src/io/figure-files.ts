/**
 * The data files of the atlas's charts and tables: one table as CSV, or as a one-sheet workbook
 * a policy officer can open and print (bold header rows frozen, widths that fit, a citation line).
 */
import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../domain/columns.ts';
import { FIXED_FILE_DATE } from './export.ts';
import { fixZipTimes } from './zip-entries.ts';

type Cell = string | number | null;

/** One figure's table (web/figure-tables.ts builds them from the pages' views). */
export interface FigureSheet {
  /** The sheet's name (cut to Excel's 31 characters). */
  readonly name: string;
  readonly headers: readonly string[];
  /** A second header row (names under codes), written to the workbook only. */
  readonly labels?: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
  /** How many leading columns hold text. */
  readonly textColumns: number;
}

const csvCell = (v: Cell) =>
  v === null ? '' : typeof v === 'string' ? neutraliseFormula(v) : String(v);

/**
 * The table as CSV: the header row, then the rows (RFC 4180 quoting, UTF-8 with a byte-order mark
 * so a spreadsheet reads accents right); a figure not on record is an empty cell.
 */
export function figureCsv(sheet: FigureSheet): Buffer {
  const records = [sheet.headers.map(csvCell), ...sheet.rows.map((r) => r.map(csvCell))];
  return Buffer.from(stringify(records, { bom: true, record_delimiter: '\r\n' }), 'utf8');
}

/** A column's width in characters: its longest cell, within limits (text wider than figures). */
function columnWidth(sheet: FigureSheet, j: number): number {
  const cells = [sheet.headers[j], sheet.labels?.[j], ...sheet.rows.map((r) => r[j])];
  const longest = Math.max(
    ...cells.map((c) => (c === null || c === undefined ? 0 : String(c).length)),
  );
  return j < sheet.textColumns
    ? Math.min(60, Math.max(10, longest + 2))
    : Math.min(24, Math.max(7, longest + 2));
}

/**
 * The table as a workbook: the header row (and the labels row) bold and frozen with the text
 * columns, widths that fit, text wrapped in wide header cells, then `citation` two rows below the
 * table. Dated by `date`, so the same data give the same file.
 */
export async function figureXlsx(
  sheet: FigureSheet,
  citation: string,
  date: Date = FIXED_FILE_DATE,
): Promise<Buffer> {
  // Loaded on first use: ExcelJS is slow to load and most requests never write a workbook.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'PerMed Atlas';
  workbook.created = date;
  workbook.modified = date;
  const headerRows = sheet.labels ? 2 : 1;
  const ws = workbook.addWorksheet(sheet.name.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: headerRows, xSplit: sheet.textColumns }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = sheet.headers.map((_, j) => ({ width: columnWidth(sheet, j) }));
  const text = (v: Cell) => (typeof v === 'string' ? neutraliseFormula(v) : v);
  const header = ws.addRow(sheet.headers.map(text));
  header.font = { bold: true };
  if (sheet.labels) {
    const labels = ws.addRow(sheet.labels.map(text));
    labels.font = { bold: true };
    labels.alignment = { wrapText: true, vertical: 'bottom' };
  }
  for (const r of sheet.rows) ws.addRow(r.map(text));
  ws.pageSetup.printTitlesRow = `1:${headerRows}`;
  ws.addRow([]);
  ws.addRow([citation]).font = { italic: true };
  return fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer()));
}
