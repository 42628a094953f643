/**
 * Issue 19, the plan step made cheaper: the duplicate index (bigrams as sorted arrays kept with
 * each indexed name, keys computed once a row) and the run's cache of detected languages must
 * leave every plan as it was. The same generated file (near-duplicate, repeated and accented
 * names, shared links, names of the reference records, summaries in several languages, some rows
 * giving their language) is planned by the straightforward path (the index as it was, kept in
 * test/helpers/import-plan-reference.ts, no language cache, record by record) and by the current
 * one, and the plans are compared row by row, on both databases; an apply writes the same records.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DuplicateIndex, type MatchKeys } from '../../src/analysis/import/matching.ts';
import { slugify } from '../../src/analysis/import/text.ts';
import { type ImportOptions, importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { ReferenceDuplicateIndex } from '../helpers/import-plan-reference.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const HEADER =
  'No,Name and/or acronym,Domain,Link to information (website),Country,Geographical scope,Status (Jan-2025),Type,Language,Summary';
const SYLLABLES = ['ka', 'lo', 'mi', 'ner', 'vas', 'tu', 'rin', 'sel', 'dö', 'ga', 'pré', 'zuñ'];
const FIELDS = ['genomic', 'cardiology', 'biobank', 'imaging', 'oncology', 'rare disease'];
const TAILS = ['Network', 'Programme', 'Platform', 'Hub', 'Consortium'];
/** Names of records in the reference data, some written slightly differently. */
const KNOWN = ['Genomic Medicine Sweden', 'Genomic Medicin Sweden', 'Genomic Medicine, Sweden'];
/** Summaries in several languages, and a few too short to tell a language from. */
const SUMMARIES = [
  'Work on __ care in regional hospitals, with partners from universities and industry.',
  'Programa de medicina personalizada en __ para los hospitales de la región y sus pacientes.',
  'Ein Programm für personalisierte Medizin in der __ mit Kliniken und Universitäten des Landes.',
  'Un programme de médecine personnalisée en __ pour les hôpitaux de la région et leurs patients.',
  'Ett program för precisionsmedicin inom __ för regionens sjukhus och deras patienter.',
  'Short.',
  '',
];
const COUNTRIES = ['Sweden', 'Spain', 'Germany', 'France', 'SE', 'ES'];
const SCOPES = ['National', 'Regional', 'European', 'Regional; National'];
const STATUSES = ['Ongoing', 'To be launched', 'Closed'];
const TYPES = ['Ongoing project', 'Permanent institution', 'Partnership'];

/** A made-up word for each number (accents included, so that folding matters). */
function coined(i: number): string {
  let out = '';
  for (let k = i + 12; k > 0; k = Math.floor(k / SYLLABLES.length)) {
    out += SYLLABLES[k % SYLLABLES.length];
  }
  return out[0]?.toUpperCase() + out.slice(1);
}

/** The name of row i: mostly its own, else a near or exact copy of an earlier row's or a known record's. */
function nameOf(i: number): string {
  const own = (k: number) =>
    `${coined(k)} ${FIELDS[k % FIELDS.length]} ${coined(k * 7 + 3)} ${TAILS[k % TAILS.length]}`;
  if (i % 29 === 0) return KNOWN[i % KNOWN.length] as string;
  if (i % 11 === 0) return own(i - 6); // the same name as an earlier row
  if (i % 7 === 0) return own(i - 3).replace(/a/, 'e'); // one letter changed: a similar name
  if (i % 17 === 0) return `${own(i - 2)} ${coined(i)}`; // a longer name with the same words
  return own(i);
}

