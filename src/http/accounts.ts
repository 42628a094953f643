import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import type { Db } from '../db/connect.ts';
import { parseRole, parseScopes, ROLES, VISITOR } from '../domain/accounts.ts';
import { authorize, decide } from '../domain/authorization.ts';
import { type AppError, isAppError, tooLarge } from '../domain/errors.ts';
import {
  acceptInvitation,
  checkResetLink,
  invitationOf,
  invite,
  pendingInvitations,
  requestPasswordReset,
  resetPassword,
} from '../services/account-links.ts';
import {
  auditLogWithNames,
  createToken,
  listAccountViews,
  listTokensOf,
  revokeToken,
  signIn,
  signOut,
  signOutEverywhere,
} from '../services/accounts.ts';
import type { Mailer } from '../services/mail.ts';
import { deleteOwnAccount, ownData } from '../services/own-data.ts';
import { formatCount } from '../web/components.tsx';
import type { FormState } from '../web/forms.tsx';
import { t } from '../web/i18n.ts';
import {
  accountPage,
  adminAccountsPage,
  auditPage,
  invitationPage,
  newPasswordPage,
  passwordResetRequestPage,
  signInPage,
} from '../web/pages/account.tsx';
import { withViewer } from '../web/viewer.ts';
import {
  type AuthOptions,
  checkCsrf,
  csrfToken,
  endSessionCookie,
  SESSION_COOKIE,
  startSessionCookie,
} from './auth.ts';
import { siteOrigin } from './origin.ts';
import { clientAddress } from './rate-limit.ts';

/** Options of the account pages. */
export interface AccountRouteOptions extends AuthOptions {
  /** Sends invitations and password resets. */
  readonly mailer: Mailer;
  readonly trustedHosts?: readonly string[];
  /** The name of the OpenID Connect provider the sign-in page offers, when one is set up. */
  readonly oidcName?: string;
}

/** A form's fields as strings (a repeated field keeps its last value; files are refused by size). */
export async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']),
  );
}

/** A problem as the form shows it: next to its field when it names one, else in the summary. */
export function formState(e: unknown, values: Record<string, string>): FormState {
  if (!isAppError(e)) throw e;
  const { password: _p, _csrf: _c, ...kept } = values;
  const field = (e as AppError).details.parameter;
  if (typeof field === 'string' && field in values) {
    return { values: kept, errors: { [field]: e.message } };
  }
  return { values: kept, problem: e.message.charAt(0).toUpperCase() + e.message.slice(1) };
}

/** The status a failed form is answered with: the error's, or 400. */
export function statusOf(e: unknown): 400 | 401 | 403 | 404 | 409 | 429 {
  const code = isAppError(e) ? e.code : 'invalid_parameter';
  const map = {
    unauthenticated: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    rate_limited: 429,
  } as const;
  return (map as Record<string, 400 | 401 | 403 | 404 | 409 | 429>)[code] ?? 400;
}

/** Where to go after signing in: a path on this site only (no //host, no scheme). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/account';
}

/**
 * A redirect to the sign-in page that comes back here afterwards, with the address's query (a
 * form filled in from its link, a filtered review queue).
 */
export function toSignIn(c: Context): Response {
  const { pathname, search } = new URL(c.req.url);
  return c.redirect(`/sign-in?next=${encodeURIComponent(pathname + search)}`, 303);
}

/** Sign-in, sign-out, the account page, password reset and invitations. */
function sessionRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/account', 303);
    const notice = c.req.query('notice') === 'signed-out' ? t('account.signedOut') : undefined;
    return c.html(
      signInPage({ oidc: o.oidcName, csrf: csrfToken(c, o), next: c.req.query('next'), notice }),
    );
  });
  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    try {
      const session = await signIn(
        db,
        { email: form.email ?? '', password: form.password ?? '', address: clientAddress(c) },
        o.settings,
      );
      startSessionCookie(c, session, o);
      return c.redirect(safeNext(form.next), 303);
    } catch (e) {
      if (isAppError(e, 'rate_limited'))
        c.header('Retry-After', String((e as AppError).details.retryAfterSeconds));
      const page = signInPage({
        oidc: o.oidcName,
        csrf: csrfToken(c, o),
        next: form.next,
        state: formState(e, form),
      });
      return c.html(page, statusOf(e));
    }
  });
  app.post('/sign-out', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    await signOut(db, getCookie(c, SESSION_COOKIE));
    endSessionCookie(c);
    return c.redirect('/sign-in?notice=signed-out', 303);
  });
}

