import { z } from 'zod';
import { invalidParameter } from './domain/errors.ts';
import { DEFAULT_CHROMIUM_PATH } from './domain/report.ts';

const PER_MINUTE = 'must be a whole number of requests per minute (0 turns the limit off)';

/** A per-client limit in requests per minute, 0 meaning no limit. */
const requestsPerMinute = (fallback: number) =>
  z.coerce
    .number({ message: PER_MINUTE })
    .int({ message: PER_MINUTE })
    .min(0, { message: 'must be 0 (no limit) or more requests per minute' })
    .max(1_000_000, {
      message: 'must be at most 1000000 requests per minute (0 turns the limit off)',
    })
    .default(fallback);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('sqlite:data/atlas.db')
    .refine((u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u), {
      message:
        'must start with sqlite: (e.g. sqlite:data/atlas.db) or postgres:// (e.g. postgres://user@host:5432/db)',
    }),
  /**
   * A PostgreSQL read replica: the public pages' and the API's reads for visitors who are not
   * signed in go there; writes, transactions and signed-in users' requests go to DATABASE_URL.
   */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (a replica of DATABASE_URL)')
    .optional(),
  REFERENCE_DIR: z.string().min(1).default('data/reference'),
  /**
   * The folder of the source documents' plain texts (the files sources.json names), which the
   * data-quality check reads for inconsistencies within a document's text; skipped when absent.
   */
  SOURCE_TEXTS_DIR: z.string().min(1).default('../shared/seeds'),
  /** The folder the bulk downloads (the whole dataset as files) are generated into. */
  DOWNLOADS_DIR: z.string().min(1).default('data/downloads'),
  /** The public origin of the site (e.g. https://atlas.example.org), used in linked data's absolute identifiers; by default each request's own origin. */
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      message: 'must be an http(s) URL such as https://atlas.example.org',
    })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * Hosts (host or host:port, comma-separated) whose requests may supply the origin of absolute
   * links when PUBLIC_URL is not set; loopback hosts always may. Any other Host gets a 400.
   */
  TRUSTED_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    )
    .refine((hosts) => hosts.every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(h)), {
      message:
        'must be a comma-separated list of host or host:port, e.g. atlas.example.org,atlas.example.org:8443',
    }),
  /**
   * The reverse proxies (IP addresses, comma-separated) in front of the atlas: a request from one
   * of them is counted against the client its X-Forwarded-For names rather than against the proxy.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((a) => a.trim().toLowerCase())
        .filter((a) => a !== ''),
    )
    .refine((all) => all.every((a) => /^[0-9a-f:.]+$/.test(a)), {
      message: 'must be a comma-separated list of IP addresses, e.g. 10.0.0.2,10.0.0.3',
    }),
  /**
   * A Redis server for the rate-limit counters of several instances (redis://host:6379 or
   * rediss://…); without it they count in the PostgreSQL database, or in memory on SQLite.
   */
  REDIS_URL: z
    .url({
      protocol: /^rediss?$/,
      message: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379',
    })
    .optional(),
  /**
   * Where heavy jobs wait: `postgres`, a queue in the database (pg-boss) that every instance's
   * worker takes jobs from; `local`, this process's own threads. By default postgres on
   * PostgreSQL and local on SQLite.
   */
  JOB_QUEUE: z.enum(['local', 'postgres'], { message: 'must be local or postgres' }).optional(),
  /** Whether this instance takes jobs from the shared queue (off: it only hands them to the others). */
  JOB_WORKER: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  /** The PostgreSQL schema of the shared job queue; by default pgboss, or <schema>_jobs beside a schema other than public. */
  JOB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,50}$/, 'must be a schema name of lower-case letters, digits and _')
    .optional(),
  /** Requests per minute each client (by address) may make to /api/v1; 0 turns the limit off. */
  API_RATE_LIMIT: requestsPerMinute(600),
  /** Worker threads for heavy work (exports, data quality, bulk downloads); 0 runs it in the server's own thread. */
  HEAVY_WORKERS: z.coerce
    .number({
      message: 'must be a whole number of worker threads (0 runs heavy work in the server thread)',
    })
    .int({
      message: 'must be a whole number of worker threads (0 runs heavy work in the server thread)',
    })
    .min(0, { message: 'must be 0 or more worker threads' })
    .max(64, { message: 'must be at most 64 worker threads' })
    .default(1),
  /** Heavy jobs that may wait for a worker; one more is answered 503 "busy, try again". */
  HEAVY_QUEUE: z.coerce
    .number({ message: 'must be a whole number of waiting jobs' })
    .int({ message: 'must be a whole number of waiting jobs' })
    .min(0, { message: 'must be 0 or more waiting jobs' })
    .max(10_000, { message: 'must be at most 10000 waiting jobs' })
    .default(4),
  /** Requests per minute each client (by address) may make to the expensive pages and files; 0 turns the limit off. */
  HEAVY_RATE_LIMIT: requestsPerMinute(30),
  /** How long a request for heavy work waits for its result before it answers 202 with a status link. */
  HEAVY_WAIT_MS: z.coerce
    .number({ message: 'must be a whole number of milliseconds' })
    .int({ message: 'must be a whole number of milliseconds' })
    .min(0, { message: 'must be 0 or more milliseconds (0 answers 202 at once)' })
    .max(600_000, { message: 'must be at most 600000 milliseconds (10 minutes)' })
    .default(2000),
  /** Worker threads for uncached searches; by default 2 on an SQLite file (whose queries would block the server), 0 on PostgreSQL. */
  SEARCH_WORKERS: z.coerce
    .number({
      message: 'must be a whole number of worker threads (0 runs searches in the server thread)',
    })
    .int({
      message: 'must be a whole number of worker threads (0 runs searches in the server thread)',
    })
    .min(0, { message: 'must be 0 or more worker threads' })
    .max(64, { message: 'must be at most 64 worker threads' })
    .optional(),
  /** Page and API requests served at once; by default 4 on SQLite (queries share the server's thread) and 8 on PostgreSQL. */
  REQUEST_CONCURRENCY: z.coerce
    .number({ message: 'must be a whole number of requests' })
    .int({ message: 'must be a whole number of requests' })
    .min(1, { message: 'must be at least 1 request at a time' })
    .max(1000, { message: 'must be at most 1000 requests at a time' })
    .optional(),
  /** Page and API requests that may wait for a turn; one more is answered 503 "busy, try again". */
  REQUEST_QUEUE: z.coerce
    .number({ message: 'must be a whole number of waiting requests' })
    .int({ message: 'must be a whole number of waiting requests' })
    .min(0, { message: 'must be 0 or more waiting requests' })
    .max(100_000, { message: 'must be at most 100000 waiting requests' })
    .default(128),
  /** The longest a page or API request waits for its turn before it is answered 503 "busy, try again". */
  REQUEST_WAIT_MS: z.coerce
    .number({ message: 'must be a whole number of milliseconds' })
    .int({ message: 'must be a whole number of milliseconds' })
    .min(100, { message: 'must be at least 100 milliseconds' })
    .max(600_000, { message: 'must be at most 600000 milliseconds (10 minutes)' })
    .default(10_000),
  /** The folder where results of heavy work (exports, data quality) are kept per data version. */
  CACHE_DIR: z.string().min(1).default('data/cache'),
  /** The chromium that prints reports to PDF (Debian's package: apt-get install chromium). */
  CHROMIUM_PATH: z.string().min(1).default(DEFAULT_CHROMIUM_PATH),
  /** The SMTP server for invitations and password resets (smtp://user:pass@host:587 or smtps://…); without it mail goes to MAIL_OUTBOX_DIR. */
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      message:
        'must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587',
    })
    .optional(),
  /** The sender of the atlas's mail. */
  MAIL_FROM: z.string().min(3).default('PerMed Atlas <atlas@localhost>'),
  /** Where mail is written (one .eml file each) when no SMTP_URL is set; `atlas mail outbox` lists it. */
  MAIL_OUTBOX_DIR: z.string().min(1).default('data/outbox'),
  /** A signed-in session unused this many minutes ends. */
  SESSION_IDLE_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int({ message: 'must be a whole number of minutes' })
    .min(1, { message: 'must be at least 1 minute' })
    .max(7 * 24 * 60, { message: 'must be at most 10080 minutes (a week)' })
    .default(60),
  /** A signed-in session ends this many hours after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce
    .number({ message: 'must be a whole number of hours' })
    .int({ message: 'must be a whole number of hours' })
    .min(1, { message: 'must be at least 1 hour' })
    .max(24 * 30, { message: 'must be at most 720 hours (30 days)' })
    .default(12),
  /** An OpenID Connect provider people may sign in with (its issuer URL); off when not set. */
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, message: 'must be the http(s) URL of the issuer' })
    .optional(),
  /** The atlas's client id at the OpenID Connect provider. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** The atlas's client secret at the OpenID Connect provider. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** How the sign-in page names the provider ("Sign in with …"). */
  OIDC_NAME: z.string().min(1).max(80).default('your institution'),
});

/** The validated, frozen configuration of a process. */
export type Config = Readonly<z.infer<typeof EnvSchema>>;

/** The name of an environment variable the configuration reads. */
export type ConfigVariable = keyof Config;

/** Every environment variable the configuration reads, in schema order (atlas --help lists them). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape) as readonly ConfigVariable[];

/** Reads configuration from an environment (process.env by default); the only reader of process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidParameter(
      String(issue?.path.join('.')),
      `configuration: ${String(issue?.path.join('.'))} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const oidc = [
    parsed.data.OIDC_ISSUER,
    parsed.data.OIDC_CLIENT_ID,
    parsed.data.OIDC_CLIENT_SECRET,
  ];
  if (parsed.data.JOB_QUEUE === 'postgres' && !parsed.data.DATABASE_URL.startsWith('postgres')) {
    throw invalidParameter(
      'JOB_QUEUE',
      'configuration: JOB_QUEUE=postgres needs a PostgreSQL DATABASE_URL; on SQLite heavy jobs run in this process (JOB_QUEUE=local)',
    );
  }
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw invalidParameter(
      'OIDC_ISSUER',
      'configuration: OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; set all three, or none',
    );
  }
  return Object.freeze(parsed.data);
}
