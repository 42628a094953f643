import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/fixtures.ts';

/** The totals node:test prints at the end of a run (# tests 9, # pass 4, …). */
function totals(output: string): Record<string, number> {
  return Object.fromEntries(
    [...output.matchAll(/^# (tests|pass|fail|skipped|cancelled) (\d+)$/gm)].map((m) => [
      m[1] as string,
      Number(m[2]),
    ]),
  );
}

test('with PostgreSQL down, its variants count as skipped tests in the totals, one per test', () => {
  // A port nothing listens on: the PostgreSQL suites are skipped. Without NODE_TEST_CONTEXT the
  // child reports as a run of its own would (this runner sets it for its children).
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=tap',
      join(ROOT, 'test/integration/migrations.test.ts'),
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...env, TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/test' },
    },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const t = totals(r.stdout);
  const sqlite = r.stdout.match(/^ {4}ok \d+ - (?!.*# SKIP)/gm)?.length ?? 0;
  const skippedLines = r.stdout.match(/^(?: {4})?ok \d+ - .*# SKIP PostgreSQL/gm)?.length ?? 0;
  assert.ok(sqlite >= 4, r.stdout);
  assert.equal(t.fail, 0);
  // Every SQLite test has its PostgreSQL twin, and each twin is one skipped test in the totals.
  assert.ok(t.skipped !== undefined && t.skipped >= sqlite, JSON.stringify(t));
  assert.equal(t.skipped, skippedLines);
  assert.equal(t.tests, (t.pass ?? 0) + (t.skipped ?? 0));
});
