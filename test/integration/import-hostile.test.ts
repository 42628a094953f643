import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { RENAMED_PROTO } from '../../src/analysis/import/draft.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { MAX_JSON_DEPTH, openTable } from '../../src/io/table.ts';
import { numberLoss } from '../../src/io/table-json.ts';
import { PositionFiller } from '../../src/io/xlsx-positions.ts';
import { findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import { importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR, scratchFiles } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * Files written to lose data or break the importer: headers that are names of JavaScript's
 * object members, ragged rows, numbers a float cannot hold, control characters, nesting that
 * would overflow the stack, and workbooks without cell positions.
 */

const { dir, file } = scratchFiles('atlas-import-hostile-');

const HEAD = 'Name,Country,Scope,Status,Domain,Type';
const FIELDS = 'SE,national,ongoing,ecosystem,partnership';
const MEMBER_HEADERS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

/** Imports with --apply and every decision given, collecting the row plans. */
async function apply(t: TestDb, path: string, options = {}) {
  const rows: PlanRow[] = [];
  const summary = await importInitiatives(t.db, path, {
    apply: true,
    duplicates: 'keep',
    onRow: (r) => rows.push(r),
    ...options,
  });
  assert.equal(summary.refused, undefined, JSON.stringify(rows, null, 1));
  return { summary, rows };
}

/** Reads every row of a file. */
async function readAll(path: string) {
  const table = await openTable(path);
  const rows = [];
  for await (const r of table.rows()) rows.push(r);
  return { table, rows };
}

/** A minimal XLSX workbook whose one sheet holds the given rows' XML. */
async function workbookXml(name: string, sheetRows: string): Promise<string> {
  const ns = 'http://schemas.openxmlformats.org';
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  const z = new yazl.ZipFile();
  for (const [part, text] of Object.entries(parts)) z.addBuffer(Buffer.from(text), part);
  z.end();
  const path = join(dir, name);
  await new Promise<void>((resolve, reject) => {
    z.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
  });
  return path;
}

/** A workbook of inline strings, its rows and cells with positions (as Excel writes) or without. */
function workbook(name: string, rows: string[][], positions: 'all' | 'none'): Promise<string> {
  const col = (i: number) => String.fromCharCode(65 + i);
  const r = (text: string) => (positions === 'all' ? ` r="${text}"` : '');
  const xml = rows
    .map(
      (cells, n) =>
        `<row${r(String(n + 1))}>${cells.map((c, i) => `<c${r(`${col(i)}${n + 1}`)} t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  return workbookXml(name, xml);
}

/** The worksheet XML through PositionFiller, fed in chunks of `size` bytes. */
async function fillPositions(xml: string, size: number): Promise<string> {
  const filler = new PositionFiller();
  const out: Buffer[] = [];
  filler.on('data', (c: Buffer) => out.push(Buffer.from(c)));
  const bytes = Buffer.from(xml);
  for (let i = 0; i < bytes.length; i += size) filler.write(bytes.subarray(i, i + size));
  filler.end();
  await new Promise((resolve) => filler.on('end', resolve));
  return Buffer.concat(out).toString('utf8');
}

describe('pieces of the readers', () => {
  test('positions are filled the same however the XML stream is cut, multi-byte text included', async () => {
    const xml =
      '<sheetData><row><c t="s"><v>0</v></c><c/><c r="E1"><v>1</v></c><c><v>2</v></c></row><row r="4"><c><is><t>Köln → Málaga</t></is></c></row><row><c/></row></sheetData><cols><col min="1"/></cols>';
    const expected =
      '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="E1"><v>1</v></c><c r="F1"><v>2</v></c></row><row r="4"><c r="A4"><is><t>Köln → Málaga</t></is></c></row><row r="5"><c r="A5"/></row></sheetData><cols><col min="1"/></cols>';
    for (const size of [1, 2, 3, 5, 7, 64, 10_000])
      assert.equal(await fillPositions(xml, size), expected, `chunks of ${size}`);
  });

  test('a JSON number is flagged only when a number would change it', () => {
    const kept = ['0', '-0', '42', '1.5', '1.50', '1e3', '1E-7', '9007199254740991', '0.1', '100'];
    for (const text of kept) assert.equal(numberLoss(text), undefined, text);
    const lost: [string, RegExp][] = [
      ['1e400', /beyond the range of numbers \(it would read as Infinity\)/],
      ['-1e400', /it would read as -Infinity/],
      ['9007199254740993', /whole number beyond 2\^53/],
      ['123456789012345678901234567890', /whole number beyond 2\^53/],
      [
        '0.12345678901234567890',
        /more digits than a number holds \(it would read as 0\.12345678901234568\)/,
      ],
      ['1e-400', /closer to zero than a number can be \(it would read as 0\)/],
    ];
    for (const [text, problem] of lost) assert.match(numberLoss(text) ?? '', problem, text);
  });
});

describe('files that would break the reader', () => {
  test(`JSON nested 100,000 levels deep fails with one message naming the file and the limit of ${MAX_JSON_DEPTH}`, async () => {
    const depth = 100_000;
    const deep = {
      'deep.json': `[{"name":${'['.repeat(depth)}${']'.repeat(depth)}}]`,
      // An exported dataset: the depth is beside its "initiatives", where stream-json's filter would stop first.
      'deep-wrapped.json': `{"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"initiatives":[{"name":"A"}]}`,
    };
    for (const [name, text] of Object.entries(deep)) {
      await assert.rejects(readAll(file(name, text)), (e) => {
        assert.ok(isAppError(e, 'too_large'), String(e));
        assert.match(
          (e as Error).message,
          new RegExp(
            `^${name.replace('.', '\\.')}: nests values more than ${MAX_JSON_DEPTH} levels deep`,
          ),
        );
        return true;
      });
    }
  });

  test('JSON nested just within the limit is read, its structure kept as JSON text', async () => {
    // The record is level 2 and its value opens the rest.
    const inner = MAX_JSON_DEPTH - 2;
    const path = file(
      'deep-ok.json',
      `[{"name":"A","x":${'['.repeat(inner)}1${']'.repeat(inner)}}]`,
    );
    const table = await openTable(path);
    const rows = [];
    for await (const r of table.rows()) rows.push(r);
    assert.equal(rows[0]?.cells.x, `${'['.repeat(inner)}1${']'.repeat(inner)}`);
  });

  test('an XLSX file whose rows and cells have no r attribute is read, positions implied by order', async () => {
    const rows = [
      ['name', 'home country', 'note'],
      ['Alpha', 'SE', 'first'],
      ['Beta', 'NO', 'second'],
    ];
    const without = await readAll(await workbook('no-positions.xlsx', rows, 'none'));
    const withR = await readAll(await workbook('with-positions.xlsx', rows, 'all'));
    assert.deepEqual(without.table.headers, ['name', 'home country', 'note']);
    assert.deepEqual(without.rows, withR.rows);
    assert.deepEqual(without.rows[1], {
      row: 3,
      cells: { name: 'Beta', 'home country': 'NO', note: 'second' },
    });
  });

  test('a cell with a position sets where the next cells without one go', async () => {
    // Row 2: A2 without r, then r="C2", then one without r, which is D2.
    const xml = `<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row><row><c t="inlineStr"><is><t>1</t></is></c><c r="C2" t="inlineStr"><is><t>3</t></is></c><c><v>4</v></c></row>`;
    const { rows } = await readAll(await workbookXml('mixed-positions.xlsx', xml));
    assert.deepEqual(rows[0], { row: 2, cells: { a: '1', c: '3', d: '4' } });
  });

  test('a workbook whose sheet is not well-formed XML fails with one message naming the file', async () => {
    const xml =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2"><v>1</v></row>';
    await assert.rejects(readAll(await workbookXml('broken.xlsx', xml)), (e) => {
      assert.ok(isAppError(e, 'invalid_file'), String(e));
      assert.match((e as Error).message, /^broken\.xlsx: cannot be read as an Excel workbook \(/);
      return true;
    });
  });
});

for (const dialect of DIALECTS) {
  describe(`every cell arrives (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
    });
    after(async () => t?.dispose());

    const stored = async (slug: string) => {
      const r = await findInitiativeBySlug(t.db.kysely, slug);
      assert.ok(r, `${slug} was written`);
      return r;
    };

    test('columns headed like object members are kept as extra fields; __proto__ under a name a record can carry', async () => {
      const path = file(
        'members.csv',
        `${HEAD},${MEMBER_HEADERS.join(',')}\nMembers Alpha,${FIELDS},p,c,t,h\n`,
      );
      const { rows } = await apply(t, path);
      const r = await stored('members-alpha');
      assert.deepEqual(r.extra, {
        [RENAMED_PROTO]: 'p',
        constructor: 'c',
        toString: 't',
        hasOwnProperty: 'h',
      });
      assert.ok(
        rows[0]?.flags.some((f) => f.field === '__proto__' && f.problem.includes(RENAMED_PROTO)),
      );
    });

    test('columns headed like object members can be mapped to fields', async () => {
      const path = file(
        'members-mapped.csv',
        `constructor,toString,hasOwnProperty,__proto__,Scope,Status,Domain,Type\nMapped Beta,MB,SE,a summary,${FIELDS.slice(3)}\n`,
      );
      // As the CLI builds it: own fields, __proto__ among them.
      const mapping = JSON.parse(
        '{"constructor":"name","toString":"acronym","hasOwnProperty":"home_country","__proto__":"summary"}',
      );
      await apply(t, path, { mapping });
      const r = await stored('mapped-beta');
      assert.equal(r.name, 'Mapped Beta');
      assert.equal(r.acronym, 'MB');
      assert.equal(r.homeCountry, 'SE');
      assert.equal(r.summary, 'a summary');
    });

    test('cells beyond the header are kept as extra fields and flagged; short rows read as empty cells', async () => {
      const path = file(
        'ragged.csv',
        `${HEAD}\nRagged Gamma,${FIELDS},beyond one,beyond two\nShort Delta,SE,national,ongoing,ecosystem\n`,
      );
      const { rows } = await apply(t, path, { defaults: { type: 'partnership' } });
      const r = await stored('ragged-gamma');
      assert.deepEqual(r.extra, { 'column 7': 'beyond one', 'column 8': 'beyond two' });
      const ragged = rows[0]?.flags.filter((f) =>
        /the row has 8 cells, the header 6/.test(f.problem),
      );
      assert.deepEqual(
        ragged?.map((f) => [f.field, f.value, f.severity]),
        [
          ['column 7', 'beyond one', 'kept'],
          ['column 8', 'beyond two', 'kept'],
        ],
      );
      assert.equal((await stored('short-delta')).type, 'partnership');
      assert.equal(rows[1]?.flags.length, 0);
    });

    test('JSON numbers a float cannot hold are kept as the file wrote them, and flagged', async () => {
      const path = file(
        'numbers.json',
        '[{"Name":"Numbers Epsilon","Country":"SE","Scope":"national","Status":"ongoing","Domain":"ecosystem","Type":"partnership",' +
          '"code":123456789012345678901234567890,"huge":1e400,"tiny":1e-400,"price":1.50,"count":42,"list":[9007199254740993,2]}]',
      );
      const { rows } = await apply(t, path);
      const r = await stored('numbers-epsilon');
      assert.deepEqual(r.extra, {
        code: '123456789012345678901234567890',
        huge: '1e400',
        tiny: '1e-400',
        price: '1.50',
        count: '42',
        list: '9007199254740993; 2',
      });
      const flagged = rows[0]?.flags.map((f) => [f.field, f.value]);
      assert.deepEqual(flagged, [
        ['code', '123456789012345678901234567890'],
        ['huge', '1e400'],
        ['tiny', '1e-400'],
        ['list', '9007199254740993'],
      ]);
      assert.match(
        rows[0]?.flags[1]?.problem ?? '',
        /beyond the range of numbers \(it would read as Infinity\): kept as the text of the file/,
      );
    });

    test('NUL and other control characters are removed from cells, flagged, and the import succeeds', async () => {
      // A zero byte in the first 64 KiB marks a binary file (tested in import-files); past it, a
      // NUL is a stray character in a text file, and removed like the others.
      const filler = Array.from(
        { length: 1000 },
        (_, i) => `Filler ${i},${FIELDS},${'x'.repeat(60)}\n`,
      ).join('');
      const csv = file(
        'controls.csv',
        `${HEAD},Notes\n${filler}Nul\u0000 Zeta\u0001,${FIELDS},"bell\u0007 and tab\tkept\r\nand lines"\n`,
      );
      const { rows } = await apply(t, csv);
      const r = await stored('nul-zeta');
      assert.equal(r.name, 'Nul Zeta');
      assert.equal(r.notes, 'bell and tab\tkept\r\nand lines');
      assert.deepEqual(
        rows[1000]?.flags.map((f) => [f.field, f.problem.replace(/ \(.*$/, '')]),
        [
          ['Name', 'removed 2 control characters'],
          ['Notes', 'removed 1 control character'],
        ],
      );
      const json = file(
        'controls.json',
        '[{"Name":"Nul\\u0000 Eta\\u001f","Country":"SE","Scope":"national","Status":"ongoing","Domain":"ecosystem","Type":"partnership","re\\u0000mark":"a\\u0000b"}]',
      );
      const fromJson = await apply(t, json);
      const e = await stored('nul-eta');
      assert.equal(e.name, 'Nul Eta');
      assert.deepEqual(e.extra, { remark: 'ab' });
      assert.match(fromJson.rows[0]?.flags[0]?.problem ?? '', /^removed 2 control characters/);
      assert.match(fromJson.summary.notes[0] ?? '', /^key “remark”: removed 1 control character /);
    });
  });
}
