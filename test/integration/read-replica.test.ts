/**
 * DATABASE_REPLICA_URL: a visitor's reads of pages and the API come from the replica; writes,
 * transactions, a signed-in caller's reads and everything outside a request go to the primary;
 * a replica that cannot be reached leaves the reads to the primary. A second PostgreSQL schema
 * stands in for the replica, holding the same data but one initiative renamed, so each answer
 * says where it was read. SQLite has no replicas: the setting is refused with a clear message.
 */
import assert from 'node:assert/strict';
import { type Db, openDatabase } from '../../src/db/connect.ts';
import { createApp } from '../../src/http/app.ts';
import { createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { withReplicaReads } from '../../src/services/database.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const [sqlite, postgres] = DIALECTS;
const SLUG = 'atmp-catalonia';

const nameIn = async (db: Db) =>
  (
    await db.kysely
      .selectFrom('initiatives')
      .select('name')
      .where('slug', '=', SLUG)
      .executeTakeFirstOrThrow()
  ).name;

describe('a read replica (postgres)', { skip: postgres.skip }, () => {
  let primary: TestDb;
  let replica: TestDb;
  let routed: Db;
  let app: ReturnType<typeof createApp>;
  let token = '';
  const errors: Error[] = [];

  before(async () => {
    primary = await postgres.open();
    replica = await postgres.open();
    await seedReference(primary.db, REFERENCE_DIR);
    await seedReference(replica.db, REFERENCE_DIR);
    await replica.db.kysely
      .updateTable('initiatives')
      .set({ name: 'ATMP Catalonia (replica copy)' })
      .where('slug', '=', SLUG)
      .execute();
    await createAccount(
      primary.db,
      {
        email: 'curator-replica@example.org',
        password: 'a long enough password 1',
        role: 'curator',
        regions: [],
      },
      'cli',
    );
    token = (
      await createTokenFor(primary.db, 'curator-replica@example.org', {
        name: 't',
        scopes: ['read'],
      })
    ).token;
    routed = openDatabase(primary.url, {
      replicaUrl: replica.url,
      onReplicaError: (e) => errors.push(e),
    });
    app = createApp(routed);
  });
  after(async () => {
    await routed?.close();
    await primary?.dispose();
    await replica?.dispose();
  });

  test("a visitor's page and API reads come from the replica", async () => {
    const api = (await (await app.request(`/api/v1/initiatives/${SLUG}`)).json()) as {
      name: string;
    };
    assert.equal(api.name, 'ATMP Catalonia (replica copy)');
    const page = await (await app.request(`/initiatives/${SLUG}`)).text();
    assert.match(page, /ATMP Catalonia \(replica copy\)/);
    const list = await (await app.request('/api/v1/initiatives?q=Catalonia')).text();
    assert.match(list, /replica copy/, 'the search reads the replica too');
  });

  test("a signed-in caller's reads come from the primary: nobody misses their own change", async () => {
    const res = await app.request(`/api/v1/initiatives/${SLUG}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(((await res.json()) as { name: string }).name, 'ATMP Catalonia');
  });

  test('writes, transactions and work outside a request go to the primary', async () => {
    assert.equal(await nameIn(routed), 'ATMP Catalonia', 'outside a request: the primary');
    await withReplicaReads(async () => {
      assert.equal(await nameIn(routed), 'ATMP Catalonia (replica copy)');
      await routed.kysely
        .updateTable('initiatives')
        .set({ notes: 'written in a read-only request' })
        .where('slug', '=', SLUG)
        .execute();
      const inTransaction = await routed.kysely
        .transaction()
        .execute(async (trx) =>
          trx
            .selectFrom('initiatives')
            .select('name')
            .where('slug', '=', SLUG)
            .executeTakeFirstOrThrow(),
        );
      assert.equal(inTransaction.name, 'ATMP Catalonia', 'a transaction reads the primary');
    });
    const notes = async (db: Db) =>
      (
        await db.kysely
          .selectFrom('initiatives')
          .select('notes')
          .where('slug', '=', SLUG)
          .executeTakeFirstOrThrow()
      ).notes;
    assert.equal(await notes(primary.db), 'written in a read-only request');
    assert.notEqual(await notes(replica.db), 'written in a read-only request');
  });

  test('a replica that cannot be reached leaves the reads to the primary, said once', async () => {
    const down = openDatabase(primary.url, {
      replicaUrl: 'postgres://postgres@127.0.0.1:1/nothing',
      onReplicaError: (e) => errors.push(e),
    });
    try {
      const before = errors.length;
      const res = await createApp(down).request(`/api/v1/initiatives/${SLUG}`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { name: string }).name, 'ATMP Catalonia');
      await createApp(down).request(`/api/v1/initiatives/${SLUG}`);
      assert.equal(errors.length, before + 1, 'one message, not one per request');
    } finally {
      await down.close();
    }
  });
});

describe('a read replica (sqlite)', () => {
  test('is refused with a message that says what to do', async () => {
    const t = await sqlite.open();
    try {
      assert.throws(
        () => openDatabase(t.url, { replicaUrl: 'postgres://x@127.0.0.1/db' }),
        /DATABASE_REPLICA_URL is for PostgreSQL.*unset it or use a postgres:\/\/ DATABASE_URL/,
      );
    } finally {
      await t.dispose();
    }
  });
});
