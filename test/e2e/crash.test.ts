import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { POSTGRES_URL, postgresSkipReason } from '../helpers/databases.ts';
import { FIXTURE_DIR, ROOT } from '../helpers/fixtures.ts';
import { after, describe, test } from '../helpers/suite.ts';

/** How many times the import is killed; CRASH_ITERATIONS overrides (the issue asks for 50). */
const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 50);
/** Kills run this many at a time, each on its own copy of the database, to bound the wall time. */
const PARALLEL = 4;
const ROWS = 1000;
const SUCCESS = 'Applied: all rows were written in one transaction.';

/** A CSV of ROWS new initiatives, names and sites far apart so that none waits for a decision. */
function bigCsv(file: string, salt = ''): void {
  const lines = [
    'No,Name and/or acronym,Domain,Link to information (website),Country,Geographical scope,Status (Jan-2025),Type',
  ];
  for (let i = 1; i <= ROWS; i++) {
    const h = createHash('sha1').update(`${salt}${i}`).digest('hex');
    lines.push(
      `${i},${h.slice(0, 12)} ${h.slice(12, 20)},R&I,https://${h.slice(20, 30)}.example.org/,Ukraine,National,Ongoing,Partnership`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Runs `atlas import FILE --apply`, killing it with SIGKILL after `killAfterMs` (0: as soon as it prints success; undefined: never). */
function importRun(
  databaseUrl: string,
  csv: string,
  killAfterMs: number | undefined,
): Promise<{ out: string; killed: boolean; ms: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/atlas.js'), 'import', csv, '--apply', '--summary'],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, REFERENCE_DIR: FIXTURE_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    // Killed the moment it acknowledges: the commit must already be durable by then.
    if (killAfterMs === 0 && out.includes(SUCCESS)) child.kill('SIGKILL');
  });
  child.stderr.resume();
  const timer =
    killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => {
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ out, killed: signal === 'SIGKILL', ms: Date.now() - started });
    });
  });
}

/** What a killed run left: the store's own consistency verdict and the number of initiatives. */
interface State {
  readonly integrity: string;
  readonly initiatives: number;
}

/** Where the runs happen: a pristine seeded database, a copy of it per run, a look inside a copy. */
interface Store {
  /** Creates the pristine database (migrated, reference data loaded through the CLI). */
  setup(): Promise<void>;
  /** A fresh copy of the pristine database for run `name`; its DATABASE_URL. */
  copy(name: string): Promise<string>;
  inspect(url: string): Promise<State>;
  drop(url: string): Promise<void>;
  dispose(): Promise<void>;
}

function seedWith(databaseUrl: string): void {
  const seeded = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), 'db', 'seed'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REFERENCE_DIR: FIXTURE_DIR },
    encoding: 'utf8',
  });
  assert.equal(seeded.status, 0, seeded.stderr);
}

/** SQLite: file copies; integrity_check is the verdict. */
function sqliteStore(): Store {
  const work = mkdtempSync(join(tmpdir(), 'atlas-crash-'));
  const pristine = join(work, 'pristine.db');
  const path = (url: string) => url.slice('sqlite:'.length);
  return {
    async setup() {
      seedWith(`sqlite:${pristine}`);
    },
    async copy(name) {
      const file = join(work, `${name}.db`);
      copyFileSync(pristine, file);
      return `sqlite:${file}`;
    },
    async inspect(url) {
      const sqlite = new Database(path(url), { fileMustExist: true });
      try {
        const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[])
          .map((r) => r.integrity_check)
          .join('; ');
        const { n } = sqlite.prepare('select count(*) as n from initiatives').get() as {
          n: number;
        };
        return { integrity, initiatives: n };
      } finally {
        sqlite.close();
      }
    },
    async drop(url) {
      for (const f of ['', '-wal', '-shm']) rmSync(`${path(url)}${f}`, { force: true });
    },
    async dispose() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Runs `work` on a connection to the test server's own database. */
async function asAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: POSTGRES_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Every table of the database reads and no index is left invalid: 'ok', or what is wrong. */
async function postgresVerdict(c: pg.Client): Promise<string> {
  const tables = await c.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public'",
  );
  for (const { name } of tables.rows) await c.query(`select count(*) from "${name}"`);
  const invalid = await c.query<{ name: string }>(
    'select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where not i.indisvalid',
  );
  return invalid.rows.length === 0
    ? 'ok'
    : `invalid indexes: ${invalid.rows.map((r) => r.name).join(', ')}`;
}

/**
 * PostgreSQL: each run gets its own database made from a seeded template (CREATE DATABASE …
 * TEMPLATE, one at a time, since a template may have no other user while it is copied).
 */
