import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, withId } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/** Accounts of several regions, pseudonyms, and sessions with activity and a CSRF token. */
async function accountColumns(db: AnyDb): Promise<void> {
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema.alterTable('accounts').addColumn('pseudonym', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('last_sign_in_at', 'text').execute();
  await sql`UPDATE accounts SET pseudonym = 'contributor-' || id`.execute(db);
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('csrf_token', 'text').execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('account_regions')
    .addColumn('account_id', 'integer', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addPrimaryKeyConstraint('account_regions_pk', ['account_id', 'region_code'])
    .execute();
}

/** Personal API tokens and one-time links sent by mail. */
async function tokenTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('api_tokens'), dialect)
    .addColumn('account_id', 'integer', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await withId(db.schema.createTable('account_links'), dialect)
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('regions', 'text')
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

/** Failed sign-ins and the audit log. */
async function logTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await withId(db.schema.createTable('audit_log'), dialect)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('detail', 'text')
    .addColumn('address', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

/** Corrections visitors suggest on published records. */
async function suggestionTable(db: AnyDb, dialect: DialectName): Promise<void> {
  // Corrections visitors suggest on published records: private until a curator acts.
  await withId(db.schema.createTable('suggestions'), dialect)
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_key', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('suggestions_state_idx')
    .on('suggestions')
    .columns(['state', 'created_at'])
    .execute();
}

/**
 * What contributors need underneath: an account may act for several regions (account_regions;
 * the first schema's single accounts.region_code is left unused), keeps a pseudonym its edits
 * stay attributed to after it is deleted, and signs in through sessions with an idle timeout and
 * a CSRF token; personal API tokens, one-time links (invitations, password resets), counts of
 * failed sign-ins for throttling, an audit log of who did what, and the corrections visitors
 * suggest (private until a curator acts on them). Skipped where it is done.
 */
export function accounts(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      // Done already (the whole migration runs in one transaction, so one column tells).
      if ((await columnsOf(db, dialect, 'accounts')).has('pseudonym')) return;
      await accountColumns(db);
      await tokenTables(db, dialect);
      await logTables(db, dialect);
      await suggestionTable(db, dialect);
    },
  };
}
