import { spawnSync } from 'node:child_process';
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
  atlas: (...args: string[]) => CliResult;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    REFERENCE_DIR: FIXTURE_DIR,
    DOWNLOADS_DIR: join(dir, 'downloads'),
  };
  const atlas = (...args: string[]): CliResult => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), ...args], {
      env,
      cwd: dir,
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  return { dir, atlas };
}
