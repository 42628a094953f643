import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/connect.ts';
import {
  type AccountView,
  type Actor,
  type AuditEntry,
  normaliseEmail,
  passwordProblem,
  type Role,
  type TokenScope,
  type TokenView,
} from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import {
  conflict,
  invalidParameter,
  notFound,
  rateLimited,
  unauthenticated,
} from '../domain/errors.ts';
import * as accounts from '../repositories/accounts.ts';
import { listRegions } from '../repositories/regions.ts';
import * as sessions from '../repositories/sessions.ts';

/**
 * Argon2id with OWASP's first recommended setting: 19 MiB of memory, 2 passes, one lane. The
 * parameters are stored in each hash, so raising them later re-hashes nobody's password by force.
 */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** How long sessions live and when sign-ins are throttled (config SESSION_*; tests shorten them). */
export interface AccountSettings {
  /** A session unused this long ends. */
  readonly sessionIdleMs: number;
  /** A session ends this long after sign-in, however active. */
  readonly sessionMaxMs: number;
  /** Failed sign-ins to one account within `failureWindowMs` that lock it for `lockMs`. */
  readonly accountFailures: number;
  /** Failed sign-ins from one address (to any accounts) within the window that lock the address. */
  readonly addressFailures: number;
  readonly failureWindowMs: number;
  readonly lockMs: number;
  /** The clock; tests move it. */
  readonly now: () => Date;
}

export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  sessionIdleMs: 60 * 60_000,
  sessionMaxMs: 12 * 3600_000,
  accountFailures: 5,
  addressFailures: 30,
  failureWindowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  now: () => new Date(),
};

/** The audit log's name of who acted: an account, the command line, or a visitor. */
export type AuditActor = { readonly accountId: number } | 'cli' | 'visitor';

const actorName = (by: AuditActor) =>
  typeof by === 'string' ? by : `account:${String(by.accountId)}`;

/** SHA-256 of a secret (session id, token, link): what the database keeps instead of it. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random secret of 32 bytes, URL-safe, with a prefix saying what it is. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Whether two strings are equal, in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw invalidParameter('password', `the password ${problem}`);
  return hash(password, ARGON2);
}

/** Writes one line of the audit log. */
export async function audit(
  db: Db,
  by: AuditActor,
  action: string,
  subject?: string,
  extra: { detail?: unknown; address?: string } = {},
): Promise<void> {
  await accounts.insertAudit(db.kysely, {
    at: new Date().toISOString(),
    actor: actorName(by),
    action,
    subject: subject ?? null,
    detail: extra.detail === undefined ? null : JSON.stringify(extra.detail),
    address: extra.address ?? null,
  });
}

export const publicView = ({ passwordHash: _, ...view }: accounts.AccountRecord): AccountView =>
  view;

/** The regions given, checked against the regions the atlas knows. */
export async function knownRegions(db: Db, regions: readonly string[]): Promise<string[]> {
  const known = new Set((await listRegions(db.kysely)).map((r) => r.code));
  const codes = [...new Set(regions.map((r) => r.trim().toUpperCase()).filter((r) => r !== ''))];
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw invalidParameter(
      'regions',
      `unknown region ${unknown.join(', ')}; use region codes such as ES51 or IT (see /regions)${known.size === 0 ? '. The database has no regions yet: load the reference data with "atlas db seed"' : ''}`,
    );
  }
  return codes.sort();
}

/** The account with this e-mail address, or a not_found error saying how to list them. */
async function accountByEmail(db: Db, email: string): Promise<accounts.AccountRecord> {
  const found = await accounts.findAccountByEmail(db.kysely, normaliseEmail(email));
  if (!found) throw notFound('account', email.trim(), 'list the accounts with "atlas users list"');
  return found;
}

