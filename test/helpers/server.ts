import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_DIR, ROOT } from './fixtures.ts';

/** A running atlas server, started the way a user starts it, and how to stop it. */
export interface RunningServer {
  readonly url: string;
  /** The server process's id (for sampling its memory). */
  readonly pid: number | undefined;
  /** The server's database, for a CLI run against the same data. */
  readonly databaseUrl: string;
  readonly output: () => string;
  /** True while the server process has not exited. */
  readonly running: () => boolean;
  stop(): Promise<void>;
}

/** What else a test or benchmark may ask of the server. */
export interface ServerOptions {
  /** An existing database to serve instead of a new one (it is not deleted on stop). */
  readonly databaseUrl?: string;
  /** More environment variables (configuration) for the server process. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the server may take to start (30 s unless given: a busy machine may need more). */
  readonly startTimeoutMs?: number;
}

/** Starts `atlas serve` on a free port with a new SQLite database seeded from `referenceDir`. */
export async function startServer(
  referenceDir = FIXTURE_DIR,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-server-'));
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(dir, 'atlas.db')}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'bin/atlas.js'), 'serve', '--port', '0'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REFERENCE_DIR: referenceDir,
        DOWNLOADS_DIR: join(dir, 'downloads'),
        CACHE_DIR: join(dir, 'cache'),
        // Pages and files answer when their work is done, however busy the machine running the
        // tests is; the 202 flow has tests of its own (heavy-http, heavy-latency).
        HEAVY_WAIT_MS: '120000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const timeout = options.startTimeoutMs ?? 30_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeout / 1000} s:\n${out}`)),
      timeout,
    );
    const check = () => {
      const m = out.match(/on (http:\/\/localhost:\d+)/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    pid: child.pid,
    databaseUrl,
    output: () => out,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
