import type { Kysely, Selectable } from 'kysely';
import type { AccountLinksTable, Database, SessionsTable } from '../db/types.ts';

type Q = Kysely<Database>;

export type SessionRow = Selectable<SessionsTable>;
export type LinkRow = Selectable<AccountLinksTable>;

// --- sessions (ids are SHA-256 hashes of the cookie values) -------------------------------------

export async function insertSession(db: Q, s: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export function findSession(db: Q, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Q, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Q, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of an account; returns how many there were. */
export async function deleteSessionsOf(db: Q, accountId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Removes sessions past their absolute end or idle since before `idleSince`. */
export async function deleteStaleSessions(db: Q, now: string, idleSince: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((e) => e.or([e('expires_at', '<=', now), e('last_seen_at', '<', idleSince)]))
    .execute();
}

// --- one-time links (invitations, password resets) ----------------------------------------------

export async function insertLink(db: Q, link: Omit<LinkRow, 'id' | 'used_at'>): Promise<void> {
  await db.insertInto('account_links').values(link).execute();
}

export function findLink(db: Q, hash: string): Promise<LinkRow | undefined> {
  return db
    .selectFrom('account_links')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}

/** Marks a link used; false when it was used already (two tabs racing on the same link). */
export async function useLink(db: Q, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('account_links')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** How many links of a purpose an account was sent since `since`. */
export async function countLinksSince(
  db: Q,
  accountId: number,
  purpose: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('account_links')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Pending invitations (not used, not expired), newest first. */
export function listPendingInvitations(db: Q, now: string): Promise<LinkRow[]> {
  return db
    .selectFrom('account_links')
    .selectAll()
    .where('purpose', '=', 'invitation')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('id', 'desc')
    .execute();
}

// --- failed sign-ins ----------------------------------------------------------------------------

export function findFailures(db: Q, key: string) {
  return db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Stores the failure count of a key (and its lock, if any), replacing what was there. */
export async function saveFailures(
  db: Q,
  row: { key: string; failures: number; first_at: string; locked_until: string | null },
): Promise<void> {
  await db
    .insertInto('sign_in_failures')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        first_at: row.first_at,
        locked_until: row.locked_until,
      }),
    )
    .execute();
}

export async function clearFailures(db: Q, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