/** Creates an account; coordinators need at least one region. */
export async function createAccount(
  db: Db,
  input: {
    email: string;
    password: string;
    role: Role;
    regions?: readonly string[];
    displayName?: string;
  },
  by: AuditActor,
): Promise<AccountView> {
  const email = normaliseEmail(input.email);
  const regions = await knownRegions(db, input.regions ?? []);
  if (input.role === 'coordinator' && regions.length === 0) {
    throw invalidParameter(
      'regions',
      'a coordinator works for one or more regions; give them, e.g. --regions ES51,ITC4',
    );
  }
  const passwordHash = await hashPassword(input.password);
  const id = await db.kysely.transaction().execute(async (tx) => {
    if (await accounts.findAccountByEmail(tx, email))
      throw conflict(`an account with the e-mail address ${email} exists already`);
    return accounts.insertAccount(tx, {
      email,
      displayName: input.displayName?.trim() || email.split('@')[0] || email,
      passwordHash,
      role: input.role,
      regions,
      at: new Date().toISOString(),
    });
  });
  await audit(db, by, 'account.create', `account:${id}`, { detail: { role: input.role, regions } });
  return publicView((await accounts.findAccountById(db.kysely, id)) as accounts.AccountRecord);
}

export async function listAccountViews(db: Db): Promise<AccountView[]> {
  return (await accounts.listAccounts(db.kysely)).map(publicView);
}

export async function countAccounts(db: Db): Promise<number> {
  return accounts.countAccounts(db.kysely);
}

/** Changes an account's role (and regions, when given); its sessions end so the change is felt at once. */
export async function changeRole(
  db: Db,
  email: string,
  role: Role,
  regionList: readonly string[] | undefined,
  by: AuditActor,
): Promise<AccountView> {
  const account = await accountByEmail(db, email);
  const regions = regionList === undefined ? account.regions : await knownRegions(db, regionList);
  if (role === 'coordinator' && regions.length === 0)
    throw invalidParameter('regions', 'a coordinator needs one or more regions; give --regions');
  await db.kysely.transaction().execute(async (tx) => {
    await accounts.updateAccount(tx, account.id, { role, at: new Date().toISOString() });
    await accounts.setAccountRegions(tx, account.id, regions);
    await sessions.deleteSessionsOf(tx, account.id);
  });
  await audit(db, by, 'account.role', `account:${account.id}`, {
    detail: { from: account.role, to: role, regions },
  });
  return publicView(
    (await accounts.findAccountById(db.kysely, account.id)) as accounts.AccountRecord,
  );
}

/** Disables (or enables) an account: a disabled one cannot sign in, and its sessions and tokens stop working. */
export async function setDisabled(
  db: Db,
  email: string,
  disabled: boolean,
  by: AuditActor,
): Promise<AccountView> {
  const account = await accountByEmail(db, email);
  await db.kysely.transaction().execute(async (tx) => {
    await accounts.updateAccount(tx, account.id, { disabled, at: new Date().toISOString() });
    if (disabled) await sessions.deleteSessionsOf(tx, account.id);
  });
  await audit(db, by, disabled ? 'account.disable' : 'account.enable', `account:${account.id}`);
  return { ...publicView(account), disabled };
}

/** Sets a new password and ends every session of the account. */
export async function setPassword(
  db: Db,
  accountId: number,
  password: string,
  by: AuditActor,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.kysely.transaction().execute(async (tx) => {
    await accounts.updateAccount(tx, accountId, { passwordHash, at: new Date().toISOString() });
    await sessions.deleteSessionsOf(tx, accountId);
  });
  await audit(db, by, 'account.password', `account:${accountId}`);
}

// --- signing in ---------------------------------------------------------------------------------

