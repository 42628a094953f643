import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EXPORT_FORMATS } from '../../src/io/export.ts';
import { regenerateDownloads } from '../../src/services/bulk-downloads.ts';
import { EXPORT_ENTITIES, prepareDatasetExport } from '../../src/services/exports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** The SHA-256 of what a prepared export writes. */
async function exportDigest(write: (out: PassThrough) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const hash = createHash('sha256');
  out.on('data', (c: Buffer) => hash.update(c));
  await write(out);
  out.end();
  return hash.digest('hex');
}

/** Digests of every export (each format, the whole dataset and each entity alone). */
async function allExports(t: TestDb): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const format of EXPORT_FORMATS) {
    for (const entity of [undefined, ...(format === 'geojson' ? [] : EXPORT_ENTITIES)]) {
      const prepared = await prepareDatasetExport(t.db, format, entity);
      digests.set(`${entity ?? 'dataset'}.${format}`, await exportDigest((o) => prepared.write(o)));
    }
  }
  return digests;
}

for (const dialect of DIALECTS) {
  describe(`downloads for the same data on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    const dirs: string[] = [];
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
    });
    after(async () => {
      await t?.dispose();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    test('are byte-identical when generated again a year later', async (ctx) => {
      const generateAt = async (now: number) => {
        // Only Date is faked: the writers read the clock through it; timers run as usual.
        ctx.mock.timers.enable({ apis: ['Date'], now });
        try {
          const dir = mkdtempSync(join(tmpdir(), 'atlas-same-'));
          dirs.push(dir);
          const manifest = await regenerateDownloads(t.db, { dir });
          const files = new Map(manifest.files.map((f) => [f.name, f.sha256]));
          return { manifest, files, exports: await allExports(t) };
        } finally {
          ctx.mock.timers.reset();
        }
      };
      const first = await generateAt(Date.UTC(2026, 0, 15, 9, 30, 7));
      const second = await generateAt(Date.UTC(2027, 5, 3, 17, 11, 53));
      // The clock did reach the generations (their names and times differ)...
      assert.notEqual(first.manifest.generatedAt, second.manifest.generatedAt);
      // ...and no file carries it: every bulk file and every export has the same bytes.
      assert.ok(first.files.has('permed-atlas.xlsx'), [...first.files.keys()].join(', '));
      assert.ok(first.files.size >= 5);
      assert.deepEqual(second.files, first.files);
      assert.ok(first.exports.size > EXPORT_ENTITIES.length * 2);
      assert.deepEqual(second.exports, first.exports);
    });
  });
}
