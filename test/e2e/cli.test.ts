import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.ts';
import { cliSandbox } from '../helpers/cli.ts';
import { ROOT } from '../helpers/fixtures.ts';

const { dir, atlas } = cliSandbox('atlas-cli-');

describe('atlas CLI', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('help lists every command, and each command has its own help', () => {
    const r = atlas('--help');
    assert.equal(r.code, 0);
    for (const c of ['serve', 'db migrate', 'db seed', 'search', 'stats']) {
      assert.match(r.out, new RegExp(`\\n  ${c} `));
      const h = atlas(...c.split(' '), '--help');
      assert.equal(h.code, 0, c);
      assert.match(h.out, new RegExp(`^Usage: atlas ${c}`), c);
    }
  });

  test('an unknown command or option fails with a one-line reason and exit code 2', () => {
    const r = atlas('frobnicate');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command "frobnicate"/);
    const o = atlas('stats', '--colour');
    assert.equal(o.code, 2);
    assert.match(o.err, /Unknown option '--colour'/);
    const g = atlas('db');
    assert.equal(g.code, 2);
    assert.match(g.err, /needs a subcommand: db migrate, db seed/);
  });

  test('db migrate, then db seed twice: the second run changes nothing', () => {
    assert.equal(atlas('db', 'migrate').code, 0);
    const first = atlas('db', 'seed', '--json');
    assert.equal(first.code, 0, first.err);
    assert.equal(JSON.parse(first.out).initiatives.created, 8);
    const second = atlas('db', 'seed', '--json');
    assert.deepEqual(JSON.parse(second.out).initiatives, { created: 0, updated: 0, unchanged: 8 });
  });

  test('search prints ranked hits, and --json gives the same result as data', () => {
    const text = atlas('search', 'advanced therapy');
    assert.equal(text.code, 0, text.err);
    // "therapy" also finds "therapies" (a word form of its stem): CAMP comes second.
    assert.match(text.out, /^2 initiatives/);
    assert.match(text.out, /1\. ATMP Catalonia[\s\S]*2\. CAMP/);
    const json = JSON.parse(atlas('search', 'swed', '--status', 'ongoing,planned', '--json').out);
    assert.equal(json.total, 3);
    assert.deepEqual(json.query.filters, { status: ['ongoing', 'planned'] });
    assert.ok(json.facets.domain.length > 0);
  });

  test('an unknown facet value is refused with the allowed values, and exit code 2', () => {
    const r = atlas('search', 'cancer', '--status', 'finished');
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /unknown status "finished"; allowed values: planned, ongoing, closed, permanent/,
    );
    const c = atlas('search', '--country', 'Narnia');
    assert.equal(c.code, 2);
    // Every country of the atlas's code list, with initiatives or not.
    assert.match(
      c.err,
      /unknown country "Narnia"; allowed values: AE, AM, .*, DE, .*, UA, US, ZA$/m,
    );
  });

  test('stats --json counts follow from the records', () => {
    const r = atlas('stats', '--json');
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.total, 8);
    assert.equal(s.domainByType.total, 8);
    // Every initiative is in one row: a reporting region's, or the count of those without one;
    // no made-up "(none)" region.
    const inRegions = s.byRegion.reduce((a: number, x: { n: number }) => a + x.n, 0);
    assert.equal(inRegions + s.withoutReportingRegion, s.total);
    assert.ok(!s.byRegion.some((x: { key: string }) => x.key === '(none)'));
    assert.deepEqual(
      s.byStatus.map((x: { key: string; n: number }) => [x.key, x.n]),
      [
        ['planned', 1],
        ['ongoing', 7],
      ],
    );
    const table = atlas('stats');
    assert.match(table.out, /Initiatives: 8/);
    assert.match(table.out, /Catalonia \(ES51\)\s+3/);
    const md = atlas('stats', '--markdown');
    assert.match(md.out, /^# PerMed Atlas: initiatives in figures/);
    assert.match(md.out, /\| Catalonia \(ES51\) \| 3 \|/);
    assert.equal(atlas('stats', '--json', '--markdown').code, 2);
  });

  test('check lists findings; --strict fails when there are any', () => {
    const r = atlas('check', '--json');
    assert.equal(r.code, 0, r.err);
    const findings = JSON.parse(r.out) as { kind: string; records: { key: string }[] }[];
    // The fixtures carry two non-values in link fields, one malformed scope, and one initiative
    // cited from D3.1's text only while the others cite its appendix rows.
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records[0]?.key]),
      [
        ['link_non_value', 'camp'],
        ['link_non_value', 'roadmap-precision-medicine-sweden'],
        ['malformed_scope', 'oesi'],
        ['absent_from_table', 'complementary-plan-biotechnology-health'],
      ],
    );
    assert.match(atlas('check').out, /4 findings$/m);
    assert.equal(atlas('check', '--strict').code, 1);
  });

  test('a bad DATABASE_URL is reported in one line', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), 'stats'], {
      env: { ...process.env, DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /DATABASE_URL must start with sqlite: .* or postgres:\/\//);
  });
});

