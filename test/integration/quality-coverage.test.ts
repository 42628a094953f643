import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRef } from '../../src/domain/schemas.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { checkDataQuality } from '../../src/services/quality.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** A printed row number, as opposed to a label such as "reference [17]". */
const numbered = (s: SourceRef) => s.row !== undefined && /^\d+$/.test(s.row);

for (const dialect of DIALECTS) {
  describe(`records absent from their document's table, on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
    });
    after(async () => {
      await t?.dispose();
    });

    test('the check names the D3.1 initiatives its text describes and its appendix leaves out, and nothing else', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const d31 = 'preciseu-d3-1';
      const initiatives = data.initiatives.filter((i) => i.sources.some((s) => s.source === d31));
      const appendix = new Set(
        initiatives.flatMap((i) => i.sources.filter((s) => s.source === d31 && numbered(s))),
      );
      const textOnly = initiatives.filter((i) => !i.sources.some((s) => appendix.has(s)));
      // The atlas knows six initiatives named only in the D3.1 text.
      assert.equal(textOnly.length, 6);

      const findings = (await checkDataQuality(t.db)).filter((f) => f.kind === 'absent_from_table');
      assert.deepEqual(
        findings.map((f) => f.records.map((r) => r.key).join()).sort(),
        textOnly.map((i) => i.slug).sort(),
      );
      for (const i of textOnly) {
        const f = findings.find((x) => x.records[0]?.key === i.slug);
        assert.ok(f?.message.startsWith(`${i.name}: PRECISEU D3.1`), f?.message);
        for (const s of i.sources.filter((x) => x.source === d31))
          assert.ok(f?.message.includes(`“${s.section}”`), `${i.slug} names ${s.section}`);
        assert.match(f?.message ?? '', /its table \(“7 Appendix”\) has no row for it/);
      }
    });

    test("with the sources' texts at hand, the check also reads them: the D3.1 sentence announcing 4 regions and naming 5", async () => {
      const textsDir = join(ROOT, '../shared/seeds');
      if (!existsSync(textsDir)) return; // the texts travel beside the repository (CI has them)
      const without = await checkDataQuality(t.db);
      assert.equal(without.filter((f) => f.kind === 'announced_count').length, 0);
      const found = (await checkDataQuality(t.db, { textsDir })).filter(
        (f) => f.kind === 'announced_count',
      );
      assert.equal(found.length, 1);
      assert.match(found[0]?.message ?? '', /^PRECISEU D3\.1.*announces 4 .* but lists 5/);
      // A folder without the texts changes nothing but that rule's input.
      const missing = await checkDataQuality(t.db, { textsDir: join(ROOT, 'no-such-folder') });
      assert.equal(missing.length, without.length);
    });
  });
}
