import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from '../db/connect.ts';
import { VISITOR } from '../domain/accounts.ts';
import { busy } from '../domain/errors.ts';
import { DEFAULT_CHROMIUM_PATH } from '../domain/report.ts';
import { EXPORT_FORMATS } from '../io/export.ts';
import { type AccountSettings, DEFAULT_ACCOUNT_SETTINGS } from '../services/accounts.ts';
import { distributionsOf } from '../services/bulk-downloads.ts';
import { lastDataChange } from '../services/data-version.ts';
import { withReplicaReads } from '../services/database.ts';
import { bulkDownloadsState, dataQualityJob, readFindings } from '../services/heavy-requests.ts';
import { HeavyWork } from '../services/heavy-work.ts';
import type { Mailer } from '../services/mail.ts';
import type { OidcSignIn } from '../services/oidc.ts';
import { LOCALES, negotiateLocale, t, withLocale } from '../web/i18n.ts';
import { errorPage } from '../web/pages/error.tsx';
import { accountPageRoutes } from './accounts.ts';
import { admission, defaultAdmission, type GateLimits } from './admission.ts';
import { assetRoutes } from './assets.ts';
import { type AuthOptions, identify } from './auth.ts';
import { bulkDownloadRoutes } from './bulk-downloads.ts';
import { campaignPageRoutes } from './campaign-pages.ts';
import { contributionPageRoutes } from './contributions.ts';
import { problemHeaders, problemResponse, toProblem } from './errors.ts';
import { type FigureRouteOptions, figureDownloadRoutes } from './figure-downloads.ts';
import { readOnly, rejectControlCharacters } from './guards.ts';
import { createOutageLog, healthRoutes, retiredRoutes } from './health.ts';
import { heavyRateLimit, JOB_RETRY_SECONDS, jobRoutes } from './heavy.ts';
import { importPageRoutes } from './import-pages.ts';
import { linkedDataRoutes } from './linked-data.ts';
import { oidcRoutes } from './oidc.ts';
import { requestLocation } from './origin.ts';
import { pageRoutes } from './pages.ts';
import { ReportFiles } from './report-files.ts';
import { reportRoutes } from './reports.ts';
import { responsePageRoutes } from './response-pages.ts';
import { downloadRoutes } from './search-exports.ts';
import { strategyPageRoutes } from './strategy-pages.ts';
import { suggestionRoutes } from './suggestions.ts';
import { apiDocsRoutes } from './v1/docs.ts';
import { apiV1Routes } from './v1/index.ts';
import { apiCors, apiRateLimit, conditionalGet } from './v1/middleware.ts';
import { acceptsWrite } from './write-routes.ts';

/** Options of the HTTP application. */
export interface AppOptions {
  /** Called for every unexpected (500) error, so it can be logged. */
  readonly onError?: (e: unknown) => void;
  /** The public origin for absolute links (config PUBLIC_URL); each request's origin when absent. */
  readonly publicUrl?: string;
  /** Hosts (host or host:port) whose requests may name the origin without PUBLIC_URL (config TRUSTED_HOSTS); loopback always may. */
  readonly trustedHosts?: readonly string[];
  /** The folder of the bulk downloads (config DOWNLOADS_DIR); without it /downloads is not served. */
  readonly downloadsDir?: string;
  /** Requests per minute per client under /api/v1 (config API_RATE_LIMIT); 0 or absent: no limit. */
  readonly apiRateLimit?: number;
  /**
   * The pool of heavy work (exports, data quality, bulk downloads). Absent: one that runs the
   * work in this thread, queued and cached like the pool (for tests on in-memory databases).
   */
  readonly heavy?: HeavyWork;
  /** How long a request waits for heavy work before a 202 with a status link; 2 s by default. */
  readonly heavyWaitMs?: number;
  /** Requests per minute per client to the expensive pages and files (config HEAVY_RATE_LIMIT); 0 or absent: no limit. */
  readonly heavyRateLimit?: number;
  /** The sources' plain texts the data-quality check reads (config SOURCE_TEXTS_DIR). */
  /** The chromium that prints reports to PDF (config CHROMIUM_PATH). */
  readonly chromiumPath?: string;
  readonly sourceTextsDir?: string;
  /** How many page and API requests run at once and wait (config REQUEST_*); the dialect's defaults where absent. */
  readonly admission?: Partial<GateLimits>;
  /** Sessions' timeouts and throttling (config SESSION_*); the defaults where absent. */
  readonly accountSettings?: AccountSettings;
  /** Sends invitations and password resets (config SMTP_URL, MAIL_*); without it, those forms fail with a message saying so. */
  readonly mailer?: Mailer;
  /** Sign-in with an institution's OpenID Connect provider (config OIDC_*), when one is set up. */
  readonly oidc?: OidcSignIn;
}

