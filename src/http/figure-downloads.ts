import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';

/** Downloads of the atlas's charts and tables (SVG, PNG, CSV, XLSX) and their citations. */
export function figureDownloadRoutes(_db: Db): Hono {
  return new Hono();
}