describe('atlas CLI on a new database, and its messages', () => {
  const box = cliSandbox('atlas-cli-new-');
  const importFile = (name: string) => join(ROOT, 'test', 'fixtures', 'import', name);
  after(() => rmSync(box.dir, { recursive: true, force: true }));

  test('--help lists every environment variable the configuration reads, with its default', () => {
    const help = box.atlas('--help').out;
    const defaults = loadConfig({});
    assert.ok(CONFIG_VARIABLES.length >= 13);
    for (const v of CONFIG_VARIABLES) {
      const line = help.split('\n').find((l) => l.startsWith(`  ${v} `));
      assert.ok(line, `${v} is missing from atlas --help`);
      const value = defaults[v];
      if (typeof value === 'string' || typeof value === 'number') {
        assert.ok(line.endsWith(`; default ${value}`), line);
      }
    }
  });

  test('db seed --dir with a wrong folder names --dir, and leaves the database unmade', () => {
    const r = box.atlas('db', 'seed', '--dir', join(box.dir, 'nowhere'));
    assert.equal(r.code, 2);
    assert.match(r.err, /--dir \S+nowhere holds no reference files; give --dir the folder/);
    assert.doesNotMatch(r.err, /REFERENCE_DIR/);
    assert.equal(existsSync(join(box.dir, 'cli.db')), false);
    const partial = join(box.dir, 'partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'sources.json'), '[]');
    const p = box.atlas('db', 'seed', '--dir', partial);
    assert.match(p.err, /--dir \S+partial lacks regions\.json, initiatives\.json; give --dir/);
  });

  test('commands on an empty database say that it is empty and how to load the data', () => {
    for (const args of [['stats'], ['search', 'cancer'], ['check'], ['stats', '--json']]) {
      const r = box.atlas(...args);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /the database sqlite:\S+ is empty/, args.join(' '));
      assert.match(r.err, /"atlas db seed"/, args.join(' '));
    }
    // The JSON on standard output stays JSON.
    assert.equal(JSON.parse(box.atlas('stats', '--json').out).total, 0);
  });

  test('db seed prints an aligned table whose figures are those of --json', () => {
    const text = box.atlas('db', 'seed');
    assert.equal(text.code, 0, text.err);
    const lines = text.out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^Records\s+created\s+updated\s+unchanged$/);
    // Counts are right-aligned: every line ends where the heading ends.
    for (const l of lines) assert.equal(l.length, lines[0]?.length, l);
    const again = JSON.parse(box.atlas('db', 'seed', '--json').out) as Record<
      string,
      { unchanged: number }
    >;
    const row = (kind: string) => lines.find((l) => l.startsWith(`${kind} `))?.split(/\s{2,}/);
    assert.equal(Number(row('initiatives')?.[1]), again.initiatives?.unchanged);
    // The regions were there (migrating puts in the code lists): seeding updated them or kept them.
    const [, created, updated, unchanged] = row('regions') ?? [];
    assert.equal(Number(created), 0);
    assert.equal(Number(updated) + Number(unchanged), again.regions?.unchanged);
    assert.doesNotMatch(box.atlas('stats').err, /empty/);
  });

  test('import --save-preset without --apply saves nothing; a refusal is printed once', () => {
    const file = importFile('survey-export.xlsx');
    const dry = box.atlas('import', file, '--save-preset', 'survey', '--summary');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /preset survey was not saved: nothing is written without --apply/);
    const reuse = box.atlas('import', file, '--preset', 'survey', '--summary');
    assert.equal(reuse.code, 2, reuse.err);
    assert.match(reuse.err, /there is no import preset named survey/);

    const refused = box.atlas('import', importFile('duplicated-row-number.csv'), '--apply');
    assert.equal(refused.code, 1);
    const reason = /nothing was written: 0 rows are blocked and 2 rows wait for a decision/g;
    assert.equal(`${refused.out}\n${refused.err}`.match(reason)?.length, 1);
  });
});
