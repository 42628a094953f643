import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/connect.ts';
import { isAppError } from '../domain/errors.ts';
import { signInVerified } from '../services/accounts.ts';
import type { OidcSignIn, PendingSignIn } from '../services/oidc.ts';
import { t } from '../web/i18n.ts';
import { signInPage } from '../web/pages/account.tsx';
import { safeNext } from './accounts.ts';
import { type AuthOptions, csrfToken, startSessionCookie } from './auth.ts';
import { clientAddress } from './rate-limit.ts';

/** The cookie that carries a sign-in to the provider and back: PKCE verifier, state, nonce, next. */
const PENDING_COOKIE = 'atlas_oidc';
const PENDING_PATH = '/sign-in/oidc';

/** This site's origin as the provider sees it: PUBLIC_URL, else the request's. */
const originOf = (c: Context, o: AuthOptions) => o.publicUrl ?? new URL(c.req.url).origin;

function readPending(c: Context): (PendingSignIn & { next?: string }) | undefined {
  const raw = getCookie(c, PENDING_COOKIE);
  if (!raw || raw.length > 2000) return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return typeof v?.verifier === 'string' &&
      typeof v?.state === 'string' &&
      typeof v?.nonce === 'string'
      ? v
      : undefined;
  } catch {
    return undefined;
  }
}

/** Sign-in with an institution's OpenID Connect provider, for accounts the atlas already has. */
export function oidcRoutes(db: Db, o: AuthOptions, oidc: OidcSignIn): Hono {
  const app = new Hono();
  const failed = (c: Context, reason: string) =>
    c.html(
      signInPage({
        csrf: csrfToken(c, o),
        oidc: oidc.settings.name,
        state: { problem: t('account.oidcProblem', { name: oidc.settings.name, reason }) },
      }),
      401,
    );
  app.get(PENDING_PATH, async (c) => {
    const { url, pending } = await oidc.start(`${originOf(c, o)}${PENDING_PATH}/callback`);
    const next = c.req.query('next');
    setCookie(
      c,
      PENDING_COOKIE,
      Buffer.from(JSON.stringify({ ...pending, next })).toString('base64url'),
      {
        path: PENDING_PATH,
        httpOnly: true,
        sameSite: 'Lax',
        secure: o.secureCookies,
        maxAge: 600,
      },
    );
    return c.redirect(url, 303);
  });
  app.get(`${PENDING_PATH}/callback`, async (c) => {
    const pending = readPending(c);
    deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH });
    if (!pending)
      return failed(c, 'it took longer than ten minutes, or did not start here; start it again');
    const here = new URL(c.req.url);
    const current = new URL(`${here.pathname}${here.search}`, originOf(c, o));
    try {
      const email = await oidc.finish(current, pending);
      const session = await signInVerified(
        db,
        { email, provider: oidc.settings.issuer, address: clientAddress(c) },
        o.settings,
      );
      startSessionCookie(c, session, o);
      return c.redirect(safeNext(pending.next), 303);
    } catch (e) {
      if (!isAppError(e, 'unauthenticated')) throw e;
      return failed(c, e.message);
    }
  });
  return app;
}
