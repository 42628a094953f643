import type { Db } from '../db/connect.ts';
import { type Actor, normaliseEmail, type Role } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import { conflict, invalidParameter, notFound } from '../domain/errors.ts';
import * as accounts from '../repositories/accounts.ts';
import * as sessions from '../repositories/sessions.ts';
import {
  type AccountSettings,
  audit,
  DEFAULT_ACCOUNT_SETTINGS,
  hashPassword,
  knownRegions,
  type NewSession,
  newSecret,
  openSession,
  secretHash,
  setPassword,
} from './accounts.ts';
import type { Mailer } from './mail.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
/** How long a password-reset link works. */
export const RESET_MINUTES = 60;
/** Reset mails one account may receive per hour, so the form cannot flood a mailbox. */
const RESETS_PER_HOUR = 3;

/** An invitation as its link's page shows it. */
export interface InvitationView {
  readonly email: string;
  readonly role: Role;
  readonly regions: readonly string[];
  readonly expiresAt: string;
}

/** The link of a one-time token, unused and not expired, or a not_found that says what to do. */
async function liveLink(db: Db, token: string, purpose: 'invitation' | 'reset') {
  const link =
    token.length <= 100 ? await sessions.findLink(db.kysely, secretHash(token)) : undefined;
  const what = purpose === 'invitation' ? 'invitation' : 'password-reset link';
  const again =
    purpose === 'invitation'
      ? 'ask whoever invited you for a new invitation'
      : 'ask for a new one on the sign-in page ("Forgot your password?")';
  if (!link || link.purpose !== purpose)
    throw notFound(what, '…', `the link is not valid; ${again}`);
  if (link.used_at) throw notFound(what, '…', `the link has been used already; ${again}`);
  if (Date.parse(link.expires_at) <= Date.now())
    throw notFound(
      what,
      '…',
      `the link expired on ${link.expires_at.slice(0, 16).replace('T', ' ')} UTC; ${again}`,
    );
  return link;
}

/** Invites someone by e-mail with a role and regions; the mail carries a link that works for a week. */
export async function invite(
  db: Db,
  mailer: Mailer,
  actor: Actor,
  input: { email: string; role: Role; regions: readonly string[]; origin: string },
): Promise<InvitationView> {
  authorize(actor, 'accounts.invite', { role: input.role });
  const email = normaliseEmail(input.email);
  const regions = await knownRegions(db, input.regions);
  if (input.role === 'coordinator' && regions.length === 0)
    throw invalidParameter('regions', 'a coordinator works for one or more regions; choose them');
  if (await accounts.findAccountByEmail(db.kysely, email))
    throw conflict(`${email} has an account already`);
  const token = newSecret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const by = actor.kind === 'account' && actor.id > 0 ? actor.id : null;
  await sessions.insertLink(db.kysely, {
    purpose: 'invitation',
    token_hash: secretHash(token),
    email,
    role: input.role,
    regions: JSON.stringify(regions),
    account_id: null,
    created_by: by,
    created_at: now.toISOString(),
    expires_at: expiresAt,
  });
  await mailer.send({
    to: email,
    subject: 'Your invitation to PerMed Atlas',
    text: [
      `You have been invited to contribute to PerMed Atlas as ${input.role}${regions.length > 0 ? ` for ${regions.join(', ')}` : ''}.`,
      '',
      'Choose your password and start here (the link works once, for 7 days):',
      `${input.origin}/invitations/${token}`,
      '',
      'If you did not expect this mail, ignore it: nothing happens without the link.',
    ].join('\n'),
  });
  await audit(db, by === null ? 'cli' : { accountId: by }, 'account.invite', email, {
    detail: { role: input.role, regions },
  });
  return { email, role: input.role, regions, expiresAt };
}

