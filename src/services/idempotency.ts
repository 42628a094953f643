import { createHash } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { conflict, invalidParameter } from '../domain/errors.ts';
import { findIdempotent, saveIdempotent } from '../repositories/record-versions.ts';

/** What a create answered: its status and JSON body. */
export interface CreateAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Runs a create once per Idempotency-Key of an account: the same key with the same body answers
 * the stored answer again (a retry after a lost response creates nothing twice); the same key
 * with another body is a conflict. Without a key, the create just runs.
 */
export async function idempotentCreate(
  db: Db,
  actor: Actor,
  key: string | undefined,
  body: unknown,
  create: () => Promise<CreateAnswer>,
): Promise<CreateAnswer & { readonly replayed: boolean }> {
  if (key === undefined || actor.kind !== 'account')
    return { ...(await create()), replayed: false };
  if (key.trim() === '' || key.length > 200)
    throw invalidParameter('Idempotency-Key', 'an Idempotency-Key is 1 to 200 characters long');
  const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const earlier = await findIdempotent(db.kysely, actor.id, key);
  if (earlier) {
    if (earlier.request_hash !== requestHash) {
      throw conflict(
        'this Idempotency-Key was used for a different request; use a new key for a new create',
      );
    }
    return { status: earlier.status, body: JSON.parse(earlier.body), replayed: true };
  }
  const made = await create();
  await saveIdempotent(db.kysely, {
    accountId: actor.id,
    key,
    requestHash,
    status: made.status,
    body: JSON.stringify(made.body),
    now: new Date().toISOString(),
  }).catch(() => undefined);
  return { ...made, replayed: false };
}
