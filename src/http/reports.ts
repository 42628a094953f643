import { type Context, Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { type AppError, isAppError } from '../domain/errors.ts';
import {
  REPORT_FORMATS,
  REPORT_KINDS,
  type ReportFormat,
  type ReportKind,
} from '../domain/report.ts';
import {
  parseReportOptions,
  type RawReportOptions,
  reportChoices,
  splitValues,
} from '../services/reports.ts';
import { currentLocale, LOCALES, t } from '../web/i18n.ts';
import { reportPage } from '../web/pages/report.tsx';
import { type ChosenReportOptions, reportsPage } from '../web/pages/reports.tsx';
import { type OriginOptions, siteOrigin } from './origin.ts';
import type { ReportFiles } from './report-files.ts';

const isFormat = (f: string): f is ReportFormat =>
  (REPORT_FORMATS as readonly string[]).includes(f);
const isKind = (k: string | undefined): k is ReportKind =>
  k !== undefined && (REPORT_KINDS as readonly string[]).includes(k);

/** The options a request names (the form's fields), the report's language defaulting to the page's. */
function rawOptions(c: Context, kind: string | undefined): RawReportOptions & ChosenReportOptions {
  const q = c.req.queries();
  return {
    kind: isKind(kind) ? kind : undefined,
    regions: splitValues(q.region),
    domains: splitValues(q.domain),
    sections: splitValues(q.section),
    campaign: c.req.query('campaign') || undefined,
    since: c.req.query('since') || undefined,
    asOf: c.req.query('asOf') || undefined,
    lang: c.req.query('lang') ?? currentLocale(),
  };
}

/**
 * What the form says of a problem with its options: the service's words (which name the values
 * allowed), or, where the service speaks to a program, the page's own words to the person filling
 * in the form: a fact sheet without one region ticked says to tick exactly one.
 */
function formMessage(kind: ReportKind, field: string, e: AppError, chosen: number): string {
  // An unknown region names its value; the rule of one region does not.
  if (kind === 'fact-sheet' && field === 'region' && e.details.value === undefined)
    return t(chosen === 0 ? 'reports.error_regionNone' : 'reports.error_regionMany');
  return e.message;
}

/**
 * The report pages: /reports (the kinds and the options of one), /reports/{kind} (the report as a
 * page, with its downloads) and /reports/{kind}?format=pdf|docx|zip|html (the file, made as a
 * heavy job: 202 with a status link when it takes longer than the wait). Options that
 * cannot be used bring the form back with the problem beside its field (400).
 */
export function reportRoutes(db: Db, files: ReportFiles, origin: OriginOptions): Hono {
  const web = new Hono();
  web.get('/reports', async (c) =>
    c.html(reportsPage(await reportChoices(db), rawOptions(c, c.req.query('kind')), {})),
  );
  web.get('/reports/:kind', async (c) => {
    const kind = c.req.param('kind');
    const chosen = rawOptions(c, kind);
    const format = c.req.query('format');
    const formAgain = async (errors: Record<string, string>) => {
      c.status(400);
      return c.html(reportsPage(await reportChoices(db), chosen, { errors }));
    };
    if (format !== undefined && !isFormat(format))
      return formAgain({
        format: `unknown format "${format}"; formats: ${REPORT_FORMATS.join(', ')}`,
      });
    try {
      const options = await parseReportOptions(db, { ...chosen, kind }, LOCALES);
      if (format === undefined) {
        const { doc, figures } = await files.page(options);
        return c.html(reportPage(doc, figures, { kind: 'site' }));
      }
      // A heavy job: the file, or a 202 with its status link while it is being made.
      return await files.respond(c, options, format, siteOrigin(c.req.url, origin));
    } catch (e) {
      // Options the records cannot give a report for: the form again, the problem at its field.
      if (!isKind(kind) || !isAppError(e, 'invalid_parameter')) throw e;
      const field = typeof e.details.parameter === 'string' ? e.details.parameter : 'kind';
      return formAgain({ [field]: formMessage(kind, field, e, chosen.regions.length) });
    }
  });
  return web;
}
