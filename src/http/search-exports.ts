import { Hono } from 'hono';
import { EXPORT_FORMATS } from '../io/export.ts';
import { searchExportJob, settleWithin } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import { acceptedResponse, fileResponse } from './heavy.ts';
import { requestLocation } from './origin.ts';

/**
 * Downloads of a search result: /initiatives.csv, .xlsx, .json and .geojson take the query of
 * the list page and answer with the whole result as a file. Parameters are checked first, so a
 * bad one is the same 400 as on the list page. The file is made in the heavy-work pool and kept
 * for the data version: ready within `waitMs` it is the answer (200), else a 202 with a status
 * link (/jobs/{id}) that leads back here once it is made.
 */
export function downloadRoutes(heavy: HeavyWork, options: { waitMs: number }): Hono {
  const app = new Hono();
  for (const format of EXPORT_FORMATS) {
    app.get(`/initiatives.${format}`, async (c) => {
      const ticket = await searchExportJob(heavy, c.req.queries(), format, requestLocation(c));
      const made = await settleWithin(ticket, options.waitMs);
      return made ? fileResponse(c, made) : acceptedResponse(c, ticket);
    });
  }
  return app;
}
