import type { Action } from '../domain/authorization.ts';
import { TRANSITIONS, WRITABLE } from '../domain/contributions.ts';

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
  { path: '/review/publish-all', action: 'records.publish' },
  { path: '/contribute/import', action: 'records.draft' },
  { path: '/contribute/import/:id/plan', action: 'records.draft' },
  { path: '/contribute/import/:id/apply', action: 'records.draft' },
  { path: '/contribute/:kind/new', action: 'records.draft' },
  { path: '/contribute/:kind/:key/edit', action: 'records.draft' },
  { path: '/contribute/:kind/:key/move', action: 'records.submit' },
  { path: '/contribute/:kind/:key/comments', action: 'records.draft' },
  { path: '/contribute/:kind/:key/restore', action: 'records.draft' },
  { path: '/campaigns/new', action: 'campaigns.manage' },
  { path: '/campaigns/:slug/move', action: 'campaigns.manage' },
  { path: '/campaigns/:slug/window', action: 'campaigns.manage' },
  { path: '/campaigns/:slug/responses/:region', action: 'records.draft' },
  { path: '/campaigns/:slug/responses/:region/move', action: 'records.submit' },
  { path: '/campaigns/:slug/responses/:region/comments', action: 'records.review' },
  { path: '/campaigns/:slug/responses/:region/workbook', action: 'records.draft' },
  { path: '/strategies/new', action: 'records.review' },
  { path: '/strategies/:id/review', action: 'records.review' },
];

/** The campaign routes of the API: create and move a campaign, save and move a region's response. */
export const API_CAMPAIGN_ROUTES: readonly {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  action: Action;
}[] = [
  { method: 'POST', path: '/api/v1/campaigns', action: 'campaigns.manage' },
  { method: 'PATCH', path: '/api/v1/campaigns/:slug', action: 'campaigns.manage' },
  ...(['open', 'close', 'publish'] as const).map((m) => ({
    method: 'POST' as const,
    path: `/api/v1/campaigns/:slug/${m}`,
    action: 'campaigns.manage' as const,
  })),
  { method: 'PUT', path: '/api/v1/campaigns/:slug/responses/:region', action: 'records.draft' },
  ...(
    [
      ['submit', 'records.submit'],
      ['request-changes', 'records.review'],
      ['accept', 'records.publish'],
      ['comments', 'records.review'],
    ] as const
  ).map(([m, action]) => ({
    method: 'POST' as const,
    path: `/api/v1/campaigns/:slug/responses/:region/${m}`,
    action,
  })),
];

const MOVE_ACTION: Readonly<Record<(typeof TRANSITIONS)[number], Action>> = {
  submit: 'records.submit',
  'request-changes': 'records.review',
  publish: 'records.publish',
  withdraw: 'records.draft',
};

/** The write operations of the API: create, change and move records of each writable kind. */
export const API_WRITE_ROUTES: readonly {
  method: 'POST' | 'PATCH';
  path: string;
  action: Action;
}[] = WRITABLE.flatMap((kind) => {
  const one = `/api/v1/${kind.path}/${kind.keyParams.map((p) => `:${p}`).join('/')}`;
  return [
    { method: 'POST' as const, path: `/api/v1/${kind.path}`, action: 'records.draft' as const },
    { method: 'PATCH' as const, path: one, action: 'records.draft' as const },
    ...TRANSITIONS.map((t) => ({
      method: 'POST' as const,
      path: `${one}/${t}`,
      action: MOVE_ACTION[t],
    })),
  ];
});

const pattern = (path: string) => new RegExp(`^${path.replace(/:[a-z]+/g, '[^/]+')}$`);
const WRITES = [
  ...PAGE_WRITE_ROUTES.map((r) => ({ method: 'POST', re: pattern(r.path) })),
  ...API_WRITE_ROUTES.map((r) => ({ method: r.method, re: pattern(r.path) })),
  ...API_CAMPAIGN_ROUTES.map((r) => ({ method: r.method, re: pattern(r.path) })),
];

/** Whether a request of this method may reach this path (the rest of the site is read-only). */
export function acceptsWrite(method: string, path: string): boolean {
  return WRITES.some((w) => w.method === method && w.re.test(path));
}
