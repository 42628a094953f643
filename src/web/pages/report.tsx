import { html, raw } from 'hono/html';
import type { Child } from 'hono/jsx';
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
  reportFigures,
  type TableBlock,
  type TableRow,
} from '../../domain/report.ts';
import { currentLocale, LOCALES, type Locale, t, withLocale } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/**
 * How a report is rendered: as a page of the atlas (with its navigation, the table of contents and
 * links to the other formats), or as a standalone document for chromium to print to PDF (the
 * stylesheet inlined, no navigation or scripts, every link also a numbered footnote with its
 * absolute address, since paper cannot be clicked).
 */
export type ReportMode = { kind: 'site' } | { kind: 'print'; css: string; origin: string };

/** Tables with more columns than this are wide even when the document does not say so. */
const WIDE_COLUMNS = 7;

/** The footnotes of a printed report: numbered through the document, listed per top-level section. */
class Footnotes {
  private next = 1;
  private section = new Map<string, { n: number; link: RecordLink }>();

  /** The number of a link's footnote in the current section (the same address keeps its number). */
  add(link: RecordLink): number {
    const known = this.section.get(link.href);
    if (known) return known.n;
    const n = this.next++;
    this.section.set(link.href, { n, link });
    return n;
  }

  /** The footnotes of the section just rendered; the next section starts a list of its own. */
  take(): { n: number; link: RecordLink }[] {
    const out = [...this.section.values()];
    this.section = new Map();
    return out;
  }
}

/** What every part of the rendering needs: the document, its numbering, formats and footnotes. */
interface Render {
  readonly doc: ReportDocument;
  readonly figures: ReadonlyMap<string, string>;
  readonly mode: ReportMode;
  readonly number: Intl.NumberFormat;
  readonly tableNumbers: ReadonlyMap<string, number>;
  readonly figureNumbers: ReadonlyMap<string, number>;
  /** Only when printing. */
  readonly footnotes?: Footnotes;
}

/** The anchor of a table and of a figure (section ids and block ids may coincide). */
export const tableAnchor = (id: string) => `table-${id}`;
export const figureAnchor = (id: string) => `figure-${id}`;

/** The address a link points to: as it is on the site, absolute in print. */
function hrefOf(r: Render, link: RecordLink): string {
  return r.mode.kind === 'print' ? absolute(r.mode.origin, link.href) : link.href;
}

function absolute(origin: string, href: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) ? href : `${origin.replace(/\/+$/, '')}${href}`;
}

/** A link to records; in print followed by its footnote's number. */
function recordLink(r: Render, link: RecordLink, text: Child): Child {
  const a = <a href={hrefOf(r, link)}>{text}</a>;
  if (!r.footnotes) return a;
  const n = r.footnotes.add(link);
  return (
    <>
      {a}
      <sup class="fn-ref">
        <a href={`#fn-${n}`} aria-label={t('report.footnoteRef', { n })}>
          {n}
        </a>
      </sup>
    </>
  );
}

/**
 * A run that is an address (reports/common.ts addressRun): on the site
 * a link saying what it leads to, on paper the absolute address written out.
 */
function addressLink(r: Render, link: RecordLink): Child {
  if (r.mode.kind === 'site') return <a href={link.href}>{link.label}</a>;
  const url = hrefOf(r, link);
  return (
    <a href={url} class="report-url">
      {url}
    </a>
  );
}

function inline(r: Render, text: Inline): Child {
  if (typeof text === 'string') return text;
  return (
    <>
      {text.map((run) => {
        if (run.link && run.address) return addressLink(r, run.link);
        const body = run.lang ? <span lang={run.lang}>{run.text}</span> : run.text;
        // In print the records behind tables are footnoted; a link in running text stays a link
        // of the PDF, so a page of prose is not doubled by a list of addresses.
        if (!run.link) return body;
        return r.footnotes ? (
          <a href={hrefOf(r, run.link)}>{body}</a>
        ) : (
          recordLink(r, run.link, body)
        );
      })}
    </>
  );
}

function heading(level: number, id: string, text: string): Child {
  const props = { id, class: 'report-heading' };
  switch (Math.min(level, 6)) {
    case 2:
      return <h2 {...props}>{text}</h2>;
    case 3:
      return <h3 {...props}>{text}</h3>;
    case 4:
      return <h4 {...props}>{text}</h4>;
    case 5:
      return <h5 {...props}>{text}</h5>;
    default:
      return <h6 {...props}>{text}</h6>;
  }
}

/** The letter that marks a row's note (a, b, … z, aa, …). */
const noteMark = (i: number) =>
  'abcdefghijklmnopqrstuvwxyz'.charAt(i % 26).repeat(Math.floor(i / 26) + 1);

