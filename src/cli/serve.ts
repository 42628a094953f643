import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { AppOptions } from '../http/app.ts';
import type { AccountSettings } from '../services/accounts.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import type { Mailer } from '../services/mail.ts';
import type { OidcSignIn } from '../services/oidc.ts';
import {
  type CliIo,
  type Command,
  configFor,
  EXIT,
  mailerOf,
  parse,
  UsageError,
} from './common.ts';

/** Sign-in with the configured OpenID Connect provider, if any (loaded only then). */
async function oidcOf(config: Config): Promise<OidcSignIn | undefined> {
  const {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: clientId,
    OIDC_CLIENT_SECRET: clientSecret,
  } = config;
  if (!issuer || !clientId || !clientSecret) return undefined;
  const { OidcSignIn } = await import('../services/oidc.ts');
  return new OidcSignIn({ issuer, clientId, clientSecret, name: config.OIDC_NAME });
}

/** The web application's settings from the configuration. */
function appOptions(
  config: Config,
  heavy: HeavyWork,
  contributors: { mailer: Mailer; defaults: AccountSettings; oidc?: OidcSignIn },
  onError: (e: unknown) => void,
): AppOptions {
  return {
    mailer: contributors.mailer,
    oidc: contributors.oidc,
    accountSettings: {
      ...contributors.defaults,
      sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: config.SESSION_MAX_HOURS * 3600_000,
    },
    publicUrl: config.PUBLIC_URL,
    trustedHosts: config.TRUSTED_HOSTS,
    downloadsDir: config.DOWNLOADS_DIR,
    sourceTextsDir: config.SOURCE_TEXTS_DIR,
    chromiumPath: config.CHROMIUM_PATH,
    apiRateLimit: config.API_RATE_LIMIT,
    heavy,
    heavyRateLimit: config.HEAVY_RATE_LIMIT,
    heavyWaitMs: config.HEAVY_WAIT_MS,
    admission: {
      ...(config.REQUEST_CONCURRENCY === undefined
        ? {}
        : { concurrency: config.REQUEST_CONCURRENCY }),
      queue: config.REQUEST_QUEUE,
      maxWaitMs: config.REQUEST_WAIT_MS,
    },
    onError,
  };
}

/**
 * The server's background work: the pool of heavy work and the threads of uncached searches, and
 * how to stop them and close the database.
 */
async function startWork(db: Db, config: Config, onError: (e: unknown) => void) {
  const [{ HeavyWork }, { runSearchesInThreads }] = await Promise.all([
    import('../services/heavy-work.ts'),
    import('../services/search.ts'),
  ]);
  const heavy = new HeavyWork({
    db,
    databaseUrl: config.DATABASE_URL,
    workers: config.HEAVY_WORKERS,
    queue: config.HEAVY_QUEUE,
    cacheDir: config.CACHE_DIR,
    onError,
  });
  const searches = runSearchesInThreads(db, config.DATABASE_URL, onError, config.SEARCH_WORKERS);
  const sharing = await shareInstances(db, heavy, config, onError);
  const close = async () => {
    await searches.close();
    await heavy.close();
    await sharing.close();
    await db.close();
  };
  return { heavy, close, sharing: sharing.description };
}

/**
 * What this instance shares with the others behind the same proxy: rate-limit counters (in
 * Redis or the database) and the heavy jobs' queue (config REDIS_URL, TRUSTED_PROXIES, JOB_*).
 * Before the application is built, whose limits count where this says.
 */
async function shareInstances(
  db: Db,
  heavy: HeavyWork,
  config: Config,
  onError: (e: unknown) => void,
) {
  const [{ shareWithOtherInstances }, { shareRateLimits, trustProxies }] = await Promise.all([
    import('../services/instances.ts'),
    import('../http/rate-limit.ts'),
  ]);
  const sharing = await shareWithOtherInstances(db, heavy, {
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    jobQueue: config.JOB_QUEUE,
    jobWorker: config.JOB_WORKER === 'on',
    jobSchema: config.JOB_SCHEMA,
    onError,
  });
  shareRateLimits(sharing.counters, onError);
  trustProxies(config.TRUSTED_PROXIES);
  return sharing;
}

