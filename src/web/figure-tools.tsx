import { AsyncLocalStorage } from 'node:async_hooks';
import { DATA_LICENCE } from '../domain/open-data.ts';
import type { DataVersion } from '../services/data-version.ts';
import { t } from './i18n.ts';
import { SITE_NAME } from './layout.tsx';

/** The files a figure can be downloaded as: pictures (charts, maps) and the data behind them. */
export type FigureFormat = 'svg' | 'png' | 'csv' | 'xlsx';

const FORMAT_LABELS: Readonly<Record<FigureFormat, string>> = {
  svg: 'SVG',
  png: 'PNG',
  csv: 'CSV',
  xlsx: 'XLSX',
};

const FORMAT_TYPES: Readonly<Record<FigureFormat, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A chart or table of a page, as its download controls and citation name it. */
export interface FigureRef {
  /** The id of the figure's element on the page: the citation's address points to it. */
  readonly id: string;
  readonly title: string;
  /** The figure's download address without the format, e.g. /figures/prevalence. */
  readonly href: string;
  readonly formats: readonly FigureFormat[];
  /** The page's filters the files carry (evidence=statements, region=…), without "?". */
  readonly query?: string;
}

/** What a citation needs from the request: where the page is, and which data it shows. */
export interface CitationContext {
  /** The site's public origin; absent when the request's host may not name it. */
  readonly origin?: string;
  /** The page's path and query. */
  readonly path: string;
  readonly version: DataVersion;
  /** Today, when the data carry no date of their own (an empty history). */
  readonly now?: Date;
}

const storage = new AsyncLocalStorage<CitationContext>();

/** Runs `fn` (a page request) with what its figures' citations say. */
export function withCitation<T>(context: CitationContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The day of a data version (its newest change), as YYYY-MM-DD. */
function versionDay(context: CitationContext): string {
  const at = context.version.at ? new Date(context.version.at) : undefined;
  const day = at && !Number.isNaN(at.getTime()) ? at : (context.now ?? new Date());
  return day.toISOString().slice(0, 10);
}

/**
 * The text to cite a figure by: "PerMed Atlas (2026). Title. Data version KEY, DATE. URL. Licence
 * CC BY 4.0." The address is the page's, with the figure's anchor when given.
 */
export function citationText(title: string, context: CitationContext, anchor?: string): string {
  const day = versionDay(context);
  const url = `${context.origin ?? ''}${context.path}${anchor ? `#${anchor}` : ''}`;
  return t('chart.citation', {
    site: SITE_NAME,
    year: day.slice(0, 4),
    title,
    version: context.version.key,
    date: day,
    url,
    licence: DATA_LICENCE.name,
  });
}

/** A page's address for citing: its path and query without the interface language. */
export function citablePath(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('lang');
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Under a chart or table: "Download: SVG · PNG · CSV" (links to the files, each naming the figure
 * for a screen reader) and a "Cite this" disclosure with a citation ready to copy.
 */
export function FigureTools({ figure }: { figure: FigureRef }) {
  const context = storage.getStore();
  const query = figure.query ? `?${figure.query}` : '';
  return (
    <div class="figure-tools">
      <p class="figure-downloads">
        <span>{t('chart.download')}</span>{' '}
        {figure.formats.map((f, i) => (
          <>
            {i > 0 ? <span aria-hidden="true"> · </span> : null}
            <a href={`${figure.href}.${f}${query}`} type={FORMAT_TYPES[f]}>
              {FORMAT_LABELS[f]}
              <span class="visually-hidden"> {t('chart.downloadOf', { title: figure.title })}</span>
            </a>
          </>
        ))}
      </p>
      {context ? (
        <details class="cite">
          <summary>
            {t('chart.cite')}
            <span class="visually-hidden"> {t('chart.citeOf', { title: figure.title })}</span>
          </summary>
          <p class="citation">{citationText(figure.title, context, figure.id)}</p>
        </details>
      ) : null}
    </div>
  );
}
