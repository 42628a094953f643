import type { Action } from '../domain/authorization.ts';

/**
 * Every address of the site that accepts a POST, with the action the authorization module is
 * asked for (null: anyone may send it, e.g. signing in). readOnly lets exactly these through;
 * the authorization test walks this table and fails on a write route it does not list.
 */
export const PAGE_WRITE_ROUTES: readonly { path: string; action: Action | null }[] = [
  { path: '/sign-in', action: null },
  { path: '/sign-out', action: null },
  { path: '/password-reset', action: null },
  { path: '/password-reset/:token', action: null },
  { path: '/invitations/:token', action: null },
  { path: '/account/tokens', action: 'account.own' },
  { path: '/account/tokens/:id/revoke', action: 'account.own' },
  { path: '/account/sign-out-everywhere', action: 'account.own' },
  { path: '/account/delete', action: 'account.own' },
  { path: '/admin/invitations', action: 'accounts.invite' },
  { path: '/suggest', action: 'suggestions.send' },
  { path: '/admin/suggestions/:id/decide', action: 'records.review' },
];

const pattern = (path: string) => new RegExp(`^${path.replace(/:[a-z]+/g, '[^/]+')}$`);
const WRITABLE = PAGE_WRITE_ROUTES.map((r) => pattern(r.path));

/** Whether a POST may reach this path (the rest of the site is read-only). */
export function acceptsPost(path: string): boolean {
  return WRITABLE.some((re) => re.test(path));
}
