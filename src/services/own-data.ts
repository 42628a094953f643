import { verify } from '@node-rs/argon2';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import { conflict, invalidParameter, unauthenticated } from '../domain/errors.ts';
import * as accounts from '../repositories/accounts.ts';
import { audit, publicView } from './accounts.ts';

/** The signed-in account, or unauthenticated. */
async function ownAccount(db: Db, actor: Actor) {
  authorize(actor, 'account.own');
  const account =
    actor.kind === 'account' ? await accounts.findAccountById(db.kysely, actor.id) : undefined;
  if (!account) throw unauthenticated('sign in first: this needs an account');
  return account;
}

/**
 * Everything the atlas keeps about the signed-in person, as one JSON document they can download:
 * the account, its API tokens (never their secrets), what it did and what was done to it (the
 * audit log), and the invitations it sent.
 */
export async function ownData(db: Db, actor: Actor) {
  const account = await ownAccount(db, actor);
  const [tokens, activity, invitations] = await Promise.all([
    accounts.listTokens(db.kysely, account.id),
    accounts.auditAbout(db.kysely, account.id, account.email),
    accounts.invitationsSentBy(db.kysely, account.id),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    account: publicView(account),
    tokens,
    activity: activity.map(({ id: _, ...e }) => e),
    invitationsSent: invitations.map((i) => ({
      email: i.email,
      role: i.role,
      regions: JSON.parse(i.regions ?? '[]') as string[],
      sentAt: i.created_at,
      acceptedAt: i.used_at,
    })),
  };
}

/**
 * Deletes the signed-in person's account after checking their password. Their contributions stay
 * attributed to the pseudonym (contributor-N); e-mail address, name, tokens, sessions and the
 * addresses in the audit log go. The last administrator cannot delete themselves.
 */
export async function deleteOwnAccount(db: Db, actor: Actor, password: string): Promise<string> {
  const account = await ownAccount(db, actor);
  if (!(await verify(account.passwordHash, password)))
    throw invalidParameter('password', 'the password is not right; nothing was deleted');
  if (
    account.role === 'admin' &&
    !account.disabled &&
    (await accounts.countActiveAdmins(db.kysely)) <= 1
  ) {
    throw conflict(
      'you are the only administrator: make someone else administrator first ("atlas users role"), then delete your account',
    );
  }
  await db.kysely
    .transaction()
    .execute((tx) => accounts.deleteAccountData(tx, account.id, account.email));
  await audit(db, { accountId: account.id }, 'account.delete', `account:${account.id}`);
  return account.pseudonym;
}
