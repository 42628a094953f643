import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/connect.ts';
import { type Actor, VISITOR } from '../domain/accounts.ts';
import { forbidden } from '../domain/errors.ts';
import {
  type AccountSettings,
  type LiveSession,
  type NewSession,
  newSecret,
  sameSecret,
  sessionOf,
  tokenActor,
} from '../services/accounts.ts';
import { t } from '../web/i18n.ts';
import { withViewer } from '../web/viewer.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who makes the request: an account (by session or API token) or a visitor. */
    actor: Actor;
    /** The browser session, when the request came with a live one. */
    session: LiveSession | undefined;
  }
}

/** The cookie of a signed-in browser. */
export const SESSION_COOKIE = 'atlas_session';
/** The CSRF cookie of forms sent before signing in (sign-in, password reset, invitations). */
export const FORM_COOKIE = 'atlas_form';

/** How sessions are kept: their timeouts, and whether cookies are Secure (PUBLIC_URL is https). */
export interface AuthOptions {
  readonly settings: AccountSettings;
  readonly secureCookies: boolean;
  /** The site's public origin (config PUBLIC_URL), which a form's Origin header must match; else the request's. */
  readonly publicUrl?: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Finds who makes each request: an API token (Authorization: Bearer, under /api/ only) or the
 * session cookie. A request with neither costs nothing: no database query. Pages rendered for a
 * signed-in person are private and never stored by a cache.
 */
export function identify(db: Db, options: AuthOptions): MiddlewareHandler {
  return async (c, next) => {
    c.set('actor', VISITOR);
    c.set('session', undefined);
    const bearer = c.req.header('authorization')?.match(BEARER)?.[1];
    if (bearer && c.req.path.startsWith('/api/')) {
      c.set('actor', await tokenActor(db, bearer));
      await next();
      c.header('Cache-Control', 'private, no-store');
      return;
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? await sessionOf(db, cookie, options.settings) : undefined;
    if (cookie && !session) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    if (!session) return withViewer(undefined, next);
    c.set('actor', session.actor);
    c.set('session', session);
    const viewer = {
      displayName: session.account.displayName,
      canAdminister: session.account.role !== 'coordinator',
    };
    await withViewer(viewer, next);
    c.header('Cache-Control', 'private, no-store');
  };
}

/** Sets the cookie of a new session (HttpOnly, SameSite=Lax, Secure over https) and drops the form cookie. */
export function startSessionCookie(c: Context, session: NewSession, options: AuthOptions): void {
  setCookie(c, SESSION_COOKIE, session.cookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: options.secureCookies,
    expires: session.expiresAt,
  });
  deleteCookie(c, FORM_COOKIE, { path: '/' });
}

export function endSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * The CSRF token a form of this page carries: the session's, or for a visitor a random value in
 * a cookie of its own (so the sign-in form is protected too: no one can sign a browser in to
 * another account).
 */
export function csrfToken(c: Context, options: AuthOptions): string {
  const session = c.get('session');
  if (session) return session.csrfToken;
  const existing = getCookie(c, FORM_COOKIE);
  if (existing && existing.length <= 100) return existing;
  const token = newSecret();
  setCookie(c, FORM_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: options.secureCookies,
  });
  return token;
}

/**
 * Checks the CSRF token a form sent (field _csrf) against the session's or the form cookie's,
 * and that the browser says the form came from this site: Sec-Fetch-Site same-origin where the
 * browser sends it, else an Origin header, when there is one, equal to the site's (a page under
 * Referrer-Policy no-referrer sends "null", which says nothing). Throws forbidden otherwise:
 * nothing is changed.
 */
export function checkCsrf(c: Context, sent: unknown, options: AuthOptions): void {
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const own = options.publicUrl ?? new URL(c.req.url).origin;
  const sameOrigin =
    site !== undefined
      ? site === 'same-origin'
      : origin === undefined || origin === 'null' || origin === own;
  const expected = c.get('session')?.csrfToken ?? getCookie(c, FORM_COOKIE);
  const ok =
    sameOrigin &&
    typeof sent === 'string' &&
    expected !== undefined &&
    expected !== '' &&
    sameSecret(sent, expected);
  if (!ok) throw forbidden(t('account.csrfProblem'), { reason: 'csrf' });
}
