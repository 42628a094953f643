import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import fc from 'fast-check';
import {
  DOMAINS,
  FUNDING_KINDS,
  SCOPES,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from '../../src/domain/codes.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { canonicalInitiative } from '../../src/domain/initiative.ts';
import { Initiative } from '../../src/domain/schemas.ts';
import type { ExportFormat } from '../../src/io/export.ts';
import { prepareDatasetExport } from '../../src/services/exports.ts';
import { importInitiatives } from '../../src/services/imports.ts';
import { saveInitiative } from '../../src/services/initiatives.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { storedInitiatives } from '../helpers/records.ts';
import { after, describe, test } from '../helpers/suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'atlas-import-props-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function seeded(open: () => Promise<TestDb>): Promise<TestDb> {
  const t = await open();
  await seedReference(t.db, FIXTURE_DIR, { now: '2026-01-01T00:00:00.000Z' });
  return t;
}

const codes = (list: readonly { code: string }[]) => list.map((c) => c.code);

/** Text as curators write it: trimmed, single spaces, with quotes, separators and formula characters. */
const text = (max: number) =>
  fc
    .stringMatching(new RegExp(`^[=+@'"\\-A-Za-zÀ-ÿĀ-žА-я0-9,;:()&./!? ]{1,${max}}$`))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
/** Longer text that may hold line breaks, tabs and quotes, as summaries do. */
const paragraph = fc
  .array(text(60), { minLength: 1, maxLength: 3 })
  .chain((parts) => fc.constantFrom('\n', '\r\n', '\t', ' ').map((sep) => parts.join(sep)));

const initiative = fc
  .record(
    {
      slug: fc.stringMatching(/^[a-z][a-z0-9]{2,10}(?:-[a-z0-9]{1,6}){0,2}$/),
      name: text(80),
      acronym: fc.option(fc.stringMatching(/^[A-Z][A-Z0-9]{1,7}$/), { nil: undefined }),
      summary: fc.option(paragraph, { nil: undefined }),
      website: fc.option(
        fc
          .tuple(fc.stringMatching(/^[a-z]{3,10}$/), fc.constantFrom('se', 'es', 'eu', 'org'))
          .map(([d, t]) => `https://www.${d}.${t}/`),
        { nil: undefined },
      ),
      homeCountry: fc.constantFrom('SE', 'ES', 'DE', 'UA'),
      scopes: fc.subarray(codes(SCOPES), { minLength: 1 }),
      scopeVerbatim: fc.option(text(40), { nil: undefined }),
      status: fc.constantFrom(...codes(STATUSES)),
      statusAsOf: fc.option(fc.constantFrom('2025-01', '2024-12-31'), { nil: undefined }),
      domain: fc.constantFrom(...codes(DOMAINS)),
      type: fc.constantFrom(...codes(STRUCTURAL_TYPES)),
      themes: fc.subarray(codes(THEMES)),
      funding: fc.array(
        fc.record({ funder: text(30), kind: fc.constantFrom(...codes(FUNDING_KINDS)) }),
        { maxLength: 2 },
      ),
      sources: fc.array(
        fc.record({
          source: fc.constant('preciseu-d3-1'),
          section: fc.option(text(20), { nil: undefined }),
          note: fc.option(paragraph, { nil: undefined }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      notes: fc.option(paragraph, { nil: undefined }),
      extra: fc.option(
        fc.dictionary(fc.stringMatching(/^extra_[a-z]{1,8}$/), text(30), { maxKeys: 2 }),
        { nil: undefined },
      ),
    },
    {
      requiredKeys: [
        'slug',
        'name',
        'homeCountry',
        'scopes',
        'status',
        'domain',
        'type',
        'themes',
        'funding',
        'sources',
      ],
    },
  )
  .map((i) => Initiative.safeParse({ regions: [], relations: [], ...i }))
  .filter((r) => r.success)
  .map((r) => canonicalInitiative(r.data as Initiative));

/** Writes the whole dataset of a database in a format to a file. */
async function exportTo(t: TestDb, format: ExportFormat, path: string): Promise<void> {
  const prepared = await prepareDatasetExport(t.db, format, 'initiatives', 'codes');
  const out = createWriteStream(path);
  await prepared.write(out);
  out.end();
  await finished(out);
}

const contentOf = storedInitiatives;

for (const dialect of DIALECTS) {
  describe(`import of any input (fast-check, ${dialect.name})`, { skip: dialect.skip }, () => {
    test('importing arbitrary bytes or CSV-like text never throws: it reports a clear error or a plan', async () => {
      const t = await seeded(dialect.open);
      try {
        const cell = fc.string({
          unit: fc.constantFrom(
            'a',
            'Ä',
            ',',
            ';',
            '\t',
            '"',
            '\n',
            '\r',
            ' ',
            '=',
            'N/A',
            'national',
            'SE',
            'ongoing',
          ),
        });
        const csvLike = fc
          .tuple(
            fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }),
            fc.constantFrom(',', ';', '\t', '|'),
          )
          .map(([rows, d]) =>
            Buffer.from(`name${d}country${d}scope\n${rows.map((r) => r.join(d)).join('\n')}`),
          );
        const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
        let n = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(csvLike, bytes),
            fc.constantFrom('csv', 'tsv', 'txt', 'json', 'xlsx'),
            async (content, ext) => {
              const path = join(dir, `arbitrary-${n++}.${ext}`);
              writeFileSync(path, content);
              try {
                const summary = await importInitiatives(t.db, path);
                assert.equal(summary.applied, false);
              } catch (e) {
                assert.ok(
                  isAppError(e),
                  `an unexpected ${String(e)} for ${JSON.stringify(content.toString('latin1'))}`,
                );
                assert.ok((e as Error).message.length > 10);
              }
            },
          ),
          { numRuns: 200 },
        );
      } finally {
        await t.dispose();
      }
    });
  });

  describe(`export → import (fast-check, ${dialect.name})`, { skip: dialect.skip }, () => {
    for (const format of ['csv', 'xlsx', 'json'] as const) {
      test(`export → import is the identity on generated datasets (${format})`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.uniqueArray(initiative, { selector: (i) => i.slug, minLength: 1, maxLength: 6 }),
            async (dataset) => {
              const source = await seeded(dialect.open);
              const target = await seeded(dialect.open);
              try {
                await source.db.kysely.transaction().execute(async (trx) => {
                  for (const i of dataset)
                    await saveInitiative(trx, i, 'test', '2026-02-01T00:00:00.000Z');
                });
                const file = join(dir, `round-trip.${format}`);
                await exportTo(source, format, file);
                const summary = await importInitiatives(target.db, file, { apply: true });
                assert.equal(summary.refused, undefined, summary.refused);
                assert.deepEqual(await contentOf(target), await contentOf(source));
                // And into the database it came from: every row is unchanged.
                const again = await importInitiatives(source.db, file, { apply: true });
                assert.equal(again.actions.unchanged, again.rows);
              } finally {
                await source.dispose();
                await target.dispose();
              }
            },
          ),
          { numRuns: format === 'csv' ? 40 : 10 },
        );
      });
    }
  });
}