/** A signed-in browser: the cookie value to set, and the account. */
export interface NewSession {
  readonly cookie: string;
  readonly account: AccountView;
  readonly expiresAt: Date;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** Throws rate_limited while a key is locked. */
async function checkLock(db: Db, key: string, now: Date, message: string): Promise<void> {
  const row = await sessions.findFailures(db.kysely, key);
  const until = row?.locked_until ? new Date(row.locked_until) : undefined;
  if (until && until > now) {
    const wait = until.getTime() - now.getTime();
    throw rateLimited(message.replace('{minutes}', String(minutes(wait))), Math.ceil(wait / 1000));
  }
}

/** Counts a failure for a key; locks it when `limit` failures fall in the window. */
async function countFailure(db: Db, key: string, limit: number, s: AccountSettings) {
  const now = s.now();
  const row = await sessions.findFailures(db.kysely, key);
  const fresh = !row || now.getTime() - Date.parse(row.first_at) > s.failureWindowMs;
  const failures = fresh ? 1 : row.failures + 1;
  await sessions.saveFailures(db.kysely, {
    key,
    failures,
    first_at: fresh ? now.toISOString() : row.first_at,
    locked_until: failures >= limit ? new Date(now.getTime() + s.lockMs).toISOString() : null,
  });
  return failures >= limit;
}

const ACCOUNT_LOCKED =
  'too many failed sign-ins to this account: it is locked for {minutes} more minute(s). Wait, or reset the password with "Forgot your password?"';
const ADDRESS_LOCKED =
  'too many failed sign-ins from this address: sign-in is paused for {minutes} more minute(s)';

/** Opens a session for a new sign-in (a new id every time: no session fixation). */
export async function openSession(
  db: Db,
  account: accounts.AccountRecord,
  s: AccountSettings,
): Promise<NewSession> {
  const cookie = newSecret();
  const now = s.now();
  const expiresAt = new Date(now.getTime() + s.sessionMaxMs);
  // Sessions nobody brings back again (a closed browser) are cleared here, at each sign-in.
  const idleSince = new Date(now.getTime() - s.sessionIdleMs).toISOString();
  await sessions.deleteStaleSessions(db.kysely, now.toISOString(), idleSince);
  await sessions.insertSession(db.kysely, {
    id: secretHash(cookie),
    account_id: account.id,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    last_seen_at: now.toISOString(),
    csrf_token: newSecret(),
  });
  await accounts.updateAccount(db.kysely, account.id, {
    lastSignInAt: now.toISOString(),
    at: now.toISOString(),
  });
  return { cookie, account: publicView(account), expiresAt };
}

/**
 * Signs in with e-mail and password. Wrong details, unknown account and disabled account get the
 * same answer (no account discovery); repeated failures lock the account and the address.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; address: string },
  s: AccountSettings = DEFAULT_ACCOUNT_SETTINGS,
): Promise<NewSession> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `address:${input.address}`;
  await checkLock(db, addressKey, s.now(), ADDRESS_LOCKED);
  await checkLock(db, accountKey, s.now(), ACCOUNT_LOCKED);
  const account = await accounts.findAccountByEmail(db.kysely, email);
  // An unknown account costs the same hashing time as a known one.
  const ok = account
    ? await verify(account.passwordHash, input.password)
    : await hashPassword('x'.repeat(16)).then(() => false);
  if (!ok || !account || account.disabled) {
    const lockedAccount = await countFailure(db, accountKey, s.accountFailures, s);
    const lockedAddress = await countFailure(db, addressKey, s.addressFailures, s);
    await audit(db, account ? { accountId: account.id } : 'visitor', 'sign-in.failed', email, {
      address: input.address,
      detail: { lockedAccount, lockedAddress },
    });
    if (lockedAddress) await checkLock(db, addressKey, s.now(), ADDRESS_LOCKED);
    if (lockedAccount) await checkLock(db, accountKey, s.now(), ACCOUNT_LOCKED);
    throw unauthenticated(
      'the e-mail address or the password is wrong (or the account is disabled); check both and try again',
    );
  }
  await sessions.clearFailures(db.kysely, accountKey);
  const opened = await openSession(db, account, s);
  await audit(db, { accountId: account.id }, 'sign-in', `account:${account.id}`, {
    address: input.address,
  });
  return opened;
}

/** A live session: who it is and its CSRF token. */
export interface LiveSession {
  readonly actor: Extract<Actor, { kind: 'account' }>;
  readonly account: AccountView;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** The session of a cookie value, or undefined when it is unknown, idle too long, past its end or its account disabled. */
export async function sessionOf(
  db: Db,
  cookie: string | undefined,
  s: AccountSettings = DEFAULT_ACCOUNT_SETTINGS,
): Promise<LiveSession | undefined> {
  if (!cookie || cookie.length > 100) return undefined;
  const id = secretHash(cookie);
  const row = await sessions.findSession(db.kysely, id);
  if (!row) return undefined;
  const now = s.now();
  const lastSeen = Date.parse(row.last_seen_at ?? row.created_at);
  const account = await accounts.findAccountById(db.kysely, row.account_id);
  if (
    Date.parse(row.expires_at) <= now.getTime() ||
    now.getTime() - lastSeen > s.sessionIdleMs ||
    !account ||
    account.disabled
  ) {
    await sessions.deleteSession(db.kysely, id);
    return undefined;
  }
  // Activity is written at most once a minute, not on every request.
  if (now.getTime() - lastSeen > 60_000)
    await sessions.touchSession(db.kysely, id, now.toISOString());
  return {
    actor: { kind: 'account', id: account.id, role: account.role, regions: account.regions },
    account: publicView(account),
    csrfToken: row.csrf_token ?? '',
    expiresAt: new Date(row.expires_at),
  };
}

export async function signOut(db: Db, cookie: string | undefined): Promise<void> {
  if (!cookie) return;
  const row = await sessions.findSession(db.kysely, secretHash(cookie));
  if (!row) return;
  await sessions.deleteSession(db.kysely, row.id);
  await audit(db, { accountId: row.account_id }, 'sign-out', `account:${row.account_id}`);
}

/** Ends every session of the account (all browsers); returns how many ended. */
export async function signOutEverywhere(db: Db, actor: Actor): Promise<number> {
  authorize(actor, 'account.own');
  if (actor.kind !== 'account') return 0;
  const ended = await sessions.deleteSessionsOf(db.kysely, actor.id);
  await audit(db, { accountId: actor.id }, 'sign-out.everywhere', `account:${actor.id}`, {
    detail: { sessions: ended },
  });
  return ended;
}

// --- API tokens ---------------------------------------------------------------------------------

const TOKEN_PREFIX = 'atlas_pat_';

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function createToken(
  db: Db,
  accountId: number,
  input: { name: string; scopes: readonly TokenScope[] },
  by: AuditActor,
): Promise<{ token: string; view: TokenView }> {
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    throw invalidParameter(
      'name',
      'give the token a name of 1 to 100 characters, e.g. "import script"',
    );
  const token = newSecret(TOKEN_PREFIX);
  const id = await accounts.insertToken(db.kysely, {
    accountId,
    name,
    hash: secretHash(token),
    scopes: input.scopes,
    at: new Date().toISOString(),
  });
  await audit(db, by, 'token.create', `token:${id}`, { detail: { scopes: input.scopes } });
  const view = (await accounts.listTokens(db.kysely, accountId)).find((t) => t.id === id);
  return { token, view: view as TokenView };
}

export async function createTokenFor(
  db: Db,
  email: string,
  input: { name: string; scopes: readonly TokenScope[] },
): Promise<{ token: string; view: TokenView }> {
  const account = await accountByEmail(db, email);
  return createToken(db, account.id, input, 'cli');
}

export function listTokensOf(db: Db, accountId: number): Promise<TokenView[]> {
  return accounts.listTokens(db.kysely, accountId);
}

/** Revokes one of an account's tokens; it stops working at once. */
export async function revokeToken(
  db: Db,
  accountId: number,
  tokenId: number,
  by: AuditActor,
): Promise<void> {
  if (!(await accounts.revokeToken(db.kysely, accountId, tokenId, new Date().toISOString()))) {
    throw notFound(
      'token',
      String(tokenId),
      'list the live tokens on the account page or with "atlas tokens list"',
    );
  }
  await audit(db, by, 'token.revoke', `token:${tokenId}`);
}

export async function tokensOfEmail(db: Db, email: string) {
  const account = await accountByEmail(db, email);
  return { account: publicView(account), tokens: await accounts.listTokens(db.kysely, account.id) };
}

/** The actor of a bearer token, or an unauthenticated error saying what is wrong with it. */
export async function tokenActor(
  db: Db,
  token: string,
): Promise<Extract<Actor, { kind: 'account' }>> {
  const found = token.startsWith(TOKEN_PREFIX)
    ? await accounts.findLiveToken(db.kysely, secretHash(token))
    : undefined;
  const account = found ? await accounts.findAccountById(db.kysely, found.accountId) : undefined;
  if (!found || !account || account.disabled) {
    throw unauthenticated(
      'the API token is unknown, revoked, or its account is disabled; create a new one on your account page (/account)',
    );
  }
  const now = new Date();
  // Use is recorded (and audited) at most once an hour per token.
  if (!found.lastUsedAt || now.getTime() - Date.parse(found.lastUsedAt) > 3600_000) {
    await accounts.touchToken(db.kysely, found.id, now.toISOString());
    await audit(db, { accountId: account.id }, 'token.use', `token:${found.id}`);
  }
  return {
    kind: 'account',
    id: account.id,
    role: account.role,
    regions: account.regions,
    scopes: found.scopes,
  };
}

export async function auditLog(
  db: Db,
  actor: Actor,
  filter: { limit: number; actor?: string },
): Promise<AuditEntry[]> {
  authorize(actor, 'audit.read');
  return accounts.listAudit(db.kysely, filter);
}

/**
 * The newest audit entries with a name for each account they mention ("account:N"): its name and
 * address, or its pseudonym once the account is deleted. One query for all the accounts.
 */
export async function auditLogWithNames(db: Db, actor: Actor, limit: number) {
  const entries = await auditLog(db, actor, { limit });
  const known = new Map((await accounts.listAccounts(db.kysely)).map((a) => [a.id, a]));
  const names = new Map<string, string>();
  for (const key of new Set(entries.flatMap((e) => [e.actor, e.subject ?? '']))) {
    const id = key.match(/^account:(\d+)$/)?.[1];
    if (!id) continue;
    const account = known.get(Number(id));
    names.set(key, account ? `${account.displayName} <${account.email}>` : `contributor-${id}`);
  }
  return { entries, names };
}

/** The account of an actor. */
export async function accountOf(db: Db, id: number): Promise<AccountView | undefined> {
  const found = await accounts.findAccountById(db.kysely, id);
  return found ? publicView(found) : undefined;
}

/** An administrator acting from the command line: the operator of the machine may do everything. */
export const CLI_ACTOR: Actor = Object.freeze({
  kind: 'account',
  id: 0,
  role: 'admin',
  regions: [],
});

/**
 * Opens a session for the account with an e-mail address a provider verified. No account, or a
 * disabled one, is refused with what to do: accounts are made by invitation.
 */
export async function signInVerified(
  db: Db,
  input: { email: string; provider: string; address: string },
  s: AccountSettings = DEFAULT_ACCOUNT_SETTINGS,
): Promise<NewSession> {
  const account = await accounts.findAccountByEmail(db.kysely, input.email);
  if (!account || account.disabled) {
    await audit(db, 'visitor', 'sign-in.failed', input.email, {
      address: input.address,
      detail: { provider: input.provider },
    });
    throw unauthenticated(
      `no account of the atlas has the address ${input.email}${account ? ' (it is disabled)' : ''}; ask a curator or an administrator for an invitation`,
    );
  }
  const opened = await openSession(db, account, s);
  await audit(db, { accountId: account.id }, 'sign-in', `account:${account.id}`, {
    address: input.address,
    detail: { provider: input.provider },
  });
  return opened;
}
