import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { BARRIERS, STATUSES, STRUCTURAL_TYPES } from '../../src/domain/codes.ts';
import { INITIATIVE_COLUMNS } from '../../src/domain/columns.ts';
import { canonicalInitiative } from '../../src/domain/initiative.ts';
import { CHECKSUMS_FILE } from '../../src/domain/open-data.ts';
import { Initiative, type InitiativeInput } from '../../src/domain/schemas.ts';
import { createApp } from '../../src/http/app.ts';
import type { DataDictionary } from '../../src/io/data-dictionary.ts';
import { readableHeaders } from '../../src/io/readable.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import {
  currentDownloads,
  type DownloadsManifest,
  listDistributions,
  readManifest,
  regenerateDownloads,
} from '../../src/services/bulk-downloads.ts';
import { EXPORT_ENTITIES } from '../../src/services/exports.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { seedData } from '../../src/services/seed.ts';
import { codeLabel, LOCALES, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';
import { unzipByName } from '../helpers/zip.ts';

/** An initiative with a column an import kept, so that the files have an extra column. */
const WITH_EXTRA: InitiativeInput = {
  slug: 'bulk-extra-column',
  name: 'Bulk download probe',
  homeCountry: 'ES',
  submittingRegion: 'ES51',
  scopes: ['regional'],
  status: 'ongoing',
  domain: 'ecosystem',
  type: 'ongoing_project',
  sources: [{ source: 'preciseu-d3-1' }],
  extra: { survey_ref: 'Q-17' },
};

/** The table each exported entity is stored in, to count its records independently of the export. */
const TABLES: Record<(typeof EXPORT_ENTITIES)[number], string> = {
  initiatives: 'initiatives',
  regions: 'regions',
  sources: 'sources',
  barrier_categories: 'barrier_categories',
  barriers: 'barriers',
  evidence: 'evidence',
  good_practices: 'good_practices',
  regional_reports: 'regional_reports',
  interviews: 'interview_rows',
  workshops: 'workshops',
  campaigns: 'campaigns',
  pillars: 'pillars',
  figures: 'reported_figures',
  recommendations: 'recommendations',
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const unzip = unzipByName;

const csvRows = (b: Buffer) => parseCsv(b, { bom: true }) as string[][];

for (const dialect of DIALECTS) {
  describe(`bulk downloads on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let dir: string;
    let app: ReturnType<typeof createApp>;
    const errors: unknown[] = [];
    const get = (path: string, headers: Record<string, string> = {}) =>
      app.request(path, { headers });
    const body = async (path: string) => Buffer.from(await (await get(path)).arrayBuffer());
    /** Saves one initiative through the service, as a curator's edit would. */
    const edit = async (summary: string, now: string) => {
      await t.db.kysely
        .transaction()
        .execute((trx) =>
          saveInitiative(trx, Initiative.parse({ ...WITH_EXTRA, summary }), 'test', now),
        );
    };
    const generations = () => readdirSync(dir).filter((n) => n.startsWith('g-'));

    before(async () => {
      t = await dialect.open();
      const data = await readReferenceData(REFERENCE_DIR);
      await seedData(t.db, {
        ...data,
        initiatives: [...data.initiatives, Initiative.parse(WITH_EXTRA)],
      });
      dir = mkdtempSync(join(tmpdir(), 'atlas-bulk-'));
      app = createApp(t.db, { downloadsDir: dir, onError: (e) => errors.push(e) });
    });
    after(async () => {
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the zip holds one CSV per public entity and the dictionary; each CSV has as many rows as the database has records', async () => {
      const zip = await unzip(await body('/downloads/permed-atlas-csv.zip'));
      assert.deepEqual(
        [...zip.keys()],
        [
          ...EXPORT_ENTITIES.map((e) => `${e}.csv`),
          'code-labels.csv',
          'translations.csv',
          'data-dictionary.csv',
        ],
      );
      // The code lists in every interface language: one row per code and language.
      const [labelHead, ...labels] = csvRows(zip.get('code-labels.csv') as Buffer);
      assert.deepEqual(labelHead, ['list', 'code', 'language', 'label', 'description']);
      const languages = new Set(labels.map((r) => r[2]));
      assert.deepEqual([...languages].sort(), [...LOCALES].sort());
      const perLanguage = labels.filter((r) => r[2] === 'en').length;
      for (const l of LOCALES)
        assert.equal(labels.filter((r) => r[2] === l).length, perLanguage, `${l}: every code`);
      const b01 = (l: string) =>
        labels.find((r) => r[0] === 'barrier' && r[1] === 'B01' && r[2] === l);
      assert.equal(
        b01('de')?.[3],
        withLocale('de', () => codeLabel('barrier', 'B01')),
      );
      assert.match(b01('en')?.[4] ?? '', /^Personalised care draws on many kinds of data/);
      assert.ok((b01('uk')?.[4] ?? '').match(/[\u0400-\u04ff]{4,}/), 'the Ukrainian description');
      for (const entity of EXPORT_ENTITIES) {
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(
          TABLES[entity],
        )}`.execute(t.db.kysely);
        const [, ...records] = csvRows(zip.get(`${entity}.csv`) as Buffer);
        assert.equal(records.length, Number(rows[0]?.n), `${entity}.csv has one row per record`);
        assert.ok(records.length > 0, `${entity} is not empty in the reference data`);
      }
      const [headers] = csvRows(zip.get('initiatives.csv') as Buffer);
      assert.deepEqual(headers, [...INITIATIVE_COLUMNS, 'survey_ref']);
      // Evidence leaves its curator-only respondent column behind.
      assert.ok(!csvRows(zip.get('evidence.csv') as Buffer)[0]?.some((h) => /respondent/.test(h)));
    });

    test('the initiatives CSV of the zip imports back with nothing to change', async () => {
      const zip = await unzip(await body('/downloads/permed-atlas-csv.zip'));
      const work = mkdtempSync(join(tmpdir(), 'atlas-bulk-import-'));
      try {
        const file = join(work, 'initiatives.csv');
        writeFileSync(file, zip.get('initiatives.csv') as Buffer);
        const summary = await importInitiatives(t.db, file);
        const [, ...records] = csvRows(zip.get('initiatives.csv') as Buffer);
        assert.equal(summary.rows, records.length);
        assert.deepEqual(summary.actions, {
          create: 0,
          update: 0,
          unchanged: records.length,
          merge: 0,
          skip: 0,
          blocked: 0,
          decide: 0,
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });

    test('SHA256SUMS, the manifest and listDistributions agree with the bytes served, and sha256sum -c accepts them', async () => {
      const distributions = await listDistributions(t.db, { dir });
      assert.deepEqual(
        distributions.map((d) => d.id),
        ['csv', 'xlsx', 'json', 'dictionary-json', 'dictionary-csv'],
      );
      const sums = (await body(`/downloads/${CHECKSUMS_FILE}`)).toString('utf8');
      const listed = new Map(
        sums
          .trim()
          .split('\n')
          .map((line) => {
            const m = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
            assert.ok(m, `"${line}" is a sha256sum line`);
            return [m[2], m[1]] as [string, string];
          }),
      );
      const work = mkdtempSync(join(tmpdir(), 'atlas-bulk-check-'));
      try {
        for (const d of distributions) {
          const name = d.fileName;
          const bytes = await body(`/downloads/${name}`);
          assert.equal(sha256(bytes), d.sha256, `${name}: listDistributions`);
          assert.equal(listed.get(name), d.sha256, `${name}: SHA256SUMS`);
          assert.equal(bytes.length, d.byteSize, `${name}: size`);
          assert.match(d.modified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
          writeFileSync(join(work, name), bytes);
        }
        assert.equal(listed.size, distributions.length);
        writeFileSync(join(work, CHECKSUMS_FILE), sums);
        const check = spawnSync('sha256sum', ['-c', CHECKSUMS_FILE], {
          cwd: work,
          encoding: 'utf8',
        });
        assert.equal(check.status, 0, check.stdout + check.stderr);
        assert.equal(check.stdout.match(/: OK$/gm)?.length, distributions.length);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      const zipEntry = distributions.find((d) => d.id === 'csv');
      assert.equal(zipEntry?.mediaType, 'application/zip');
      assert.equal(zipEntry?.packagedMediaType, 'text/csv');
    });

    test('the dictionary lists every column of every file in file order, what it is, and the allowed codes', async () => {
      const zip = await unzip(await body('/downloads/permed-atlas-csv.zip'));
      const dictionary = JSON.parse(
        (await body('/downloads/permed-atlas-data-dictionary.json')).toString('utf8'),
      ) as DataDictionary;
      assert.deepEqual(
        dictionary.entities.map((e) => e.file),
        EXPORT_ENTITIES.map((e) => `${e}.csv`),
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.read(Readable.from([await body('/downloads/permed-atlas.xlsx')]));
      for (const entity of dictionary.entities) {
        const [headers = [], ...records] = csvRows(zip.get(entity.file) as Buffer);
        assert.deepEqual(
          entity.columns.map((c) => c.name),
          headers,
          `${entity.file}: the dictionary's columns are the file's`,
        );
        // The workbook's sheet has the same columns as the CSV file, under the headings the
        // dictionary gives (it is written for people).
        const sheet = workbook.getWorksheet(entity.entity);
        assert.ok(sheet, `the workbook has a sheet ${entity.entity}`);
        const sheetHeaders = (sheet.getRow(1).values as unknown[]).slice(1);
        assert.deepEqual(sheetHeaders, readableHeaders(headers), `sheet ${entity.entity}`);
        assert.deepEqual(
          entity.columns.map((c) => c.heading),
          sheetHeaders,
          `${entity.file}: the dictionary's headings are the sheet's`,
        );
        assert.equal(sheet.actualRowCount, records.length + 1, `sheet ${entity.entity}: its rows`);
        for (const c of entity.columns) {
          assert.ok(c.description.length > 10, `${entity.file} ${c.name} is described`);
          const i = headers.indexOf(c.name);
          // A required column has a value in every row; a coded one only allowed codes.
          for (const r of records) {
            const cell = r[i] ?? '';
            if (c.required) assert.notEqual(cell, '', `${entity.file} ${c.name} is required`);
            if (c.codes && cell !== '' && (c.type === 'code' || c.type === 'code list')) {
              const allowed = new Set(c.codes.map((x) => x.code));
              for (const v of c.type === 'code' ? [cell] : cell.split('; ')) {
                const code = c.name === 'relations' ? v.split(':')[0] : v;
                assert.ok(allowed.has(code ?? ''), `${entity.file} ${c.name}: ${v} is allowed`);
              }
            }
          }
        }
      }
      const column = (entity: string, name: string) =>
        dictionary.entities.find((e) => e.entity === entity)?.columns.find((c) => c.name === name);
      assert.deepEqual(
        column('initiatives', 'status')?.codes?.map((c) => c.code),
        STATUSES.map((s) => s.code),
      );
      assert.deepEqual(
        column('initiatives', 'type')?.codes?.map((c) => c.label),
        STRUCTURAL_TYPES.map((s) => s.label),
      );
      assert.equal(column('evidence', 'barriers')?.codes?.length, BARRIERS.length);
      assert.equal(column('initiatives', 'survey_ref')?.required, false);
      assert.equal(column('initiatives', 'slug')?.required, true);

      // The CSV dictionary (also inside the zip) has one row per column of every file.
      const [dictHeaders, ...dictRows] = csvRows(
        await body('/downloads/permed-atlas-data-dictionary.csv'),
      );
      assert.deepEqual(dictHeaders, [
        'entity',
        'file',
        'column',
        'workbook_heading',
        'type',
        'required',
        'description',
        'allowed_codes',
      ]);
      assert.equal(
        dictRows.length,
        dictionary.entities.reduce((n, e) => n + e.columns.length, 0),
      );
      const statusRow = dictRows.find((r) => r[0] === 'initiatives' && r[2] === 'status');
      assert.equal(statusRow?.[3], 'Status');
      assert.equal(statusRow?.[7], 'planned; ongoing; closed; permanent');
      assert.deepEqual(
        zip.get('data-dictionary.csv'),
        await body('/downloads/permed-atlas-data-dictionary.csv'),
      );
    });

    test('after a data change the next request serves regenerated files with new checksums and date', async () => {
      const before = (await readManifest(dir)) as DownloadsManifest;
      const first = await get('/downloads/permed-atlas-csv.zip');
      await first.body?.cancel();
      const oldEtag = first.headers.get('etag') ?? '';
      await edit('Changed by a curator.', '2031-01-02T03:04:05.000Z');
      const r = await get('/downloads/permed-atlas-csv.zip', { 'if-none-match': oldEtag });
      assert.equal(r.status, 200, 'the old ETag no longer matches');
      assert.notEqual(r.headers.get('etag'), oldEtag);
      assert.equal(r.headers.get('last-modified'), 'Thu, 02 Jan 2031 03:04:05 GMT');
      const zip = await unzip(Buffer.from(await r.arrayBuffer()));
      const [headers = [], ...rows] = csvRows(zip.get('initiatives.csv') as Buffer);
      const row = rows.find((x) => x[0] === WITH_EXTRA.slug);
      assert.equal(row?.[headers.indexOf('summary')], 'Changed by a curator.');
      const now = (await readManifest(dir)) as DownloadsManifest;
      assert.notEqual(now.generation, before.generation);
      for (const id of ['csv', 'xlsx', 'json']) {
        assert.notEqual(
          now.files.find((f) => f.id === id)?.sha256,
          before.files.find((f) => f.id === id)?.sha256,
          `${id} has a new checksum`,
        );
      }
      const json = JSON.parse((await body('/downloads/permed-atlas.json')).toString('utf8'));
      const record = (json.initiatives as { slug: string; summary?: string }[]).find(
        (i) => i.slug === WITH_EXTRA.slug,
      );
      assert.equal(record?.summary, 'Changed by a curator.');
      const stored = await findInitiativeBySlug(t.db.kysely, WITH_EXTRA.slug);
      assert.ok(stored);
      const { id, version, createdAt, updatedAt, ...content } = stored;
      assert.deepEqual(record, canonicalInitiative(content));
      // Without a change nothing is regenerated.
      assert.equal(((await readManifest(dir)) as DownloadsManifest).generation, now.generation);
      await get('/downloads');
      assert.equal(((await readManifest(dir)) as DownloadsManifest).generation, now.generation);
    });

    test('concurrent requests after a change share one generation', async () => {
      await edit('Changed again.', '2031-02-03T04:05:06.000Z');
      const known = new Set(generations());
      const [a, b, pageResponse, c, distributions] = await Promise.all([
        currentDownloads(t.db, { dir }),
        currentDownloads(t.db, { dir }),
        get('/downloads'),
        get(`/downloads/${CHECKSUMS_FILE}`),
        listDistributions(t.db, { dir }),
      ]);
      await c.body?.cancel();
      assert.equal(a.generation, b.generation);
      assert.equal(pageResponse.status, 200);
      const fresh = generations().filter((g) => !known.has(g));
      // Whichever caller starts it, the others join: two generations would leave two new folders.
      assert.deepEqual(fresh, [a.generation], 'one new generation folder');
      assert.equal(
        c.headers.get('etag'),
        `"${a.files.find((f) => f.name === CHECKSUMS_FILE)?.sha256}"`,
      );
      assert.deepEqual(
        distributions.map((d) => d.sha256),
        a.files.filter((f) => f.id !== 'checksums').map((f) => f.sha256),
      );
      assert.ok(generations().length <= 2, 'only the current and the previous generation are kept');
    });

    test('a failure during generation leaves the previous files published and intact', async () => {
      const previous = (await readManifest(dir)) as DownloadsManifest;
      const bytesBefore = new Map(
        previous.files.map((f) => [f.name, readFileSync(join(dir, previous.generation, f.name))]),
      );
      await edit('A change whose files fail to generate.', '2031-03-04T05:06:07.000Z');
      for (const failAt of ['permed-atlas.xlsx', 'manifest.json']) {
        const known = new Set(generations());
        const failing = {
          beforeFile: (name: string) => {
            if (name === failAt) throw new Error(`disk full while writing ${name}`);
          },
        };
        await assert.rejects(regenerateDownloads(t.db, { dir }, failing), /disk full/);
        const seen: unknown[] = [];
        const served = await currentDownloads(t.db, { dir, onError: (e) => seen.push(e) }, failing);
        assert.equal(served.generation, previous.generation, 'the previous set is served');
        assert.equal(seen.length, 1, 'and the failure is reported');
        assert.deepEqual(await readManifest(dir), previous, `failing at ${failAt}: manifest kept`);
        assert.deepEqual(
          generations().filter((g) => !known.has(g)),
          [],
          'no half generation left',
        );
        for (const f of previous.files) {
          const bytes = readFileSync(join(dir, previous.generation, f.name));
          assert.deepEqual(bytes, bytesBefore.get(f.name));
          assert.equal(sha256(bytes), f.sha256);
        }
      }
      // Once the cause is gone, the next request regenerates.
      const r = await get('/downloads/permed-atlas.json');
      assert.equal(r.status, 200);
      assert.notEqual(
        r.headers.get('etag'),
        `"${previous.files.find((f) => f.id === 'json')?.sha256}"`,
      );
      assert.match(await r.text(), /A change whose files fail to generate\./);
    });

    test('HTTP: 200 with headers, 304 on If-None-Match, 404 for names outside the manifest', async () => {
      const manifest = await currentDownloads(t.db, { dir });
      const xlsx = manifest.files.find((f) => f.id === 'xlsx');
      assert.ok(xlsx);
      const r = await get('/downloads/permed-atlas.xlsx');
      assert.equal(r.status, 200);
      assert.equal(
        r.headers.get('content-type'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      assert.equal(r.headers.get('content-length'), String(xlsx.byteSize));
      assert.equal(
        r.headers.get('content-disposition'),
        'attachment; filename="permed-atlas.xlsx"',
      );
      assert.equal(r.headers.get('etag'), `"${xlsx.sha256}"`);
      assert.equal(r.headers.get('last-modified'), new Date(manifest.modified).toUTCString());
      assert.equal((await r.arrayBuffer()).byteLength, xlsx.byteSize);
      const head = await app.request('/downloads/permed-atlas.xlsx', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(xlsx.byteSize));
      assert.equal(head.headers.get('etag'), `"${xlsx.sha256}"`);
      assert.equal(head.body, null);

      const csv = await get('/downloads/permed-atlas-data-dictionary.csv', {
        'accept-encoding': 'gzip',
      });
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
      assert.equal(csv.headers.get('content-encoding'), null, 'sent as the checksum describes it');
      await csv.arrayBuffer();
      const json = await get('/downloads/permed-atlas.json');
      assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
      await json.arrayBuffer();

      for (const tag of [`"${xlsx.sha256}"`, `W/"${xlsx.sha256}", "other"`, '*']) {
        const notModified = await get('/downloads/permed-atlas.xlsx', { 'if-none-match': tag });
        assert.equal(notModified.status, 304, tag);
        assert.equal(notModified.headers.get('etag'), `"${xlsx.sha256}"`);
        assert.equal((await notModified.arrayBuffer()).byteLength, 0);
      }
      const other = await get('/downloads/permed-atlas.xlsx', { 'if-none-match': '"nope"' });
      assert.equal(other.status, 200);
      await other.body?.cancel();

      for (const path of [
        '/downloads/nothing.csv',
        '/downloads/manifest.json',
        '/downloads/..%2Fmanifest.json',
        '/downloads/..%2F..%2F..%2Fetc%2Fpasswd',
        `/downloads/${manifest.generation}`,
        `/downloads/${manifest.generation}/permed-atlas.json`,
      ]) {
        assert.equal((await get(path)).status, 404, path);
      }
      assert.deepEqual(errors, [], 'no unexpected errors');
    });
  });
}
