import assert from 'node:assert/strict';
import { createWriteStream, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { isAppError } from '../../src/domain/errors.ts';
import { openTable, type TableOptions } from '../../src/io/table.ts';
import { countHistory } from '../../src/repositories/history.ts';
import { countInitiatives } from '../../src/repositories/initiatives.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR, scratchFiles } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const { dir, file } = scratchFiles('atlas-import-files-');

/** Reads every row of a file; resolves to the rows or rejects with the error. */
async function readAll(path: string, options: TableOptions = {}) {
  const table = await openTable(path, options);
  const rows = [];
  for await (const r of table.rows()) rows.push(r);
  return { table, rows };
}

async function rejects(
  promise: Promise<unknown>,
  code: 'invalid_file' | 'too_large',
  message: RegExp,
): Promise<void> {
  await assert.rejects(promise, (e) => {
    assert.ok(isAppError(e, code), `expected ${code}, got ${String(e)}`);
    assert.match((e as Error).message, message);
    return true;
  });
}

/** A zip archive of the given parts, as yazl writes it. */
async function zip(name: string, parts: Record<string, Buffer>): Promise<string> {
  const z = new yazl.ZipFile();
  for (const [part, data] of Object.entries(parts)) z.addBuffer(data, part);
  z.end();
  const path = join(dir, name);
  await new Promise<void>((resolve, reject) => {
    z.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
  });
  return path;
}

describe('reading files as they come', () => {
  test('quoted fields with delimiters, quotes and line breaks inside, CRLF and a BOM', async () => {
    const path = file(
      'quoted.csv',
      '\uFEFFname,summary,scope\r\n"Alpha, the first","She said ""hi""\r\nthen left",national\r\nBeta,plain,regional\r\n',
    );
    const { table, rows } = await readAll(path);
    assert.deepEqual(table.headers, ['name', 'summary', 'scope']);
    assert.equal(table.info.delimiter, ',');
    assert.deepEqual(rows[0], {
      row: 2,
      cells: { name: 'Alpha, the first', summary: 'She said "hi"\r\nthen left', scope: 'national' },
    });
    assert.equal(rows[1]?.row, 3, 'row numbers count records, as a spreadsheet shows them');
  });

  test('the delimiter is found by the parser, not by counting characters', async () => {
    const pipes = file('pipes.txt', 'name|scope\n"a, b; c"|national\nd|local\n');
    assert.equal((await readAll(pipes)).table.info.delimiter, '|');
    const tabs = file('tabs.tsv', 'name\tscope\n"Semi; colon, comma"\tnational\n');
    assert.equal((await readAll(tabs)).table.info.delimiter, '\t');
  });

  test('UTF-16 big-endian with a byte-order mark, and little-endian without one', async () => {
    const text = 'name;scope\nÅre sjukhus;regional\n';
    const be = Buffer.from(text, 'utf16le').swap16();
    const withBom = file('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    assert.equal((await readAll(withBom)).rows[0]?.cells.name, 'Åre sjukhus');
    assert.equal((await readAll(withBom)).table.info.encoding, 'utf-16be');
    const noBom = file('le.csv', Buffer.from(text, 'utf16le'));
    const le = await readAll(noBom);
    assert.equal(le.table.info.encoding, 'utf-16le');
    assert.equal(le.rows[0]?.cells.name, 'Åre sjukhus');
  });

  test('a header that is not on the first line, blank lines, repeated and empty headers', async () => {
    const path = file('preamble.csv', '\n\nname,name,,scope\nA,B,C,national\n');
    const { table, rows } = await readAll(path);
    assert.equal(table.info.headerRow, 3);
    assert.deepEqual(table.headers, ['name', 'name (2)', 'column 3', 'scope']);
    assert.deepEqual(rows[0]?.cells, {
      name: 'A',
      'name (2)': 'B',
      'column 3': 'C',
      scope: 'national',
    });
  });
});

describe('reading workbooks and JSON', () => {
  test('XLSX: a chosen sheet by name or position, and a clear message for a missing one', async () => {
    const path = join(import.meta.dirname, '..', 'fixtures', 'import', 'survey-export.xlsx');
    const second = await readAll(path, { sheet: 'Choices' });
    assert.deepEqual(second.table.headers, ['Status']);
    assert.deepEqual(
      second.rows.map((r) => r.cells.Status),
      ['Active', 'Permanent', 'Being planned'],
    );
    assert.deepEqual((await readAll(path, { sheet: '2' })).table.headers, ['Status']);
    await rejects(
      readAll(path, { sheet: 'Answers' }),
      'invalid_file',
      /no sheet "Answers"; its sheets are: Form Responses 1, Choices/,
    );
  });

  test('JSON: an array of records, or the initiatives of an exported dataset', async () => {
    const arr = file(
      'list.json',
      JSON.stringify([
        { name: 'A', scopes: ['local', 'national'] },
        { name: 'B', extra: 1 },
      ]),
    );
    const a = await readAll(arr);
    assert.deepEqual(a.table.headers, ['name', 'scopes', 'extra']);
    assert.equal(a.rows[0]?.cells.scopes, 'local; national');
    const obj = file(
      'export.json',
      JSON.stringify({ regions: [{ code: 'SE' }], initiatives: [{ name: 'C' }] }),
    );
    assert.deepEqual((await readAll(obj)).rows, [{ row: 1, cells: { name: 'C' } }]);
  });
});

describe('files that are not what they claim, or too big', () => {
  test('a CSV named .xlsx, a workbook named .csv, an old .xls, and an empty file', async () => {
    await rejects(
      readAll(file('fake.xlsx', 'name,scope\nA,national\n')),
      'invalid_file',
      /is named \.xlsx but is not an Excel workbook.*--format csv/,
    );
    const real = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'import', 'survey-export.xlsx'),
    );
    await rejects(
      readAll(file('real.csv', real)),
      'invalid_file',
      /is a zip archive, not CSV; .*name it \.xlsx/,
    );
    await rejects(
      readAll(file('old.xls', 'x')),
      'invalid_file',
      /Excel 97-2003.*save it as \.xlsx or \.csv/,
    );
    await rejects(readAll(file('empty.csv', '')), 'invalid_file', /is empty/);
  });

  test('a zip without a workbook, a cut-off workbook, binary data and invalid UTF-8 after the sample', async () => {
    await rejects(
      readAll(await zip('notes.xlsx', { 'notes.txt': Buffer.from('hello') })),
      'invalid_file',
      /without a workbook/,
    );
    const real = readFileSync(
      join(import.meta.dirname, '..', 'fixtures', 'import', 'survey-export.xlsx'),
    );
    await rejects(
      readAll(file('cut.xlsx', real.subarray(0, real.length - 200))),
      'invalid_file',
      /not a readable Excel workbook|damaged/,
    );
    await rejects(
      readAll(
        file(
          'binary.csv',
          Buffer.from([0x41, 0x00, 0x42, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x43, 0x44, 0x45, 0x46]),
        ),
      ),
      'invalid_file',
      /zero bytes/,
    );
    const late = Buffer.concat([
      Buffer.from(`name,scope\n${'Alpha,national\n'.repeat(6000)}`),
      Buffer.from([0xff, 0xfe, 0x0a]),
    ]);
    await rejects(
      readAll(file('late.csv', late)),
      'invalid_file',
      /not valid UTF-8 between bytes \d+ and \d+; .*--encoding windows-1252/,
    );
  });
});