/** The hourly campaign reminders, reported on standard error. */
async function startReminders(db: Db, mailer: Mailer, origin: string, io: CliIo) {
  const { startReminderSchedule } = await import('../services/campaign-mail.ts');
  return startReminderSchedule(db, mailer, origin, {
    onError: (e) => io.err(`campaign reminders: ${e instanceof Error ? e.message : String(e)}`),
    onSent: (r) =>
      io.err(
        `campaign reminders: ${r.sent} sent${r.failed.length ? `, ${r.failed.length} failed (tried again within the hour)` : ''}`,
      ),
  });
}

/** `atlas serve`: runs the website and API. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the atlas website and API',
  help: `Usage: atlas serve [--port N] [--host H]

Opens the database (DATABASE_URL, default sqlite:data/atlas.db), migrates it, loads the
reference dataset when the database is new, and serves the atlas until stopped (Ctrl-C).

Options:
  --port N   port to listen on (default: PORT, else 3000; 0 picks a free port)
  --host H   address to listen on (default: HOST, else 127.0.0.1)`,
  async run(args, io) {
    const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' } }, false);
    const config = configFor(io);
    const port = values.port === undefined ? config.PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
    }
    const hostname = values.host ?? config.HOST;
    const started = performance.now();
    // Loaded here, not at the top: the server's modules are the slowest part of a CLI start.
    const [{ serve }, { createApp }, { openAtlas }] = await Promise.all([
      import('@hono/node-server'),
      import('../http/app.ts'),
      import('../services/database.ts'),
    ]);
    const { db, report } = await openAtlas(
      {
        databaseUrl: config.DATABASE_URL,
        referenceDir: config.REFERENCE_DIR,
        replicaUrl: config.DATABASE_REPLICA_URL,
      },
      { poolError: io.err },
    );
    if (report.migrations.length > 0)
      io.err(`database ${db.description}: applied ${report.migrations.length} migration(s)`);
    if (report.seeded)
      io.err(
        `new database: loaded ${report.seeded.initiatives.created} initiatives from ${config.REFERENCE_DIR}`,
      );
    const onError = (e: unknown) =>
      io.err(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const { heavy, close, sharing } = await startWork(db, config, onError);
    io.err(`instances: ${sharing}`);
    const { countAccounts, DEFAULT_ACCOUNT_SETTINGS } = await import('../services/accounts.ts');
    const mailer = await mailerOf(config);
    const contributors = { mailer, defaults: DEFAULT_ACCOUNT_SETTINGS, oidc: await oidcOf(config) };
    const app = createApp(db, appOptions(config, heavy, contributors, onError));
    const server = serve({ fetch: app.fetch, port, hostname });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    }).catch(async (e: NodeJS.ErrnoException) => {
      await close();
      throw new UsageError(
        e.code === 'EADDRINUSE'
          ? `port ${port} is already in use; choose another with --port or PORT`
          : e.message,
      );
    });
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const shownHost = hostname === '0.0.0.0' || hostname === '127.0.0.1' ? 'localhost' : hostname;
    io.out(
      `PerMed Atlas on http://${shownHost}:${actualPort} (${db.dialect}; ready in ${Math.round(performance.now() - started)} ms)`,
    );
    io.err(`mail goes to ${mailer.description}`);
    const reminders = await startReminders(
      db,
      mailer,
      config.PUBLIC_URL ?? `http://${shownHost}:${actualPort}`,
      io,
    );
    if ((await countAccounts(db)) === 0) {
      io.err(
        'No contributor account yet. Create the first administrator (the password is read from standard input):',
      );
      io.err('  npm run atlas -- users create --email you@example.org --role admin');
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.err('stopping…');
        server.close(() => resolve());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await reminders.stop();
    await close();
    return EXIT.ok;
  },
};
