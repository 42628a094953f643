/**
 * The configuration of several instances (issue 19): what it accepts, its defaults, and the
 * message a bad value gets, naming the variable and what to write instead.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';

const PG = 'postgres://atlas@127.0.0.1:5432/atlas';

describe('configuration of several instances', () => {
  test('defaults: no Redis, no trusted proxy, the queue chosen by the database, a worker', () => {
    const c = loadConfig({});
    assert.equal(c.REDIS_URL, undefined);
    assert.deepEqual(c.TRUSTED_PROXIES, []);
    assert.equal(c.JOB_QUEUE, undefined);
    assert.equal(c.JOB_WORKER, 'on');
    assert.equal(c.JOB_SCHEMA, undefined);
  });

  test('accepted values', () => {
    const c = loadConfig({
      DATABASE_URL: PG,
      REDIS_URL: 'redis://127.0.0.1:6379',
      TRUSTED_PROXIES: ' 10.0.0.2, ::1 ,',
      JOB_QUEUE: 'postgres',
      JOB_WORKER: 'off',
      JOB_SCHEMA: 'atlas_jobs',
    });
    assert.deepEqual(c.TRUSTED_PROXIES, ['10.0.0.2', '::1']);
    assert.equal(c.REDIS_URL, 'redis://127.0.0.1:6379');
    assert.equal(c.JOB_QUEUE, 'postgres');
    assert.equal(c.JOB_WORKER, 'off');
    assert.equal(c.JOB_SCHEMA, 'atlas_jobs');
  });

  test('bad values are refused with a message that says what to write', () => {
    const refused: [Record<string, string>, RegExp][] = [
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
      [
        { TRUSTED_PROXIES: 'proxy.example.org' },
        /TRUSTED_PROXIES must be a comma-separated list of IP addresses/,
      ],
      [{ JOB_QUEUE: 'redis' }, /JOB_QUEUE must be local or postgres/],
      [{ JOB_WORKER: 'yes' }, /JOB_WORKER must be on or off/],
      [{ DATABASE_URL: PG, JOB_SCHEMA: 'Jobs; drop' }, /JOB_SCHEMA must be a schema name/],
      [{ JOB_QUEUE: 'postgres' }, /JOB_QUEUE=postgres needs a PostgreSQL DATABASE_URL/],
    ];
    for (const [env, message] of refused) assert.throws(() => loadConfig(env), message);
  });
});
