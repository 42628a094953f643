import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = 'src/db/migrations';
const LIST = 'test/fixtures/migrations.sha256';

/** The shipped migration files and their SHA-256, as `sha256sum` writes them. */
function shipped(): Map<string, string> {
  const lines = readFileSync(join(ROOT, LIST), 'utf8').split('\n').filter(Boolean);
  return new Map(
    lines.map((line) => {
      const [hash, file] = line.split(/\s+\*?/);
      return [file as string, hash as string];
    }),
  );
}

const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(join(ROOT, file)))
    .digest('hex');

test('no shipped migration file has been edited (migrations are append-only)', () => {
  const list = shipped();
  assert.ok(list.size >= 10, `${LIST} lists the shipped migrations`);
  for (const [file, hash] of list) {
    assert.equal(
      sha256(file),
      hash,
      `${file} changed after it shipped. Databases that already ran it will never see the change: undo the edit and append a new migration (a new file and name at the end of ${DIR}/index.ts) that makes it.`,
    );
  }
});

test('every migration file is listed as shipped, with its hash', () => {
  const list = shipped();
  // index.ts only lists the migrations and runs them, so it grows with every new one.
  const files = readdirSync(join(ROOT, DIR))
    .filter((f) => f !== 'index.ts')
    .map((f) => `${DIR}/${f}`);
  for (const file of files) {
    assert.ok(
      list.has(file),
      `${file} is not in ${LIST}. Once it is final, add it: sha256sum ${file} >> ${LIST}`,
    );
  }
});
