import type { Context } from 'hono';
import type { Db } from '../db/connect.ts';
import { busy } from '../domain/errors.ts';
import {
  type FigureBlock,
  type ReportDocument,
  type ReportFormat,
  type ReportOptions,
  reportFigures,
} from '../domain/report.ts';
import { writeFileAtomically } from '../io/export.ts';
import { svgToPng } from '../io/raster.ts';
import { type DocxLabels, reportDocx } from '../io/report-docx.ts';
import { printPdf } from '../io/report-pdf.ts';
import { reportZip } from '../io/report-zip.ts';
import { buildReport } from '../reports/index.ts';
import { pastRecords, versionAt } from '../services/as-of.ts';
import { dataVersion } from '../services/data-version.ts';
import type { HeavyJob, HeavyResult } from '../services/heavy-jobs.ts';
import { settleWithin } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import { type Locale, t, withLocale } from '../web/i18n.ts';
import { reportPage } from '../web/pages/report.tsx';
import { figureSvg } from '../web/report-figures.tsx';
import { stylesheet } from './assets.ts';
import { acceptedResponse, fileResponse } from './heavy.ts';
import { requestLocation } from './origin.ts';

/** A generated report file: its bytes, media type and the name to save it under. */
export interface ReportFile {
  readonly body: Buffer;
  readonly type: string;
  readonly filename: string;
}

const MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

/** The steps of a generation, reported to a progress callback (the CLI prints them). */
export type ReportStep = 'past' | 'document' | 'figures' | 'html' | 'pdf' | 'docx' | 'zip';

/** Settings of the report files. */
export interface ReportFileOptions {
  /** The chromium that prints PDF. */
  readonly chromiumPath: string;
  /** Files kept in memory (the most recently used); 24 by default. */
  readonly cacheSize?: number;
  /** PDFs printed at once; more wait (up to `pdfQueue`) and then get a 503 busy. */
  readonly pdfConcurrency?: number;
  readonly pdfQueue?: number;
  /**
   * The heavy jobs' queue: with it a report file is a job of that queue (made by whichever
   * instance's worker takes it, kept as a file and in the database, served by every instance);
   * without it (the command line) files are made here and kept in memory.
   */
  readonly heavy?: HeavyWork;
  /** How long a request waits for its file before a 202 with the job's status link (HEAVY_WAIT_MS). */
  readonly waitMs?: number;
}

/** The figures of a document as SVG, by block id. */
async function renderFigures(doc: ReportDocument): Promise<Map<string, string>> {
  const figures = reportFigures(doc).figures;
  const svgs = await Promise.all(figures.map((f: FigureBlock) => figureSvg(f, doc.lang)));
  return new Map(figures.map((f, i) => [f.id, svgs[i] ?? '']));
}

/** The labels the DOCX writer prints, in the report's language. */
function docxLabels(): DocxLabels {
  return {
    table: t('reports.wordTable'),
    figure: t('reports.wordFigure'),
    contents: t('report.contents'),
    colophon: t('report.colophon'),
    dataVersion: t('report.dataVersion'),
    generated: t('report.generated'),
    licence: t('report.licence'),
    sources: t('report.sources'),
    page: t('reports.wordPage'),
  };
}

let css: string | undefined;
/** The stylesheet a printed report inlines, read once. */
const printCss = () => {
  css ??= stylesheet();
  return css;
};

/** A file name for a report: kind, regions and language, e.g. `fact-sheet-ES51-en.pdf`. */
function reportFilename(options: ReportOptions, format: ReportFormat): string {
  const parts = ['permed-atlas', options.kind, ...options.regions, options.lang];
  return `${parts.join('-')}.${format}`;
}

/** Runs at most `limit` tasks at once; up to `queue` more wait; beyond that a 503 busy. */
class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly limit: number,
    private readonly queue: number,
  ) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue)
        throw busy('reports are being printed to PDF at full capacity; try again in a minute', 30);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Generates report files: the document from the records, its figures, then the format. Files are
 * kept by data version and options (the most recently used `cacheSize`), so a second request for the
 * same report of the same data is answered from memory, and a change to the data makes a new one;
 * a report as of a past moment is kept by the data version of that moment. Requests for a file
 * being made share it.
 */
export class ReportFiles {
  private readonly cache = new Map<string, Promise<ReportFile>>();
  private readonly pdfs: Limiter;
  constructor(
    private readonly db: Db,
    private readonly options: ReportFileOptions,
  ) {
    this.pdfs = new Limiter(options.pdfConcurrency ?? 2, options.pdfQueue ?? 8);
    options.heavy?.handle('report', (job, target) => this.run(job, target));
  }

