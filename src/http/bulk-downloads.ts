import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { DOWNLOADS_PATH } from '../domain/open-data.ts';
import {
  type BulkDownloadOptions,
  currentDownloads,
  publishedFilePath,
  responseMediaType,
} from '../services/bulk-downloads.ts';
import { downloadsPage } from '../web/pages/downloads.tsx';
import { noneMatchHits } from './conditional.ts';

/**
 * The bulk downloads: the page /downloads and the files /downloads/{name}. Only names of the
 * current manifest are served, so a name can never reach outside the downloads folder. Each
 * request first makes sure the files match the data (regenerating them when it changed).
 */
export function bulkDownloadRoutes(db: Db, options: BulkDownloadOptions): Hono {
  const app = new Hono();
  app.get(DOWNLOADS_PATH, async (c) => {
    const manifest = await currentDownloads(db, options);
    return c.html(downloadsPage(manifest));
  });
  app.get(`${DOWNLOADS_PATH}/:name`, async (c) => {
    const name = c.req.param('name');
    const manifest = await currentDownloads(db, options);
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
