import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, versioned, withId } from './builders.ts';

// The schema as first released (commit cd5e860). Shipped: never edit this file; append a new
// migration instead (test/unit/migration-files.test.ts checks its hash).

/** The sources, regions and themes that initiatives point at. */
async function codeTables(db: AnyDb): Promise<void> {
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
}

/** Initiatives and the indexes of their facets. */
async function initiativeTable(db: AnyDb, dialect: DialectName): Promise<void> {
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
  for (const col of ['domain', 'structural_type', 'status', 'home_country', 'submitting_region']) {
    await db.schema.createIndex(`initiatives_${col}_idx`).on('initiatives').column(col).execute();
  }
}

/** What links to an initiative: scopes, regions, themes, funding and relations to others. */
async function initiativeLinks(db: AnyDb, dialect: DialectName): Promise<void> {
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
    .addColumn('programme', 'text')
    .addColumn('note', 'text')
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
}

/** Where each record came from: a source and the place in it. */
async function recordSources(db: AnyDb, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('record_sources'), dialect)
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_key', 'text', (c) => c.notNull())
    .addColumn('source_code', 'text', (c) => c.notNull().references('sources.code'))
    .addColumn('section', 'text')
    .addColumn('row_ref', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('record_sources_entity_idx')
    .on('record_sources')
    .columns(['entity', 'entity_key'])
    .execute();
}

/** The barrier codebook: versions, categories and barriers. */
async function barrierTables(db: AnyDb): Promise<void> {
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
}

/** Campaigns, the evidence statements they gathered and the good practices, with the barriers each addresses. */
async function evidenceTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await versioned(
    withId(db.schema.createTable('campaigns'), dialect)
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('opens_at', 'text')
      .addColumn('closes_at', 'text')
      .addColumn('rules', 'text')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft')),
  ).execute();

  await versioned(
    withId(db.schema.createTable('evidence'), dialect)
      .addColumn('statement', 'text', (c) => c.notNull())
      .addColumn('region_code', 'text', (c) => c.references('regions.code'))
      .addColumn('stakeholder_group', 'text')
      .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
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
      .addColumn('country_code', 'text')
      .addColumn('region_code', 'text')
      .addColumn('summary', 'text')
      .addColumn('link', 'text')
      .addColumn('key_players', 'text')
      .addColumn('impact', 'text')
      .addColumn('transferability', 'text')
      .addColumn('exemplary', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema
    .createTable('good_practice_barriers')
    .addColumn('good_practice_id', 'integer', (c) =>
      c.notNull().references('good_practices.id').onDelete('cascade'),
    )
    .addColumn('barrier_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('good_practice_barriers_pk', ['good_practice_id', 'barrier_code'])
    .execute();
}

/** What each region reported: reports, interview counts, workshops, strategy documents and figures. */
async function regionalTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await versioned(
    withId(db.schema.createTable('regional_reports'), dialect)
      .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
      .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
      .addColumn('overview', 'text')
      .addColumn('sections', 'text')
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft')),
  ).execute();

  await versioned(
    withId(db.schema.createTable('interview_counts'), dialect)
      .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
      .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
      .addColumn('stakeholder_group', 'text', (c) => c.notNull())
      .addColumn('count', 'integer')
      .addColumn('printed_total', 'integer'),
  ).execute();
  await versioned(
    withId(db.schema.createTable('workshops'), dialect)
      .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
      .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id'))
      .addColumn('held_on', 'text')
      .addColumn('participants', 'integer')
      .addColumn('format', 'text')
      .addColumn('organisers', 'text'),
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

  await versioned(
    withId(db.schema.createTable('reported_figures'), dialect)
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addColumn('source_code', 'text', (c) => c.notNull().references('sources.code'))
      .addColumn('section', 'text'),
  ).execute();
}

/** Curator accounts, their sessions, and the history of every change. */
async function accountTables(db: AnyDb, dialect: DialectName): Promise<void> {
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
}

/** The whole schema but full-text search, as first released. */
export function initialSchema(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await codeTables(db);
      await initiativeTable(db, dialect);
      await initiativeLinks(db, dialect);
      await recordSources(db, dialect);
      await barrierTables(db);
      await evidenceTables(db, dialect);
      await regionalTables(db, dialect);
      await accountTables(db, dialect);
    },
  };
}