function cellContent(r: Render, cell: Cell, link: RecordLink | undefined): Child {
  const value = cellValue(cell);
  if (value === null) return '–';
  if (typeof value !== 'number') return link ? recordLink(r, link, value) : value;
  const text = r.number.format(value);
  if (!link) return text;
  // A footnote mark after a figure reads as one of its digits ("30²" is copied as 302): in print
  // a figure stays a link of the PDF, and the row's records are footnoted on its row header.
  return r.footnotes ? <a href={hrefOf(r, link)}>{text}</a> : recordLink(r, link, text);
}

/** One body row: the first cell a row header (with the row's link and note mark), the rest cells. */
function tableRow(r: Render, table: TableBlock, row: TableRow, mark: string | undefined): Child {
  const text = table.textColumns ?? 1;
  return (
    <tr class={row.total ? 'total' : undefined}>
      {row.cells.map((cell, i) => {
        const own = cell !== null && typeof cell === 'object' ? cell.link : undefined;
        const content = cellContent(r, cell, own ?? (i === 0 ? row.link : undefined));
        if (i === 0) {
          return (
            <th scope="row">
              {content}
              {mark ? <sup class="row-note-ref">{mark}</sup> : null}
            </th>
          );
        }
        const numeric = i >= text || typeof cellValue(cell) === 'number';
        return <td class={numeric ? 'num' : 'text'}>{content}</td>;
      })}
    </tr>
  );
}

/** The point size of a printed wide table: small enough that every column fits a landscape page. */
function wideFontSize(columns: number): string {
  return `${Math.max(5.5, Math.min(9, 120 / columns)).toFixed(1)}pt`;
}

/** A table this short is printed whole on one page, its caption with it (never a caption alone). */
const SHORT_TABLE_ROWS = 15;

