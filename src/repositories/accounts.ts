import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, ApiTokensTable, Database } from '../db/types.ts';
import type { AccountView, AuditEntry, Role, TokenScope, TokenView } from '../domain/accounts.ts';

type Q = Kysely<Database>;

/** An account with what signing in needs; only the services see the password hash. */
export interface AccountRecord extends AccountView {
  readonly passwordHash: string;
}

async function regionsOf(db: Q, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('account_regions')
    .select(['account_id', 'region_code'])
    .where('account_id', 'in', ids)
    .orderBy('region_code')
    .execute();
  for (const r of rows) out.set(r.account_id, [...(out.get(r.account_id) ?? []), r.region_code]);
  return out;
}

function toRecord(row: Selectable<AccountsTable>, regions: readonly string[]): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    pseudonym: row.pseudonym ?? `contributor-${row.id}`,
    role: row.role as Role,
    regions,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    passwordHash: row.password_hash,
  };
}

/** Accounts matching a condition, with their regions. */
async function accountsWhere(
  db: Q,
  where: { email?: string; id?: number },
): Promise<AccountRecord[]> {
  let q = db.selectFrom('accounts').selectAll();
  if (where.email !== undefined) q = q.where('email', '=', where.email);
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  const rows = await q.orderBy('id').execute();
  const regions = await regionsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRecord(r, regions.get(r.id) ?? []));
}

export async function findAccountByEmail(db: Q, email: string): Promise<AccountRecord | undefined> {
  return (await accountsWhere(db, { email }))[0];
}

export async function findAccountById(db: Q, id: number): Promise<AccountRecord | undefined> {
  return (await accountsWhere(db, { id }))[0];
}

export function listAccounts(db: Q): Promise<AccountRecord[]> {
  return accountsWhere(db, {});
}

export async function countAccounts(db: Q): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces the regions an account acts for. */
export async function setAccountRegions(db: Q, id: number, regions: readonly string[]) {
  await db.deleteFrom('account_regions').where('account_id', '=', id).execute();
  if (regions.length === 0) return;
  await db
    .insertInto('account_regions')
    .values(regions.map((region_code) => ({ account_id: id, region_code })))
    .execute();
}

/** Adds an account; its pseudonym is made from its id. */
export async function insertAccount(
  db: Q,
  a: {
    email: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    regions: readonly string[];
    at: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('accounts')
    .values({
      email: a.email,
      display_name: a.displayName,
      password_hash: a.passwordHash,
      role: a.role,
      region_code: null,
      disabled: 0,
      created_at: a.at,
      updated_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('accounts')
    .set({ pseudonym: `contributor-${id}` })
    .where('id', '=', id)
    .execute();
  await setAccountRegions(db, id, a.regions);
  return id;
}

/** Changes some of an account's columns. */
export async function updateAccount(
  db: Q,
  id: number,
  change: {
    role?: Role;
    disabled?: boolean;
    passwordHash?: string;
    lastSignInAt?: string;
    at: string;
  },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      ...(change.role === undefined ? {} : { role: change.role }),
      ...(change.disabled === undefined ? {} : { disabled: change.disabled ? 1 : 0 }),
      ...(change.passwordHash === undefined ? {} : { password_hash: change.passwordHash }),
      ...(change.lastSignInAt === undefined ? {} : { last_sign_in_at: change.lastSignInAt }),
      updated_at: change.at,
    })
    .where('id', '=', id)
    .execute();
}

// --- API tokens ---------------------------------------------------------------------------------

function toToken(row: Selectable<ApiTokensTable>): TokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(',') as TokenScope[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertToken(
  db: Q,
  t: { accountId: number; name: string; hash: string; scopes: readonly TokenScope[]; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto('api_tokens')
    .values({
      account_id: t.accountId,
      name: t.name,
      token_hash: t.hash,
      scopes: t.scopes.join(','),
      created_at: t.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** An account's tokens, newest first, revoked ones included. */
export async function listTokens(db: Q, accountId: number): Promise<TokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toToken);
}

/** The live (not revoked) token with this hash and its owner's id. */
export async function findLiveToken(
  db: Q,
  hash: string,
): Promise<(TokenView & { accountId: number }) | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { ...toToken(row), accountId: row.account_id } : undefined;
}

/** Revokes a token of an account; false when it has no such live token. */
export async function revokeToken(
  db: Q,
  accountId: number,
  id: number,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchToken(db: Q, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

// --- audit log ----------------------------------------------------------------------------------

export async function insertAudit(db: Q, e: Omit<AuditEntry, 'id'>): Promise<void> {
  await db.insertInto('audit_log').values(e).execute();
}

/** The newest `limit` entries of the audit log, newest first. */
export async function listAudit(
  db: Q,
  filter: { limit: number; actor?: string },
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Audit entries an account made or that are about it, oldest first. */
export function auditAbout(db: Q, accountId: number, email: string): Promise<AuditEntry[]> {
  const me = `account:${accountId}`;
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((e) => e.or([e('actor', '=', me), e('subject', '=', me), e('subject', '=', email)]))
    .orderBy('id')
    .execute();
}

/**
 * Removes an account and everything personal about it; what it did stays in the audit log under
 * its pseudonymous id (account:N), without addresses or its e-mail address.
 */
export async function deleteAccountData(db: Q, accountId: number, email: string): Promise<void> {
  const me = `account:${accountId}`;
  await db.updateTable('audit_log').set({ subject: me }).where('subject', '=', email).execute();
  await db
    .updateTable('audit_log')
    .set({ address: null })
    .where((e) => e.or([e('actor', '=', me), e('subject', '=', me)]))
    .execute();
  await db
    .deleteFrom('account_links')
    .where((e) => e.or([e('account_id', '=', accountId), e('email', '=', email)]))
    .execute();
  await db
    .updateTable('account_links')
    .set({ created_by: null })
    .where('created_by', '=', accountId)
    .execute();
  await db
    .updateTable('suggestions')
    .set({ decided_by: null })
    .where('decided_by', '=', accountId)
    .execute();
  // Versions and comments keep the pseudonym they were written under (author_name).
  for (const table of ['record_versions', 'record_comments'] as const) {
    await db
      .updateTable(table)
      .set({ author_id: null })
      .where('author_id', '=', accountId)
      .execute();
  }
  await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).execute();
  await db.deleteFrom('sign_in_failures').where('key', '=', `account:${email}`).execute();
  await db.deleteFrom('api_tokens').where('account_id', '=', accountId).execute();
  await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
  await db.deleteFrom('account_regions').where('account_id', '=', accountId).execute();
  await db.deleteFrom('accounts').where('id', '=', accountId).execute();
}

/** How many enabled administrators there are. */
export async function countActiveAdmins(db: Q): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Invitations an account sent: to whom, with which role, when. */
export function invitationsSentBy(db: Q, accountId: number) {
  return db
    .selectFrom('account_links')
    .select(['email', 'role', 'regions', 'created_at', 'used_at'])
    .where('created_by', '=', accountId)
    .where('purpose', '=', 'invitation')
    .orderBy('id')
    .execute();
}
