import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { AppError } from '../domain/errors.ts';
import type { Db, DialectName } from './connect.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: table builders of any table
type Table = CreateTableBuilder<string, any>;

/** An auto-incrementing integer primary key in either dialect. */
function withId(t: Table, dialect: DialectName): Table {
  return dialect === 'postgres'
    ? t.addColumn('id', 'serial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** created/updated timestamps and a version number, on every table of curated content. */
function versioned(t: Table): Table {
  return t
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
}

function initialSchema(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await versioned(
        db.schema
          .createTable('sources')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('publisher', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('file', 'text'),
      ).execute();

      await versioned(
        db.schema
          .createTable('regions')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('native_name', 'text')
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('parent_code', 'text', (c) => c.references('regions.code'))
          .addColumn('country_code', 'text', (c) => c.notNull())
          .addColumn('is_partner', 'integer', (c) => c.notNull().defaultTo(0)),
      ).execute();

      await db.schema
        .createTable('themes')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .execute();

      await versioned(
        withId(db.schema.createTable('initiatives'), dialect)
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('acronym', 'text')
          .addColumn('native_name', 'text')
          .addColumn('summary', 'text')
          .addColumn('objectives', 'text')
          .addColumn('website', 'text')
          .addColumn('website_missing', 'text')
          .addColumn('home_country', 'text', (c) => c.notNull().references('regions.code'))
          .addColumn('submitting_region', 'text', (c) => c.references('regions.code'))
          .addColumn('scope_verbatim', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('status_note', 'text')
          .addColumn('status_as_of', 'text')
          .addColumn('domain', 'text', (c) => c.notNull())
          .addColumn('structural_type', 'text', (c) => c.notNull())
          .addColumn('notes', 'text')
          .addColumn('extra', 'text'),
      ).execute();
      for (const col of ['structural_type', 'status', 'home_country', 'submitting_region']) {
        await db.schema
          .createIndex(`initiatives_${col}_idx`)
          .on('initiatives')
          .column(col)
          .execute();
      }
      // Covers the grouped facet count (all five columns), so browsing without words reads the
      // index only; it also serves filters on domain.
      await db.schema
        .createIndex('initiatives_facets_idx')
        .on('initiatives')
        .columns(['domain', 'structural_type', 'status', 'home_country', 'submitting_region'])
        .execute();

      const link = (name: string, col: string, target: string, ref: string) =>
        db.schema
          .createTable(name)
          .addColumn('initiative_id', 'integer', (c) =>
            c.notNull().references('initiatives.id').onDelete('cascade'),
          )
          .addColumn(col, 'text', (c) => c.notNull().references(`${target}.${ref}`))
          .addPrimaryKeyConstraint(`${name}_pk`, ['initiative_id', col]);
      await db.schema
        .createTable('initiative_scopes')
        .addColumn('initiative_id', 'integer', (c) =>
          c.notNull().references('initiatives.id').onDelete('cascade'),
        )
        .addColumn('scope', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('initiative_scopes_pk', ['initiative_id', 'scope'])
        .execute();
      await link('initiative_regions', 'region_code', 'regions', 'code').execute();
      await link('initiative_themes', 'theme_code', 'themes', 'code').execute();
      for (const [table, col] of [
        ['initiative_scopes', 'scope'],
        ['initiative_regions', 'region_code'],
        ['initiative_themes', 'theme_code'],
      ] as const) {
        await db.schema
          .createIndex(`${table}_value_idx`)
          .on(table)
          .columns([col, 'initiative_id'])
          .execute();
      }

      await withId(db.schema.createTable('initiative_funding'), dialect)
        .addColumn('initiative_id', 'integer', (c) =>
          c.notNull().references('initiatives.id').onDelete('cascade'),
        )
        .addColumn('funder', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('programme', 'text')
        .addColumn('note', 'text')
        .execute();

      await db.schema
        .createIndex('initiative_funding_initiative_kind_idx')
        .on('initiative_funding')
        .columns(['initiative_id', 'kind'])
        .execute();

      await db.schema
        .createTable('initiative_relations')
        .addColumn('from_id', 'integer', (c) =>
          c.notNull().references('initiatives.id').onDelete('cascade'),
        )
        .addColumn('to_id', 'integer', (c) =>
          c.notNull().references('initiatives.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('initiative_relations_pk', ['from_id', 'to_id', 'kind'])
        .execute();

      await withId(db.schema.createTable('record_sources'), dialect)
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_key', 'text', (c) => c.notNull())
        .addColumn('source_code', 'text', (c) => c.references('sources.code'))
        .addColumn('section', 'text')
        .addColumn('row_ref', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema
        .createIndex('record_sources_entity_idx')
        .on('record_sources')
        .columns(['entity', 'entity_key'])
        .execute();

      await db.schema
        .createTable('codebooks')
        .addColumn('version', 'text', (c) => c.primaryKey())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await versioned(
        db.schema
          .createTable('barrier_categories')
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('codebook_version', 'text', (c) => c.notNull().references('codebooks.version'))
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('position', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('barrier_categories_pk', ['code', 'codebook_version']),
      ).execute();
      await versioned(
        db.schema
          .createTable('barriers')
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('codebook_version', 'text', (c) => c.notNull().references('codebooks.version'))
          .addColumn('category_code', 'text', (c) => c.notNull())
          .addColumn('number', 'integer', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('sub_themes', 'text')
          .addPrimaryKeyConstraint('barriers_pk', ['code', 'codebook_version']),
      ).execute();

      await versioned(
        db.schema
          .createTable('campaigns')
          .addColumn('slug', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('opens_at', 'text')
          .addColumn('closes_at', 'text')
          .addColumn('rules', 'text')
          .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft')),
      ).execute();
      const campaign = (c: ColumnDefinitionBuilder) => c.references('campaigns.slug');

      await versioned(
        withId(db.schema.createTable('evidence'), dialect)
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('statement', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text', (c) => c.references('regions.code'))
          .addColumn('stakeholder_group', 'text')
          .addColumn('campaign_slug', 'text', campaign)
          // Who said it is kept for curators only and never published.
          .addColumn('respondent_ref', 'text'),
      ).execute();
      await db.schema
        .createTable('evidence_barriers')
        .addColumn('evidence_id', 'integer', (c) =>
          c.notNull().references('evidence.id').onDelete('cascade'),
        )
        .addColumn('barrier_code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('evidence_barriers_pk', ['evidence_id', 'barrier_code'])
        .execute();

      await versioned(
        withId(db.schema.createTable('good_practices'), dialect)
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('country_code', 'text', (c) => c.references('regions.code'))
          .addColumn('region_code', 'text', (c) => c.references('regions.code'))
          .addColumn('scope', 'text')
          .addColumn('summary', 'text')
          .addColumn('link', 'text')
          .addColumn('link_missing', 'text')
          .addColumn('key_players', 'text')
          .addColumn('impact', 'text')
          .addColumn('transferability', 'text')
          .addColumn('exemplary', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('notes', 'text'),
      ).execute();
      await db.schema
        .createTable('good_practice_barriers')
        .addColumn('good_practice_id', 'integer', (c) =>
          c.notNull().references('good_practices.id').onDelete('cascade'),
        )
        .addColumn('barrier_code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('good_practice_barriers_pk', ['good_practice_id', 'barrier_code'])
        .execute();

      await versioned(
        withId(db.schema.createTable('regional_reports'), dialect)
          .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
          .addColumn('campaign_slug', 'text', (c) => campaign(c).notNull())
          .addColumn('overview', 'text')
          // The report's sections (challenges, strengths, weaknesses, data access) as JSON.
          .addColumn('sections', 'text')
          .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
          .addUniqueConstraint('regional_reports_region_campaign', [
            'region_code',
            'campaign_slug',
          ]),
      ).execute();

      // One row of an interview table as printed: counts by stakeholder group (null where the
      // cell was empty) and the printed total, which need not equal their sum.
      await versioned(
        withId(db.schema.createTable('interview_rows'), dialect)
          .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
          .addColumn('campaign_slug', 'text', (c) => campaign(c).notNull())
          .addColumn('printed_total', 'integer')
          .addColumn('industry', 'integer')
          .addColumn('healthcare_provider', 'integer')
          .addColumn('research_academia', 'integer')
          .addColumn('public_authority_other', 'integer')
          .addColumn('patient_organisation', 'integer')
          .addUniqueConstraint('interview_rows_region_campaign', ['region_code', 'campaign_slug']),
      ).execute();
      await versioned(
        withId(db.schema.createTable('workshops'), dialect)
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
          .addColumn('campaign_slug', 'text', campaign)
          .addColumn('held_on', 'text')
          .addColumn('participants', 'integer')
          .addColumn('format', 'text')
          .addColumn('organisers', 'text'),
      ).execute();

      await versioned(
        db.schema
          .createTable('pillars')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('next_steps', 'text'),
      ).execute();

      await versioned(
        withId(db.schema.createTable('strategy_documents'), dialect)
          .addColumn('region_code', 'text', (c) => c.references('regions.code'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('year', 'integer')
          .addColumn('language', 'text')
          .addColumn('body', 'text')
          .addColumn('pm_priorities', 'text'),
      ).execute();

      // A number a document states, and (as JSON) how to count the same thing in the records.
      await versioned(
        withId(db.schema.createTable('reported_figures'), dialect)
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('value', dialect === 'postgres' ? 'double precision' : 'real', (c) =>
            c.notNull(),
          )
          .addColumn('qualifier', 'text', (c) => c.notNull())
          .addColumn('measure', 'text')
          .addColumn('notes', 'text'),
      ).execute();

      await withId(db.schema.createTable('accounts'), dialect)
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.references('regions.code'))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) =>
          c.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('history'), dialect)
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_key', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema
        .createIndex('history_entity_idx')
        .on('history')
        .columns(['entity', 'entity_key'])
        .execute();
    },
  };
}

/**
 * Full-text search: the one place where the dialects differ. SQLite keeps an external-content
 * FTS5 index in step with initiatives through triggers; PostgreSQL keeps a generated tsvector
 * column with a GIN index. Both fold accents and split words the same way, without stemming,
 * so that the same query finds the same records on either database.
 */
function fullTextSearch(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (dialect === 'sqlite') {
        await sql`CREATE VIRTUAL TABLE initiative_fts USING fts5(
          name, acronym, native_name, summary, objectives,
          content='initiatives', content_rowid='id',
          tokenize='unicode61 remove_diacritics 2')`.execute(db);
        const cols = 'name, acronym, native_name, summary, objectives';
        const newCols = 'new.name, new.acronym, new.native_name, new.summary, new.objectives';
        const oldCols = 'old.name, old.acronym, old.native_name, old.summary, old.objectives';
        await sql
          .raw(`CREATE TRIGGER initiatives_fts_ai AFTER INSERT ON initiatives BEGIN
            INSERT INTO initiative_fts(rowid, ${cols}) VALUES (new.id, ${newCols}); END`)
          .execute(db);
        await sql
          .raw(`CREATE TRIGGER initiatives_fts_ad AFTER DELETE ON initiatives BEGIN
            INSERT INTO initiative_fts(initiative_fts, rowid, ${cols}) VALUES ('delete', old.id, ${oldCols}); END`)
          .execute(db);
        await sql
          .raw(`CREATE TRIGGER initiatives_fts_au AFTER UPDATE ON initiatives BEGIN
            INSERT INTO initiative_fts(initiative_fts, rowid, ${cols}) VALUES ('delete', old.id, ${oldCols});
            INSERT INTO initiative_fts(rowid, ${cols}) VALUES (new.id, ${newCols}); END`)
          .execute(db);
      } else {
        // Words are made the same way as SQLite's unicode61 tokenizer with remove_diacritics makes
        // them: accents folded (unaccent, trusted since PostgreSQL 13) and every run of other
        // characters a separator, so "Württemberg" matches "wurttemberg" and "2023-2030" gives two
        // words. The wrapper is IMMUTABLE so that a generated column may use it.
        await sql`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`.execute(db);
        await sql`CREATE OR REPLACE FUNCTION atlas_search_text(text) RETURNS text
          LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
          AS $$ SELECT regexp_replace(public.unaccent('public.unaccent'::regdictionary, $1), '[^[:alnum:]]+', ' ', 'g') $$`.execute(
          db,
        );
        await sql`ALTER TABLE initiatives ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', atlas_search_text(coalesce(name, '') || ' ' || coalesce(acronym, '') || ' ' || coalesce(native_name, ''))), 'A') ||
          setweight(to_tsvector('simple', atlas_search_text(coalesce(summary, '') || ' ' || coalesce(objectives, ''))), 'B')
        ) STORED`.execute(db);
        await sql`CREATE INDEX initiatives_search_idx ON initiatives USING GIN (search_vector)`.execute(
          db,
        );
      }
    },
  };
}

/** Saved column mappings for imports, and a log of every applied import with its file's checksum. */
function imports(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await versioned(
        db.schema
          .createTable('import_presets')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('rules', 'text', (c) => c.notNull()),
      ).execute();
      await withId(db.schema.createTable('imports'), dialect)
        .addColumn('source_code', 'text', (c) => c.references('sources.code'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * The keys of the records an import has planned so far, one row per key, so that a file of a
 * million rows is checked against its own earlier rows on disk instead of in memory. Rows exist
 * only inside the import's transaction: a dry run rolls them back and an apply deletes them.
 */
const importKeys: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('import_keys')
      .addColumn('run', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('row', 'integer', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('import_keys_pk', ['run', 'key', 'kind'])
      .execute();
  },
};

function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchema(dialect),
    '0002_full_text_search': fullTextSearch(dialect),
    '0003_imports': imports(dialect),
    '0004_import_keys': importKeys,
  };
}

/** The schema Kysely keeps its migration tables in: the connection's own on PostgreSQL. */
async function migrationSchema(db: Db): Promise<string | undefined> {
  if (db.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
    db.kysely,
  );
  return rows[0]?.schema;
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(db.dialect) };
  const unavailable = (e: unknown) =>
    new AppError(
      'database_unavailable',
      `cannot use the database ${db.description}: ${e instanceof Error ? e.message : String(e)}. Check DATABASE_URL and that the database server is running.`,
    );
  // Kysely looks for its migration tables in any schema unless told which; on PostgreSQL it
  // would take another schema's for this one's (and then fail), so it is told the connection's.
  const migrationTableSchema = await migrationSchema(db).catch((e) => {
    throw unavailable(e);
  });
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    if (!failed) throw unavailable(error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'database_unavailable',
      `migration ${failed} failed on ${db.description}: ${reason}; nothing of it was applied`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
