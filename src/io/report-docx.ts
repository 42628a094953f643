/**
 * A report as a Word document (DOCX) that partners can edit: Word's own heading styles (so the
 * navigation pane, the table of contents and Word's outline work), real tables with a repeated
 * header row, captions numbered by SEQ fields in the Caption style (Word renumbers them when a
 * table is added, and builds a table of figures from them), charts and maps as pictures with
 * alternative text, the records behind every row and figure as footnotes with their address.
 * Nothing here computes a figure: every number comes from the document.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  BuilderElement,
  Document,
  ExternalHyperlink,
  type FileChild,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  type INumberingOptions,
  InternalHyperlink,
  type ISectionOptions,
  type IStylesOptions,
  LevelFormat,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  type Block,
  type Cell,
  cellValue,
  type FigureBlock,
  type Inline,
  type NoteBlock,
  type QuoteBlock,
  type RecordLink,
  type ReportDocument,
  type ReportSection,
  type TableRow as ReportTableRow,
  reportFigures,
  type TableBlock,
} from '../domain/report.ts';

/**
 * The words a DOCX report prints around its content, in the report's language (the caller takes
 * them from the interface catalogues: io/ cannot read them).
 */
export interface DocxLabels {
  /** "Table", before a table's number in its caption. */
  readonly table: string;
  /** "Figure", before a chart's or map's number. */
  readonly figure: string;
  /** The heading of the table of contents. */
  readonly contents: string;
  /** The heading of the colophon at the end. */
  readonly colophon: string;
  readonly dataVersion: string;
  /** Before the date the report was generated. */
  readonly generated: string;
  readonly licence: string;
  readonly sources: string;
  /** Before the page number in the footer ("Page 3 / 12"). */
  readonly page: string;
}

/** A chart or map drawn as PNG (io/raster.ts), its size in pixels. */
export interface DocxImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** A4 in twips, with 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 } as const;
const TEXT_WIDTH = {
  portrait: PAGE.width - 2 * PAGE.margin,
  landscape: PAGE.height - 2 * PAGE.margin,
};
/** Tables with more columns than this are set on landscape pages, as `wide` ones are. */
const MAX_PORTRAIT_COLUMNS = 7;
/** Text size in tables, in half-points: 9 pt, and 8 pt in wide tables. */
const TABLE_SIZE = 18;
const WIDE_TABLE_SIZE = 16;
/** Twips per pixel at Word's 96 pixels to the inch. */
const TWIPS_PER_PIXEL = 15;
const COLOURS = {
  rule: '8C8C8C',
  head: 'E7ECF2',
  info: 'EAF1FB',
  discrepancy: 'FDF0D5',
  empty: 'F1F1F1',
};

/** What is written so far: the body's parts, each portrait or landscape, and the numbering. */
interface Writer {
  readonly doc: ReportDocument;
  readonly labels: DocxLabels;
  readonly origin: string;
  readonly images: ReadonlyMap<string, DocxImage>;
  readonly numbers: Intl.NumberFormat;
  /** Every table by id: its number and caption (figures footnote the table of their figures). */
  readonly tables: ReadonlyMap<string, { n: number; caption: string }>;
  readonly figureNumbers: ReadonlyMap<string, number>;
  readonly parts: { landscape: boolean; children: FileChild[] }[];
  orderedLists: number;
}

/**
 * Writes `doc` as DOCX. `images` holds the PNG of every chart and map by block id (a figure
 * without one is an error: a report must not lose a figure silently); `origin` is the atlas's
 * address (`https://atlas.example.org`) that the records' relative links are footnoted under.
 */
