/**
 * The curators' inference marks (issue 13) survive every way a record travels: saved and read
 * back, merged by an import, exported to CSV, XLSX and JSON (the code form the importer reads)
 * and imported again, on both databases. The shipped reference data is the dataset.
 */
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { contentFromForm, formFromContent } from '../../src/domain/contribution-fields.ts';
import { mergeInitiative } from '../../src/domain/initiative.ts';
import { Initiative } from '../../src/domain/schemas.ts';
import type { ExportFormat } from '../../src/io/export.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { prepareDatasetExport } from '../../src/services/exports.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { storedInitiatives } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-inferences-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const contentOf = storedInitiatives;

const marksOf = (m: ReadonlyMap<string, Initiative>) =>
  [...m.values()].flatMap((i) => (i.inferred ?? []).map((x) => `${i.slug} ${x.field}`));

/** A minimal valid initiative whose fields can carry marks. */
const MARKABLE = {
  slug: 'x',
  name: 'X',
  homeCountry: 'ES',
  scopes: ['national'],
  status: 'ongoing',
  domain: 'ecosystem',
  type: 'partnership',
  sources: [{ source: 'preciseu-d3-1' }],
};

test('a field is marked once: a second reason for the same field is refused', () => {
  const base = MARKABLE;
  const twice = Initiative.safeParse({
    ...base,
    inferred: [
      { field: 'homeCountry', reason: 'a' },
      { field: 'homeCountry', reason: 'b' },
    ],
  });
  assert.equal(twice.success, false);
  assert.match(JSON.stringify(twice.error?.issues), /each inferred field once/);
  const unknown = Initiative.safeParse({ ...base, inferred: [{ field: 'notes', reason: 'a' }] });
  assert.equal(unknown.success, false, 'only fields that hold facts can be marked');
});

test('a merge keeps the base record’s marks, and takes a mark only with the value it qualifies', () => {
  const base = Initiative.parse({
    ...MARKABLE,
    inferred: [{ field: 'homeCountry', reason: 'kept' }],
  });
  const { merged } = mergeInitiative(
    base,
    {
      homeCountry: 'FR',
      submittingRegion: 'ES51',
      inferred: [
        { field: 'homeCountry', reason: 'the file’s, for a value not taken' },
        { field: 'submittingRegion', reason: 'the file’s, for the value taken' },
      ],
    },
    'file.csv',
  );
  assert.deepEqual(merged.inferred, [
    { field: 'homeCountry', reason: 'kept' },
    { field: 'submittingRegion', reason: 'the file’s, for the value taken' },
  ]);
  const updated = mergeInitiative(base, { homeCountry: 'FR' }, 'file.csv', true).merged;
  assert.equal(updated.inferred, undefined, 'an update that replaces the value drops its mark');
  // The same value in both records: the incoming mark qualifies it too, when the base has none.
  const { inferred: _none, ...unmarked } = base;
  const equal = mergeInitiative(
    unmarked,
    {
      homeCountry: 'ES',
      inferred: [{ field: 'homeCountry', reason: 'the file’s, for the same value' }],
    },
    'file.csv',
  ).merged;
  assert.deepEqual(equal.inferred, [
    { field: 'homeCountry', reason: 'the file’s, for the same value' },
  ]);
});

test('the contribution form shows the marks as lines and reads them back unchanged, a reason holding "|" included', async () => {
  const data = await readReferenceData(REFERENCE_DIR);
  for (const i of data.initiatives.filter((x) => (x.inferred ?? []).length > 0)) {
    const form = formFromContent('initiative', i);
    const back = contentFromForm('initiative', form, i);
    assert.deepEqual(back.inferred, i.inferred, i.slug);
  }
  const sent = contentFromForm('initiative', {
    inferred: ['homeCountry | seat in Brussels | general knowledge\n\n type | from its name'],
  });
  assert.deepEqual(sent.inferred, [
    { field: 'homeCountry', reason: 'seat in Brussels | general knowledge' },
    { field: 'type', reason: 'from its name' },
  ]);
});

for (const dialect of DIALECTS) {
  describe(`inference marks travel with the records on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let source: TestDb;
    let expected: Map<string, Initiative>;
    before(async () => {
      source = await dialect.open();
      await seedReference(source.db, REFERENCE_DIR, { now: '2026-01-01T00:00:00.000Z' });
      expected = await contentOf(source);
    });
    after(async () => {
      await source?.dispose();
    });

    test('stored and read back as the reference files give them', async () => {
      const marks = marksOf(expected);
      assert.ok(marks.length > 119, `${marks.length} marks`);
    });

    for (const format of ['csv', 'xlsx', 'json'] as const satisfies readonly ExportFormat[]) {
      test(`exported as ${format} and imported over records without marks, every mark comes back`, async () => {
        const file = join(dir, `${dialect.name}-reference.${format}`);
        const prepared = await prepareDatasetExport(source.db, format, 'initiatives', 'codes');
        const out = createWriteStream(file);
        await prepared.write(out);
        out.end();
        await finished(out);

        const target = await dialect.open();
        try {
          await seedReference(target.db, REFERENCE_DIR, { now: '2026-01-01T00:00:00.000Z' });
          // The same records without their marks, so that the import has them to bring.
          await target.db.kysely.transaction().execute(async (trx) => {
            for (const i of expected.values()) {
              const { inferred: _dropped, ...bare } = i;
              await saveInitiative(trx, bare, 'test', '2026-01-02T00:00:00.000Z');
            }
          });
          assert.equal(marksOf(await contentOf(target)).length, 0);
          const summary = await importInitiatives(target.db, file, { apply: true });
          assert.equal(summary.refused, undefined, summary.refused);
          assert.deepEqual(await contentOf(target), expected);
          // Into the database it came from, nothing changes.
          const again = await importInitiatives(source.db, file, { apply: true });
          assert.equal(again.actions.unchanged, again.rows);
        } finally {
          await target.dispose();
        }
      });
    }
  });
}
