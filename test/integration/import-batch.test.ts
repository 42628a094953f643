/**
 * The import's fast path (batched multi-row writes, keys remembered in memory and written in
 * batches, on SQLite the full-text upkeep deferred to one pass at the end) against the path that
 * writes record by record: with the thresholds set low, the same files give exactly the same
 * plans, records, versions, provenance rows, history and search hits on both databases.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { matchingSlugs } from '../../src/search/index.ts';
import { type ImportOptions, importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const HEADER =
  'No,Name and/or acronym,Domain,Link to information (website),Country,Geographical scope,Status (Jan-2025),Type,Summary';
const WORDS = ['genomic', 'cardiology', 'biobank', 'imaging', 'oncology', 'rare', 'pharmacy'];
const PLACES = ['Sweden', 'Spain', 'Germany', 'Ukraine', 'SE', 'ES'];
const SCOPES = ['National', 'Regional', 'European', 'Regional; National'];
const STATUSES = ['Ongoing', 'To be launched', 'Closed'];
const TYPES = ['Ongoing project', 'Permanent institution', 'Partnership'];

const SYLLABLES = ['ka', 'lo', 'mi', 'ner', 'vas', 'tu', 'rin', 'sel', 'do', 'ga', 'pre', 'zun'];

/** A made-up word of its own for each number, as project names are. */
function coined(i: number): string {
  let out = '';
  for (let k = i + 12; k > 0; k = Math.floor(k / SYLLABLES.length)) {
    out += SYLLABLES[k % SYLLABLES.length];
  }
  return out[0]?.toUpperCase() + out.slice(1);
}

/**
 * A file of `n` rows: every 9th repeats an earlier row's link and every 13th an earlier row's
 * name (suspected duplicates), and `edition` changes
 * the summaries of every third row (an update on a second import).
 */