export async function reportDocx(
  doc: ReportDocument,
  images: ReadonlyMap<string, DocxImage>,
  origin: string,
  labels: DocxLabels,
): Promise<Buffer> {
  const { tables, figures } = reportFigures(doc);
  const w: Writer = {
    doc,
    labels,
    origin: origin.replace(/\/+$/, ''),
    images,
    numbers: new Intl.NumberFormat(doc.lang),
    tables: new Map(tables.map((t, i) => [t.id, { n: i + 1, caption: t.caption }])),
    figureNumbers: new Map(figures.map((f, i) => [f.id, i + 1])),
    parts: [],
    orderedLists: 0,
  };
  for (const section of doc.sections) writeSection(w, section, 0);
  emit(w, colophon(w));
  const document = new Document({
    title: doc.title,
    ...(doc.subtitle ? { subject: doc.subtitle } : {}),
    creator: 'PerMed Atlas',
    description: `${labels.dataVersion}: ${doc.colophon.dataVersion}`,
    styles: styles(doc.lang),
    numbering: numbering(),
    features: { updateFields: true },
    sections: [frontMatter(w), ...w.parts.map((p) => bodySection(w, p))],
  });
  return Packer.toBuffer(document);
}

/** Adds paragraphs and tables to the body, starting a landscape (or portrait) part where it turns. */
function emit(w: Writer, children: readonly FileChild[], landscape = false): void {
  const last = w.parts.at(-1);
  if (last && last.landscape === landscape) last.children.push(...children);
  else w.parts.push({ landscape, children: [...children] });
}

/**
 * Word's language tag for a report language, with the region Word expects ("de" → "de-DE",
 * "uk" → "uk-UA"); English is British English, as in the EU's documents.
 */
export function wordLanguage(lang: string): string {
  if (lang.includes('-')) return lang;
  if (lang === 'en') return 'en-GB';
  try {
    const region = new Intl.Locale(lang).maximize().region;
    return region ? `${lang}-${region}` : lang;
  } catch {
    return lang;
  }
}

// ---- Sections and blocks -----------------------------------------------------------------

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

function writeSection(w: Writer, section: ReportSection, depth: number): void {
  const heading = new Paragraph({
    heading: HEADINGS[Math.min(depth, HEADINGS.length - 1)],
    ...(section.appendix ? { pageBreakBefore: true } : {}),
    children: [new TextRun(section.heading)],
  });
  // A section that opens with a wide table has its heading on the table's landscape page.
  const first = section.blocks[0];
  emit(w, [heading], first?.kind === 'table' && isWide(first));
  for (const block of section.blocks) writeBlock(w, block);
  for (const sub of section.sections ?? []) writeSection(w, sub, depth + 1);
}

function writeBlock(w: Writer, block: Block): void {
  if (block.kind === 'table') writeTable(w, block);
  else emit(w, blockChildren(w, block));
}

function blockChildren(w: Writer, block: Exclude<Block, TableBlock>): Paragraph[] {
  switch (block.kind) {
    case 'chart':
    case 'map':
      return figure(w, block);
    case 'paragraph':
      return [new Paragraph({ children: inline(w, block.text) })];
    case 'list':
      return list(w, block.items, block.ordered === true);
    case 'note':
      return [note(w, block)];
    case 'quote':
      return quote(w, block);
  }
}

/** A run of text in the report's language, or in its own where a record's text is in another. */
function text(value: string, lang?: string, extra: { bold?: boolean; size?: number } = {}) {
  return new TextRun({
    text: value,
    ...extra,
    ...(lang ? { language: { value: wordLanguage(lang) } } : {}),
  });
}

/** The absolute address of a record link. */
function address(w: Writer, href: string): string {
  return /^https?:\/\//.test(href) ? href : `${w.origin}${href.startsWith('/') ? '' : '/'}${href}`;
}

/** A footnote naming the records behind something and giving their address. */
function footnote(w: Writer, link: RecordLink): FootnoteReferenceRun {
  const url = address(w, link.href);
  return new FootnoteReferenceRun({
    children: [
      new Paragraph({
        children: [
          new TextRun(`${link.label}: `),
          new ExternalHyperlink({
            link: url,
            children: [new TextRun({ text: url, style: 'Hyperlink' })],
          }),
        ],
      }),
    ],
  });
}

