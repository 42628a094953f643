import { type ChildProcess, spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { databaseUnavailable } from '../domain/errors.ts';

/** The first line of a PostgreSQL backup: the format, then the schema it was dumped from. */
export const POSTGRES_BACKUP_MAGIC = 'ATLAS-BACKUP postgres-custom';

/** The client programs a PostgreSQL backup needs. */
type Tool = 'pg_dump' | 'pg_restore' | 'psql';

/**
 * Finds a PostgreSQL client program on PATH, then in Debian's versioned folders
 * (/usr/lib/postgresql/<version>/bin, newest first), which are not on PATH by default.
 */
export function findTool(tool: Tool, path = process.env.PATH ?? ''): string {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(debian, v, 'bin'))
    : [];
  for (const dir of [...path.split(delimiter).filter(Boolean), ...versions]) {
    if (existsSync(join(dir, tool))) return join(dir, tool);
  }
  throw databaseUnavailable(
    `${tool} was not found on PATH nor in /usr/lib/postgresql/*/bin; install the PostgreSQL client programs (Debian/Ubuntu: apt-get install postgresql-client) and try again`,
  );
}

/**
 * The URL without its password, and an environment carrying the password as PGPASSWORD: a
 * password on a command line is visible to every user of the machine in the process list.
 */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { url: parsed.toString(), env };
}

/** A PostgreSQL identifier in double quotes, safe to put in SQL. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The schema a URL's connection works in, and how many initiatives and recorded changes (history
 * entries) it holds there: its curated data, not the code lists every migrated database has.
 */
