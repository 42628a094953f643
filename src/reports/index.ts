import type { Db } from '../db/connect.ts';
import type { ReportDocument, ReportKind, ReportOptions } from '../domain/report.ts';
import { buildChangesReport } from './changes.ts';
import { type ReportContext, reportContext } from './common.ts';
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
 * A report's document, computed from the records now. Call it inside withLocale(options.lang)
 * (web/i18n.ts): the builders write in the language of the request.
 */
export async function buildReport(
  db: Db,
  options: ReportOptions,
  now = new Date(),
): Promise<ReportDocument> {
  return BUILDERS[options.kind](await reportContext(db, options, now));
}
