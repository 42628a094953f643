import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/**
 * An upload is read from a copy kept in the database, under a name of the atlas's choosing. Its
 * import cites the name the person sent, owned by their account: before, every web upload cited
 * "upload.csv", so one person's row matching another person's imported record was taken as a
 * re-import of the same file and updated that record without a question.
 */
for (const dialect of DIALECTS) {
  describe(`the source an upload's import cites on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let dir: string;
    const HEADER = 'Name,Website,Country,Geographical scope,Status,Domain,Type';
    /** A copy as the upload page writes it: the same name whoever sent it. */
    const copy = (rows: string[]) => {
      const file = join(dir, 'upload.csv');
      writeFileSync(file, [HEADER, ...rows].join('\n'));
      return file;
    };
    const plan = async (file: string, owner: string, apply = false) => {
      const rows: PlanRow[] = [];
      const summary = await importInitiatives(t.db, file, {
        apply,
        source: { name: 'initiatives.csv', owner },
        onRow: (r) => rows.push(r),
      });
      return { summary, actions: rows.map((r) => r.action) };
    };

    before(async () => {
      t = await dialect.open();
      dir = mkdtempSync(join(tmpdir(), 'atlas-upload-source-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.dispose();
    });

    test("another person's file of the same name is not a re-import of the first one's", async () => {
      const first = copy([
        'Valls Cohort Walk,https://valls.example.org,Spain,Regional,Ongoing,R&I,Partnership',
      ]);
      const applied = await plan(first, 'account 1', true);
      assert.deepEqual(applied.actions, ['create']);
      const [source] = await t.db.kysely
        .selectFrom('sources')
        .select(['title', 'code'])
        .where('code', 'like', 'import-%')
        .execute();
      assert.equal(source?.title, 'initiatives.csv', 'the name the person sent is cited');

      const changed = copy([
        'Valls Cohort Walk,https://valls.example.org,Spain,Regional,Planned,Policy,Ongoing project',
      ]);
      const same = await plan(changed, 'account 1');
      assert.deepEqual(same.actions, ['update'], 'the same person sending it again updates');
      const other = await plan(changed, 'account 2');
      assert.ok(
        !['update', 'unchanged'].includes(other.actions[0] ?? ''),
        `another person's row is not taken as theirs to update: ${other.actions[0]}`,
      );
    });
  });
}