function postgresStore(): Store {
  const prefix = `crash_${randomBytes(4).toString('hex')}`;
  const urlOf = (name: string) => {
    const u = new URL(POSTGRES_URL);
    u.pathname = `/${name}`;
    return u.toString();
  };
  let copying: Promise<unknown> = Promise.resolve();
  const made: string[] = [];
  return {
    async setup() {
      await asAdmin((c) => c.query(`create database ${prefix}_pristine`));
      made.push(`${prefix}_pristine`);
      seedWith(urlOf(`${prefix}_pristine`));
    },
    copy(name) {
      const db = `${prefix}_${name}`;
      made.push(db);
      const done = copying.then(() =>
        asAdmin((c) => c.query(`create database ${db} template ${prefix}_pristine`)),
      );
      copying = done.catch(() => undefined);
      return done.then(() => urlOf(db));
    },
    async inspect(url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const integrity = await postgresVerdict(c);
        const { rows } = await c.query<{ n: string }>('select count(*) as n from initiatives');
        return { integrity, initiatives: Number(rows[0]?.n) };
      } finally {
        await c.end();
      }
    },
    async drop(url) {
      const name = new URL(url).pathname.slice(1);
      await asAdmin((c) => c.query(`drop database if exists ${name}`));
    },
    async dispose() {
      await asAdmin(async (c) => {
        for (const db of made) await c.query(`drop database if exists ${db}`);
      });
    },
  };
}

const STORES = [
  { name: 'SQLite', makeStore: sqliteStore, skip: undefined as string | undefined },
  { name: 'PostgreSQL', makeStore: postgresStore, skip: postgresSkipReason },
];

const acknowledged = (out: string) => out.includes(SUCCESS);

for (const { name, makeStore, skip } of STORES) {
  describe(`kill -9 during an import (${name})`, { skip }, () => {
    const store = makeStore();
    const work = mkdtempSync(join(tmpdir(), 'atlas-crash-work-'));
    after(async () => {
      if (!skip) await store.dispose();
      rmSync(work, { recursive: true, force: true });
    });

    test(`${ITERATIONS} imports killed at random points leave an intact database, all before or all after`, async () => {
      await store.setup();
      const csv = join(work, 'big.csv');
      bigCsv(csv);
      const firstCopy = await store.copy('full_0');
      const before = (await store.inspect(firstCopy)).initiatives;
      // The typical duration is measured under the same load as the kills (PARALLEL at once), and
      // kills fall up to a third past it, so some land after the commit and both ends are tested.
      const typical = await Promise.all(
        Array.from({ length: PARALLEL }, async (_, i) => {
          const url = i === 0 ? firstCopy : await store.copy(`full_${i}`);
          const run = await importRun(url, csv, undefined);
          assert.ok(acknowledged(run.out), run.out);
          assert.equal((await store.inspect(url)).initiatives, before + ROWS);
          await store.drop(url);
          return run.ms;
        }),
      ).then((ms) => Math.max(...ms));
      const outcomes = { before: 0, after: 0, acknowledged: 0 };
      const one = async (i: number) => {
        const url = await store.copy(`run_${i}`);
        // Every fifth run is killed right at its acknowledgement, so that case is never left to the
        // timing of a loaded machine; the others at a random point of a typical run and a bit past.
        const killAt = i % 5 === 4 ? 0 : 50 + Math.floor(Math.random() * (typical * 1.33 - 50));
        const run = await importRun(url, csv, killAt);
        const state = await store.inspect(url);
        const context = `run ${i}, killed after ${killAt} ms (killed: ${run.killed})`;
        assert.equal(state.integrity, 'ok', context);
        assert.ok(
          [before, before + ROWS].includes(state.initiatives),
          `${context}: ${state.initiatives} initiatives`,
        );
        if (acknowledged(run.out)) {
          outcomes.acknowledged++;
          assert.equal(
            state.initiatives,
            before + ROWS,
            `${context}: an acknowledged import was lost`,
          );
        }
        outcomes[state.initiatives === before ? 'before' : 'after']++;
        // The killed import's lock died with it: the next import on that database is not refused.
        if (i === 0) {
          const retry = await importRun(url, csv, undefined);
          assert.match(
            retry.out,
            /Applied|nothing to (apply|write)|no change/i,
            `${context}: retry`,
          );
        }
        await store.drop(url);
      };
      const started = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < ITERATIONS) await one(next++);
        }),
      );
      assert.ok(
        outcomes.before > 0 && outcomes.after > 0,
        `kills should land before and after the commit: ${JSON.stringify(outcomes)}`,
      );
      process.stderr.write(
        `kill -9 loop (${name}): ${ITERATIONS} runs in ${Date.now() - started} ms (one full import ${typical} ms under the same load): ${outcomes.before} before, ${outcomes.after} after, ${outcomes.acknowledged} acknowledged\n`,
      );
    });
  });
}
