import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { EXPORT_FORMATS } from '../io/export.ts';
import { prepareSearchExport } from '../services/exports.ts';

/**
 * Downloads of a search result: /initiatives.csv, .xlsx, .json and .geojson take the query of
 * the list page and answer with the whole result as a file. Parameters are checked before the
 * first byte, so a bad one is the same 400 as on the list page; the body is then streamed.
 */
export function downloadRoutes(db: Db, options: { onError?: (e: unknown) => void } = {}): Hono {
  const app = new Hono();
  for (const format of EXPORT_FORMATS) {
    app.get(`/initiatives.${format}`, async (c) => {
      const prepared = await prepareSearchExport(db, c.req.queries(), format);
      const body = new PassThrough();
      prepared.write(body).then(
        () => body.end(),
        (e) => {
          // A client that goes away closes the body first; only other failures are worth a log.
          if (!body.destroyed) options.onError?.(e);
          body.destroy();
        },
      );
      return c.body(Readable.toWeb(body) as ReadableStream, 200, {
        'Content-Type': prepared.mediaType,
        'Content-Disposition': `attachment; filename="${prepared.fileName}"`,
      });
    });
  }
  return app;
}
