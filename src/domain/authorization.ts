import type { Actor, Role } from './accounts.ts';
import { forbidden, unauthenticated } from './errors.ts';

/**
 * Every action that changes something or reads something private. Pages, the API and the CLI ask
 * `authorize` before each one; nothing else decides who may do what.
 */
export const ACTIONS = [
  /** List accounts, disable them, change roles and regions. */
  'accounts.manage',
  /** Invite someone by e-mail with a role (target.role) and regions. */
  'accounts.invite',
  /** Read the audit log. */
  'audit.read',
  /** Create or edit a draft of a record of target.region (null: a record of no region). */
  'records.draft',
  /** Submit a draft of target.region for review. */
  'records.submit',
  /** Comment on a submitted change and request changes. */
  'records.review',
  /** Publish (or withdraw) a record. */
  'records.publish',
  /** Open, run and close survey campaigns. */
  'campaigns.manage',
  /** Send a correction suggestion on a published record: anyone may, accounts or not. */
  'suggestions.send',
  /** Manage one's own account: API tokens, sign out everywhere, download or delete one's data. */
  'account.own',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What an action is about: the region of the record, or the role an invitation would give. */
export interface Target {
  readonly region?: string | null;
  readonly role?: Role;
}

/** Actions a read-only API token may not perform. */
const WRITES: ReadonlySet<Action> = new Set<Action>(
  ACTIONS.filter((a) => a !== 'audit.read' && a !== 'suggestions.send'),
);

/** The decision on one action: allowed, or why not and whether signing in would help. */
export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly signIn: boolean };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string, signIn = false): Decision => ({ allowed: false, reason, signIn });

/** What each role may do, given the target; the visitor is handled before. */
function byRole(role: Role, regions: readonly string[], action: Action, target: Target): Decision {
  if (role === 'admin') return ALLOW;
  switch (action) {
    case 'accounts.manage':
    case 'audit.read':
      return deny('only an administrator may do this');
    case 'accounts.invite':
      if (role === 'curator' && target.role === 'coordinator') return ALLOW;
      return deny(
        role === 'curator'
          ? 'a curator may invite coordinators only; ask an administrator to invite a curator or administrator'
          : 'only curators and administrators may invite people',
      );
    case 'records.draft':
    case 'records.submit': {
      if (role === 'curator') return ALLOW;
      const region = target.region ?? null;
      if (region !== null && regions.includes(region)) return ALLOW;
      return deny(
        region === null
          ? 'a coordinator may only work on records of their own region(s); this record has no region, so a curator edits it'
          : `a coordinator may only work on records of their own region(s) (${regions.join(', ') || 'none yet'}), not ${region}`,
      );
    }
    case 'records.review':
    case 'records.publish':
    case 'campaigns.manage':
      if (role === 'curator') return ALLOW;
      return deny('only curators and administrators may review, publish and run campaigns');
    case 'suggestions.send':
    case 'account.own':
      return ALLOW;
  }
}

/** Whether `actor` may perform `action` on `target`, and if not, why. */
export function decide(actor: Actor, action: Action, target: Target = {}): Decision {
  if (action === 'suggestions.send') return ALLOW;
  if (actor.kind === 'visitor') return deny('sign in first: this needs an account', true);
  if (actor.scopes && WRITES.has(action) && !actor.scopes.includes('write')) {
    return deny('this API token may only read; create one with the write scope');
  }
  return byRole(actor.role, actor.regions, action, target);
}

/** Throws unauthenticated (401) or forbidden (403) with the reason unless the action is allowed. */
export function authorize(actor: Actor, action: Action, target: Target = {}): void {
  const decision = decide(actor, action, target);
  if (decision.allowed) return;
  throw decision.signIn ? unauthenticated(decision.reason) : forbidden(decision.reason, { action });
}
