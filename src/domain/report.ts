/**
 * The document model of a generated report. Report builders (src/reports/) fill it from the
 * records; renderers turn the same document into HTML (web/pages/report.tsx, which chromium prints
 * to PDF), DOCX (io/report-docx.ts) and a ZIP of its charts and tables (io/report-zip.ts). A
 * renderer never computes a figure: every number is in the document already.
 */

/** The kinds of report, as they appear in addresses (`/reports/{kind}`) and on the CLI. */
export const REPORT_KINDS = ['mapping', 'cross-regional', 'fact-sheet', 'changes'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * The sections of each kind, in order (the ids of its top-level sections). A report's options may
 * choose some of them; the builders make exactly these.
 */
export const REPORT_SECTIONS: Readonly<Record<ReportKind, readonly string[]>> = {
  mapping: ['methodology', 'domains', 'insights', 'domain-type', 'maps', 'appendix'],
  'cross-regional': [
    'methodology',
    'barriers',
    'strengths-weaknesses',
    'good-practices',
    'recommendations',
    'fact-sheets',
  ],
  'fact-sheet': ['overview', 'initiatives', 'barriers', 'good-practices', 'engagement', 'twinning'],
  changes: ['summary', 'initiatives', 'barriers', 'responses'],
};

/** Where Debian's chromium is, which prints reports to PDF unless CHROMIUM_PATH says otherwise. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The file formats of a report. */
export const REPORT_FORMATS = ['html', 'pdf', 'docx', 'zip'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * A reference to the records behind a figure, a row or a sentence: a link in HTML (relative to the
 * atlas, e.g. `/initiatives?domain=research`), a numbered footnote with the absolute address in
 * PDF and DOCX.
 */
export interface RecordLink {
  /** The atlas address, starting with `/`. */
  readonly href: string;
  /** What the link leads to, said in words ("the 12 initiatives of the research domain"). */
  readonly label: string;
}

/** A run of text, optionally a link to the records it speaks of. */
export interface Run {
  readonly text: string;
  readonly link?: RecordLink;
  /** The language of this run where it differs from the report's (a record's own text). */
  readonly lang?: string;
  /**
   * Whether the link's address is to be written out where it cannot be clicked: on paper (PDF,
   * DOCX) the run is the absolute address; on the site it is a link with the label.
   */
  readonly address?: boolean;
}

/** Inline content: plain text, or runs of which some are links. */
export type Inline = string | readonly Run[];

/** A table cell: text or a number (numbers are formatted by the renderer, in the report's language). */
export type CellValue = string | number | null;

export interface TableCell {
  readonly value: CellValue;
  /** The records this cell counts or names. */
  readonly link?: RecordLink;
}

export type Cell = CellValue | TableCell;

export interface TableRow {
  readonly cells: readonly Cell[];
  /** The records behind the whole row (shown on its first cell in HTML, a footnote in PDF/DOCX). */
  readonly link?: RecordLink;
  /** A total or subtotal row, set apart by the renderers. */
  readonly total?: boolean;
  /** A note on this row (for example what a source document printed instead). */
  readonly note?: string;
}

export interface TableBlock {
  readonly kind: 'table';
  /** Unique in the report; the file name of its CSV in the ZIP (`{id}.csv`). */
  readonly id: string;
  /** The caption, numbered by the renderer ("Table 3. …"). */
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
  /** How many leading columns hold text (aligned left, row headers); the others numbers. Default 1. */
  readonly textColumns?: number;
  /** Notes printed under the table (sources, what a document states differently). */
  readonly notes?: readonly Inline[];
  /** Wide tables (more than about seven columns) are printed on landscape pages. */
  readonly wide?: boolean;
}

/** A bar chart: one bar per row, stacked by series when there are several. */
export interface ChartBlock {
  readonly kind: 'chart';
  /** Unique in the report; the file name of its SVG and PNG in the ZIP. */
  readonly id: string;
  readonly caption: string;
  /** A sentence for screen readers and the DOCX image's alternative text. */
  readonly alt: string;
  /** The bars, in order. */
  readonly rows: readonly string[];
  /** The segments of each bar (one entry for a plain bar chart). */
  readonly series: readonly string[];
  /** values[row][series]. */
  readonly values: readonly (readonly number[])[];
  /** The title of the count axis ("initiatives", "regions"). */
  readonly axisTitle: string;
  /** The id of the table that holds the same figures (charts always come with their table). */
  readonly tableId: string;
}

export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly text: Inline;
}

export interface ListBlock {
  readonly kind: 'list';
  readonly items: readonly Inline[];
  readonly ordered?: boolean;
}

/** A remark set apart: where the records are empty, or where a source states another figure. */
export interface NoteBlock {
  readonly kind: 'note';
  readonly tone: 'info' | 'discrepancy' | 'empty';
  readonly text: Inline;
}

/** A quotation of a source, marked as such with where it comes from. */
export interface QuoteBlock {
  readonly kind: 'quote';
  readonly text: string;
  readonly lang?: string;
  /** Who or what said it ("Catalonia, interview statement, PRECISEU D6.1 p. 34"). */
  readonly source: Inline;
}

/** A choropleth map of regions or countries, shaded by a count. */
export interface MapBlock {
  readonly kind: 'map';
  /** Unique in the report; the file name of its SVG and PNG in the ZIP. */
  readonly id: string;
  readonly caption: string;
  readonly alt: string;
  /** Countries (ISO 3166 alpha-2 codes as the atlas uses them) or NUTS regions. */
  readonly level: 'country' | 'region';
  readonly values: readonly { readonly code: string; readonly value: number }[];
  /** What the shading counts ("initiatives based there"). */
  readonly legendTitle: string;
  /** The id of the table that holds the same figures. */
  readonly tableId: string;
}

export type Block =
  | TableBlock
  | ChartBlock
  | MapBlock
  | ParagraphBlock
  | ListBlock
  | NoteBlock
  | QuoteBlock;

/** A picture of figures: a chart or a map (rendered to SVG, and PNG for DOCX and the ZIP). */
export type FigureBlock = ChartBlock | MapBlock;

export interface ReportSection {
  /** Unique in the report (anchors, bookmarks). */
  readonly id: string;
  readonly heading: string;
  readonly blocks: readonly Block[];
  readonly sections?: readonly ReportSection[];
  /** An appendix starts on a new page. */
  readonly appendix?: boolean;
}

/** What a report states about itself: the data it was made from and under which terms. */
export interface Colophon {
  /** The atlas's data version (changes with every change to the records). */
  readonly dataVersion: string;
  /** When the data last changed (ISO 8601), when known. */
  readonly dataAt?: string;
  /** When the report was generated (ISO 8601). */
  readonly generatedAt: string;
  /** The options the report was made with, in words: [label, value]. */
  readonly filters: readonly (readonly [string, string])[];
  readonly licence: { readonly name: string; readonly href: string };
  /** The source documents the records come from. */
  readonly sources: readonly { readonly title: string; readonly href?: string }[];
  /** The address of this report in the atlas (relative). */
  readonly href: string;
}

export interface ReportDocument {
  readonly kind: ReportKind;
  /** BCP 47 language of the report's own text. */
  readonly lang: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Running head of printed pages (short). */
  readonly runningHead: string;
  readonly sections: readonly ReportSection[];
  readonly colophon: Colophon;
}

/** The options of a report, validated (services/reports.ts parses them from the form, CLI and API). */
export interface ReportOptions {
  readonly kind: ReportKind;
  /** Region codes; empty = every region the report covers. A fact sheet needs exactly one. */
  readonly regions: readonly string[];
  /** A campaign's slug; for `changes`, the later round (compared with the round before it). */
  readonly campaign?: string;
  /** For `changes`: the earlier round's campaign slug (default: the previous round). */
  readonly since?: string;
  /** Domain codes; empty = every domain. */
  readonly domains: readonly string[];
  readonly lang: string;
  /** Section ids to include; empty = all of the kind's sections. */
  readonly sections: readonly string[];
  /**
   * The records as they were at this moment (ISO 8601, UTC) rather than now; a day given as
   * YYYY-MM-DD stands for its end (T23:59:59.999Z).
   */
  readonly asOf?: string;
}

/** Every table and figure (chart, map) of a report, in document order (for the ZIP and numbering). */
export function reportFigures(doc: ReportDocument): {
  tables: TableBlock[];
  figures: FigureBlock[];
} {
  const tables: TableBlock[] = [];
  const figures: FigureBlock[] = [];
  const walk = (sections: readonly ReportSection[]) => {
    for (const s of sections) {
      for (const b of s.blocks) {
        if (b.kind === 'table') tables.push(b);
        else if (b.kind === 'chart' || b.kind === 'map') figures.push(b);
      }
      walk(s.sections ?? []);
    }
  };
  walk(doc.sections);
  return { tables, figures };
}

/** The plain value of a cell. */
export function cellValue(cell: Cell): CellValue {
  return cell !== null && typeof cell === 'object' ? cell.value : cell;
}

/** The plain text of inline content. */
export function inlineText(text: Inline): string {
  return typeof text === 'string' ? text : text.map((r) => r.text).join('');
}
