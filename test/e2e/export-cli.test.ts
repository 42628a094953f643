import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { cliSandbox } from '../helpers/cli.ts';

const { dir, atlas } = cliSandbox('atlas-export-cli-');
const out = join(dir, 'out');

describe('atlas export', () => {
  before(() => {
    const seeded = atlas('db', 'seed');
    assert.equal(seeded.code, 0, seeded.err);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is listed in the help, with its own help', () => {
    assert.match(atlas('--help').out, /\n {2}export {7}/);
    const h = atlas('export', '--help');
    assert.equal(h.code, 0);
    assert.match(h.out, /^Usage: atlas export --format F/);
  });

  test('writes a search result to standard output, with the facet flags of atlas search', () => {
    const r = atlas('export', '--format', 'csv', '--country', 'ES', '--status', 'ongoing');
    assert.equal(r.code, 0, r.err);
    const [headers, ...rows] = parseCsv(r.out, { bom: true }) as string[][];
    assert.equal(headers?.[0], 'Slug', 'written for people');
    assert.equal(rows.length, 3);
    const home = headers?.indexOf('Home country') ?? -1;
    assert.deepEqual(new Set(rows.map((row) => row[home])), new Set(['Spain']));
    const codes = atlas(
      'export',
      '--codes',
      '--format',
      'csv',
      '--country',
      'ES',
      '--status',
      'ongoing',
    );
    const [codeHeaders, ...codeRows] = parseCsv(codes.out, { bom: true }) as string[][];
    assert.equal(codeHeaders?.[0], 'slug', 'the columns atlas import reads');
    assert.deepEqual(
      new Set(codeRows.map((row) => row[codeHeaders?.indexOf('home_country') ?? -1])),
      new Set(['ES']),
    );
    const json = JSON.parse(atlas('export', '--format', 'json', 'catalonia').out);
    assert.deepEqual(
      json.map((i: { slug: string }) => i.slug),
      ['atmp-catalonia'],
    );
  });

  test('writes --out through a temporary file, replacing an old file only when complete', () => {
    const file = join(out, 'initiatives.xlsx');
    rmSync(out, { recursive: true, force: true });
    const missing = atlas('export', '--out', file);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot write .*initiatives\.xlsx \(no such folder\)/);

    mkdirSync(out);
    writeFileSync(file, 'old');
    const bad = atlas('export', '--out', file, '--status', 'finished');
    assert.equal(bad.code, 2);
    assert.equal(readFileSync(file, 'utf8'), 'old', 'a refused export leaves the old file');

    const r = atlas('export', '--out', file, '--region', 'ES51');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^wrote .*initiatives\.xlsx: initiatives 3$/m);
    assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK', 'a zip archive');
    assert.deepEqual(readdirSync(out), ['initiatives.xlsx'], 'no temporary file is left');
  });

  test('refuses XLSX on standard output, and --all with search filters', () => {
    const x = atlas('export', '--format', 'xlsx');
    assert.equal(x.code, 2);
    assert.match(x.err, /XLSX workbook is a binary file .* give --out FILE\.xlsx/);
    assert.ok(!existsSync(join(dir, 'initiatives.xlsx')));
    const all = atlas('export', '--all', '--format', 'json', '--country', 'SE');
    assert.equal(all.code, 2);
    assert.match(all.err, /--all exports the whole dataset/);
    const entity = atlas('export', '--format', 'csv', '--entity', 'regions');
    assert.equal(entity.code, 2);
    assert.match(entity.err, /add --all/);
    const format = atlas('export', '--format', 'pdf');
    assert.equal(format.code, 2);
    assert.match(format.err, /unknown format "pdf"; formats: csv, xlsx, json, geojson/);
  });

  test('--all writes the whole dataset; CSV says it holds the initiatives only', () => {
    const json = atlas('export', '--all', '--out', join(dir, 'all.json'));
    assert.equal(json.code, 0, json.err);
    const data = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8'));
    assert.equal(data.initiatives.length, 8);
    // The fixture's 9 regions, and the other places of the code lists that migrating put in.
    assert.equal(data.regions.length, 76);
    const csv = atlas('export', '--all', '--format', 'csv');
    assert.equal(csv.code, 0, csv.err);
    assert.match(csv.err, /a CSV file holds one table, so this is the initiatives/);
    const regions = atlas('export', '--all', '--format', 'csv', '--entity', 'regions');
    assert.equal(parseCsv(regions.out, { bom: true }).length, 77);
    const geo = JSON.parse(atlas('export', '--all', '--format', 'geojson').out);
    assert.equal(geo.type, 'FeatureCollection');
  });
});