describe('archives and sizes that would exhaust memory', () => {
  test('a zip bomb is refused from its listing, before anything is inflated', async () => {
    const bomb = await zip('bomb.xlsx', {
      '[Content_Types].xml': Buffer.from('<Types/>'),
      'xl/workbook.xml': Buffer.from('<workbook/>'),
      'xl/worksheets/sheet1.xml': Buffer.alloc(64 * 1024 * 1024),
    });
    const started = process.hrtime.bigint();
    await rejects(readAll(bomb), 'invalid_file', /inflates \d+ times, which only zip bombs do/);
    assert.ok(
      Number(process.hrtime.bigint() - started) / 1e6 < 5000,
      'refused without inflating 64 MiB',
    );
  });

  test('a zip whose listing lies about a part’s size is stopped while it is inflated into nowhere', async () => {
    const path = await zip('liar.xlsx', {
      'xl/workbook.xml': Buffer.from('<workbook/>'),
      'xl/worksheets/sheet1.xml': Buffer.alloc(8 * 1024 * 1024, 0x20),
    });
    // Rewrite the central directory so that the sheet claims to inflate to 1,000 bytes.
    const bytes = readFileSync(path);
    for (let i = bytes.length - 22; i >= 0; i--) {
      if (bytes.readUInt32LE(i) !== 0x02014b50) continue;
      const nameLength = bytes.readUInt16LE(i + 28);
      if (bytes.toString('utf8', i + 46, i + 46 + nameLength) === 'xl/worksheets/sheet1.xml') {
        bytes.writeUInt32LE(1000, i + 24);
      }
    }
    writeFileSync(path, bytes);
    await rejects(readAll(path), 'invalid_file', /misdeclared part xl\/worksheets\/sheet1\.xml/);
  });

  test('a file over the size limit is refused from its size alone; row, column and cell limits hold', async () => {
    const big = join(dir, 'huge.csv');
    writeFileSync(big, 'name\n');
    truncateSync(big, 1024 * 1024 * 1024 + 1); // sparse: no disk is used
    await rejects(readAll(big), 'too_large', /more than the limit of 1073741824; split the file/);
    const rows = file('rows.csv', `name\n${'a\n'.repeat(20)}`);
    await rejects(readAll(rows, { limits: { maxRows: 10 } }), 'too_large', /more than 10 rows/);
    const wide = file('wide.csv', `${Array.from({ length: 30 }, (_, i) => `c${i}`).join(',')}\n`);
    await rejects(
      readAll(wide, { limits: { maxColumns: 20 } }),
      'invalid_file',
      /30 columns, more than the limit of 20/,
    );
    const long = file('long.csv', `name\n"${'x'.repeat(500)}"\n`);
    await rejects(
      readAll(long, { limits: { maxCellChars: 100 } }),
      'invalid_file',
      /row 2 has a cell of 500 characters/,
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`a bad file changes nothing (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
    });
    after(async () => t?.dispose());

    test('an error in the middle of a file rolls back the rows before it', async () => {
      const good = 'Name,Country,Scope,Status,Domain,Type\n';
      const rows = Array.from(
        { length: 3000 },
        (_, i) => `Initiative ${i},SE,national,ongoing,ecosystem,partnership\n`,
      ).join('');
      const path = file(
        'mid-error.csv',
        Buffer.concat([Buffer.from(good + rows), Buffer.from([0xc3, 0x28, 0x0a])]),
      );
      const before = [await countInitiatives(t.db.kysely), await countHistory(t.db.kysely)];
      await rejects(
        importInitiatives(t.db, path, { apply: true }),
        'invalid_file',
        /not valid UTF-8/,
      );
      assert.deepEqual(
        [await countInitiatives(t.db.kysely), await countHistory(t.db.kysely)],
        before,
      );
    });

    test('a file without a name column names its columns and the way to map one', async () => {
      const path = file('no-name.csv', 'Titel der Sache,Land\nA,SE\n');
      await assert.rejects(
        importInitiatives(t.db, path),
        /no column was recognised as the initiative's name \(columns: Titel der Sache, Land\); map one with --map "HEADER=name"/,
      );
    });
  });
}
