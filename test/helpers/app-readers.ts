import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/types.ts';

/** An app tests call in process (createApp's `request`). */
interface Requestable {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/**
 * Readers of an app's answers as tests use them: a page's HTML and an API answer's JSON, each
 * asserted to be a 200 first (the path is the assertion's message).
 */
export function appReaders(app: Requestable) {
  return {
    page: async (path: string): Promise<string> => {
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      return res.text();
    },
    // biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field
    json: async (path: string, headers: Record<string, string> = {}): Promise<any> => {
      const res = await app.request(path, { headers });
      assert.equal(res.status, 200, path);
      return res.json();
    },
  };
}

/** The states of the proposals of a translation (its key: kind/slug/language), oldest first. */
export async function translationStates(db: Kysely<Database>, key: string): Promise<string[]> {
  const rows = await db
    .selectFrom('record_versions')
    .select(['state'])
    .where('entity', '=', 'translation')
    .where('record_key', '=', key)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.state);
}
