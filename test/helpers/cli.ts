import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_DIR, ROOT } from './fixtures.ts';

/** What a CLI run gave: exit code, standard output and standard error. */
export interface CliResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * A throwaway folder with its own SQLite database and the fixture reference data, and a runner
 * of the real CLI (the package bin) from that folder, as a user would run it outside the checkout.
 */
export function cliSandbox(prefix: string): {
  dir: string;
  env: NodeJS.ProcessEnv;
  atlas: (...args: string[]) => CliResult;
  /** Runs the CLI with `input` on its standard input (a password, piped). */
  atlasWithInput: (input: string, ...args: string[]) => CliResult;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    REFERENCE_DIR: FIXTURE_DIR,
    DOWNLOADS_DIR: join(dir, 'downloads'),
    // The sources' texts are read from a folder relative to the working directory; name one
    // that does not exist, so that a ../shared beside the temporary folder changes nothing.
    SOURCE_TEXTS_DIR: join(dir, 'no-source-texts'),
  };
  const atlasWithInput = (input: string, ...args: string[]): CliResult => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), ...args], {
      env,
      cwd: dir,
      encoding: 'utf8',
      input,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const atlas = (...args: string[]): CliResult => atlasWithInput('', ...args);
  return { dir, env, atlas, atlasWithInput };
}

/** A CLI run in the background: its output so far, a wait for a pattern in it, and its end. */
export interface CliProcess {
  readonly out: () => string;
  readonly err: () => string;
  /** Whether the process has ended. */
  readonly exited: () => boolean;
  /** Resolves when standard error matches, rejects when the process ends first. */
  waitForErr(pattern: RegExp): Promise<void>;
  /** Resolves when standard output matches, rejects when the process ends first. */
  waitForOut(pattern: RegExp): Promise<void>;

  readonly done: Promise<CliResult>;
}

/** Starts the real CLI without waiting for it, so that two runs can overlap. */
export function startAtlas(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): CliProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin/atlas.js'), ...args], { env, cwd });
  let out = '';
  let err = '';
  let ended = false;
  const listeners: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    for (const l of listeners) l();
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c;
    for (const l of listeners) l();
  });
  const waitFor = (text: () => string, pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(text())) resolve();
        else if (ended) reject(new Error(`ended before ${pattern}: ${err}\n${out.slice(-2000)}`));
      };
      listeners.push(check);
      check();
    });
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      ended = true;
      for (const l of listeners) l();
      resolve({ code, out, err });
    }),
  );
  return {
    out: () => out,
    err: () => err,
    exited: () => ended,
    done,
    waitForErr: (pattern) => waitFor(() => err, pattern),
    waitForOut: (pattern) => waitFor(() => out, pattern),
  };
}
