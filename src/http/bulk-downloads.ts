import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type Context, Hono } from 'hono';
import { DOWNLOADS_PATH } from '../domain/open-data.ts';
import { publishedFilePath, responseMediaType } from '../services/bulk-downloads.ts';
import { bulkDownloadsState, type DownloadsState } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import { downloadsPage } from '../web/pages/downloads.tsx';
import { noneMatchHits } from './conditional.ts';
import { acceptedResponse, jobPath } from './heavy.ts';
import { requestLocation } from './origin.ts';

/** Where the files live and how long a request waits for a regeneration. */
export interface BulkDownloadRouteOptions {
  /** The folder of the downloads (config DOWNLOADS_DIR). */
  readonly dir: string;
  /** How long a request waits for new files before it is answered with the previous set or a 202. */
  readonly waitMs: number;
}

/**
 * The bulk downloads: the page /downloads and the files /downloads/{name}. Only names of the
 * served manifest are served, so a name can never reach outside the downloads folder. When the
 * data changed since the files were made, a regeneration runs in the heavy-work pool; a request
 * waits for it a moment, then gets the previous set (the page says a newer one is coming), or,
 * before there is any set, a 202 with a status link.
 */
export function bulkDownloadRoutes(heavy: HeavyWork, options: BulkDownloadRouteOptions): Hono {
  const app = new Hono();
  const state = (c: Context): Promise<DownloadsState> =>
    bulkDownloadsState(heavy, options.dir, options.waitMs, requestLocation(c));
  app.get(DOWNLOADS_PATH, async (c) => {
    const { manifest, preparing } = await state(c);
    if (!manifest) return acceptedResponse(c, preparing);
    if (preparing) c.header('Cache-Control', 'no-store');
    return c.html(downloadsPage(manifest, preparing && jobPath(preparing)));
  });
  app.get(`${DOWNLOADS_PATH}/:name`, async (c) => {
    const name = c.req.param('name');
    const { manifest, preparing } = await state(c);
    if (!manifest) return acceptedResponse(c, preparing);
    const file = manifest.files.find((f) => f.name === name);
    if (!file) return c.notFound();
    const etag = `"${file.sha256}"`;
    const headers: Record<string, string> = {
      ETag: etag,
      'Last-Modified': new Date(manifest.modified).toUTCString(),
      // The same URL gets new content when the data changes: ask again every time (a 304 is
      // cheap). no-transform: the bytes sent are the bytes the checksum describes.
      'Cache-Control': 'no-cache, no-transform',
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch !== undefined && noneMatchHits(ifNoneMatch, etag))
      return c.body(null, 304, headers);
    const entity = {
      ...headers,
      'Content-Type': responseMediaType(file),
      'Content-Length': String(file.byteSize),
      'Content-Disposition': `attachment; filename="${file.name}"`,
    };
    // Hono answers HEAD with a GET handler's headers and drops its body unread: open nothing.
    if (c.req.method === 'HEAD') return c.body(null, 200, entity);
    // Opened before answering, so that a vanished file is an error response, not a cut body.
    const handle = await open(publishedFilePath(options.dir, manifest, file.name));
    return c.body(Readable.toWeb(handle.createReadStream()) as ReadableStream, 200, entity);
  });
  return app;
}
