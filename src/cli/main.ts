import { CONFIG_VARIABLES, type ConfigVariable, loadConfig } from '../config.ts';
import { isAppError } from '../domain/errors.ts';
import { backupCommand } from './backup.ts';
import { CAMPAIGN_COMMANDS } from './campaigns.ts';
import { checkCommand } from './check.ts';
import { type CliIo, type Command, EXIT, reason, UsageError } from './common.ts';
import { dbMigrate } from './db-migrate.ts';
import { dbSeed } from './db-seed.ts';
import { downloadsCommand } from './downloads.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { reportCommand } from './report.ts';
import { restoreCommand } from './restore.ts';
import { searchCommand } from './search.ts';
import { serveCommand } from './serve.ts';
import { statsCommand } from './stats.ts';
import { ACCOUNT_COMMANDS } from './users.ts';

const COMMANDS: readonly Command[] = [
  serveCommand,
  dbMigrate,
  dbSeed,
  searchCommand,
  statsCommand,
  checkCommand,
  importCommand,
  exportCommand,
  reportCommand,
  downloadsCommand,
  backupCommand,
  restoreCommand,
  ...ACCOUNT_COMMANDS,
  ...CAMPAIGN_COMMANDS,
];

/**
 * What each environment variable sets. Keyed by every variable src/config.ts reads, so a new
 * variable without a line here fails the type check, and the help cannot leave one out.
 */
const VARIABLE_HELP: Record<ConfigVariable, string> = {
  PORT: 'port the server listens on',
  HOST: 'address the server listens on',
  DATABASE_URL: 'sqlite:FILE or postgres://user@host:port/db',
  DATABASE_REPLICA_URL: "postgres:// read replica for visitors' reads (optional)",
  REFERENCE_DIR: 'reference dataset folder (db seed, first start)',
  DOWNLOADS_DIR: 'folder the bulk downloads are generated into',
  SOURCE_TEXTS_DIR: "source documents' plain texts the data-quality check reads (if there)",
  PUBLIC_URL: "the site's public origin for absolute links (default: each request's own)",
  TRUSTED_HOSTS: 'comma-separated hosts whose requests may supply that origin',
  TRUSTED_PROXIES: 'reverse proxies whose X-Forwarded-For names the client',
  REDIS_URL: "redis:// for several instances' rate-limit counters (optional)",
  JOB_QUEUE: 'heavy jobs: postgres (shared queue) or local (default by database)',
  JOB_WORKER: 'on/off: whether this instance works on the shared queue',
  JOB_SCHEMA: 'schema of the shared job queue (default pgboss)',
  API_RATE_LIMIT: 'requests a minute per client to /api/v1, 0 = no limit',
  HEAVY_WORKERS: 'threads for exports and analyses, 0 = server thread',
  HEAVY_QUEUE: 'heavy jobs that may wait for a worker before a 503',
  HEAVY_RATE_LIMIT: 'requests a minute per client to heavy pages, 0 = no limit',
  HEAVY_WAIT_MS: 'how long a heavy request waits before answering 202',
  SEARCH_WORKERS: 'threads for uncached searches (default 2 on SQLite, 0 on PostgreSQL)',
  REQUEST_CONCURRENCY: 'page and API requests served at once (default 4 SQLite, 8 PostgreSQL)',
  REQUEST_QUEUE: 'page and API requests that may wait before a 503 busy',
  REQUEST_WAIT_MS: 'longest wait for a turn before a 503 busy',
  CACHE_DIR: 'folder for results of heavy work',
  CHROMIUM_PATH: 'the chromium that prints reports to PDF',
  SMTP_URL: 'smtp(s)://user:pass@host:port for invitations and resets',
  MAIL_FROM: 'sender of mail',
  MAIL_OUTBOX_DIR: 'where mail is written when SMTP_URL is not set',
  SESSION_IDLE_MINUTES: 'a session unused this long ends',
  SESSION_MAX_HOURS: 'a session ends this long after sign-in',
  OIDC_ISSUER: 'an OpenID Connect provider to sign in with (with OIDC_CLIENT_ID, _SECRET)',
  OIDC_CLIENT_ID: "the atlas's client id at that provider",
  OIDC_CLIENT_SECRET: "the atlas's client secret at that provider",
  OIDC_NAME: 'how the sign-in page names that provider',
};

/** One line per environment variable: name, what it sets, and its default. */
function variableLines(): string[] {
  const defaults = loadConfig({});
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.length));
  return CONFIG_VARIABLES.map((v) => {
    const value = defaults[v];
    const shown = Array.isArray(value) ? value.join(',') : value;
    const fallback = shown === undefined || shown === '' ? '' : `; default ${shown}`;
    return `  ${v.padEnd(width)}  ${VARIABLE_HELP[v]}${fallback}`;
  });
}

/** The width of the command column of the help. */
const NAME_WIDTH = Math.max(...COMMANDS.map((c) => c.name.length));

const HELP = `PerMed Atlas: map, analyse and publish Europe's personalised-medicine landscape.

Usage: atlas <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(NAME_WIDTH)}  ${c.summary}`).join('\n')}

Run "atlas <command> --help" for a command's options.

Configuration comes from these environment variables:
${variableLines().join('\n')}`;

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  status: process.stderr.isTTY ? (line) => process.stderr.write(`\r\x1b[2K${line}`) : undefined,
};

/** Finds the command named by the first one or two words of the arguments. */
function resolve(args: string[]): { command: Command; rest: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: args.slice(words) };
  }
  return undefined;
}

/** Runs the CLI with the given arguments; resolves to the process exit code. */
export async function main(args: string[], io: CliIo = defaultIo): Promise<number> {
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    const topic = args[0] === 'help' ? resolve(args.slice(1)) : undefined;
    io.out(topic ? topic.command.help : HELP);
    return EXIT.ok;
  }
  const found = resolve(args);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${args[0]} `)).map((c) => c.name);
    io.err(
      group.length > 0
        ? `atlas: "${args.join(' ')}" needs a subcommand: ${group.join(', ')}`
        : `atlas: unknown command "${args[0]}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
    return EXIT.usage;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(found.command.help);
    return EXIT.ok;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (e) {
    io.err(`atlas ${found.command.name}: ${reason(e)}`);
    if (e instanceof UsageError) {
      io.err(`Run "atlas ${found.command.name} --help" for usage.`);
      return EXIT.usage;
    }
    if (isAppError(e, 'invalid_parameter')) return EXIT.usage;
    return EXIT.failed;
  }
}