/** A mailer for an application given none: it explains that mail is not set up. */
const NO_MAILER: Mailer = {
  description: 'no mailer',
  send: async () => {
    throw new Error('this server was started without a mailer; run it with "atlas serve"');
  },
};

/** The expensive pages and files, which share one rate-limit budget per client. */
const HEAVY_PATHS = [
  ...EXPORT_FORMATS.map((f) => `/initiatives.${f}`),
  '/data-quality',
  '/downloads',
  '/downloads/*',
  '/catalog',
  '/catalog.jsonld',
  '/catalog.ttl',
  '/reports/*',
  '/api/v1/reports/*',
  '/figures/*',
];

/** Paths that skip admission control: cheap, or with a queue of their own (the heavy routes). */
function exemptFromAdmission(path: string): boolean {
  if (path === '/health' || path.startsWith('/assets/') || path.startsWith('/jobs/')) return true;
  return HEAVY_PATHS.some((p) => (p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : path === p));
}

/** Security headers of every answer: a strict CSP (no inline script or style, no framing). */
function securityHeaders() {
  return secureHeaders({
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
    // frame-ancestors 'none' governs framing; X-Frame-Options SAMEORIGIN would contradict it.
    xFrameOptions: false,
    // Set per request by strictTransport: HSTS over plain HTTP is meaningless and misleading.
    strictTransportSecurity: false,
  });
}

/** HSTS only for a request that came over https: PUBLIC_URL says so, or the request URL does. */
function strictTransport(publicUrl: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const https = publicUrl ? publicUrl.startsWith('https:') : c.req.url.startsWith('https:');
    if (https) c.header('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
  };
}

/**
 * A visitor's reads may come from a read replica (DATABASE_REPLICA_URL); a signed-in user's and
 * every write come from the primary, so nobody misses their own change.
 */
const visitorReadsFromReplica: MiddlewareHandler = (c, next) =>
  (c.req.method === 'GET' || c.req.method === 'HEAD') && c.get('actor') === VISITOR
    ? withReplicaReads(next)
    : next();

/** Where the figure downloads are, and the data-quality findings made by the heavy work. */
function figureSources(heavy: HeavyWork, options: AppOptions): FigureRouteOptions {
  return {
    publicUrl: options.publicUrl,
    trustedHosts: options.trustedHosts,
    findings: async (c) => {
      const ticket = await dataQualityJob(heavy, requestLocation(c), options.sourceTextsDir);
      return readFindings(await ticket.result);
    },
  };
}

/**
 * Requests whose ?lang= names the language of what they return (a report file, an API answer, a
 * job's status), not the reader's choice of interface language: it is not remembered.
 */
const CONTENT_LANGUAGE_PATHS = /^\/(?:api\/|reports\/|jobs\/)/;