/**
 * Inline content: text, and links as clickable text followed by a footnote with the address; a run
 * that is an address (reports/common.ts addressRun) is the absolute
 * address written out, clickable, with no footnote to repeat it.
 */
function inline(
  w: Writer,
  content: Inline,
  extra: { bold?: boolean; size?: number } = {},
): ParagraphChild[] {
  if (typeof content === 'string') return [text(content, undefined, extra)];
  return content.flatMap((run): ParagraphChild[] => {
    if (!run.link) return [text(run.text, run.lang, extra)];
    if (run.address) {
      const url = address(w, run.link.href);
      return [
        new ExternalHyperlink({
          link: url,
          children: [new TextRun({ text: url, style: 'Hyperlink', ...extra })],
        }),
      ];
    }
    const linked = new ExternalHyperlink({
      link: address(w, run.link.href),
      children: [new TextRun({ text: run.text, style: 'Hyperlink', ...extra })],
    });
    return [linked, footnote(w, run.link)];
  });
}

function list(w: Writer, items: readonly Inline[], ordered: boolean): Paragraph[] {
  const instance = ordered ? ++w.orderedLists : 0;
  return items.map(
    (item) =>
      new Paragraph({
        children: inline(w, item),
        ...(ordered
          ? { numbering: { reference: 'ordered', level: 0, instance } }
          : { bullet: { level: 0 } }),
      }),
  );
}

const NOTE_STYLES = {
  info: 'NoteInfo',
  discrepancy: 'NoteDiscrepancy',
  empty: 'NoteEmpty',
} as const;

/** A remark set apart in a shaded box; a discrepancy (a source states another figure) is marked ⚠. */
function note(w: Writer, block: NoteBlock): Paragraph {
  const mark = block.tone === 'discrepancy' ? [new TextRun({ text: '⚠ ', bold: true })] : [];
  return new Paragraph({
    style: NOTE_STYLES[block.tone],
    children: [...mark, ...inline(w, block.text)],
  });
}

/** Quotation marks as the report's language sets them. */
function quoteMarks(lang: string): [string, string] {
  const base = lang.split('-')[0] ?? lang;
  if (base === 'de') return ['„', '“'];
  if (base === 'fr') return ['«\u202f', '\u202f»'];
  if (['es', 'el', 'it', 'pt', 'uk', 'ru', 'ca'].includes(base)) return ['«', '»'];
  return ['“', '”'];
}

/** A quotation, indented, in its own language between the report's quotation marks; its source below. */
function quote(w: Writer, block: QuoteBlock): Paragraph[] {
  const [open, close] = quoteMarks(w.doc.lang);
  return [
    new Paragraph({
      style: 'Quote',
      children: [new TextRun(open), text(block.text, block.lang), new TextRun(close)],
    }),
    new Paragraph({
      style: 'QuoteSource',
      children: [new TextRun('— '), ...inline(w, block.source)],
    }),
  ];
}

// ---- Tables ------------------------------------------------------------------------------

/** A caption in Word's Caption style: "Table 3. …", the number a SEQ field Word keeps counting. */
function caption(
  label: string,
  n: number,
  title: string,
  bookmark: string,
  keepNext: boolean,
  after: ParagraphChild[] = [],
) {
  const sequence = label.replace(/[^\p{L}\p{N}_]/gu, '') || 'Table';
  return new Paragraph({
    style: 'Caption',
    keepNext,
    children: [
      new Bookmark({
        id: bookmark,
        children: [new TextRun({ children: [`${label} `, ...seqField(sequence, n)] })],
      }),
      new TextRun(`. ${title}`),
      ...after,
    ],
  });
}

/** An element of a field, with text content where it has some (BuilderElement takes only elements). */
class FieldElement extends BuilderElement {
  constructor(
    name: string,
    attributes: Record<string, { key: string; value: string }>,
    content?: string,
  ) {
    super({ name, attributes });
    if (content !== undefined) this.root.push(content);
  }
}

