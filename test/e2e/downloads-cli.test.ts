import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliSandbox } from '../helpers/cli.ts';

const { dir, atlas } = cliSandbox('atlas-downloads-cli-');
/** The sandbox's DOWNLOADS_DIR (see helpers/cli.ts). */
const downloads = join(dir, 'downloads');
const FILES = [
  'permed-atlas-csv.zip',
  'permed-atlas.xlsx',
  'permed-atlas.json',
  'permed-atlas-data-dictionary.json',
  'permed-atlas-data-dictionary.csv',
  'SHA256SUMS',
];

describe('atlas downloads', () => {
  before(() => {
    const seeded = atlas('db', 'seed');
    assert.equal(seeded.code, 0, seeded.err);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('is listed in the help, with its own help', () => {
    assert.match(atlas('--help').out, /\n {2}downloads +build the bulk downloads/);
    const h = atlas('downloads', '--help');
    assert.equal(h.code, 0);
    assert.match(h.out, /^Usage: atlas downloads \[--json\]/);
    assert.match(h.out, /DOWNLOADS_DIR/);
    const wrong = atlas('downloads', '--nope');
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--nope/);
  });

  test('builds the files and prints each with its size and the SHA-256 of its bytes', () => {
    const r = atlas('downloads');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.ok(lines[0]?.startsWith(`Bulk downloads in ${downloads} (g-`), lines[0]);
    assert.match(lines[0] ?? '', /\(g-[^)]+\), \d+ ms:$/);
    const generation = /\((g-[^)]+)\)/.exec(lines[0] ?? '')?.[1] ?? '';
    const listed = lines.slice(1, 1 + FILES.length).map((line) => {
      const m = /^ {2}(\S+) +([\d.]+ (?:B|KiB|MiB)) {2}([0-9a-f]{64})$/.exec(line);
      assert.ok(m, `"${line}" names a file, its size and its checksum`);
      return { name: m[1], size: m[2], sha256: m[3] };
    });
    assert.deepEqual(
      listed.map((f) => f.name),
      FILES,
    );
    for (const f of listed) {
      const bytes = readFileSync(join(downloads, generation, f.name ?? ''));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, f.name);
    }
    assert.match(lines.at(-1) ?? '', /^Data as of .*: initiatives 8, regions \d+, /);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], {
      cwd: join(downloads, generation),
      encoding: 'utf8',
    });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  test('--json prints the manifest; running again makes a new generation and keeps the previous', () => {
    const first = readdirSync(downloads).filter((n) => n.startsWith('g-'));
    const r = atlas('downloads', '--json');
    assert.equal(r.code, 0, r.err);
    const manifest = JSON.parse(r.out);
    assert.deepEqual(
      manifest.files.map((f: { name: string }) => f.name),
      FILES,
    );
    assert.equal(manifest.counts.initiatives, 8);
    const { dir: printedDir, ...published } = manifest;
    assert.equal(printedDir, downloads);
    assert.deepEqual(JSON.parse(readFileSync(join(downloads, 'manifest.json'), 'utf8')), published);
    const now = readdirSync(downloads).filter((n) => n.startsWith('g-'));
    assert.ok(now.includes(manifest.generation));
    assert.equal(now.length, Math.min(first.length + 1, 2));
  });
});
