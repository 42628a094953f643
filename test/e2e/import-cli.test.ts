import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliSandbox } from '../helpers/cli.ts';
import { ROOT } from '../helpers/fixtures.ts';

const { dir, atlas } = cliSandbox('atlas-import-cli-');
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'import', name);

describe('atlas import', () => {
  before(() => {
    assert.equal(atlas('db', 'seed').code, 0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the plan by default and writes nothing', () => {
    const r = atlas('import', fixture('pdf-appendix.tsv'));
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^Import plan for pdf-appendix\.tsv \(CSV, utf-8, delimiter "\\t", header on row 1\)/,
    );
    assert.match(r.out, /Link to information \(website\) → website \(recognised\)/);
    assert.match(r.out, /rows 4\+6 +blocked +system-demonstrator/);
    assert.match(
      r.out,
      /changed +website: "N\/A" → "" \(not a link: kept as the reason there is no website\)/,
    );
    assert.match(r.out, /DECIDE +rows 4, 6 look like one record split over 2 lines/);
    assert.match(r.out, /Dry run: nothing was written\. Add --apply to write this plan\./);
    const after = JSON.parse(atlas('search', '--json').out);
    assert.equal(after.total, 8);
  });

  test('--json gives the same plan as one JSON document', () => {
    const r = atlas('import', fixture('duplicated-row-number.csv'), '--json');
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out);
    assert.equal(plan.file.file, 'duplicated-row-number.csv');
    assert.equal(plan.rows.length, 5);
    assert.equal(plan.summary.actions.decide, 2);
    assert.equal(plan.summary.sha256.length, 64);
    assert.deepEqual(plan.rows[2].flags[0].value, '89');
  });

  test('--apply with open questions exits 1 and writes nothing; with decisions it applies, and again changes nothing', () => {
    const refused = atlas('import', fixture('duplicated-row-number.csv'), '--apply', '--summary');
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /nothing was written: 0 rows are blocked and 2 rows wait for a decision/,
    );
    // The refusal is said once (the reason on standard error), not once per stream.
    assert.equal(`${refused.out}${refused.err}`.split('nothing was written').length - 1, 1);
    assert.match(refused.out, /Not applied\.$/m);
    const decide = ['--decide', '4=keep', '--decide', '6=merge'];
    const applied = atlas(
      'import',
      fixture('duplicated-row-number.csv'),
      ...decide,
      '--apply',
      '--summary',
      '--progress',
    );
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /4 to create, 0 to update, 1 to merge/);
    assert.match(applied.err, /\[#+\] 100% +5 rows +[\d,]+ rows\/s/);
    const again = atlas(
      'import',
      fixture('duplicated-row-number.csv'),
      ...decide,
      '--apply',
      '--summary',
    );
    assert.match(again.out, /0 to create, 0 to update, 0 to merge, 5 unchanged/);
    assert.match(again.out, /Applied: nothing needed writing\./);
  });

  test('bad options and files get one line saying what to do', () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /give one file to import/],
      [
        ['x.csv', '--decide', '12=maybe'],
        2,
        /--decide must be one of merge, keep, skip, accept, not "maybe"/,
      ],
      [['x.csv', '--map', 'Name=nom'], 2, /--map: "nom" is not a field/],
      [['x.csv', '--default', 'colour=red'], 2, /--default: "colour" is not a field/],
      [['x.csv', '--delimiter', ';;'], 2, /--delimiter must be one character/],
      [[join(dir, 'missing.csv')], 1, /cannot read .*missing\.csv: ENOENT/],
      [
        [fixture('pdf-appendix.tsv'), '--preset', 'nope'],
        2,
        /there is no import preset named nope/,
      ],
      [
        [fixture('pdf-appendix.tsv'), '--map', 'Colour=name'],
        2,
        /--map names a column "Colour" that the file does not have/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const r = atlas('import', ...args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message, args.join(' '));
    }
    const fake = join(dir, 'fake.xlsx');
    writeFileSync(fake, 'a,b\n');
    const r = atlas('import', fake);
    assert.equal(r.code, 1);
    assert.match(r.err, /^atlas import: fake\.xlsx: is named \.xlsx but is not an Excel workbook/);
  });

  test("--map reaches columns headed like object members, and the plan prints the reader's flags", () => {
    const path = join(dir, 'members.csv');
    writeFileSync(
      path,
      '__proto__,constructor,Country,Scope,Status,Domain,Type\nProto Name,Ctor summary,SE,national,ongoing,ecosystem,partnership,beyond\n',
    );
    const r = atlas(
      'import',
      path,
      '--map',
      '__proto__=name',
      '--map',
      'constructor=summary',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const plan = JSON.parse(r.out);
    assert.deepEqual(
      plan.mapping.slice(0, 2).map((c: { header: string; target: string }) => [c.header, c.target]),
      [
        ['__proto__', 'name'],
        ['constructor', 'summary'],
      ],
    );
    assert.equal(plan.rows[0].name, 'Proto Name');
    assert.equal(plan.rows[0].slug, 'proto-name');
    assert.deepEqual(
      plan.rows[0].flags.map((f: { field: string }) => f.field),
      ['column 8'],
    );
    const text = atlas('import', path, '--map', '__proto__=name');
    assert.match(
      text.out,
      /kept +column 8 "beyond": the row has 8 cells, the header 7: this cell is kept as the extra field “column 8”/,
    );
  });
});
