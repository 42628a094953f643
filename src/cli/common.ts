import type { Readable, Writable } from 'node:stream';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { AppError } from '../domain/errors.ts';
import { FACET_NAMES, type FacetName } from '../domain/search.ts';

/** Where a command writes, and the environment it reads its configuration from. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Redraws one status line in place (a progress bar); only given on an interactive terminal. */
  readonly status?: (line: string) => void;
  /** Where a command writes data as a stream (exports); undefined means the process's stdout. */
  readonly stdout?: Writable;
  /** Where a command reads input (a password); undefined means the process's stdin. */
  readonly stdin?: Readable;
  /** The environment to configure from; undefined means the process environment. */
  readonly env?: Record<string, string | undefined>;
}

/** A CLI command: its name (one or two words), a one-line summary, its help text and its action. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  /** Runs the command; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** The facet filters as command-line options (--domain, --status, …): repeatable, comma-separated. */
export const FACET_OPTIONS = Object.fromEntries(
  FACET_NAMES.map((f) => [f, { type: 'string' as const, multiple: true as const }]),
) as Record<FacetName, { type: 'string'; multiple: true }>;

/** Exit codes: 0 success, 1 the work failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** An error in how a command was called; main prints it with a pointer to --help. */
export class UsageError extends Error {}

/** Parses a command's arguments strictly; unknown options become a UsageError naming them. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** The mailer of the configuration: SMTP_URL, else the outbox folder (MAIL_OUTBOX_DIR). */
export async function mailerOf(config: Config) {
  const { createMailer } = await import('../services/mail.ts');
  return createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    outboxDir: config.MAIL_OUTBOX_DIR,
  });
}

/** The configuration for a command. */
export function configFor(io: CliIo): Config {
  return loadConfig(io.env);
}

/** A one-line reason for an error, for the terminal. */
export function reason(e: unknown): string {
  if (e instanceof AppError || e instanceof UsageError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Opens the configured database (migrating it), runs `fn`, and always closes it. */
export async function withDatabase<T>(
  io: CliIo,
  fn: (db: Db, config: Config) => Promise<T>,
): Promise<T> {
  const config = configFor(io);
  const { openAtlasDatabase } = await import('../services/database.ts');
  const { db } = await openAtlasDatabase(config.DATABASE_URL);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/**
 * Like withDatabase, for a command that reports on the data: on a database that holds nothing
 * yet, it first says so on standard error, with how to load the reference data, rather than
 * letting a table of zeros pass for an answer.
 */
export async function withData<T>(
  io: CliIo,
  command: string,
  fn: (db: Db, config: Config) => Promise<T>,
): Promise<T> {
  return withDatabase(io, async (db, config) => {
    const { isEmpty } = await import('../services/database.ts');
    if (await isEmpty(db)) {
      io.err(
        `atlas ${command}: the database ${db.description} is empty: it holds no initiatives and no curated records yet.`,
      );
      io.err(
        'Load the reference data with "atlas db seed" (or add initiatives with "atlas import FILE --apply").',
      );
    }
    return fn(db, config);
  });
}
