import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FeatureCollection } from 'geojson';
import { INITIATIVE_COLUMNS } from '../../src/domain/columns.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

describe('downloads of a search result (real server on the fixtures)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers });

  test('CSV: the rows of the search, as an attachment with a .csv name', async () => {
    const people = await get('/initiatives.csv?country=SE&status=ongoing,planned');
    const [peopleHeaders] = parseCsv(Buffer.from(await people.arrayBuffer()), { bom: true });
    assert.equal(peopleHeaders?.[0], 'Slug', 'a spreadsheet for people by default');
    const r = await get('/initiatives.csv?country=SE&status=ongoing,planned&form=codes');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    assert.match(
      r.headers.get('content-disposition') ?? '',
      /^attachment; filename="permed-atlas-initiatives-codes-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [headers, ...rows] = parseCsv(Buffer.from(await r.arrayBuffer()), {
      bom: true,
    }) as string[][];
    assert.deepEqual(headers, [...INITIATIVE_COLUMNS]);
    assert.deepEqual(rows.map((row) => row[0]).sort(), [
      'camp',
      'genomic-medicine-sweden',
      'roadmap-precision-medicine-sweden',
    ]);
  });

  test('XLSX: a workbook with a frozen, filtered header row', async () => {
    const r = await get('/initiatives.xlsx?region=ES51');
    assert.equal(r.status, 200);
    assert.equal(
      r.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.match(
      r.headers.get('content-disposition') ?? '',
      /filename="permed-atlas-initiatives-[\d-]+\.xlsx"/,
    );
    // A zip is not worth compressing again, so it is sent as it is.
    assert.equal(r.headers.get('content-encoding'), null);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([Buffer.from(await r.arrayBuffer())]));
    const sheet = workbook.worksheets[0];
    assert.equal(sheet?.name, 'initiatives');
    assert.equal(sheet?.views[0]?.state, 'frozen');
    const width = INITIATIVE_COLUMNS.length;
    assert.equal(sheet?.getRow(1).cellCount, width);
    const last = sheet?.getRow(1).getCell(width).address.replace(/\d+$/, '');
    assert.equal(sheet?.autoFilter, `A1:${last}1`);
    assert.equal(sheet?.actualRowCount, 4);
  });

  test('JSON and GeoJSON: the result as records and as places, compressed when asked', async () => {
    const json = await get('/initiatives.json?q=catalonia', { 'accept-encoding': 'gzip' });
    assert.equal(json.status, 200);
    assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(json.headers.get('content-encoding'), 'gzip');
    const records = (await json.json()) as { slug: string }[];
    assert.equal(records[0]?.slug, 'atmp-catalonia');

    const geo = await get('/initiatives.geojson');
    assert.equal(geo.status, 200);
    assert.equal(geo.headers.get('content-type'), 'application/geo+json');
    assert.match(geo.headers.get('content-disposition') ?? '', /\.geojson"$/);
    const collection = (await geo.json()) as FeatureCollection;
    assert.equal(collection.type, 'FeatureCollection');
    const total = (counted: string) =>
      collection.features
        .filter((f) => f.properties?.counted === counted)
        .reduce((a, f) => a + Number(f.properties?.count), 0);
    assert.equal(total('home_country'), 8);
    assert.equal(total('submitting_region'), 8);
  });

  test('a bad parameter is the same 400 page as on the list page', async () => {
    const list = await get('/initiatives?status=finished');
    const download = await get('/initiatives.csv?status=finished');
    assert.equal(download.status, 400);
    assert.equal(download.status, list.status);
    assert.match(download.headers.get('content-type') ?? '', /^text\/html/);
    const message = /allowed values: planned, ongoing, closed, permanent/;
    assert.match(await download.text(), message);
    assert.match(await list.text(), message);
  });

  test('the list page links the downloads of its query, without the page', async () => {
    const body = await (await get('/initiatives?q=genomic&country=SE&page=1&pageSize=2')).text();
    assert.match(body, /Download these results:/);
    for (const format of ['csv', 'xlsx', 'json', 'geojson']) {
      assert.ok(
        body.includes(`href="/initiatives.${format}?q=genomic&amp;country=SE"`),
        `link to ${format}`,
      );
    }
    // The code form, to edit and import again: its link gives the columns atlas import reads.
    const codes = body.match(/href="(\/initiatives\.csv\?[^"]*form=codes)"/)?.[1];
    assert.equal(codes, '/initiatives.csv?q=genomic&amp;country=SE&amp;form=codes');
    const file = await get((codes ?? '').replaceAll('&amp;', '&'));
    const [headers] = parseCsv(Buffer.from(await file.arrayBuffer()), { bom: true });
    assert.equal(headers?.[0], 'slug');
    const es = await (await get('/initiatives?lang=es')).text();
    assert.match(es, /Descargar estos resultados:/);
    const none = await (await get('/initiatives?q=zzzzqqq')).text();
    assert.ok(!none.includes('Download these results'), 'no downloads of an empty result');
  });
});
