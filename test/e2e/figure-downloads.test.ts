/**
 * The figure downloads over HTTP on both databases (issue 16): every chart's and table's files
 * answer with their type and an attachment name, and their figures are the page's and the API's —
 * read back from the files (CSV parsed, XLSX opened with ExcelJS, SVG marks' labels, PNG header)
 * and compared with the rendered page and the API.
 */
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type HTMLElement, parse } from 'node-html-parser';
import { dataVersion } from '../../src/services/data-version.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

/** The integer a page's cell shows ("1,234", "90%"), or null for "–". */
function num(text: string): number | null {
  const t = text.trim();
  if (t === '–' || t === '') return null;
  return Number(t.replace(/[^\d]/g, ''));
}

/** A CSV file's records (the byte-order mark dropped), header first. */
function csvRecords(body: string): string[][] {
  return parseCsv(body, { bom: true }) as string[][];
}

/** A CSV cell as the figure it holds (empty: not on record). */
const cellNum = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

interface BarrierMatrix {
  rows: string[];
  columns: string[];
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
  statementsPerColumn: number[];
  statements: number;
}

for (const dialect of DIALECTS) {
  describe(`figure downloads on ${dialect.name}`, { skip: dialect.skip }, () => {
    const site = referenceApp(dialect);

    /** A download: 200, its content type and an attachment named permed-atlas-NAME. */
    const download = async (path: string, type: string, name: string, init?: RequestInit) => {
      const res = await site.request(path, init);
      assert.equal(res.status, 200, path);
      assert.ok(res.headers.get('content-type')?.startsWith(type), `${path}: ${type}`);
      assert.equal(
        res.headers.get('content-disposition'),
        `attachment; filename="permed-atlas-${name}"`,
        path,
      );
      return Buffer.from(await res.arrayBuffer());
    };
    const page = async (path: string) => {
      const res = await site.request(path);
      assert.equal(res.status, 200, path);
      return parse(await res.text());
    };

    test('the barrier matrix as CSV and XLSX holds the page’s and the API’s counts', async () => {
      const api = (await site.json('/api/v1/statistics/barriers')) as BarrierMatrix;
      const perBarrier = new Map<string, number>(
        (
          (await site.json('/api/v1/barriers?pageSize=100')).items as {
            code: string;
            statements: number;
            challenges: number;
          }[]
        )
          // The matrix counts all evidence by default: statements and the reports' challenges.
          .map((b) => [b.code, b.statements + b.challenges]),
      );
      assert.equal(perBarrier.size, api.rows.length, 'every barrier through the API');
      const root = await page('/barriers');
      const table = root.querySelector('table.matrix') as HTMLElement;
      const pageRows = table.querySelectorAll('tbody tr').map((tr) => ({
        code: tr.querySelector('th a')?.getAttribute('href')?.split('/').at(-1),
        cells: tr.querySelectorAll('td').map((td) => num(td.text)),
      }));
      const heads = table.querySelectorAll('thead th').map((th) => th.text.trim());

      const csv = csvRecords(
        (await download('/figures/barrier-matrix.csv', 'text/csv', 'barrier-matrix.csv')).toString(
          'utf8',
        ),
      );
      const [header = [], ...rows] = csv;
      assert.deepEqual(header.slice(2, -1), api.columns, 'region codes as the column headers');
      const body = rows.filter((r) => /^B\d+$/.test(r[0] ?? ''));
      assert.deepEqual(
        body.map((r) => r[0]),
        api.rows,
      );
      body.forEach((r, i) => {
        const figures = r.slice(2).map(cellNum);
        assert.deepEqual(figures, pageRows[i]?.cells, `${r[0]}: the page's row`);
        assert.equal(pageRows[i]?.code, r[0]);
        assert.deepEqual(figures.slice(0, -1), api.cells[i], `${r[0]}: the API's row`);
        assert.equal(figures.at(-1), perBarrier.get(r[0] ?? ''), `${r[0]}: /api/v1/barriers`);
      });
      const statements = rows.find((r) => r[0] === 'statements');
      assert.deepEqual(statements?.slice(2).map(cellNum), [
        ...api.statementsPerColumn,
        api.statements,
      ]);

      const xlsx = await download(
        '/figures/barrier-matrix.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'barrier-matrix.xlsx',
      );
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      assert.ok(sheet);
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      assert.deepEqual(values(1).slice(2, -1), api.columns, 'codes in the first header row');
      assert.deepEqual(
        values(2).slice(2, -1),
        heads.slice(1, -1),
        'the page’s region names in the second',
      );
      assert.equal(sheet.getRow(1).font?.bold, true, 'the header is bold');
      assert.equal(sheet.views[0]?.state, 'frozen');
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 2, 'both header rows frozen');
      api.rows.forEach((code, i) => {
        const row = values(3 + i);
        assert.equal(row[0], code);
        assert.ok(typeof row[1] === 'string' && row[1].length > 3, `${code}: its label`);
        assert.deepEqual(row.slice(2, -1), api.cells[i], `${code} in the workbook`);
      });
      const last = values(sheet.rowCount)[0];
      assert.match(String(last), /^PerMed Atlas \(\d{4}\)\. .*CC BY 4\.0\.$/, 'a citation line');
    });

    test('the prevalence chart and tables: CSV equal to the page, SVG with its title and figures, PNG', async () => {
      for (const kind of ['all', 'statements'] as const) {
        const query = kind === 'all' ? '' : `?evidence=${kind}`;
        const suffix = kind === 'all' ? '' : `-${kind}`;
        const root = await page(`/barriers/prevalence${query}`);
        const pageRows = root.querySelectorAll('table.prevalence tbody tr').map((tr) => ({
          code: tr.getAttribute('data-code'),
          cells: [
            num(tr.querySelector('td')?.text ?? ''),
            ...tr
              .querySelectorAll('td')
              .slice(1)
              .map((td) => num(td.text)),
          ],
        }));
        const csv = csvRecords(
          (
            await download(`/figures/prevalence.csv${query}`, 'text/csv', `prevalence${suffix}.csv`)
          ).toString('utf8'),
        ).slice(1);
        assert.ok(csv.length > 5);
        assert.deepEqual(
          csv.map((r) => ({ code: r[1], cells: [r[0], ...r.slice(3)].map(cellNum) })),
          pageRows,
          `${kind}: the CSV is the page's table`,
        );
        // The categories and pairs tables, likewise.
        const cats = csvRecords(
          (
            await download(
              `/figures/prevalence-categories.csv${query}`,
              'text/csv',
              `prevalence-categories${suffix}.csv`,
            )
          ).toString('utf8'),
        ).slice(1);
        const catRows = root
          .querySelectorAll('#categories tbody tr')
          .map((tr) => [
            tr.getAttribute('data-code'),
            ...tr.querySelectorAll('td').map((td) => num(td.text)),
          ]);
        assert.deepEqual(
          cats.map((r) => [r[0], cellNum(r[2]), cellNum(r[3])]),
          catRows,
        );
        const pairs = csvRecords(
          (
            await download(
              `/figures/prevalence-pairs.csv${query}`,
              'text/csv',
              `prevalence-pairs${suffix}.csv`,
            )
          ).toString('utf8'),
        ).slice(1);
        assert.deepEqual(
          pairs.map((r) => [`${r[0]}+${r[1]}`, cellNum(r[3])]),
          root
            .querySelectorAll('#pairs tbody tr')
            .map((tr) => [tr.getAttribute('data-pair'), num(tr.querySelector('td')?.text ?? '')]),
        );

        const svg = (
          await download(
            `/figures/prevalence.svg${query}`,
            'image/svg+xml',
            `prevalence${suffix}.svg`,
          )
        ).toString('utf8');
        assert.match(svg, /^<\?xml[^>]*>\s*<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        const caption = root.querySelector('#prevalence-caption')?.text.trim() ?? '';
        assert.ok(svg.includes(`<title>${caption}</title>`), 'the SVG is titled with the caption');
        assert.match(svg, /<desc>PerMed Atlas \(\d{4}\)\..*CC BY 4\.0\.<\/desc>/);
        if (kind === 'statements') {
          // One bar per barrier reported, its label naming the figure of the page's table.
          const bars = [...svg.matchAll(/aria-label="([^"]+), Regions: (\d+)"/g)].map((m) => [
            m[1],
            Number(m[2]),
          ]);
          const shown = root
            .querySelectorAll('table.prevalence tbody tr')
            .map((tr) => [
              tr.querySelector('th')?.text.trim(),
              num(tr.querySelectorAll('td')[1]?.text ?? ''),
            ])
            .filter((r) => (r[1] as number) > 0);
          assert.deepEqual(bars, shown, 'the bars are the table');
        }
        const png = await download(
          `/figures/prevalence.png${query}`,
          'image/png',
          `prevalence${suffix}.png`,
        );
        assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        assert.ok(png.readUInt32BE(16) > 400, 'a PNG wider than 400 px');
      }
    });

    test('a region’s initiatives chart and tables, the regions table and the comparison equal their pages', async () => {
      const root = await page('/regions/ES51');
      const table = root
        .querySelectorAll('table')
        .find((t) => t.querySelector('caption')?.text.includes('Catalonia')) as HTMLElement;
      assert.ok(table, 'the initiatives table');
      const bodyOf = (t: HTMLElement) =>
        t
          .querySelectorAll('tbody tr, tfoot tr')
          .map((tr) => tr.querySelectorAll('td').map((td) => num(td.text)));
      const csv = csvRecords(
        (
          await download(
            '/figures/regions/ES51/initiatives.csv',
            'text/csv',
            'ES51-initiatives.csv',
          )
        ).toString('utf8'),
      ).slice(1);
      assert.deepEqual(
        csv.map((r) => r.slice(2).map(cellNum)),
        bodyOf(table),
      );
      const svg = (
        await download(
          '/figures/regions/ES51/initiatives.svg',
          'image/svg+xml',
          'ES51-initiatives.svg',
        )
      ).toString('utf8');
      assert.ok(svg.includes(`<title>${table.querySelector('caption')?.text.trim()}</title>`));
      const png = await download(
        '/figures/regions/ES51/initiatives.png',
        'image/png',
        'ES51-initiatives.png',
      );
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');

      const interviews = csvRecords(
        (
          await download('/figures/regions/ES51/interviews.csv', 'text/csv', 'ES51-interviews.csv')
        ).toString('utf8'),
      ).slice(1);
      const printed = root.querySelector('table.interviews tfoot td')?.text ?? '';
      assert.equal(cellNum(interviews.at(-1)?.[2]), num(printed.split(' ')[0] ?? ''));
      assert.deepEqual(
        interviews.slice(0, -1).map((r) => cellNum(r[2])),
        root.querySelectorAll('table.interviews tbody td').map((td) => num(td.text)),
      );

      const regions = csvRecords(
        (await download('/figures/regions.csv', 'text/csv', 'regions.csv')).toString('utf8'),
      ).slice(1);
      const regionRows = (await page('/regions'))
        .querySelectorAll('#regions-table tbody tr')
        .map((tr) => [
          tr.querySelector('th a')?.getAttribute('href')?.split('/').at(-1),
          ...tr.querySelectorAll('td').map((td) => num(td.text)),
        ]);
      assert.deepEqual(
        regions.map((r) => [r[0], ...r.slice(2).map(cellNum)]),
        regionRows,
      );

      const query = 'region=ES51&region=SE232&region=EL43';
      const compare = csvRecords(
        (
          await download(`/figures/compare.csv?${query}`, 'text/csv', 'compare-ES51-SE232-EL43.csv')
        ).toString('utf8'),
      );
      assert.deepEqual(compare[0]?.slice(1), ['ES51', 'SE232', 'EL43']);
      const compareRows = (await page(`/compare?${query}`))
        .querySelectorAll('table.compare tbody tr')
        .map((tr) => [
          tr.querySelector('th')?.text.trim(),
          ...tr.querySelectorAll('td').map((td) => (td.querySelector('a') ? null : num(td.text))),
        ]);
      assert.deepEqual(
        compare.slice(1).map((r) => [r[0], ...r.slice(1).map(cellNum)]),
        compareRows,
      );

      // The twinning similarity table: the API's matrix, region by region.
      const similarity = csvRecords(
        (
          await download('/figures/twinning-similarity.csv', 'text/csv', 'twinning-similarity.csv')
        ).toString('utf8'),
      );
      const api = (await site.json('/api/v1/twinning/similarity')) as {
        regions: string[];
        matrix: number[][];
      };
      assert.deepEqual(similarity[0]?.slice(2), api.regions);
      assert.deepEqual(
        similarity.slice(1).map((r) => [r[0], ...r.slice(2).map(cellNum)]),
        api.regions.map((code, i) => [code, ...(api.matrix[i] ?? [])]),
      );
    });

    test('the maps of /regions and the home page: their tables as CSV, SVG with title and legend, PNG', async () => {
      for (const [path, name, file] of [
        ['/regions', 'regions-map', 'regions-map'],
        ['/', 'home-map', 'initiatives-map'],
      ] as const) {
        const root = await page(path);
        const figure = root.querySelector('figure.map') as HTMLElement;
        const mapRows = figure
          .querySelectorAll('details.map-table tbody tr')
          .map((tr) => [
            decodeURIComponent(
              tr.querySelector('a')?.getAttribute('href')?.split('=').at(-1) ?? '',
            ),
            num(tr.querySelector('td')?.text ?? ''),
          ]);
        assert.ok(mapRows.length > 5, `${path}: the map's table`);
        const csv = csvRecords(
          (await download(`/figures/${name}.csv`, 'text/csv', `${file}.csv`)).toString('utf8'),
        ).slice(1);
        assert.deepEqual(
          csv.map((r) => [r[0], cellNum(r[2])]),
          mapRows,
          `${path}: the CSV is the map's table`,
        );
        const svg = (
          await download(`/figures/${name}.svg`, 'image/svg+xml', `${file}.svg`)
        ).toString('utf8');
        const title = figure.querySelector('svg > title')?.text.trim() ?? '';
        assert.ok(svg.includes(`<title>${title}</title>`), `${path}: titled "${title}"`);
        for (const li of figure.querySelectorAll('.map-legend li'))
          assert.ok(
            svg.includes(`>${li.text.trim()}</text>`),
            `${path}: legend "${li.text.trim()}"`,
          );
        const png = await download(`/figures/${name}.png`, 'image/png', `${file}.png`);
        assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      }
    });

    test('the pages link their files and cite the figure with the data version and its address', async () => {
      const version = await dataVersion(site.db);
      for (const [path, files] of [
        ['/barriers', ['/figures/barrier-matrix.csv', '/figures/barrier-matrix.xlsx']],
        [
          '/barriers/prevalence?evidence=challenges',
          [
            '/figures/prevalence.svg?evidence=challenges',
            '/figures/prevalence.png?evidence=challenges',
            '/figures/prevalence.csv?evidence=challenges',
            '/figures/prevalence-categories.csv?evidence=challenges',
            '/figures/prevalence-pairs.csv?evidence=challenges',
          ],
        ],
        [
          '/regions',
          ['/figures/regions.csv', '/figures/regions-map.svg', '/figures/regions-map.png'],
        ],
        [
          '/regions/ES51',
          ['/figures/regions/ES51/initiatives.svg', '/figures/regions/ES51/interviews.csv'],
        ],
        ['/compare?region=ES51&region=LT', ['/figures/compare.csv?region=ES51&region=LT']],
        ['/twinning', ['/figures/twinning-similarity.csv']],
      ] as const) {
        const root = await page(path);
        const links = root
          .querySelectorAll('.figure-downloads a')
          .map((a) => a.getAttribute('href'));
        for (const f of files) assert.ok(links.includes(f), `${path} links ${f}`);
        for (const href of links) {
          const res = await site.request(href ?? '');
          assert.equal(res.status, 200, `${path}: ${href}`);
          await res.arrayBuffer();
        }
        const citations = root.querySelectorAll('details.cite .citation').map((p) => p.text);
        assert.ok(citations.length > 0, `${path}: a citation`);
        for (const c of citations) {
          assert.ok(c.startsWith('PerMed Atlas ('), c);
          assert.ok(c.includes(`Data version ${version.key}, ${version.at?.slice(0, 10)}.`), c);
          assert.ok(c.includes(` http://localhost${path}#`), c);
          assert.ok(c.endsWith('Licence CC BY 4.0.'), c);
        }
      }
    });

    test('the good-practice list and the data-quality findings as CSV and XLSX equal the API and the page', async () => {
      const api = (await (
        await site.request('/api/v1/good-practices?barrier=B05&pageSize=100')
      ).json()) as {
        total: number;
        items: { slug: string }[];
      };
      const csv = csvRecords(
        (
          await download(
            '/figures/good-practices.csv?barrier=B05',
            'text/csv',
            'good-practices.csv',
          )
        ).toString('utf8'),
      );
      assert.equal(csv[0]?.[0], 'slug');
      assert.deepEqual(
        csv.slice(1).map((r) => r[0]),
        api.items.map((i) => i.slug),
        'the rows are the filtered list, in its order',
      );
      assert.ok(api.total > 0 && csv.length - 1 === api.total);
      assert.ok(csv.slice(1).every((r) => (r[5] ?? '').split('; ').includes('B05')));
      const listed = await page('/good-practices?barrier=B05');
      assert.ok(
        listed.querySelector('a[href="/figures/good-practices.csv?barrier=B05"]'),
        'the page links its file',
      );

      const findingsPage = await page('/data-quality');
      const shown = findingsPage.querySelectorAll('ul.findings > li').length;
      const findings = csvRecords(
        (await download('/figures/data-quality.csv', 'text/csv', 'data-quality.csv')).toString(
          'utf8',
        ),
      );
      assert.equal(findings.length - 1, shown, 'one row per finding on the page');
      assert.ok(shown > 0);
      const book = new ExcelJS.Workbook();
      const xlsx = await download(
        '/figures/data-quality.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'data-quality.xlsx',
      );
      await book.xlsx.load(xlsx as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      assert.ok(sheet);
      const kinds = new Set<string>();
      sheet.eachRow((row, n) => {
        if (n > 1 && typeof row.getCell(1).value === 'string')
          kinds.add(String(row.getCell(1).value));
      });
      assert.ok(kinds.size > 1, 'several kinds of finding in the workbook');
    });

    test('an unknown figure or format is a 404 naming the figures; a bad filter a 400', async () => {
      for (const path of [
        '/figures/nothing.csv',
        '/figures/barrier-matrix.svg',
        '/figures/prevalence',
        '/figures/regions/ES51/nothing.csv',
        '/figures/a/b/c',
      ]) {
        const res = await site.request(path);
        assert.equal(res.status, 404, path);
        const text = await res.text();
        assert.match(text, /there is no figure/i, path);
        assert.match(text, /\/figures\/barrier-matrix\.xlsx/, `${path}: the figures are named`);
      }
      assert.equal((await site.request('/figures/regions/XX99/initiatives.csv')).status, 404);
      assert.equal((await site.request('/figures/prevalence.csv?evidence=rumours')).status, 400);
      assert.equal(
        (await site.request('/figures/compare.csv?region=ES51&region=NOPE')).status,
        400,
      );
    });

    test('a file speaks the language of the request', async () => {
      const csv = (
        await download('/figures/barrier-matrix.csv', 'text/csv', 'barrier-matrix.csv', {
          headers: { 'accept-language': 'de' },
        })
      ).toString('utf8');
      assert.match(csv, /^\uFEFFbarrier_code,Hürde,/);
      assert.match(csv, /\nstatements,Aussagen \(jede einmal\),/);
    });
  });
}
