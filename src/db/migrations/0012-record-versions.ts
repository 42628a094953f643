import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, withId } from './builders.ts';
import { columnsOf } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/** Every version of a contributed record, with its state, and the reviewers' field comments. */
async function versionTables(db: AnyDb, dialect: DialectName): Promise<void> {
  await withId(db.schema.createTable('record_versions'), dialect)
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('needs', 'text')
    .addColumn('regions', 'text', (c) => c.notNull())
    .addColumn('base_number', 'integer')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('author_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addUniqueConstraint('record_versions_number_uq', ['entity', 'record_key', 'number'])
    .execute();
  await db.schema
    .createIndex('record_versions_state_idx')
    .on('record_versions')
    .columns(['state', 'updated_at'])
    .execute();

  await withId(db.schema.createTable('record_comments'), dialect)
    .addColumn('version_id', 'integer', (c) =>
      c.notNull().references('record_versions.id').onDelete('cascade'),
    )
    .addColumn('field', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('record_comments_version_idx')
    .on('record_comments')
    .column('version_id')
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('account_id', 'integer', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'key'])
    .execute();
}

/**
 * Contributed records go through states (draft, submitted, changes requested, published,
 * withdrawn): every version is a row of record_versions holding the record's whole content as
 * JSON, the regions it concerns (for coordinators' rights) and a revision that each save bumps (so
 * that two editors cannot overwrite each other). The public tables hold published content only.
 * Reviewers comment on fields in record_comments; idempotency_keys remembers the answers to
 * API creates sent with an Idempotency-Key. Skipped where it is done.
 */
export function recordVersions(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if ((await columnsOf(db, dialect, 'record_versions')).size > 0) return;
      await versionTables(db, dialect);
    },
  };
}
