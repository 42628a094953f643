/**
 * A large SQLite atlas, built fast: the fixtures and a few thousand synthetic initiatives go in
 * through the ordinary seed (so every table an initiative touches is filled as the application
 * fills it), then those initiatives are copied with SQL in one transaction, under new ids and
 * slugs, with their scopes, regions, themes, funding and record sources (row numbers shifted
 * too, as a longer source table would number them), until there are `count`. The full-text
 * index is filled by its triggers as for any insert; one history entry records the bulk copy,
 * so the data version changes as after an import. Loading 200,000 initiatives through the seed
 * would take many minutes; this takes about 20 s (50,000: about 5 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateDataset } from '../../bench/generator.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrations/index.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { seedData } from '../../src/services/seed.ts';
import { FIXTURE_DIR } from './fixtures.ts';

/** A built database and how long each step took. */
export interface LargeAtlas {
  readonly databaseUrl: string;
  readonly initiatives: number;
  readonly seedMs: number;
  readonly copyMs: number;
  dispose(): void;
}

const INITIATIVE_COLUMNS = `name, acronym, native_name, summary, objectives, website, website_missing,
  home_country, submitting_region, scope_verbatim, status, status_note, status_as_of, domain,
  structural_type, notes, extra, inferred, origin_source, origin_section, created_at, updated_at,
  version`;

/** Copies the initiatives with ids 1..base once more, as copy number `k` (ids shifted by k*base). */
function copyStatements(sqlite: Database.Database) {
  return [
    sqlite.prepare(`INSERT INTO initiatives (id, slug, ${INITIATIVE_COLUMNS})
      SELECT id + @shift, slug || '-copy-' || @k, ${INITIATIVE_COLUMNS.replace('name,', "name || ' ' || @k,")}
      FROM initiatives WHERE id <= @base AND id + @shift <= @limit`),
    ...[
      'initiative_scopes (initiative_id, scope)',
      'initiative_regions (initiative_id, region_code)',
      'initiative_themes (initiative_id, theme_code)',
    ].map((table) => {
      const [name, cols] = table.split(' (') as [string, string];
      const rest = cols.replace(')', '').split(', ').slice(1).join(', ');
      return sqlite.prepare(`INSERT INTO ${name} (initiative_id, ${rest})
          SELECT initiative_id + @shift, ${rest} FROM ${name}
          WHERE initiative_id <= @base AND initiative_id + @shift <= @limit`);
    }),
    sqlite.prepare(`INSERT INTO initiative_funding (initiative_id, funder, kind, programme, note)
      SELECT initiative_id + @shift, funder, kind, programme, note FROM initiative_funding
      WHERE initiative_id <= @base AND initiative_id + @shift <= @limit`),
    sqlite.prepare(`INSERT INTO record_sources (entity, entity_key, source_code, section, row_ref, note)
      SELECT r.entity, r.entity_key || '-copy-' || @k, r.source_code, r.section,
        CASE WHEN r.row_ref GLOB '[0-9]*' THEN CAST(r.row_ref AS INTEGER) + @shift ELSE r.row_ref END,
        r.note
      FROM record_sources r JOIN initiatives i ON r.entity = 'initiative' AND r.entity_key = i.slug
      WHERE i.id <= @base AND i.id + @shift <= @limit`),
  ];
}

/**
 * Records a change in the history of the atlas at `databaseUrl` (as a curator's edit would),
 * so the data version moves on and cached results no longer apply.
 */
export function touchData(databaseUrl: string): void {
  const sqlite = new Database(databaseUrl.slice('sqlite:'.length));
  try {
    sqlite
      .prepare(
        `INSERT INTO history (entity, entity_key, action, actor, at, before, after)
         VALUES ('initiative', 'touch', 'update', 'test', ?, NULL, NULL)`,
      )
      .run(new Date().toISOString());
  } finally {
    sqlite.close();
  }
}

/** Builds a SQLite atlas of `count` initiatives in a temporary folder. */
export async function buildLargeAtlas(count: number, seeded = 2000): Promise<LargeAtlas> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-large-'));
  const databaseUrl = `sqlite:${join(dir, 'atlas.db')}`;
  const started = performance.now();
  const db = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    await seedData(db, await readReferenceData(FIXTURE_DIR));
    await seedData(db, generateDataset(Math.min(seeded, count), 2026));
  } finally {
    await db.close();
  }
  const seedMs = performance.now() - started;
  const sqlite = new Database(join(dir, 'atlas.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('cache_size = -131072');
  const base = Number(
    (sqlite.prepare('SELECT max(id) AS m FROM initiatives').get() as { m: number }).m,
  );
  const statements = copyStatements(sqlite);
  sqlite.transaction(() => {
    for (let k = 1; k * base < count; k++) {
      for (const s of statements) s.run({ k, shift: k * base, base, limit: count });
    }
    sqlite
      .prepare(
        `INSERT INTO history (entity, entity_key, action, actor, at, before, after)
         VALUES ('initiative', 'bulk-copy', 'import', 'test', ?, NULL, NULL)`,
      )
      .run(new Date().toISOString());
  })();
  const initiatives = Number(
    (sqlite.prepare('SELECT count(*) AS n FROM initiatives').get() as { n: number }).n,
  );
  sqlite.close();
  return {
    databaseUrl,
    initiatives,
    seedMs,
    copyMs: performance.now() - started - seedMs,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