export async function postgresTarget(url: string): Promise<{ schema: string; records: number }> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ schema: string; tables: string[] }>(
      `select current_schema() as schema, array(select c.relname::text from pg_class c
         where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
           and c.relname in ('initiatives', 'history')) as tables`,
    );
    const row = rows[0];
    if (!row?.schema) throw databaseUnavailable('the connection has no current schema');
    let records = 0;
    // Both names are fixed strings checked to exist in the connection's own schema just above.
    for (const table of row.tables) {
      const counted = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
      records += Number(counted.rows[0]?.n ?? 0);
    }
    return { schema: row.schema, records };
  } catch (e) {
    if ((e as { code?: string }).code === 'database_unavailable') throw e;
    throw databaseUnavailable(
      `cannot use the PostgreSQL database: ${(e as Error).message}. Check DATABASE_URL and that the server is running.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Resolves when a child exits 0; otherwise rejects with the last lines it wrote to stderr. */
function finished(child: ChildProcess, tool: Tool): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const why = stderr.trim().split('\n').slice(-3).join(' / ') || `exit code ${code}`;
        reject(databaseUnavailable(`${tool} failed: ${why}`));
      }
    });
  });
}

/**
 * Dumps one schema with pg_dump's custom format (compressed, restorable table by table) after
 * a first line naming the format and the schema, so restore knows what it is given. Written to
 * a temporary file renamed into place when pg_dump has succeeded.
 */
export async function backupPostgres(url: string, dest: string): Promise<{ schema: string }> {
  const { schema } = await postgresTarget(url);
  const conn = connection(url);
  const partial = `${dest}.partial-${process.pid}`;
  const out = createWriteStream(partial);
  out.write(`${POSTGRES_BACKUP_MAGIC} schema=${encodeURIComponent(schema)}\n`);
  const dump = spawn(
    findTool('pg_dump'),
    ['--format=custom', `--schema=${quoteIdent(schema)}`, '--no-owner', '--dbname', conn.url],
    { env: conn.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await Promise.all([pipeline(dump.stdout, out), finished(dump, 'pg_dump')]);
    renameSync(partial, dest);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  return { schema };
}

/** Reads the header line of a PostgreSQL backup: the schema it came from and where the dump starts. */
export function parsePostgresHeader(head: Buffer): { schema: string; offset: number } | undefined {
  const end = head.indexOf(10);
  if (end < 0) return undefined;
  const m = /^ATLAS-BACKUP postgres-custom schema=(\S+)$/.exec(head.subarray(0, end).toString());
  return m?.[1] ? { schema: decodeURIComponent(m[1]), offset: end + 1 } : undefined;
}

/**
 * Renames schema `from` to `to` in a plain-format dump, line by line. pg_dump qualifies every
 * object with its schema, so this touches the statements only; the rows between `COPY … FROM
 * stdin;` and `\.` are data and pass through unchanged, whatever text they hold.
 */
export function renameSchemaLines(from: string, to: string): Transform {
  const names = [quoteIdent(from), from].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const qualified = new RegExp(`(^|[^\\w$"])(?:${names.join('|')})(?=\\.)`, 'g');
  const createSchema = new RegExp(`^CREATE SCHEMA (?:${names.join('|')});$`);
  let inData = false;
  let rest = '';
  const rename = (line: string): string => {
    if (inData) {
      if (line === '\\.') inData = false;
      return line;
    }
    if (/^COPY .* FROM stdin;$/.test(line)) inData = true;
    // The target schema is created before the dump runs; the dump must not create it again.
    if (createSchema.test(line)) return '';
    return line.replace(qualified, `$1${quoteIdent(to)}`);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      done(null, lines.map((l) => `${rename(l)}\n`).join(''));
    },
    flush(done) {
      done(null, rest === '' ? '' : rename(rest));
    },
  });
}

/** The first `bytes` bytes of a file (fewer when it is shorter; the rest are zero). */
export async function readHead(file: string, bytes: number): Promise<Buffer> {
  const head = Buffer.alloc(bytes);
  const fd = await open(file, 'r');
  try {
    await fd.read(head, 0, bytes, 0);
  } finally {
    await fd.close();
  }
  return head;
}

/** The header of a PostgreSQL backup file, or a clear error when it has none. */
async function readHeader(file: string): Promise<{ schema: string; offset: number }> {
  const header = parsePostgresHeader(await readHead(file, 512));
  if (!header) throw databaseUnavailable(`${file} has no PostgreSQL backup header`);
  return header;
}

/**
 * Restores a backup into the URL's schema in one transaction: the schema is dropped and made
 * anew, then the dump, renamed from its own schema to this one, runs through psql. pg_restore
 * cannot restore into a schema of another name, so it writes plain SQL that is renamed on the
 * way. COMMIT is sent only after pg_restore has exited 0; any error before that ends psql
 * without it, which rolls everything back and leaves the database as it was.
 */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const { schema: target } = await postgresTarget(url);
  const header = await readHeader(file);
  const conn = connection(url);
  const restore = spawn(findTool('pg_restore'), ['--no-owner', '--no-privileges', '--file=-'], {
    env: conn.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const psql = spawn(
    findTool('psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--dbname', conn.url],
    {
      env: conn.env,
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  const psqlDone = finished(psql, 'psql');
  psql.stdin.write(
    `BEGIN;\nDROP SCHEMA IF EXISTS ${quoteIdent(target)} CASCADE;\nCREATE SCHEMA ${quoteIdent(target)};\n`,
  );
  try {
    await Promise.all([
      pipeline(createReadStream(file, { start: header.offset }), restore.stdin),
      pipeline(restore.stdout, renameSchemaLines(header.schema, target), psql.stdin, {
        end: false,
      }),
      finished(restore, 'pg_restore'),
    ]);
  } catch (e) {
    restore.kill('SIGKILL');
    // When psql stopped on an SQL error, its message says more than the broken pipe it left.
    const psqlFailed = psql.exitCode !== null && psql.exitCode !== 0;
    if (!psqlFailed) psql.kill('SIGKILL');
    const psqlError = await psqlDone.then(
      () => undefined,
      (x: unknown) => x,
    );
    throw psqlFailed && psqlError ? psqlError : e;
  }
  psql.stdin.end('COMMIT;\n');
  await psqlDone;
}
