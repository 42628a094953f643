import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, withId } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * Questionnaires (versioned definitions as JSON), the columns a campaign gains to run a round, and
 * a workshop's participants by stakeholder group (JSON) and outcome.
 */
async function questionnaireTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('questionnaires'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('questionnaires_version_uq', ['slug', 'version'])
    .execute();
  for (const [name, type] of [
    ['questionnaire_slug', 'text'],
    ['questionnaire_version', 'integer'],
    ['reminder_days', 'text'],
    ['languages', 'text'],
    ['previous_slug', 'text'],
    ['description', 'text'],
  ] as const)
    await db.schema.alterTable('campaigns').addColumn(name, type).execute();
  // What the regional-report template asks of a workshop and the atlas could not hold.
  await db.schema.alterTable('workshops').addColumn('participants_by_group', 'text').execute();
  await db.schema.alterTable('workshops').addColumn('outcome', 'text').execute();
  await db.schema
    .createTable('campaign_regions')
    .addColumn('campaign_slug', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('invited_at', 'text')
    .addPrimaryKeyConstraint('campaign_regions_pk', ['campaign_slug', 'region_code'])
    .execute();
}

/** Responses (one per region and campaign), their comments, the campaign's log and its mail. */
async function responseTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('campaign_responses'), dialect)
    .addColumn('campaign_slug', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('questionnaire_version', 'integer', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('accepted_at', 'text')
    .addUniqueConstraint('campaign_responses_region_uq', ['campaign_slug', 'region_code'])
    .execute();
  await withId(db.schema.createTable('response_comments'), dialect)
    .addColumn('response_id', 'integer', (c) =>
      c.notNull().references('campaign_responses.id').onDelete('cascade'),
    )
    .addColumn('path', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await withId(db.schema.createTable('campaign_events'), dialect)
    .addColumn('campaign_slug', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_events_campaign_idx')
    .on('campaign_events')
    .columns(['campaign_slug', 'at'])
    .execute();
  await db.schema
    .createTable('campaign_mail')
    .addColumn('campaign_slug', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_mail_pk', [
      'campaign_slug',
      'region_code',
      'recipient',
      'kind',
    ])
    .execute();
}

/**
 * A campaign becomes a round the atlas runs: it names a questionnaire version, reminder days,
 * languages and the round before it; invited regions are campaign_regions; each region's answers
 * are one campaign_responses row (JSON items per section, with the questionnaire version they were
 * given under and a revision each save bumps); curators' comments are response_comments; every
 * state change is a campaign_events row; campaign_mail remembers each invitation and reminder sent
 * (kind "invitation" or "reminder-N"), so none goes twice. A workshop gains participants by
 * stakeholder group and its outcome. Skipped where it is done.
 */
export function campaignRounds(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'questionnaires')).size > 0) return;
      await questionnaireTables(db, dialect);
      await responseTables(db, dialect);
    },
  };
}
