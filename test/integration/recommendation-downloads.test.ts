import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { parse as parseHtml } from 'node-html-parser';
import { createApp } from '../../src/http/app.ts';
import type { DataDictionary } from '../../src/io/data-dictionary.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { listRecommendations } from '../../src/repositories/recommendations.ts';
import { regenerateDownloads } from '../../src/services/bulk-downloads.ts';
import { seedData } from '../../src/services/seed.ts';
import { t as translate, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';
import { unzipByName } from '../helpers/zip.ts';

/**
 * Recommendations in the bulk downloads (issue 17): every format holds them with their barriers,
 * stakeholder groups, places, sources and sections, read back and compared with the records as
 * the repository reads them, and the files are the same bytes when made again from the same data.
 */

const list = (cell: string | undefined) => (cell ? cell.split('; ') : []);
const orNull = (cell: string | undefined) => (cell === undefined || cell === '' ? null : cell);

for (const dialect of DIALECTS) {
  describe(`recommendations in the bulk downloads on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    const dirs: string[] = [];
    const generate = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-rec-bulk-'));
      dirs.push(dir);
      const manifest = await regenerateDownloads(t.db, { dir });
      const file = (name: string) => readFileSync(join(dir, manifest.generation, name));
      return { manifest, file };
    };
    before(async () => {
      t = await dialect.open();
      await seedData(t.db, await readReferenceData(REFERENCE_DIR));
    });
    after(async () => {
      await t?.dispose();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    test('the CSV rows of recommendations.csv are the records, links and provenance included', async () => {
      const { manifest, file } = await generate();
      const records = await listRecommendations(t.db.kysely);
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from recommendations`.execute(t.db.kysely);
      assert.ok(records.length > 0);
      assert.equal(records.length, Number(rows[0]?.n));
      assert.equal(manifest.counts.recommendations, records.length);

      const zip = await unzipByName(file('permed-atlas-csv.zip'));
      const [headers = [], ...cells] = parseCsv(zip.get('recommendations.csv') as Buffer, {
        bom: true,
      }) as string[][];
      const read = cells.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])));
      assert.equal(read.length, records.length);
      assert.deepEqual(
        read.map((r) => ({
          slug: r.slug,
          title: r.title,
          text: r.text,
          kind: r.kind,
          level: r.level,
          language: r.language,
          pillar: orNull(r.pillar),
          actorsNamed: orNull(r.actors_named),
          barriers: list(r.barriers),
          actors: list(r.stakeholder_groups),
          regions: list(r.regions),
          quote: orNull(r.quote),
          quoteSource: orNull(r.quote_source),
          quoteSection: orNull(r.quote_section),
          sources: r.sources ? JSON.parse(r.sources) : [],
        })),
        records.map((r) => ({
          slug: r.slug,
          title: r.title,
          text: r.text,
          kind: r.kind,
          level: r.level,
          language: r.language,
          pillar: r.pillar,
          actorsNamed: r.actorsNamed,
          barriers: [...r.barriers],
          actors: [...r.actors],
          regions: [...r.regions],
          quote: r.quote?.text ?? null,
          quoteSource: r.quote?.source ?? null,
          quoteSection: r.quote?.section ?? null,
          sources: r.sources,
        })),
      );
      // The reference data has recommendations for places and sources with sections.
      assert.ok(read.some((r) => list(r.regions).length > 0));
      assert.ok(read.every((r) => (JSON.parse(r.sources ?? '[]') as unknown[]).length > 0));
      assert.ok(records.some((r) => r.sources.some((s) => s.section)));

      // The dictionary describes the file as it is.
      const dictionary = JSON.parse(
        file('permed-atlas-data-dictionary.json').toString('utf8'),
      ) as DataDictionary;
      const entry = dictionary.entities.find((e) => e.entity === 'recommendations');
      assert.deepEqual(
        entry?.columns.map((c) => c.name),
        headers,
      );
      const dictCsv = parseCsv(zip.get('data-dictionary.csv') as Buffer, {
        bom: true,
      }) as string[][];
      assert.equal(dictCsv.filter((r) => r[0] === 'recommendations').length, headers.length);
    });

    test('the JSON file holds the records in the shape of the reference data, and the workbook one row each', async () => {
      const { file } = await generate();
      const records = await listRecommendations(t.db.kysely);
      const json = JSON.parse(file('permed-atlas.json').toString('utf8')) as {
        recommendations: Record<string, unknown>[];
      };
      assert.equal(json.recommendations.length, records.length);
      const reference = await readReferenceData(REFERENCE_DIR);
      const bySlug = new Map(json.recommendations.map((r) => [r.slug, r]));
      for (const r of records) {
        const got = bySlug.get(r.slug);
        assert.ok(got, r.slug);
        assert.deepEqual(got.barriers, r.barriers, `${r.slug}: barriers`);
        assert.deepEqual(got.actors, r.actors, `${r.slug}: stakeholder groups`);
        assert.deepEqual(got.regions, r.regions, `${r.slug}: places`);
        assert.deepEqual(got.sources, r.sources, `${r.slug}: sources and sections`);
        assert.equal(got.text, r.text);
        // Hand-checked against the reference file the records were seeded from.
        const seeded = reference.recommendations?.find((x) => x.slug === r.slug);
        assert.deepEqual(
          [...(got.barriers as string[])].sort(),
          [...(seeded?.barriers ?? [])].sort(),
        );
        assert.deepEqual(
          [...(got.regions as string[])].sort(),
          [...(seeded?.regions ?? [])].sort(),
        );
      }

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.read(Readable.from([file('permed-atlas.xlsx')]));
      const sheet = workbook.getWorksheet('recommendations');
      assert.ok(sheet, 'a sheet of recommendations');
      assert.equal(sheet.actualRowCount, records.length + 1);
      const heads = (sheet.getRow(1).values as unknown[]).slice(1);
      const slugCol = heads.indexOf('Slug') + 1;
      const groupsCol = heads.indexOf('Stakeholder groups') + 1;
      assert.ok(slugCol > 0 && groupsCol > 0, heads.join(', '));
      const slugs: string[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) slugs.push(String(row.getCell(slugCol).value));
      });
      assert.deepEqual(
        slugs,
        records.map((r) => r.slug),
      );
      // Written for people: stakeholder groups by their labels, not codes.
      const first = String(sheet.getRow(2).getCell(groupsCol).value);
      assert.ok(!first.includes('_'), first);
    });

    test('the downloads page states as many recommendations as the records hold', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atlas-rec-page-'));
      dirs.push(dir);
      const res = await createApp(t.db, { downloadsDir: dir }).request('/downloads');
      assert.equal(res.status, 200);
      const label = withLocale('en', () => translate('downloads.entity_recommendations'));
      const line = parseHtml(await res.text())
        .querySelectorAll('li')
        .map((li) => li.text.trim())
        .find((x) => x.startsWith(`${label}: `));
      assert.ok(line, `a line "${label}: …"`);
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from recommendations`.execute(t.db.kysely);
      assert.ok(Number(rows[0]?.n) > 0);
      assert.equal(Number(line.slice(label.length + 2).replace(/\D/g, '')), Number(rows[0]?.n));
    });

    test('the files are byte-identical when generated again from the same data', async () => {
      const a = await generate();
      const b = await generate();
      assert.notEqual(a.manifest.generation, b.manifest.generation);
      assert.deepEqual(
        b.manifest.files.map((f) => [f.name, f.sha256]),
        a.manifest.files.map((f) => [f.name, f.sha256]),
      );
      const zipA = await unzipByName(a.file('permed-atlas-csv.zip'));
      assert.ok(zipA.has('recommendations.csv'));
    });
  });
}