export async function invitationOf(db: Db, token: string): Promise<InvitationView> {
  const link = await liveLink(db, token, 'invitation');
  return {
    email: link.email,
    role: link.role as Role,
    regions: JSON.parse(link.regions ?? '[]') as string[],
    expiresAt: link.expires_at,
  };
}

/** Accepts an invitation: makes the account and signs it in. */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { displayName: string; password: string },
  s: AccountSettings = DEFAULT_ACCOUNT_SETTINGS,
): Promise<NewSession> {
  const link = await liveLink(db, token, 'invitation');
  const passwordHash = await hashPassword(input.password);
  const id = await db.kysely.transaction().execute(async (tx) => {
    if (!(await sessions.useLink(tx, link.id, new Date().toISOString())))
      throw notFound('invitation', '…', 'the link has been used already');
    if (await accounts.findAccountByEmail(tx, link.email))
      throw conflict(`${link.email} has an account already; sign in instead`);
    return accounts.insertAccount(tx, {
      email: link.email,
      displayName: input.displayName.trim() || link.email.split('@')[0] || link.email,
      passwordHash,
      role: link.role as Role,
      regions: JSON.parse(link.regions ?? '[]') as string[],
      at: new Date().toISOString(),
    });
  });
  await audit(db, { accountId: id }, 'account.accept-invitation', `account:${id}`);
  const account = await accounts.findAccountById(db.kysely, id);
  return openSession(db, account as accounts.AccountRecord, s);
}

/**
 * Sends a password-reset link when the address has an account; answers the same either way, so
 * the form does not tell who has an account.
 */
export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  input: { email: string; origin: string; address: string },
): Promise<void> {
  const email = normaliseEmail(input.email);
  const account = await accounts.findAccountByEmail(db.kysely, email);
  if (!account || account.disabled) return;
  const recent = await sessions.countLinksSince(
    db.kysely,
    account.id,
    'reset',
    new Date(Date.now() - 3600_000).toISOString(),
  );
  if (recent >= RESETS_PER_HOUR) return;
  const token = newSecret();
  const now = new Date();
  await sessions.insertLink(db.kysely, {
    purpose: 'reset',
    token_hash: secretHash(token),
    email,
    role: null,
    regions: null,
    account_id: account.id,
    created_by: null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
  });
  await mailer.send({
    to: email,
    subject: 'Reset your PerMed Atlas password',
    text: [
      'Someone (we hope you) asked to reset the password of your PerMed Atlas account.',
      '',
      `Choose a new password here (the link works once, for ${RESET_MINUTES} minutes):`,
      `${input.origin}/password-reset/${token}`,
      '',
      'If you did not ask, ignore this mail: your password stays as it is.',
    ].join('\n'),
  });
  await audit(db, 'visitor', 'account.reset-requested', `account:${account.id}`, {
    address: input.address,
  });
}

/** Checks that a reset link is live (for its page). */
export async function checkResetLink(db: Db, token: string): Promise<void> {
  await liveLink(db, token, 'reset');
}

/** Sets the new password of a reset link; every session of the account ends. */
export async function resetPassword(db: Db, token: string, password: string): Promise<void> {
  const link = await liveLink(db, token, 'reset');
  await hashPassword(password); // refuses a weak password before the link is used up
  if (!(await sessions.useLink(db.kysely, link.id, new Date().toISOString())))
    throw notFound('password-reset link', '…', 'the link has been used already');
  await setPassword(db, link.account_id as number, password, {
    accountId: link.account_id as number,
  });
}

/** Invitations still waiting to be accepted, for those who may invite. */
export async function pendingInvitations(db: Db, actor: Actor): Promise<InvitationView[]> {
  authorize(actor, 'accounts.invite', { role: 'coordinator' });
  const rows = await sessions.listPendingInvitations(db.kysely, new Date().toISOString());
  return rows.map((link) => ({
    email: link.email,
    role: link.role as Role,
    regions: JSON.parse(link.regions ?? '[]') as string[],
    expiresAt: link.expires_at,
  }));
}