type AccountExtra = {
  newToken?: string;
  notice?: string;
  state?: FormState;
  deleteState?: FormState;
};

/** The account page of the signed-in person, with a message or a form's problems. */
async function renderAccount(
  c: Context,
  db: Db,
  o: AccountRouteOptions,
  extra: AccountExtra = {},
  status: 200 | 400 = 200,
) {
  const session = c.get('session');
  if (!session) return toSignIn(c);
  const tokens = await listTokensOf(db, session.actor.id);
  const page = accountPage({ account: session.account, tokens, csrf: csrfToken(c, o), ...extra });
  return c.html(page, status);
}

function accountRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/account', (c) =>
    renderAccount(
      c,
      db,
      o,
      c.req.query('notice') === 'revoked' ? { notice: t('account.tokenRevoked') } : {},
    ),
  );
  app.post('/account/tokens', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const actor = c.get('actor');
    authorize(actor, 'account.own');
    if (actor.kind !== 'account') return toSignIn(c);
    try {
      const scopes = parseScopes(form.scopes ?? 'read');
      const { token, view } = await createToken(
        db,
        actor.id,
        { name: form.name ?? '', scopes },
        { accountId: actor.id },
      );
      return renderAccount(c, db, o, {
        newToken: token,
        notice: t('account.tokenCreated', { name: view.name }),
      });
    } catch (e) {
      return renderAccount(c, db, o, { state: formState(e, form) }, 400);
    }
  });
  app.post('/account/tokens/:id/revoke', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const actor = c.get('actor');
    authorize(actor, 'account.own');
    if (actor.kind !== 'account') return toSignIn(c);
    await revokeToken(db, actor.id, Number(c.req.param('id')) || 0, { accountId: actor.id });
    return c.redirect('/account?notice=revoked', 303);
  });
  app.post('/account/sign-out-everywhere', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const ended = await signOutEverywhere(db, c.get('actor'));
    endSessionCookie(c);
    c.set('session', undefined);
    return c.html(
      signInPage({
        oidc: o.oidcName,
        csrf: csrfToken(c, o),
        notice: t('account.signedOutEverywhere', { count: ended, n: formatCount(ended) }),
      }),
    );
  });
}

/** Downloading one's own data, and deleting one's account. */
function ownDataRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/account/data.json', async (c) => {
    if (!c.get('session')) return toSignIn(c);
    const data = await ownData(db, c.get('actor'));
    return c.body(JSON.stringify(data, null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="my-permed-atlas-data.json"',
      'Cache-Control': 'private, no-store',
    });
  });
  app.post('/account/delete', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    try {
      const pseudonym = await deleteOwnAccount(db, c.get('actor'), form.password ?? '');
      endSessionCookie(c);
      c.set('session', undefined);
      c.set('actor', VISITOR);
      const notice = t('account.deleted', { pseudonym });
      return withViewer(undefined, () =>
        c.html(signInPage({ oidc: o.oidcName, csrf: csrfToken(c, o), notice })),
      );
    } catch (e) {
      if (isAppError(e, 'unauthenticated') || isAppError(e, 'forbidden')) throw e;
      return renderAccount(c, db, o, { deleteState: formState(e, form) }, 400);
    }
  });
}

function linkRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/password-reset', (c) => c.html(passwordResetRequestPage({ csrf: csrfToken(c, o) })));
  app.post('/password-reset', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    try {
      const origin = siteOrigin(c.req.url, o);
      await requestPasswordReset(db, o.mailer, {
        email: form.email ?? '',
        origin,
        address: clientAddress(c),
      });
      return c.html(passwordResetRequestPage({ csrf: csrfToken(c, o), sent: true }));
    } catch (e) {
      const page = passwordResetRequestPage({ csrf: csrfToken(c, o), state: formState(e, form) });
      return c.html(page, statusOf(e));
    }
  });
  app.get('/password-reset/:token', async (c) => {
    await checkResetLink(db, c.req.param('token'));
    return c.html(newPasswordPage({ csrf: csrfToken(c, o), token: c.req.param('token') }));
  });
  app.post('/password-reset/:token', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const token = c.req.param('token');
    try {
      await resetPassword(db, token, form.password ?? '');
      endSessionCookie(c);
      return c.html(
        signInPage({
          oidc: o.oidcName,
          csrf: csrfToken(c, o),
          notice: t('account.passwordChanged'),
        }),
      );
    } catch (e) {
      if (isAppError(e, 'not_found')) throw e;
      return c.html(
        newPasswordPage({ csrf: csrfToken(c, o), token, state: formState(e, form) }),
        statusOf(e),
      );
    }
  });
  app.get('/invitations/:token', async (c) => {
    const token = c.req.param('token');
    const invitation = await invitationOf(db, token);
    return c.html(invitationPage({ csrf: csrfToken(c, o), token, invitation }));
  });
  app.post('/invitations/:token', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const token = c.req.param('token');
    const invitation = await invitationOf(db, token);
    try {
      const session = await acceptInvitation(
        db,
        token,
        { displayName: form.displayName ?? '', password: form.password ?? '' },
        o.settings,
      );
      startSessionCookie(c, session, o);
      return c.redirect('/account', 303);
    } catch (e) {
      const page = invitationPage({
        csrf: csrfToken(c, o),
        token,
        invitation,
        state: formState(e, form),
      });
      return c.html(page, statusOf(e));
    }
  });
}

/** The roles an actor may invite: those the authorization module allows. */
function invitableRoles(c: Context) {
  return ROLES.filter((role) => decide(c.get('actor'), 'accounts.invite', { role }).allowed);
}

/** The administration page for the actor: accounts (administrators) and invitations. */
async function renderAdmin(
  c: Context,
  db: Db,
  o: AccountRouteOptions,
  extra: { state?: FormState; notice?: string } = {},
  status: 200 | 400 | 404 | 409 = 200,
) {
  const actor = c.get('actor');
  if (actor.kind === 'visitor') return toSignIn(c);
  const roles = invitableRoles(c);
  if (roles.length === 0) authorize(actor, 'accounts.invite', { role: 'coordinator' });
  const canManage = decide(actor, 'accounts.manage').allowed;
  return c.html(
    adminAccountsPage({
      csrf: csrfToken(c, o),
      accounts: canManage ? await listAccountViews(db) : undefined,
      invitations: await pendingInvitations(db, actor),
      roles,
      canReadAudit: decide(actor, 'audit.read').allowed,
      canReview: decide(actor, 'records.review').allowed,
      ...extra,
    }),
    status,
  );
}

function adminRoutes(app: Hono, db: Db, o: AccountRouteOptions): void {
  app.get('/admin/accounts', (c) => renderAdmin(c, db, o));
  app.post('/admin/invitations', async (c) => {
    const form = await formOf(c);
    checkCsrf(c, form._csrf, o);
    const actor = c.get('actor');
    if (actor.kind === 'visitor') authorize(actor, 'accounts.invite');
    try {
      const role = parseRole(form.role ?? '');
      const regions = (form.regions ?? '').split(/[,\s]+/).filter((r) => r !== '');
      const origin = siteOrigin(c.req.url, o);
      const sent = await invite(db, o.mailer, actor, {
        email: form.email ?? '',
        role,
        regions,
        origin,
      });
      return renderAdmin(c, db, o, { notice: t('account.invited', { email: sent.email }) });
    } catch (e) {
      if (isAppError(e, 'forbidden')) throw e;
      const status = statusOf(e);
      return renderAdmin(
        c,
        db,
        o,
        { state: formState(e, form) },
        status === 409 || status === 404 ? status : 400,
      );
    }
  });
  app.get('/admin/audit', async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'visitor') return toSignIn(c);
    const { entries, names } = await auditLogWithNames(db, actor, 200);
    return c.html(auditPage({ entries, names }));
  });
}

/** The pages of contributors: signing in and out, the account, password reset, invitations, administration. */
export function accountPageRoutes(db: Db, options: AccountRouteOptions): Hono {
  const app = new Hono();
  // Forms are small; a large body is refused before it is read.
  app.use(
    '*',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw tooLarge('the form is larger than 64 KB; shorten what you typed and send it again');
      },
    }),
  );
  sessionRoutes(app, db, options);
  accountRoutes(app, db, options);
  ownDataRoutes(app, db, options);
  linkRoutes(app, db, options);
  adminRoutes(app, db, options);
  return app;
}