/** A SEQ field with its number already in it (so readers that do not update fields show it). */
function seqField(sequence: string, n: number) {
  const fldChar = (type: string) =>
    new FieldElement('w:fldChar', { type: { key: 'w:fldCharType', value: type } });
  const preserve = { space: { key: 'xml:space', value: 'preserve' } };
  return [
    fldChar('begin'),
    new FieldElement('w:instrText', preserve, ` SEQ ${sequence} \\* ARABIC `),
    fldChar('separate'),
    new FieldElement('w:t', preserve, String(n)),
    fldChar('end'),
  ];
}

function isWide(table: TableBlock): boolean {
  return table.wide === true || table.header.length > MAX_PORTRAIT_COLUMNS;
}

/** A table: caption above, the table with its header row repeated on every page, notes below. */
function writeTable(w: Writer, table: TableBlock): void {
  const n = w.tables.get(table.id)?.n ?? 0;
  const wide = isWide(table);
  const noted = table.rows.filter((r) => r.note !== undefined);
  const letters = new Map(noted.map((r, i) => [r, noteLetter(i)]));
  const notes = [
    ...noted.map(
      (r) =>
        new Paragraph({
          style: 'TableNote',
          children: [
            new TextRun({ text: letters.get(r) ?? '', superScript: true }),
            new TextRun(` ${r.note}`),
          ],
        }),
    ),
    ...(table.notes ?? []).map(
      (t) => new Paragraph({ style: 'TableNote', children: inline(w, t) }),
    ),
  ];
  emit(
    w,
    [
      caption(w.labels.table, n, table.caption, tableBookmark(n), true),
      wordTable(w, table, letters, wide),
      ...(notes.length > 0 ? notes : [new Paragraph({ style: 'TableNote', children: [] })]),
    ],
    wide,
  );
}

/** a, b, …, z, aa, ab, … */
function noteLetter(i: number): string {
  const letter = String.fromCharCode(97 + (i % 26));
  return i < 26 ? letter : `${noteLetter(Math.floor(i / 26) - 1)}${letter}`;
}

function tableBookmark(n: number): string {
  return `table_${n}`;
}

function wordTable(
  w: Writer,
  table: TableBlock,
  letters: ReadonlyMap<ReportTableRow, string>,
  wide: boolean,
): Table {
  const textColumns = table.textColumns ?? 1;
  const size = wide ? WIDE_TABLE_SIZE : TABLE_SIZE;
  const total = wide ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait;
  const widths = columnWidths(w, table, textColumns, size, total);
  // Cells take their size and alignment from paragraph styles, and their margins and widths from
  // the table: a table of thousands of rows stays quick to write.
  const styleOf = (i: number) =>
    `${wide ? 'Wide' : ''}${i >= textColumns ? 'TableNumber' : 'TableText'}`;
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.header.map((h, i) =>
      cell([new TextRun({ text: h, bold: true })], styleOf(i), COLOURS.head),
    ),
  });
  const rows = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: row.cells.map((c, i) =>
          cell(cellContent(w, row, c, i, letters.get(row)), styleOf(i), undefined, row.total),
        ),
      }),
  );
  return new Table({
    rows: [header, ...rows],
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    borders: tableBorders(),
  });
}

/**
 * Column widths in twips. Every column gets room for its longest word (a region's name in a
 * header, a formatted number), so that no word is broken across lines; what is left goes to the
 * text columns, by how long their texts are. When even the words do not fit, all shrink alike.
 */