/** A CSV of `n` rows exercising the duplicate and language steps of the plan. */
function file(n: number): string {
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) {
    const name = nameOf(i);
    const link = i % 13 === 0 ? `https://www.example.org/p${i - 5}/` : `https://example.org/p${i}`;
    const field = FIELDS[i % FIELDS.length] as string;
    // Rows sharing a name share their summary, as copies do: the same text is detected again.
    const summary = (SUMMARIES[(i % 11 === 0 ? i - 6 : i) % SUMMARIES.length] as string).replace(
      '__',
      field,
    );
    const language = i % 5 === 0 ? 'es' : '';
    const cells = [
      i,
      `"${name}"`,
      'R&I',
      link,
      COUNTRIES[i % COUNTRIES.length],
      `"${SCOPES[i % SCOPES.length]}"`,
      STATUSES[i % STATUSES.length],
      TYPES[i % TYPES.length],
      language,
      `"${summary}"`,
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The straightforward plan step: the index as it was, no language cache, record by record. */
const REFERENCE: ImportOptions['batch'] = {
  batchRows: 0,
  duplicateIndex: (o) => new ReferenceDuplicateIndex(o),
  languageCache: false,
};

async function plan(t: TestDb, path: string, options: ImportOptions) {
  const rows: PlanRow[] = [];
  const summary = await importInitiatives(t.db, path, {
    now: '2026-12-01T10:00:00.000Z',
    acceptSuggestions: true,
    ...options,
    onRow: (r) => rows.push(r),
  });
  return { summary, rows };
}

/** What the plans must show for the comparison to mean anything: each step's findings, counted. */
function assertExercised(rows: readonly PlanRow[]): void {
  const evidence = (kind: string) =>
    rows.filter((r) => r.duplicates.some((d) => d.evidence.some((e) => e.kind === kind))).length;
  for (const kind of ['similar_name', 'same_name', 'same_link', 'same_slug'])
    assert.ok(evidence(kind) > 5, `${kind}: ${evidence(kind)} rows`);
  const inDb = rows.filter((r) => r.duplicates.some((d) => d.of.where === 'database')).length;
  assert.ok(inDb > 5, `rows like a record of the database: ${inDb}`);
  const detected = rows.flatMap((r) =>
    r.changes.filter((c) => c.field === 'language' && c.rule.startsWith('language detected')),
  );
  const languages = new Set(detected.map((c) => c.normalised));
  assert.ok(languages.size >= 4, `languages detected: ${[...languages].join(', ')}`);
  const fallbacks = rows.filter((r) =>
    r.changes.some((c) => c.field === 'language' && c.rule.startsWith('language not given')),
  ).length;
  assert.ok(fallbacks > 5, `rows whose language was not told: ${fallbacks}`);
}

test('the duplicate index finds what the reference index finds, for every name, in the same order', () => {
  const current = new DuplicateIndex();
  const reference = new ReferenceDuplicateIndex();
  const keysOf = (i: number): MatchKeys => {
    const name = nameOf(i);
    return {
      slug: slugify(name),
      name,
      acronym: i % 3 === 0 ? coined(i % 40).toUpperCase() : undefined,
      website: `https://example.org/p${i % 13 === 0 ? i - 5 : i}`,
    };
  };
  let similar = 0;
  for (let i = 1; i <= 3000; i++) {
    const keys = keysOf(i);
    const found = current.find(keys);
    assert.deepEqual(found, reference.find(keys), `row ${i}: ${keys.name}`);
    similar += found.filter((d) => d.evidence.some((e) => e.kind === 'similar_name')).length;
    const ref = { where: 'file' as const, row: i, slug: keys.slug, name: keys.name };
    current.add(ref, keys);
    reference.add(ref, keys);
  }
  assert.ok(similar > 100, `similar names found: ${similar}`);
});

for (const dialect of DIALECTS) {
  describe(`import plan step, current against reference (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let slow: TestDb;
    let fast: TestDb;
    let dir: string;
    let path: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'atlas-import-plan-speed-'));
      path = join(dir, 'landscape.csv');
      writeFileSync(path, file(700));
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

    test('a dry run without decisions: the same plan for every row (duplicates, questions, languages)', async () => {
      const reference = await plan(slow, path, { batch: REFERENCE });
      const current = await plan(slow, path, {});
      assert.equal(reference.rows.length, 700);
      assertExercised(reference.rows);
      assert.ok(reference.summary.actions.decide > 20, JSON.stringify(reference.summary.actions));
      for (const [i, row] of reference.rows.entries()) {
        assert.deepEqual(current.rows[i], row, `row ${row.row}`);
      }
      assert.deepEqual(current.summary, reference.summary);
    });

    test('an apply keeping duplicates apart: the same plans, and the same records written', async () => {
      const records = async (t: TestDb) =>
        (
          await sql<{
            slug: string;
            language: string;
          }>`select slug, language from initiatives order by slug`.execute(t.db.kysely)
        ).rows;
      const stored = (await records(slow)).length;
      const reference = await plan(slow, path, {
        apply: true,
        duplicates: 'keep',
        batch: REFERENCE,
      });
      const current = await plan(fast, path, { apply: true, duplicates: 'keep' });
      assert.ok(reference.summary.applied, reference.summary.refused);
      assertExercised(reference.rows);
      for (const [i, row] of reference.rows.entries()) {
        assert.deepEqual(current.rows[i], row, `row ${row.row}`);
      }
      assert.deepEqual(current.summary, reference.summary);
      const written = await records(slow);
      assert.equal(written.length, stored + reference.summary.actions.create);
      const detected = reference.rows.filter((r) =>
        r.changes.some((c) => c.field === 'language' && c.rule.startsWith('language detected')),
      );
      const inSpanish = written.filter((r) => r.language === 'es').length;
      assert.ok(
        inSpanish >= detected.filter((r) => r.changes.some((c) => c.normalised === 'es')).length,
      );
      assert.deepEqual(await records(fast), written);
    });
  });
}
