import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cliSandbox } from '../helpers/cli.ts';

const { dir, atlas } = cliSandbox('atlas-backup-cli-');

describe('atlas backup and atlas restore', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('each has its own help, and a wrong command line exits 2 with one line', () => {
    for (const c of ['backup', 'restore']) {
      const h = atlas(c, '--help');
      assert.equal(h.code, 0);
      assert.match(h.out, new RegExp(`^Usage: atlas ${c} FILE`));
      const none = atlas(c);
      assert.equal(none.code, 2);
      assert.match(none.err, /^atlas \w+: give one (backup )?file/);
    }
    assert.match(atlas('restore', '--help').out, /Stop "atlas serve" first/);
    assert.equal(atlas('restore', 'x', '--overwrite').code, 2);
  });

  test('backup, then restore refuses the seeded database without --force and restores with it', () => {
    assert.equal(atlas('db', 'seed').code, 0);
    const b = atlas('backup', 'copy.backup');
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /^copy\.backup: sqlite backup, [\d,]+ bytes/);
    const refused = atlas('restore', 'copy.backup');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /run again with --force/);
    const r = atlas('restore', 'copy.backup', '--force');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /restored from copy\.backup \(sqlite\)/);
    assert.equal(JSON.parse(atlas('search', '--json').out).total, 8);
  });

  test('a file that is not a backup is refused with exit 1 and what it is not', () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a database');
    const r = atlas('restore', 'notes.txt', '--force');
    assert.equal(r.code, 1);
    assert.match(r.err, /notes\.txt is not an atlas backup/);
  });
});