function columnWidths(
  w: Writer,
  table: TableBlock,
  textColumns: number,
  size: number,
  total: number,
): number[] {
  const charTwips = size * 4.8;
  const padding = 160;
  const shown = (c: Cell) => {
    const v = cellValue(c);
    return typeof v === 'number' ? w.numbers.format(v) : (v ?? '');
  };
  const longestWord = (texts: string[]) =>
    Math.max(1, ...texts.flatMap((t) => t.split(/\s+|(?<=-)/).map((x) => x.length)));
  const columns = table.header.map((h, i) => {
    const texts = [h, ...table.rows.map((r) => shown(r.cells[i] ?? null))];
    const least = longestWord(texts) * charTwips + padding;
    const longest = Math.max(...texts.map((t) => t.length));
    const wanted =
      i < textColumns ? Math.max(least, Math.min(longest, 45) * charTwips + padding) : least;
    return { least, wanted };
  });
  const least = columns.reduce((a, c) => a + c.least, 0);
  if (least >= total) return columns.map((c) => Math.floor((c.least * total) / least));
  const growth = columns.reduce((a, c) => a + (c.wanted - c.least), 0);
  const room = total - least;
  const grown = columns.map(
    (c) => c.least + (growth > 0 ? Math.min(1, room / growth) * (c.wanted - c.least) : 0),
  );
  // Space still left after every column has what it wants goes to the text columns (or all).
  const left = total - grown.reduce((a, b) => a + b, 0);
  const takers = textColumns > 0 ? Math.min(textColumns, grown.length) : grown.length;
  return grown.map((g, i) => Math.floor(g + (i < takers ? left / takers : 0)));
}

function tableBorders() {
  const line = { style: BorderStyle.SINGLE, size: 4, color: COLOURS.rule };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return {
    top: line,
    bottom: line,
    insideHorizontal: line,
    left: none,
    right: none,
    insideVertical: none,
  };
}

/** What a cell shows: its value (numbers in the report's language), a row note's letter, footnotes. */
function cellContent(
  w: Writer,
  row: ReportTableRow,
  c: Cell,
  i: number,
  letter: string | undefined,
): ParagraphChild[] {
  const value = cellValue(c);
  const shown = typeof value === 'number' ? w.numbers.format(value) : (value ?? '');
  const children: ParagraphChild[] = [
    row.total ? new TextRun({ text: shown, bold: true }) : new TextRun(shown),
  ];
  if (c !== null && typeof c === 'object' && c.link) children.push(footnote(w, c.link));
  if (i === 0 && letter) children.push(new TextRun({ text: letter, superScript: true }));
  if (i === 0 && row.link) children.push(footnote(w, row.link));
  return children;
}

function cell(
  children: ParagraphChild[],
  style: string,
  fill?: string,
  total?: boolean,
): TableCell {
  return new TableCell({
    ...(fill ? { shading: { type: ShadingType.CLEAR, fill, color: 'auto' } } : {}),
    ...(total
      ? { borders: { top: { style: BorderStyle.SINGLE, size: 12, color: '000000' } } }
      : {}),
    children: [new Paragraph({ style, children })],
  });
}

// ---- Figures -----------------------------------------------------------------------------

/** A chart or map: the picture, as wide as the text, with its alternative text; the caption below. */
function figure(w: Writer, block: FigureBlock): Paragraph[] {
  const image = w.images.get(block.id);
  if (!image) throw new Error(`the DOCX report has no picture for the figure "${block.id}"`);
  const n = w.figureNumbers.get(block.id) ?? 0;
  const maxWidth = TEXT_WIDTH.portrait / TWIPS_PER_PIXEL;
  const maxHeight = (PAGE.height - 2 * PAGE.margin) / TWIPS_PER_PIXEL / 1.6;
  const ratio = Math.min(maxWidth / image.width, maxHeight / image.height);
  const picture = new ImageRun({
    type: 'png',
    data: image.png,
    transformation: {
      width: Math.round(image.width * ratio),
      height: Math.round(image.height * ratio),
    },
    altText: { title: block.caption, description: block.alt, name: block.id },
  });
  const cap = caption(
    w.labels.figure,
    n,
    block.caption,
    `figure_${n}`,
    false,
    figureSource(w, block),
  );
  return [
    new Paragraph({ keepNext: true, alignment: AlignmentType.CENTER, children: [picture] }),
    cap,
  ];
}

/**
 * The footnote of a figure: the table that holds its figures (whose rows footnote their records),
 * linked to the table's caption.
 */
