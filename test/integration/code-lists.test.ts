import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../../src/db/migrations/index.ts';
import { THEMES } from '../../src/domain/codes.ts';
import { alpha3 } from '../../src/domain/countries.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { countHistory } from '../../src/repositories/history.ts';
import { findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import { listRecordSources } from '../../src/repositories/record-sources.ts';
import { listRegions } from '../../src/repositories/regions.ts';
import { isEmpty } from '../../src/services/database.ts';
import { type ImportOptions, importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR, scratchFiles } from '../helpers/fixtures.ts';
import { afterEach, beforeEach, describe, test } from '../helpers/suite.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

const NOW = '2026-11-25T12:00:00.000Z';

/** How the D3.1 appendix table pasted from the PDF is read: its rows name no type and no country. */
const APPENDIX: ImportOptions = {
  defaults: { type: 'ongoing_project' },
  continuations: 'merge',
  now: NOW,
};

const { file } = scratchFiles('atlas-code-lists-');

/** How many rows a code table holds. */
async function count(t: TestDb, table: 'regions' | 'themes'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
    t.db.kysely,
  );
  return Number(rows[0]?.n);
}

for (const dialect of DIALECTS) {
  describe(`code lists after "atlas db migrate" alone (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(async () => {
      await t?.dispose();
    });

    test('a migrated database holds every country, the partner regions and the themes, and is still empty', async () => {
      const reference = await readReferenceData(REFERENCE_DIR);
      const regions = new Map((await listRegions(t.db.kysely)).map((r) => [r.code, r]));
      // The code list is the reference dataset's list of places, without its sources.
      assert.equal(regions.size, reference.regions.length);
      for (const r of reference.regions) {
        const stored = regions.get(r.code);
        assert.deepEqual(
          stored && [stored.name, stored.level, stored.parentCode, stored.isPartner],
          [r.name, r.level, r.parent ?? null, Boolean(r.partner)],
          r.code,
        );
      }
      const countries = [...regions.values()].filter((r) => r.level === 'country');
      assert.ok(countries.length >= 60);
      for (const c of countries) assert.ok(alpha3(c.code), `${c.code} is a country of the atlas`);
      // One row per country: Greece is EL and the United Kingdom GB, never also GR and UK.
      assert.ok(!regions.has('GR') && !regions.has('UK'));
      assert.equal(regions.get('ES51')?.isPartner, true);
      assert.equal(regions.get('SE232')?.parentCode, 'SE23');
      assert.equal(regions.get('EU')?.level, 'supranational');
      assert.equal(await count(t, 'themes'), THEMES.length);
      // Nothing curated yet: "atlas serve" still loads the reference dataset into it.
      assert.equal(await countHistory(t.db.kysely), 0);
      assert.equal(await isEmpty(t.db), true);
    });

    test('the D3.1 appendix pasted from the PDF imports into a database that was only migrated', async () => {
      // A dry run: the countries are known, so the links' domains place the records.
      const rows: PlanRow[] = [];
      const dry = await importInitiatives(t.db, fixture('pdf-appendix.tsv'), {
        ...APPENDIX,
        acceptSuggestions: true,
        onRow: (r) => rows.push(r),
      });
      const placed = rows.map((r) => [r.row, r.action, r.countrySuggestions[0]?.country]);
      assert.deepEqual(placed, [
        [2, 'create', 'SE'],
        [3, 'create', 'SE'],
        [4, 'create', 'SE'],
        [7, 'create', 'SE'],
        [8, 'blocked', undefined],
        [9, 'blocked', undefined],
        [10, 'create', 'SE'],
        [12, 'create', 'ES'],
        [15, 'create', 'DE'],
      ]);
      // The two rows without a link are blocked only because the file names no country for them.
      for (const r of rows.filter((r) => r.action === 'blocked')) {
        assert.deepEqual(
          r.flags.map((f) => [f.field, f.severity]),
          [['home_country', 'blocking']],
        );
      }
      assert.equal(dry.applied, false);

      // Applied with the country the table is about, every row is written.
      const applied = await importInitiatives(t.db, fixture('pdf-appendix.tsv'), {
        ...APPENDIX,
        defaults: { ...APPENDIX.defaults, home_country: 'SE' },
        apply: true,
      });
      assert.equal(applied.refused, undefined);
      assert.equal(applied.applied, true);
      assert.deepEqual(
        { ...applied.actions },
        { create: 9, update: 0, unchanged: 0, merge: 0, skip: 0, blocked: 0, decide: 0 },
      );
      const gms = await findInitiativeBySlug(t.db.kysely, 'genomic-medicine-sweden');
      assert.equal(gms?.homeCountry, 'SE');
      assert.deepEqual(gms?.sources, [
        { source: 'import-pdf-appendix-tsv', row: '2', note: 'numbered 1 in the file' },
      ]);
      assert.equal(await isEmpty(t.db), false);
    });

    test('country names, regions and themes of a file are read against the code lists', async () => {
      // Spanish headers and "España": the country's native name comes from the code list.
      const spanish = await importInitiatives(t.db, fixture('semicolon-windows-1252.csv'), {
        apply: true,
        now: NOW,
      });
      assert.deepEqual(
        { ...spanish.actions },
        { create: 4, update: 0, unchanged: 0, merge: 0, skip: 0, blocked: 0, decide: 0 },
      );
      assert.equal((await findInitiativeBySlug(t.db.kysely, 'salut-ia'))?.homeCountry, 'ES');

      const csv = file(
        'themes.csv',
        [
          'Name,Country,Submitting region,Domain,Type,Scope,Status,Themes',
          'Crete Genome Programme,Greece,Crete,Research & Innovation,Project,Regional,Ongoing,Genomics; Rare diseases',
        ].join('\n'),
      );
      const tagged = await importInitiatives(t.db, csv, { apply: true, now: NOW });
      assert.equal(tagged.refused, undefined);
      assert.equal(tagged.actions.create, 1);
      const crete = await findInitiativeBySlug(t.db.kysely, 'crete-genome-programme');
      assert.equal(crete?.homeCountry, 'EL');
      assert.equal(crete?.submittingRegion, 'EL43');
      assert.deepEqual([...(crete?.themes ?? [])].sort(), ['genomics', 'rare_diseases']);
    });

    test('seeding the reference dataset afterwards works: its richer rows win, nothing is doubled, and seeding again changes nothing', async () => {
      const imported = await importInitiatives(t.db, fixture('pdf-appendix.tsv'), {
        ...APPENDIX,
        defaults: { ...APPENDIX.defaults, home_country: 'SE' },
        apply: true,
      });
      assert.equal(imported.applied, true);
      const reference = await readReferenceData(REFERENCE_DIR);
      const first = await seedReference(t.db, REFERENCE_DIR, { now: '2026-12-01T00:00:00.000Z' });
      // The rows were there: each is updated with the reference's sources, none is created twice.
      assert.deepEqual(first.regions, {
        created: 0,
        updated: reference.regions.length,
        unchanged: 0,
      });
      assert.equal(await count(t, 'regions'), reference.regions.length);
      assert.equal(await count(t, 'themes'), THEMES.length);
      const catalonia = reference.regions.find((r) => r.code === 'ES51');
      assert.deepEqual(
        await listRecordSources(t.db.kysely, 'region', 'ES51'),
        catalonia?.sources.map((s) => ({ ...s })),
      );
      const { version } = await t.db.kysely
        .selectFrom('regions')
        .select('version')
        .where('code', '=', 'ES51')
        .executeTakeFirstOrThrow();
      assert.equal(Number(version), 2);
      // An imported record the reference dataset also has is brought to the reference's content.
      const gms = await findInitiativeBySlug(t.db.kysely, 'genomic-medicine-sweden');
      const want = reference.initiatives.find((i) => i.slug === 'genomic-medicine-sweden');
      assert.equal(gms?.name, want?.name);

      const second = await seedReference(t.db, REFERENCE_DIR, { now: '2026-12-02T00:00:00.000Z' });
      assert.deepEqual(second.regions, {
        created: 0,
        updated: 0,
        unchanged: reference.regions.length,
      });
      assert.equal(second.initiatives.created + second.initiatives.updated, 0);
    });
  });

  describe(`code lists on a database that has places already (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    test('rows that are there are left as they are; only the missing ones are added', async () => {
      const t = await dialect.open(async (db) => {
        await migrateTo(db, '0012_record_versions');
        await db.kysely
          .insertInto('regions')
          .values({
            code: 'ES',
            name: 'Spain (as curated here)',
            native_name: null,
            level: 'country',
            parent_code: null,
            country_code: 'ES',
            is_partner: 1,
            created_at: 't0',
            updated_at: 't0',
            version: 3,
          })
          .execute();
        await db.kysely.insertInto('themes').values({ code: 'ai', label: 'AI (ours)' }).execute();
        // 0013 runs next (and any later migration after it).
        assert.equal((await migrateToLatest(db))[0], '0013_code_lists');
      });
      try {
        const spain = await t.db.kysely
          .selectFrom('regions')
          .selectAll()
          .where('code', '=', 'ES')
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          [spain.name, spain.is_partner, spain.updated_at, Number(spain.version)],
          ['Spain (as curated here)', 1, 't0', 3],
        );
        const ai = await t.db.kysely
          .selectFrom('themes')
          .select('label')
          .where('code', '=', 'ai')
          .executeTakeFirstOrThrow();
        assert.equal(ai.label, 'AI (ours)');
        const catalonia = (await listRegions(t.db.kysely)).find((r) => r.code === 'ES51');
        assert.equal(catalonia?.parentCode, 'ES');
        assert.equal(await count(t, 'themes'), THEMES.length);
      } finally {
        await t.dispose();
      }
    });
  });
}
