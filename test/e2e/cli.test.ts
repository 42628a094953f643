import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
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
    assert.match(text.out, /^1 initiative/);
    assert.match(text.out, /ATMP Catalonia/);
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
    assert.match(c.err, /unknown country "Narnia"; allowed values: DE, ES, SE, UA/);
  });

  test('stats --json counts follow from the records', () => {
    const r = atlas('stats', '--json');
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out);
    assert.equal(s.total, 8);
    assert.equal(s.domainByType.total, 8);
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
    // The fixtures carry two non-values in link fields and one malformed scope.
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records[0]?.key]),
      [
        ['link_non_value', 'camp'],
        ['link_non_value', 'roadmap-precision-medicine-sweden'],
        ['malformed_scope', 'oesi'],
      ],
    );
    assert.match(atlas('check').out, /3 findings$/m);
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
