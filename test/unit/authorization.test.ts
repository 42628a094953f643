import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Actor, parseScopes, ROLES, VISITOR } from '../../src/domain/accounts.ts';
import { ACTIONS, type Action, authorize, decide } from '../../src/domain/authorization.ts';
import { isAppError } from '../../src/domain/errors.ts';

type AccountActor = Extract<Actor, { kind: 'account' }>;
const admin: AccountActor = { kind: 'account', id: 1, role: 'admin', regions: [] };
const curator: AccountActor = { kind: 'account', id: 2, role: 'curator', regions: [] };
const coordinator: AccountActor = {
  kind: 'account',
  id: 3,
  role: 'coordinator',
  regions: ['ES51'],
};

/**
 * The expected answer of every action for every kind of actor, on a record of the coordinator's
 * own region (ES51), another region (SE23) and no region: Y allowed, - refused. Written out by
 * hand from the roles of issue 14, so a change of the rules must change this table too.
 */
const EXPECTED: Record<Action, Record<string, string>> = {
  //                          visitor coordinator curator admin   (own / foreign / none)
  'accounts.manage': { visitor: '---', coordinator: '---', curator: '---', admin: 'YYY' },
  'accounts.invite': { visitor: '---', coordinator: '---', curator: 'YYY', admin: 'YYY' },
  'audit.read': { visitor: '---', coordinator: '---', curator: '---', admin: 'YYY' },
  'records.draft': { visitor: '---', coordinator: 'Y--', curator: 'YYY', admin: 'YYY' },
  'records.submit': { visitor: '---', coordinator: 'Y--', curator: 'YYY', admin: 'YYY' },
  'records.review': { visitor: '---', coordinator: '---', curator: 'YYY', admin: 'YYY' },
  'records.publish': { visitor: '---', coordinator: '---', curator: 'YYY', admin: 'YYY' },
  'campaigns.manage': { visitor: '---', coordinator: '---', curator: 'YYY', admin: 'YYY' },
  'suggestions.send': { visitor: 'YYY', coordinator: 'YYY', curator: 'YYY', admin: 'YYY' },
  'account.own': { visitor: '---', coordinator: 'YYY', curator: 'YYY', admin: 'YYY' },
};

const ACTORS: Record<string, Actor> = { visitor: VISITOR, coordinator, curator, admin };
const TARGETS = [{ region: 'ES51' }, { region: 'SE23' }, { region: null }];

test('every action × actor × region decides as the table of roles says', () => {
  assert.deepEqual(
    Object.keys(EXPECTED).sort(),
    [...ACTIONS].sort(),
    'the table lists every action',
  );
  for (const action of ACTIONS) {
    for (const [name, actor] of Object.entries(ACTORS)) {
      // Inviting is decided on the role offered: the table is for a coordinator's invitation.
      const got = TARGETS.map((target) =>
        decide(actor, action, { ...target, role: 'coordinator' }).allowed ? 'Y' : '-',
      ).join('');
      assert.equal(got, EXPECTED[action][name], `${name} × ${action}`);
    }
  }
});

test('a curator invites coordinators only; an administrator invites every role', () => {
  for (const role of ROLES) {
    assert.equal(
      decide(curator, 'accounts.invite', { role }).allowed,
      role === 'coordinator',
      role,
    );
    assert.equal(decide(admin, 'accounts.invite', { role }).allowed, true, role);
  }
});

test('a read-only token may not write, whatever the role; a write token may what the role may', () => {
  const readOnly: Actor = { ...admin, scopes: ['read'] };
  const writer: Actor = { ...coordinator, scopes: ['read', 'write'] };
  assert.equal(decide(readOnly, 'records.publish').allowed, false);
  assert.equal(decide(readOnly, 'audit.read').allowed, true, 'reading the audit log is a read');
  assert.equal(decide(writer, 'records.draft', { region: 'ES51' }).allowed, true);
  assert.equal(decide(writer, 'records.publish').allowed, false, 'the role still limits a token');
});

test('authorize: a visitor is asked to sign in (401), an account is refused (403), with the reason', () => {
  assert.throws(
    () => authorize(VISITOR, 'records.draft', { region: 'ES51' }),
    (e) => isAppError(e, 'unauthenticated') && /sign in/.test(e.message),
  );
  assert.throws(
    () => authorize(coordinator, 'records.draft', { region: 'SE23' }),
    (e) => isAppError(e, 'forbidden') && /ES51/.test(e.message) && /SE23/.test(e.message),
  );
});

test('scopes: read is implied by write; unknown scopes are named', () => {
  assert.deepEqual(parseScopes('write'), ['read', 'write']);
  assert.deepEqual(parseScopes(' READ '), ['read']);
  assert.throws(() => parseScopes('read,admin'), /"admin" is not a scope/);
  assert.throws(() => parseScopes(''), /no scope given/);
});
