import type { Db } from '../db/connect.ts';
import type { ReportDocument, ReportKind, ReportOptions } from '../domain/report.ts';
import { t } from '../web/i18n.ts';
import { buildChangesReport } from './changes.ts';
import { asOfText, type ReportContext, reportContext } from './common.ts';
import { buildCrossRegionalReport } from './cross-regional.ts';
import { buildFactSheet } from './fact-sheet.ts';
import { buildMappingReport } from './mapping.ts';

const BUILDERS: Readonly<Record<ReportKind, (ctx: ReportContext) => Promise<ReportDocument>>> = {
  mapping: buildMappingReport,
  'cross-regional': buildCrossRegionalReport,
  'fact-sheet': buildFactSheet,
  changes: buildChangesReport,
};

/**
 * A report's document, computed from the records now (or as they were at the options' asOf, said
 * under the title and in the running head of every printed page). Call it inside
 * withLocale(options.lang) (web/i18n.ts): the builders write in the language of the request.
 */
export async function buildReport(
  db: Db,
  options: ReportOptions,
  now = new Date(),
): Promise<ReportDocument> {
  const ctx = await reportContext(db, options, now);
  const doc = await BUILDERS[options.kind](ctx);
  if (!options.asOf) return doc;
  const when = t('reports.asOfSubtitle', { date: asOfText(ctx, options.asOf) });
  return {
    ...doc,
    subtitle: doc.subtitle ? `${doc.subtitle} · ${when}` : when,
    runningHead: `${doc.runningHead} · ${when}`,
  };
}
