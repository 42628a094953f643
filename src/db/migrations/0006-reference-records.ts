import type { ColumnDefinitionBuilder } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, versioned, withId } from './builders.ts';
import { columnsOf, type Rebuild, rebuildTables } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

const campaign = (c: ColumnDefinitionBuilder) => c.references('campaigns.slug');

/** The released row's campaign, by the slug that now links to it. */
const slugOf = (table: string) =>
  `(select c.slug from campaigns_old c where c.id = ${table}_old.campaign_id)`;

const VERSIONED = 'created_at, updated_at, version';

/** Campaigns are known by their slug, which the records of a campaign now point at. */
function campaigns(): Rebuild {
  return {
    table: 'campaigns',
    create: (db) =>
      versioned(
        db.schema
          .createTable('campaigns')
          .addColumn('slug', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('opens_at', 'text')
          .addColumn('closes_at', 'text')
          .addColumn('rules', 'text')
          .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft')),
      ).execute(),
    copy: [
      `INSERT INTO campaigns (slug, kind, title, opens_at, closes_at, rules, state, ${VERSIONED})
       SELECT slug, kind, title, opens_at, closes_at, rules, state, ${VERSIONED} FROM campaigns_old`,
    ],
  };
}

/** Evidence statements get a stable key; a released row's key is made from its id. */
function evidence(dialect: DialectName): Rebuild {
  return {
    table: 'evidence',
    create: (db) =>
      versioned(
        withId(db.schema.createTable('evidence'), dialect)
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('statement', 'text', (c) => c.notNull())
          .addColumn('region_code', 'text', (c) => c.references('regions.code'))
          .addColumn('stakeholder_group', 'text')
          .addColumn('campaign_slug', 'text', campaign)
          // Who said it is kept for curators only and never published.
          .addColumn('respondent_ref', 'text'),
      ).execute(),
    copy: [
      `INSERT INTO evidence (id, key, statement, region_code, stakeholder_group, campaign_slug,
         respondent_ref, ${VERSIONED})
       SELECT id, 'evidence-' || id, statement, region_code, stakeholder_group, ${slugOf('evidence')},
         respondent_ref, ${VERSIONED} FROM evidence_old`,
    ],
  };
}

/** Good practices link to regions and gain a scope, a reason for a missing link and notes. */
function goodPractices(dialect: DialectName): Rebuild {
  return {
    table: 'good_practices',
    create: (db) =>
      versioned(
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
      ).execute(),
    copy: [
      `INSERT INTO good_practices (id, slug, name, country_code, region_code, summary, link,
         key_players, impact, transferability, exemplary, ${VERSIONED})
       SELECT id, slug, name, country_code, region_code, summary, link,
         key_players, impact, transferability, exemplary, ${VERSIONED} FROM good_practices_old`,
    ],
  };
}

/** One report per region and campaign. */
function regionalReports(dialect: DialectName): Rebuild {
  return {
    table: 'regional_reports',
    create: (db) =>
      versioned(
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
      ).execute(),
    copy: [
      `INSERT INTO regional_reports (id, region_code, campaign_slug, overview, sections, state,
         ${VERSIONED})
       SELECT id, region_code, ${slugOf('regional_reports')}, overview, sections, state, ${VERSIONED}
       FROM regional_reports_old`,
    ],
  };
}

/** The five released stakeholder groups, each now a column of an interview row. */
const GROUPS = [
  'industry',
  'healthcare_provider',
  'research_academia',
  'public_authority_other',
  'patient_organisation',
];

/** An interview table's row as printed: one row per region and campaign, a column per group. */
function interviewRows(dialect: DialectName): Rebuild {
  const perGroup = GROUPS.map(
    (g) => `max(case when stakeholder_group = '${g}' then count end) as ${g}`,
  ).join(', ');
  return {
    table: 'interview_counts',
    name: 'interview_rows',
    create: (db) =>
      versioned(
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
      ).execute(),
    copy: [
      `INSERT INTO interview_rows (id, region_code, campaign_slug, printed_total, ${GROUPS.join(', ')},
         ${VERSIONED})
       SELECT min(id), region_code, ${slugOf('interview_counts')}, max(printed_total), ${perGroup},
         min(created_at), max(updated_at), max(version)
       FROM interview_counts_old GROUP BY region_code, campaign_id`,
    ],
  };
}

/** Workshops get a stable key; a released row's key is made from its id. */
function workshops(dialect: DialectName): Rebuild {
  return {
    table: 'workshops',
    create: (db) =>
      versioned(
        withId(db.schema.createTable('workshops'), dialect)
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
          .addColumn('campaign_slug', 'text', campaign)
          .addColumn('held_on', 'text')
          .addColumn('participants', 'integer')
          .addColumn('format', 'text')
          .addColumn('organisers', 'text'),
      ).execute(),
    copy: [
      `INSERT INTO workshops (id, key, region_code, campaign_slug, held_on, participants, format,
         organisers, ${VERSIONED})
       SELECT id, 'workshop-' || id, region_code, ${slugOf('workshops')}, held_on, participants,
         format, organisers, ${VERSIONED} FROM workshops_old`,
    ],
  };
}

/**
 * A figure's value may be a fraction and carries a qualifier (a released figure was exact); its
 * source moves to record_sources like every other record's.
 */
function reportedFigures(dialect: DialectName): Rebuild {
  return {
    table: 'reported_figures',
    create: (db) =>
      versioned(
        withId(db.schema.createTable('reported_figures'), dialect)
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('value', 'real', (c) => c.notNull())
          .addColumn('qualifier', 'text', (c) => c.notNull())
          .addColumn('measure', 'text')
          .addColumn('notes', 'text'),
      ).execute(),
    copy: [
      `INSERT INTO reported_figures (id, key, label, value, qualifier, ${VERSIONED})
       SELECT id, key, label, value, 'exact', ${VERSIONED} FROM reported_figures_old`,
      `INSERT INTO record_sources (entity, entity_key, source_code, section)
       SELECT 'figure', key, source_code, section FROM reported_figures_old`,
    ],
  };
}

/**
 * The reference data beyond initiatives (commit 485a67e changed these tables inside the released
 * first migration). Runs only on a database that still has the released shape: one created by
 * that edited first migration has no campaigns.id and already has all of this.
 */
export function referenceRecords(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'campaigns')).has('id')) {
        await rebuildTables(db, dialect, [
          campaigns(),
          evidence(dialect),
          goodPractices(dialect),
          regionalReports(dialect),
          interviewRows(dialect),
          workshops(dialect),
          reportedFigures(dialect),
        ]);
      }
      await versioned(
        db.schema
          .createTable('pillars')
          .ifNotExists()
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('next_steps', 'text'),
      ).execute();
    },
  };
}