function file(n: number, edition: number): string {
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) {
    const w = (k: number) => WORDS[(i * k) % WORDS.length] as string;
    const name = `${coined(i % 13 === 0 ? i - 5 : i)} ${w(1)} ${coined(i * 7 + 3)} network`;
    const link = i % 9 === 0 ? `https://example.org/p${i - 4}` : `https://example.org/p${i}`;
    const country = PLACES[i % PLACES.length];
    const note = edition > 1 && i % 3 === 0 ? ` Revised in edition ${edition}.` : '';
    const summary = `"Work on ${w(3)} and ${w(5)} care in ""${w(2)}"" hospitals.${note}"`;
    lines.push(
      `${i},${name},R&I,${link},${country},"${SCOPES[i % SCOPES.length]}",${STATUSES[i % STATUSES.length]},${TYPES[i % TYPES.length]},${summary}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Every row a record is made of, in id order, as the database holds it. */
async function contents(t: TestDb): Promise<Record<string, unknown[]>> {
  const q = t.db.kysely;
  const all = async (query: ReturnType<typeof sql>) =>
    (await query.execute(q)).rows.map((r) =>
      // PostgreSQL's generated search vector is compared through the search hits instead.
      Object.fromEntries(Object.entries(r as object).filter(([k]) => k !== 'search_vector')),
    );
  return {
    initiatives: await all(sql`select * from initiatives order by id`),
    scopes: await all(sql`select * from initiative_scopes order by initiative_id, scope`),
    regions: await all(sql`select * from initiative_regions order by initiative_id, region_code`),
    themes: await all(sql`select * from initiative_themes order by initiative_id, theme_code`),
    funding: await all(sql`select * from initiative_funding order by id`),
    relations: await all(sql`select * from initiative_relations order by from_id, to_id, kind`),
    provenance: await all(sql`select * from record_sources order by id`),
    history: await all(sql`select * from history order by id`),
    sources: await all(sql`select * from sources order by code`),
    imports: await all(sql`select * from imports order by id`),
    importKeys: await all(sql`select * from import_keys`),
    schema:
      t.db.dialect === 'sqlite'
        ? await all(sql`select type, name, sql from sqlite_master order by name`)
        : [],
  };
}

/** The slugs each of some searches finds, in the order of its hits. */
async function hits(t: TestDb): Promise<string[][]> {
  const out: string[][] = [];
  for (const text of [...WORDS, 'precision network', 'hospital', 'edition', 'revised', 'genom']) {
    out.push(
      await matchingSlugs(t.db, { text, filters: {}, sort: 'relevance', page: 1, pageSize: 20 }),
    );
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`import fast path (${dialect.name})`, { skip: dialect.skip }, () => {
    let slow: TestDb;
    let fast: TestDb;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'atlas-import-batch-'));
      slow = await dialect.open();
      fast = await dialect.open();
      for (const t of [slow, fast]) {
        await seedReference(t.db, FIXTURE_DIR, { now: '2026-01-01T00:00:00.000Z' });
      }
    });
    after(async () => {
      await slow?.dispose();
      await fast?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Imports the same file into both databases, record by record and by the fast path. */
    async function both(path: string, options: ImportOptions) {
      const run = async (t: TestDb, batch: ImportOptions['batch']) => {
        const rows: PlanRow[] = [];
        const summary = await importInitiatives(t.db, path, {
          now: '2026-12-01T10:00:00.000Z',
          acceptSuggestions: true,
          ...options,
          batch,
          onRow: (r) => rows.push(r),
        });
        return { summary, rows };
      };
      const reference = await run(slow, { batchRows: 0 });
      // Batches of 7 records and the deferred index after 20: many batches, most rows deferred.
      const batched = await run(fast, { batchRows: 7, deferIndexAbove: 20 });
      return { reference, batched };
    }

    test('a first import with duplicates merged: same plan, records, provenance, history and hits', async () => {
      const path = join(dir, 'landscape.csv');
      writeFileSync(path, file(150, 1));
      const { reference, batched } = await both(path, { apply: true, duplicates: 'merge' });
      assert.ok(
        reference.summary.applied,
        `${reference.summary.refused} ${JSON.stringify(reference.rows.filter((r) => r.action === 'blocked' || r.action === 'decide').slice(0, 3))}`,
      );
      assert.ok(reference.summary.actions.create > 100, JSON.stringify(reference.summary.actions));
      assert.ok(reference.summary.actions.merge > 10, JSON.stringify(reference.summary.actions));
      assert.deepEqual(batched.summary, reference.summary);
      assert.deepEqual(batched.rows, reference.rows);
      const [a, b] = [await contents(slow), await contents(fast)];
      assert.ok((a.initiatives?.length ?? 0) > 100);
      assert.ok((a.provenance?.length ?? 0) > 100);
      assert.deepEqual(b, a);
      const found = await hits(slow);
      assert.ok(found.some((h) => h.length > 0));
      assert.deepEqual(await hits(fast), found);
    });

    test('a second edition of the file (updates and new rows, the index rebuilt): the same again', async () => {
      const path = join(dir, 'landscape.csv');
      writeFileSync(path, file(190, 2));
      const { reference, batched } = await both(path, { apply: true, duplicates: 'keep' });
      assert.ok(reference.summary.actions.update > 20, JSON.stringify(reference.summary.actions));
      assert.ok(reference.summary.actions.create > 20, JSON.stringify(reference.summary.actions));
      assert.deepEqual(batched.summary, reference.summary);
      assert.deepEqual(batched.rows, reference.rows);
      assert.deepEqual(await contents(fast), await contents(slow));
      const found = await hits(slow);
      assert.ok((found[WORDS.length + 3]?.length ?? 0) > 0, 'the revised summaries are found');
      assert.deepEqual(await hits(fast), found);
    });

    test('a dry run on the fast path writes nothing and leaves the full-text triggers in place', async () => {
      const path = join(dir, 'other.csv');
      writeFileSync(path, file(80, 3));
      const before = await contents(fast);
      const beforeHits = await hits(fast);
      const summary = await importInitiatives(fast.db, path, {
        acceptSuggestions: true,
        duplicates: 'keep',
        batch: { batchRows: 5, deferIndexAbove: 10 },
      });
      assert.equal(summary.applied, false);
      assert.ok(summary.actions.create > 0);
      assert.deepEqual(await contents(fast), before);
      assert.deepEqual(await hits(fast), beforeHits);
    });

    test('an apply that fails midway, batches written and the index deferred, leaves the database as it was', async () => {
      const path = join(dir, 'broken.csv');
      writeFileSync(path, file(80, 4));
      const before = await contents(fast);
      let planned = 0;
      await assert.rejects(
        importInitiatives(fast.db, path, {
          apply: true,
          acceptSuggestions: true,
          duplicates: 'keep',
          batch: { batchRows: 5, deferIndexAbove: 10 },
          onRow: () => {
            // Row 60: several batches are written and the full-text triggers are dropped.
            if (++planned === 60) throw new Error('the process died here');
          },
        }),
        /the process died here/,
      );
      assert.equal(planned, 60);
      assert.deepEqual(await contents(fast), before);
    });
  });
}