  /**
   * The answer to a request for a report file: with the heavy jobs' queue, the job that makes it
   * (the same for every equal request on every instance: its id comes from the kind, regions,
   * language, sections, as-of moment, format and data version), the file once made or a 202 with
   * its status link after `waitMs`; without it, the file made here.
   */
  async respond(
    c: Context,
    options: ReportOptions,
    format: ReportFormat,
    origin: string,
  ): Promise<Response> {
    const heavy = this.options.heavy;
    if (!heavy) {
      const file = await this.file(options, format, origin);
      return c.body(new Uint8Array(file.body), 200, {
        'Content-Type': file.type,
        'Content-Disposition': `attachment; filename="${file.filename}"`,
      });
    }
    const ticket = await heavy.submit(
      { kind: 'report', options, format, origin },
      [options, format, origin],
      requestLocation(c),
    );
    const made = await settleWithin(ticket, this.options.waitMs ?? 2000);
    return made ? fileResponse(c, made) : acceptedResponse(c, ticket);
  }

  /** Makes the file of a report job (on the instance whose worker took it), written to `target`. */
  private async run(job: HeavyJob, target: string | undefined): Promise<HeavyResult> {
    if (job.kind !== 'report' || target === undefined)
      throw new Error('heavy work: a report job makes a file');
    const file = await this.make(job.options, job.format, job.origin, () => {});
    await writeFileAtomically(target, async (out) => {
      out.write(file.body);
    });
    return { kind: 'file', path: target, mediaType: file.type, fileName: file.filename };
  }

  /** The document of a report (for the page), made inside the report's language. */
  document(options: ReportOptions): Promise<ReportDocument> {
    return withLocale(options.lang as Locale, () => buildReport(this.db, options));
  }

  /** The HTML page of a report within the atlas (the preview): document and figures. */
  async page(options: ReportOptions) {
    const doc = await this.document(options);
    const figures = await renderFigures(doc);
    return { doc, figures };
  }

  /** A report file in a format, from the cache when the data has not changed since it was made. */
  async file(
    options: ReportOptions,
    format: ReportFormat,
    origin: string,
    progress: (step: ReportStep) => void = () => {},
  ): Promise<ReportFile> {
    // A report as of a moment depends on the records of then, whatever changed since.
    const { key } = options.asOf
      ? await versionAt(this.db, options.asOf)
      : await dataVersion(this.db);
    const cacheKey = JSON.stringify([key, options, format, origin]);
    const kept = this.cache.get(cacheKey);
    if (kept) {
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, kept);
      return kept;
    }
    const made = this.make(options, format, origin, progress);
    this.cache.set(cacheKey, made);
    made.catch(() => this.cache.get(cacheKey) === made && this.cache.delete(cacheKey));
    while (this.cache.size > (this.options.cacheSize ?? 24)) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return made;
  }

  private make(
    options: ReportOptions,
    format: ReportFormat,
    origin: string,
    progress: (step: ReportStep) => void,
  ): Promise<ReportFile> {
    return withLocale(options.lang as Locale, async () => {
      if (options.asOf) {
        progress('past');
        await pastRecords(this.db, options.asOf);
      }
      progress('document');
      const doc = await buildReport(this.db, options);
      progress('figures');
      const svgs = await renderFigures(doc);
      const body = await this.format(doc, svgs, format, origin, progress);
      return { body, type: MEDIA_TYPES[format], filename: reportFilename(options, format) };
    });
  }

  private async format(
    doc: ReportDocument,
    svgs: ReadonlyMap<string, string>,
    format: ReportFormat,
    origin: string,
    progress: (step: ReportStep) => void,
  ): Promise<Buffer> {
    progress(format);
    if (format === 'html' || format === 'pdf') {
      const html = String(await reportPage(doc, svgs, { kind: 'print', css: printCss(), origin }));
      if (format === 'html') return Buffer.from(html);
      return this.pdfs.run(() =>
        printPdf(html, {
          chromiumPath: this.options.chromiumPath,
          title: doc.title,
          lang: doc.lang,
          runningHead: doc.runningHead,
          pageLabel: (page, total) => t('report.pageLabel', { page, total }),
        }),
      );
    }
    const pngs = new Map([...svgs].map(([id, svg]) => [id, svgToPng(svg)]));
    const labels = docxLabels();
    if (format === 'docx') return reportDocx(doc, pngs, origin, labels);
    const both = new Map(
      [...svgs].map(([id, svg]) => [id, { svg, png: pngs.get(id)?.png ?? Buffer.alloc(0) }]),
    );
    return reportZip(doc, both, { labels, origin });
  }
}