function figureSource(w: Writer, block: FigureBlock): ParagraphChild[] {
  const table = w.tables.get(block.tableId);
  if (!table) return [];
  const name = `${w.labels.table} ${table.n}. ${table.caption}`;
  const target = new InternalHyperlink({
    anchor: tableBookmark(table.n),
    children: [new TextRun({ text: name, style: 'Hyperlink' })],
  });
  return [new FootnoteReferenceRun({ children: [new Paragraph({ children: [target] })] })];
}

// ---- Colophon, title page, page furniture --------------------------------------------------

/** The colophon: the data version, when the report was made, its filters, licence and sources. */
function colophon(w: Writer): Paragraph[] {
  const { colophon: c, lang } = w.doc;
  const { labels } = w;
  const when = (iso: string) =>
    `${new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
  const line = (label: string, ...value: ParagraphChild[]) =>
    new Paragraph({
      style: 'Colophon',
      children: [new TextRun({ text: `${label}: `, bold: true }), ...value],
    });
  const link = (label: string, href: string) =>
    new ExternalHyperlink({
      link: address(w, href),
      children: [new TextRun({ text: label, style: 'Hyperlink' })],
    });
  const version = c.dataAt ? `${c.dataVersion} (${when(c.dataAt)})` : c.dataVersion;
  const self = address(w, c.href);
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [new TextRun(labels.colophon)],
    }),
    new Paragraph({ style: 'Colophon', children: [link(self, c.href)] }),
    line(labels.dataVersion, new TextRun(version)),
    line(labels.generated, new TextRun(when(c.generatedAt))),
    ...c.filters.map(([label, value]) => line(label, new TextRun(value))),
    line(labels.licence, link(c.licence.name, c.licence.href)),
    line(labels.sources),
    ...c.sources.map(
      (s) =>
        new Paragraph({
          bullet: { level: 0 },
          children: [s.href ? link(s.title, s.href) : new TextRun(s.title)],
        }),
    ),
  ];
}

function longDate(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

/** The title page (no running head or page number on it) and the table of contents. */
function frontMatter(w: Writer): ISectionOptions {
  const { doc, labels } = w;
  return {
    properties: { titlePage: true, page: pageOptions(false) },
    headers: { default: runningHead(doc.runningHead), first: new Header({ children: [] }) },
    footers: { default: pageFooter(labels.page), first: new Footer({ children: [] }) },
    children: [
      new Paragraph({
        heading: HeadingLevel.TITLE,
        spacing: { before: 3000 },
        children: [new TextRun(doc.title)],
      }),
      ...(doc.subtitle
        ? [new Paragraph({ style: 'Subtitle', children: [new TextRun(doc.subtitle)] })]
        : []),
      new Paragraph({
        style: 'Subtitle',
        children: [new TextRun(longDate(doc.lang, doc.colophon.generatedAt))],
      }),
      new Paragraph({
        style: 'TOCHeading',
        pageBreakBefore: true,
        children: [new TextRun(labels.contents)],
      }),
      new TableOfContents(labels.contents, { hyperlink: true, headingStyleRange: '1-3' }),
    ],
  };
}

function bodySection(
  w: Writer,
  part: { landscape: boolean; children: FileChild[] },
): ISectionOptions {
  return {
    properties: { page: pageOptions(part.landscape) },
    headers: { default: runningHead(w.doc.runningHead) },
    footers: { default: pageFooter(w.labels.page) },
    children: part.children,
  };
}

function pageOptions(landscape: boolean) {
  const m = PAGE.margin;
  return {
    size: {
      width: PAGE.width,
      height: PAGE.height,
      orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
    },
    margin: { top: m, bottom: m, left: m, right: m, header: 567, footer: 567 },
  };
}

function runningHead(textValue: string): Header {
  return new Header({
    children: [new Paragraph({ style: 'Header', children: [new TextRun(textValue)] })],
  });
}

/** "Page 3 / 12", the numbers as fields Word keeps up to date. */
function pageFooter(page: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        alignment: AlignmentType.RIGHT,
        children: [
          new TextRun({
            children: [`${page} `, PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });
}

// ---- Styles ------------------------------------------------------------------------------

/** Word's styles, set for the report; and styles of their own for tables, notes and quotes. */
function styles(lang: string): IStylesOptions {
  const language = { value: wordLanguage(lang) };
  return {
    default: {
      document: {
        run: { font: 'Calibri', size: 22, language },
        paragraph: { spacing: { after: 120 } },
      },
      title: { run: { size: 52, bold: true, color: '1F3864' } },
      heading1: {
        run: { size: 32, bold: true, color: '1F3864' },
        paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
      },
      heading2: {
        run: { size: 26, bold: true, color: '1F3864' },
        paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
      },
      heading3: {
        run: { size: 23, bold: true, color: '2F5496' },
        paragraph: { spacing: { before: 200, after: 60 }, keepNext: true },
      },
      caption: {
        run: { size: 19, bold: true, italics: false, color: '1F3864' },
        paragraph: { spacing: { before: 120, after: 120 } },
      },
    },
    paragraphStyles: paragraphStyles(),
  };
}

/** Paragraph styles of their own name, so that partners can restyle notes, quotes and tables at once. */
function paragraphStyles(): IStylesOptions['paragraphStyles'] {
  const box = (fill: string, rule: string) => ({
    shading: { type: ShadingType.CLEAR, fill, color: 'auto' },
    border: { left: { style: BorderStyle.SINGLE, size: 18, color: rule, space: 6 } },
    spacing: { before: 120, after: 120 },
    indent: { left: 142, right: 142 },
  });
  const cellParagraph = { spacing: { before: 0, after: 0 }, alignment: AlignmentType.LEFT };
  const cellRight = { spacing: { before: 0, after: 0 }, alignment: AlignmentType.RIGHT };
  const based = (id: string, name: string, paragraph: object, run: object = {}) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    paragraph,
    run,
  });
  return [
    based('Subtitle', 'Subtitle', { spacing: { after: 240 } }, { size: 32, color: '404040' }),
    based(
      'TOCHeading',
      'TOC Heading',
      { spacing: { after: 240 } },
      { size: 32, bold: true, color: '1F3864' },
    ),
    based('TableText', 'Table Text', cellParagraph, { size: TABLE_SIZE }),
    {
      ...based('TableNumber', 'Table Number', cellRight, { size: TABLE_SIZE }),
      basedOn: 'TableText',
    },
    based('WideTableText', 'Wide Table Text', cellParagraph, { size: WIDE_TABLE_SIZE }),
    {
      ...based('WideTableNumber', 'Wide Table Number', cellRight, { size: WIDE_TABLE_SIZE }),
      basedOn: 'WideTableText',
    },
    based('TableNote', 'Table Note', { spacing: { before: 40, after: 160 } }, { size: 18 }),
    based('NoteInfo', 'Note', box(COLOURS.info, '2F5496')),
    based('NoteDiscrepancy', 'Note Discrepancy', box(COLOURS.discrepancy, 'B7791F')),
    based('NoteEmpty', 'Note Empty', box(COLOURS.empty, COLOURS.rule), { italics: true }),
    based(
      'Quote',
      'Quote',
      { indent: { left: 720, right: 720 }, spacing: { after: 40 } },
      { italics: true },
    ),
    based(
      'QuoteSource',
      'Quote Source',
      { indent: { left: 720, right: 720 }, spacing: { after: 200 } },
      { size: 19 },
    ),
    based('Colophon', 'Colophon', { spacing: { after: 60 } }, { size: 20 }),
    based('Header', 'header', { spacing: { after: 0 } }, { size: 18, color: '595959' }),
    based('Footer', 'footer', { spacing: { after: 0 } }, { size: 18, color: '595959' }),
  ];
}

function numbering(): INumberingOptions {
  return {
    config: [
      {
        reference: 'ordered',
        levels: [
          {
            level: 0,
            format: LevelFormat.DECIMAL,
            text: '%1.',
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720, hanging: 360 } } },
          },
        ],
      },
    ],
  };
}
