import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';

/** Options of the report routes. */
export interface ReportRouteOptions {
  /** The chromium that prints PDF (config CHROMIUM_PATH). */
  readonly chromiumPath?: string;
  /** The public origin for absolute links in PDF and DOCX footnotes (config PUBLIC_URL). */
  readonly publicUrl?: string;
}

/** The report pages (/reports, /reports/{kind}) and their files. */
export function reportRoutes(_db: Db, _options: ReportRouteOptions): Hono {
  return new Hono();
}
