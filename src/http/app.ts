import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from '../db/connect.ts';
import { lastDataChange } from '../services/atlas.ts';
import { listDistributions } from '../services/bulk-downloads.ts';
import { LOCALES, negotiateLocale, t, withLocale } from '../web/i18n.ts';
import { errorPage } from '../web/pages/error.tsx';
import { pageRoutes } from '../web/routes.tsx';
import { apiRoutes } from './api.ts';
import { assetRoutes } from './assets.ts';
import { bulkDownloadRoutes } from './bulk-downloads.ts';
import { downloadRoutes } from './downloads.ts';
import { problemResponse, toProblem } from './errors.ts';
import { linkedDataRoutes } from './linked-data.ts';
import { apiDocsRoutes } from './v1/docs.ts';
import { apiV1Routes } from './v1/index.ts';
import { apiCors, apiRateLimit, conditionalGet } from './v1/middleware.ts';

/** Options of the HTTP application. */
export interface AppOptions {
  /** Called for every unexpected (500) error, so it can be logged. */
  readonly onError?: (e: unknown) => void;
  /** The public origin for absolute links (config PUBLIC_URL); each request's origin when absent. */
  readonly publicUrl?: string;
  /** The folder of the bulk downloads (config DOWNLOADS_DIR); without it /downloads is not served. */
  readonly downloadsDir?: string;
  /** Requests per minute per client under /api/v1 (config API_RATE_LIMIT); 0 or absent: no limit. */
  readonly apiRateLimit?: number;
}

/** The whole HTTP application: JSON API, pages, assets, one error mapper. */
export function createApp(db: Db, options: AppOptions = {}): Hono {
  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(compress());
  // The language of each request: ?lang= (remembered in a cookie), the cookie, Accept-Language.
  app.use(async (c, next) => {
    const asked = c.req.query('lang');
    const locale = negotiateLocale(asked, getCookie(c, 'lang'), c.req.header('accept-language'));
    if (asked && (LOCALES as readonly string[]).includes(asked)) {
      setCookie(c, 'lang', locale, {
        path: '/',
        maxAge: 365 * 24 * 3600,
        sameSite: 'Lax',
        httpOnly: true,
      });
    }
    c.header('Content-Language', locale);
    c.header('Vary', 'Accept-Language, Cookie');
    await withLocale(locale, next);
  });
  // The open data API. CORS comes first so that browsers can read every answer, a 429 included
  // (and so preflights, answered by CORS itself, do not use up a client's budget); then the rate
  // limit, so an over-limit client costs nothing more; then conditional GET around the routes.
  const lastModified = () => lastDataChange(db);
  for (const path of ['/api/v1/*', '/api/search']) app.use(path, apiCors());
  app.use('/api/v1/*', apiRateLimit({ limit: options.apiRateLimit ?? 0, windowMs: 60_000 }));
  for (const path of ['/api/v1/*', '/api/search']) app.use(path, conditionalGet(lastModified));
  app.route('/', apiDocsRoutes());
  app.route('/', assetRoutes());
  app.route('/', apiV1Routes(db, { publicUrl: options.publicUrl, onError: options.onError }));
  app.route(
    '/',
    apiRoutes(db, {
      onUnavailable: (reason) => options.onError?.(new Error(`health check: ${reason}`)),
    }),
  );
  app.route('/', downloadRoutes(db, { onError: options.onError }));
  const downloadsDir = options.downloadsDir;
  if (downloadsDir !== undefined) {
    app.route('/', bulkDownloadRoutes(db, { dir: downloadsDir, onError: options.onError }));
  }
  app.route(
    '/',
    linkedDataRoutes(db, {
      publicUrl: options.publicUrl,
      // The catalogue describes the bulk downloads; without a downloads folder there are none.
      distributions: async () =>
        downloadsDir === undefined
          ? []
          : listDistributions(db, { dir: downloadsDir, onError: options.onError }),
    }),
  );
  app.route('/', pageRoutes(db, { publicUrl: options.publicUrl }));

  app.notFound((c) => {
    const message = t('error.noPage', { path: c.req.path });
    if (c.req.path.startsWith('/api/'))
      return problemResponse(c, { status: 404, code: 'not_found', message, details: {} });
    return c.html(errorPage(404, message, c.req.path, true), 404);
  });
  app.onError((e, c) => {
    const p = toProblem(e);
    if (p.status >= 500) options.onError?.(e);
    if (c.req.path.startsWith('/api/') || c.req.path === '/health') {
      return problemResponse(c, p);
    }
    return c.html(errorPage(p.status, p.message, c.req.path), p.status);
  });
  return app;
}