function tableBlock(r: Render, table: TableBlock): Child {
  const n = r.tableNumbers.get(table.id) ?? 0;
  const text = table.textColumns ?? 1;
  const wide = table.wide === true || table.header.length > WIDE_COLUMNS;
  const captionId = `${tableAnchor(table.id)}-caption`;
  const noted = table.rows.filter((row) => row.note);
  const marks = new Map(noted.map((row, i) => [row, noteMark(i)]));
  const grid = (
    <table
      class="report-grid"
      style={
        wide && r.mode.kind === 'print'
          ? `font-size: ${wideFontSize(table.header.length)}`
          : undefined
      }
    >
      <caption id={captionId}>
        <span class="report-caption-text">
          <span class="report-label">{t('report.tableLabel', { n })}</span> {table.caption}
        </span>
      </caption>
      <thead>
        <tr>
          {table.header.map((h, i) => (
            <th scope="col" class={i >= text ? 'num' : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{table.rows.map((row) => tableRow(r, table, row, marks.get(row)))}</tbody>
    </table>
  );
  const notes = [
    ...noted.map((row) => (
      <p class="row-note">
        <sup>{marks.get(row)}</sup> {row.note}
      </p>
    )),
    ...(table.notes ?? []).map((note) => <p>{inline(r, note)}</p>),
  ];
  return (
    <div
      id={tableAnchor(table.id)}
      class={[
        'report-table',
        wide ? 'report-table-wide' : '',
        table.rows.length <= SHORT_TABLE_ROWS ? 'report-table-short' : '',
      ]
        .filter(Boolean)
        .join(' ')}
    >
      {r.mode.kind === 'site' ? (
        <div class="table-scroll" role="region" aria-labelledby={captionId} tabindex={0}>
          {grid}
        </div>
      ) : (
        grid
      )}
      {notes.length > 0 ? <div class="table-notes">{notes}</div> : null}
    </div>
  );
}

/** A chart or map: its SVG as one image named by its alternative text, the caption and its table. */
function figureBlock(r: Render, figure: FigureBlock): Child {
  const n = r.figureNumbers.get(figure.id) ?? 0;
  const tableN = r.tableNumbers.get(figure.tableId) ?? 0;
  const svg = r.figures.get(figure.id);
  const captionId = `${figureAnchor(figure.id)}-caption`;
  return (
    <figure id={figureAnchor(figure.id)} class="report-figure" aria-labelledby={captionId}>
      {svg ? (
        <div class="report-svg">{raw(asImage(svg, figure.alt))}</div>
      ) : (
        <p class="report-note report-note-empty">{t('report.figureMissing', { n: tableN })}</p>
      )}
      <figcaption id={captionId}>
        <span class="report-label">{t('report.figureLabel', { n })}</span> {figure.caption} (
        <a href={`#${tableAnchor(figure.tableId)}`} class="figure-table-link">
          {t('report.figureTable', { n: tableN })}
        </a>
        )
      </figcaption>
    </figure>
  );
}

/** An SVG as one image: role img and its alternative text as label, never a focus stop. */
function asImage(svg: string, alt: string): string {
  const label = alt.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<svg\b([^>]*)>/, (_, attrs: string) => {
    const kept = attrs.replace(/\s(role|aria-label|focusable)="[^"]*"/g, '');
    return `<svg${kept} role="img" aria-label="${label}" focusable="false">`;
  });
}

const NOTE_LABELS: Record<NoteBlock['tone'], string> = {
  info: 'report.noteInfo',
  discrepancy: 'report.noteDiscrepancy',
  empty: 'report.noteEmpty',
};

function noteBlock(r: Render, note: NoteBlock): Child {
  return (
    <div class={`report-note report-note-${note.tone}`} role="note">
      <strong class="report-note-label">{t(NOTE_LABELS[note.tone])}:</strong> {inline(r, note.text)}
    </div>
  );
}

function quoteBlock(r: Render, quote: QuoteBlock): Child {
  return (
    <figure class="report-quote">
      <blockquote lang={quote.lang}>
        <p>{quote.text}</p>
      </blockquote>
      <figcaption>
        — <cite>{inline(r, quote.source)}</cite>
      </figcaption>
    </figure>
  );
}

function block(r: Render, b: Block): Child {
  switch (b.kind) {
    case 'paragraph':
      return <p>{inline(r, b.text)}</p>;
    case 'list': {
      const items = b.items.map((item) => <li>{inline(r, item)}</li>);
      return b.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'table':
      return tableBlock(r, b);
    case 'chart':
    case 'map':
      return figureBlock(r, b);
    case 'note':
      return noteBlock(r, b);
    case 'quote':
      return quoteBlock(r, b);
  }
}

/** The footnotes gathered in a top-level section: each link's words and absolute address. */
function footnoteList(r: Render): Child {
  const notes = r.footnotes?.take() ?? [];
  if (notes.length === 0 || r.mode.kind !== 'print') return null;
  const origin = r.mode.origin;
  return (
    <div class="report-footnotes">
      <p class="report-footnotes-title">{t('report.footnotes')}</p>
      <ol>
        {notes.map(({ n, link }) => (
          <li id={`fn-${n}`} value={n}>
            {link.label}: <a href={absolute(origin, link.href)}>{absolute(origin, link.href)}</a>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A section with its heading (h2 for the top level), blocks, subsections and, in print, footnotes. */
function section(r: Render, s: ReportSection, level: number): Child {
  const classes = ['report-section', s.appendix ? 'report-appendix' : ''].filter(Boolean);
  const blocks = s.blocks.map((b) => block(r, b));
  const subsections = (s.sections ?? []).map((sub) => section(r, sub, level + 1));
  // Taken after the blocks and subsections were rendered, which is when their links were counted.
  const footnotes = level === 2 ? footnoteList(r) : null;
  return (
    <section id={s.id} class={classes.join(' ')}>
      {heading(level, `${s.id}-heading`, s.heading)}
      {blocks}
      {subsections}
      {footnotes}
    </section>
  );
}

function tocList(sections: readonly ReportSection[]): Child {
  return (
    <ol>
      {sections.map((s) => (
        <li>
          <a href={`#${s.id}`}>{s.heading}</a>
          {s.sections && s.sections.length > 0 ? tocList(s.sections) : null}
        </li>
      ))}
    </ol>
  );
}

function contents(doc: ReportDocument): Child {
  return (
    <nav class="report-toc" aria-labelledby="report-toc-title">
      <h2 id="report-toc-title" class="report-toc-title">
        {t('report.contents')}
      </h2>
      {tocList([...doc.sections, { id: 'colophon', heading: t('report.colophon'), blocks: [] }])}
    </nav>
  );
}

function formatDate(lang: string, iso: string, withTime: boolean): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = new Intl.DateTimeFormat(lang, {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'UTC',
  });
  return `${format.format(date)}${withTime ? ' UTC' : ''}`;
}

/** A link that shows its address on paper. */
function visibleLink(r: Render, href: string, text: string): Child {
  if (r.mode.kind !== 'print') return <a href={href}>{text}</a>;
  const url = absolute(r.mode.origin, href);
  return (
    <>
      <a href={url}>{text}</a> (<span class="report-url">{url}</span>)
    </>
  );
}

function colophon(r: Render): Child {
  const c = r.doc.colophon;
  const lang = r.doc.lang;
  const online = r.mode.kind === 'print' ? absolute(r.mode.origin, c.href) : c.href;
  return (
    <section id="colophon" class="report-section report-colophon">
      <h2 id="colophon-heading" class="report-heading">
        {t('report.colophon')}
      </h2>
      <dl>
        <dt>{t('report.dataVersion')}</dt>
        <dd>
          <code>{c.dataVersion}</code>
        </dd>
        {c.dataAt ? (
          <>
            <dt>{t('report.dataAt')}</dt>
            <dd>{formatDate(lang, c.dataAt, false)}</dd>
          </>
        ) : null}
        <dt>{t('report.generated')}</dt>
        <dd>{formatDate(lang, c.generatedAt, true)}</dd>
        {c.filters.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
        <dt>{t('report.licence')}</dt>
        <dd>{visibleLink(r, c.licence.href, c.licence.name)}</dd>
        <dt>{t('report.sources')}</dt>
        <dd>
          <ul>
            {c.sources.map((s) => (
              <li>
                <cite>{s.href ? visibleLink(r, s.href, s.title) : s.title}</cite>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('report.online')}</dt>
        <dd>
          <a href={online}>{online}</a>
        </dd>
      </dl>
      <p class="report-licence">{t('report.licenceText', { licence: c.licence.name })}</p>
    </section>
  );
}

/** The address of the report in another format: its own address with format set. */
export function formatHref(href: string, format: 'pdf' | 'docx' | 'zip'): string {
  const url = new URL(href, 'http://atlas.invalid');
  url.searchParams.set('format', format);
  return `${url.pathname}${url.search}`;
}

function downloads(doc: ReportDocument): Child {
  const formats = [
    ['pdf', 'report.downloadPdf'],
    ['docx', 'report.downloadDocx'],
    ['zip', 'report.downloadZip'],
  ] as const;
  return (
    <nav class="report-downloads" aria-label={t('report.downloads')}>
      <ul>
        {formats.map(([format, key]) => (
          <li>
            <a href={formatHref(doc.colophon.href, format)} data-format={format}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The report itself: title page matter, contents, sections and colophon, as an HTML string. */
function article(r: Render): string {
  const doc = r.doc;
  const sections = doc.sections.map((s) => section(r, s, 2));
  const node = (
    <article class={`report report-${doc.kind}`} lang={doc.lang}>
      <header class="report-title">
        <h1>{doc.title}</h1>
        {doc.subtitle ? <p class="report-subtitle">{doc.subtitle}</p> : null}
        <p class="report-dateline">
          {t('report.generated')}: {formatDate(doc.lang, doc.colophon.generatedAt, false)} ·{' '}
          {t('report.dataVersion')}: <code>{doc.colophon.dataVersion}</code>
        </p>
      </header>
      {r.mode.kind === 'site' ? downloads(doc) : null}
      {contents(doc)}
      {sections}
      {colophon(r)}
    </article>
  );
  return String(node);
}

/** Numbers of the tables and figures in document order, starting at 1. */
function numbering(doc: ReportDocument) {
  const { tables, figures } = reportFigures(doc);
  return {
    tableNumbers: new Map(tables.map((b, i) => [b.id, i + 1])),
    figureNumbers: new Map(figures.map((b, i) => [b.id, i + 1])),
  };
}

/** The interface language closest to the report's, for the labels the renderer adds. */
function labelLocale(lang: string): Locale {
  const base = lang.toLowerCase().split('-')[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : currentLocale();
}

/** Keeps the stylesheet inside its <style> element whatever it contains. */
const styleText = (css: string) => css.replace(/<\/(style)/gi, '<\\/$1');

/**
 * A report as HTML. `figures` holds each chart's and map's SVG by block id (figureSvg). In 'site'
 * mode the page of the atlas; in 'print' mode a standalone document for chromium, with `css` (the
 * atlas's stylesheet) inlined and links footnoted with `origin` in front of their addresses.
 */
export function reportPage(
  doc: ReportDocument,
  figures: ReadonlyMap<string, string>,
  mode: ReportMode,
): ReturnType<typeof html> {
  const r: Render = {
    doc,
    figures,
    mode,
    number: new Intl.NumberFormat(doc.lang),
    ...numbering(doc),
    ...(mode.kind === 'print' ? { footnotes: new Footnotes() } : {}),
  };
  const body = withLocale(labelLocale(doc.lang), () => article(r));
  if (mode.kind === 'site') {
    return renderPage(
      {
        title: doc.title,
        path: doc.colophon.href,
        ...(doc.subtitle ? { description: doc.subtitle } : {}),
      },
      raw(body),
    );
  }
  return html`<!doctype html>
<html lang="${doc.lang}"><head><meta charset="utf-8"><title>${doc.title}</title><meta name="generator" content="PerMed Atlas"><style>${raw(styleText(mode.css))}</style></head><body class="report-print"><main>${raw(body)}</main></body></html>`;
}