/** The language of each request: ?lang= (remembered in a cookie), the cookie, Accept-Language. */
const chooseLanguage: MiddlewareHandler = async (c, next) => {
  const asked = c.req.query('lang');
  const locale = negotiateLocale(asked, getCookie(c, 'lang'), c.req.header('accept-language'));
  const remember = !CONTENT_LANGUAGE_PATHS.test(c.req.path);
  if (remember && asked && (LOCALES as readonly string[]).includes(asked)) {
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
};

/**
 * The open data API. CORS comes first so that browsers can read every answer, a 429 included
 * (and so preflights, answered by CORS itself, do not use up a client's budget); then the rate
 * limit, so an over-limit client costs nothing more; then conditional GET around the routes.
 */
function mountApi(app: Hono, db: Db, options: AppOptions, reports: ReportFiles): void {
  app.use('/api/v1/*', apiCors());
  app.use('/api/v1/*', apiRateLimit({ limit: options.apiRateLimit ?? 0, windowMs: 60_000 }));
  app.use(
    '/api/v1/*',
    conditionalGet(() => lastDataChange(db)),
  );
  app.route('/', apiDocsRoutes());
  app.route(
    '/',
    apiV1Routes(db, {
      publicUrl: options.publicUrl,
      trustedHosts: options.trustedHosts,
      onError: options.onError,
      mailer: options.mailer,
      reports,
    }),
  );
  app.route('/', retiredRoutes());
}

/** The open dataset: search-result files, the bulk downloads (with a folder) and the catalogue. */
function mountOpenData(app: Hono, heavy: HeavyWork, options: AppOptions): void {
  const waitMs = options.heavyWaitMs ?? 2000;
  const limit = heavyRateLimit(options.heavyRateLimit ?? 0);
  for (const path of HEAVY_PATHS) app.use(path, limit);
  app.route('/', jobRoutes(heavy));
  app.route('/', downloadRoutes(heavy, { waitMs }));
  const downloadsDir = options.downloadsDir;
  if (downloadsDir !== undefined) {
    app.route('/', bulkDownloadRoutes(heavy, { dir: downloadsDir, waitMs }));
  }
  app.route(
    '/',
    linkedDataRoutes(heavy.db, {
      publicUrl: options.publicUrl,
      trustedHosts: options.trustedHosts,
      // The catalogue describes the bulk downloads; without a downloads folder there are none.
      distributions: async (location) => {
        if (downloadsDir === undefined) return [];
        const { manifest } = await bulkDownloadsState(heavy, downloadsDir, waitMs, location);
        if (manifest) return distributionsOf(manifest);
        throw busy(
          `The files the catalogue describes are being prepared. Please try again in ${JOB_RETRY_SECONDS} seconds.`,
          JOB_RETRY_SECONDS,
        );
      },
    }),
  );
}

/** One error mapper: problem documents under /api/ and for /health, error pages elsewhere. */
function mountErrorHandlers(app: Hono, options: AppOptions): void {
  app.notFound((c) => {
    const message = t('error.noPage', { path: c.req.path });
    if (c.req.path.startsWith('/api/'))
      return problemResponse(c, { status: 404, code: 'not_found', message, details: {} });
    return c.html(errorPage(404, message, c.req.path, true), 404);
  });
  app.onError((e, c) => {
    const p = toProblem(e);
    if (p.status >= 500 && p.code !== 'busy') options.onError?.(e);
    if (c.req.path.startsWith('/api/') || c.req.path === '/health') {
      return problemResponse(c, p);
    }
    for (const [name, value] of Object.entries(problemHeaders(p))) c.header(name, value);
    if (p.code === 'database_unavailable')
      return c.html(errorPage(503, t('error.unavailableMessage'), c.req.path, true), 503);
    if (p.code === 'method_not_allowed') {
      const message = t('error.methodMessage', { path: c.req.path, method: c.req.method });
      return c.html(errorPage(405, message, c.req.path, true), 405);
    }
    return c.html(errorPage(p.status, p.message, c.req.path), p.status);
  });
}

/** How often a database outage is logged while it lasts. */
export const OUTAGE_LOG_EVERY_MS = 30_000;

/**
 * Runs `log` at most once in `everyMs`, handing it how many calls were skipped since it last ran,
 * so a flood of identical failures becomes one line now and then with a count.
 */
export function onceIn(everyMs: number, now: () => number = Date.now) {
  let lastAt = Number.NEGATIVE_INFINITY;
  let skipped = 0;
  return (log: (skipped: number) => void): void => {
    if (now() - lastAt < everyMs) {
      skipped++;
      return;
    }
    lastAt = now();
    log(skipped);
    skipped = 0;
  };
}

/**
 * The options with an error callback that logs database outages once in OUTAGE_LOG_EVERY_MS with a
 * count (every 500 and 503 passes through onError; those of the database also feed /health).
 */
function withOutageLog(given: AppOptions, outages: ReturnType<typeof createOutageLog>): AppOptions {
  const quietly = onceIn(OUTAGE_LOG_EVERY_MS);
  return {
    ...given,
    onError: (e) => {
      if (toProblem(e).code !== 'database_unavailable') return given.onError?.(e);
      outages.record();
      quietly((unlogged) =>
        given.onError?.(
          unlogged === 0
            ? e
            : new Error(
                `${(e as Error).message} (and ${unlogged} more requests answered 503 for the database since the last such line)`,
              ),
        ),
      );
    },
  };
}

/** The whole HTTP application: JSON API, pages, assets, one error mapper. */
export function createApp(db: Db, given: AppOptions = {}): Hono {
  const app = new Hono();
  const outages = createOutageLog();
  const options = withOutageLog(given, outages);
  app.use(securityHeaders());
  app.use(compress());
  app.use(strictTransport(options.publicUrl));
  app.use(chooseLanguage);
  app.use(readOnly(acceptsWrite));
  app.use(rejectControlCharacters);
  app.use(
    admission({ ...defaultAdmission(db.dialect), ...options.admission }, exemptFromAdmission),
  );
  const auth: AuthOptions = {
    settings: options.accountSettings ?? DEFAULT_ACCOUNT_SETTINGS,
    secureCookies: options.publicUrl?.startsWith('https:') ?? false,
    publicUrl: options.publicUrl,
  };
  const who = identify(db, auth);
  // Assets and /health never depend on who asks: a browser's cookie costs them no query.
  app.use((c, next) =>
    c.req.path === '/health' || c.req.path.startsWith('/assets/') ? next() : who(c, next),
  );
  app.use(visitorReadsFromReplica);
  const heavy =
    options.heavy ?? new HeavyWork({ db, workers: 0, queue: 4, onError: options.onError });
  const jobs = { heavy, waitMs: options.heavyWaitMs ?? 2000 };
  // One generator of report files for the pages and the API: heavy jobs of the one queue.
  const reports = new ReportFiles(db, {
    chromiumPath: options.chromiumPath ?? DEFAULT_CHROMIUM_PATH,
    ...jobs,
  });
  mountApi(app, db, options, reports);
  app.route('/', assetRoutes());
  app.route(
    '/',
    healthRoutes(db, {
      onUnavailable: (reason) => given.onError?.(new Error(`health check: ${reason}`)),
      outages,
    }),
  );
  mountOpenData(app, heavy, options);
  const pageOptions = {
    ...auth,
    mailer: options.mailer ?? NO_MAILER,
    trustedHosts: options.trustedHosts,
  };
  // Before the account pages, whose 64 KB body limit would refuse a spreadsheet.
  app.route('/', importPageRoutes(db, auth, jobs));
  app.route('/', strategyPageRoutes(db, auth));
  app.route('/', responsePageRoutes(db, pageOptions));
  app.route('/', campaignPageRoutes(db, pageOptions));
  if (options.oidc) app.route('/', oidcRoutes(db, auth, options.oidc));
  app.route('/', accountPageRoutes(db, { ...pageOptions, oidcName: options.oidc?.settings.name }));
  app.route('/', suggestionRoutes(db, auth));
  app.route('/', contributionPageRoutes(db, auth));
  app.route('/', reportRoutes(db, reports, options));
  app.route('/', figureDownloadRoutes(db, figureSources(heavy, options)));
  app.route(
    '/',
    pageRoutes(db, {
      publicUrl: options.publicUrl,
      trustedHosts: options.trustedHosts,
      heavy,
      heavyWaitMs: options.heavyWaitMs,
      sourceTextsDir: options.sourceTextsDir,
    }),
  );
  mountErrorHandlers(app, options);
  return app;
}
