import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAppError } from '../../src/domain/errors.ts';
import {
  acceptInvitation,
  invitationOf,
  invite,
  requestPasswordReset,
  resetPassword,
} from '../../src/services/account-links.ts';
import {
  type AccountSettings,
  auditLog,
  CLI_ACTOR,
  changeRole,
  createAccount,
  createToken,
  DEFAULT_ACCOUNT_SETTINGS,
  revokeToken,
  sessionOf,
  setDisabled,
  signIn,
  signOutEverywhere,
  tokenActor,
} from '../../src/services/accounts.ts';
import { createMailer, readOutbox } from '../../src/services/mail.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const PASSWORD = 'correct horse battery staple';

/** Settings with a clock the test moves. */
function clocked(start = Date.parse('2026-12-05T09:00:00Z')) {
  let now = start;
  const settings: AccountSettings = { ...DEFAULT_ACCOUNT_SETTINGS, now: () => new Date(now) };
  return { settings, advance: (ms: number) => (now += ms) };
}

/** The link of the last mail in the outbox to `to`. */
async function linkIn(dir: string, to: string): Promise<string> {
  const mail = (await readOutbox(dir)).filter((m) => m.to.includes(to)).at(-1);
  assert.ok(mail, `a mail to ${to} in the outbox`);
  const link = mail.text.match(/https?:\/\/\S+\/(?:invitations|password-reset)\/(\S+)/)?.[1];
  assert.ok(link, `a link in: ${mail.text}`);
  return link;
}

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let outbox: string;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      outbox = mkdtempSync(join(tmpdir(), 'atlas-outbox-'));
    });
    after(async () => {
      await t?.dispose();
      rmSync(outbox, { recursive: true, force: true });
    });

    test('an account keeps an argon2id hash (19 MiB, 2 passes), never the password; e-mails are one per person', async () => {
      const a = await createAccount(
        t.db,
        { email: ' Admin@Example.ORG ', password: PASSWORD, role: 'admin' },
        'cli',
      );
      assert.equal(a.email, 'admin@example.org');
      assert.equal(a.pseudonym, `contributor-${a.id}`);
      const row = await t.db.kysely
        .selectFrom('accounts')
        .select('password_hash')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.ok(!row.password_hash.includes(PASSWORD));
      await assert.rejects(
        createAccount(
          t.db,
          { email: 'admin@example.org', password: PASSWORD, role: 'curator' },
          'cli',
        ),
        (e) => isAppError(e, 'conflict'),
      );
    });

    test('bad input is refused with the reason and creates nothing', async () => {
      const before = (await t.db.kysely.selectFrom('accounts').select('id').execute()).length;
      const cases: [Parameters<typeof createAccount>[1], RegExp][] = [
        [{ email: 'not-an-address', password: PASSWORD, role: 'curator' }, /not an e-mail address/],
        [{ email: 'c@example.org', password: 'short', role: 'curator' }, /at least 12 characters/],
        [
          { email: 'c@example.org', password: PASSWORD, role: 'coordinator' },
          /one or more regions/,
        ],
        [
          { email: 'c@example.org', password: PASSWORD, role: 'coordinator', regions: ['XX9'] },
          /unknown region XX9/,
        ],
      ];
      for (const [input, message] of cases) {
        await assert.rejects(createAccount(t.db, input, 'cli'), message);
      }
      const now = (await t.db.kysely.selectFrom('accounts').select('id').execute()).length;
      assert.equal(now, before);
    });

    test('sign-in opens a new session each time; idle and absolute timeouts end it', async () => {
      await createAccount(
        t.db,
        { email: 'coord@example.org', password: PASSWORD, role: 'coordinator', regions: ['es51'] },
        'cli',
      );
      const { settings, advance } = clocked();
      const first = await signIn(
        t.db,
        { email: 'COORD@example.org', password: PASSWORD, address: '192.0.2.1' },
        settings,
      );
      const second = await signIn(
        t.db,
        { email: 'coord@example.org', password: PASSWORD, address: '192.0.2.1' },
        settings,
      );
      assert.notEqual(first.cookie, second.cookie, 'a new session id at every sign-in');
      const live = await sessionOf(t.db, first.cookie, settings);
      assert.deepEqual(live?.actor.regions, ['ES51']);
      assert.ok((live?.csrfToken.length ?? 0) >= 40, 'a CSRF token of its own');
      const stored = await t.db.kysely.selectFrom('sessions').select('id').execute();
      assert.ok(
        stored.every((s) => s.id !== first.cookie),
        'the cookie value itself is not stored',
      );

      advance(settings.sessionIdleMs - 60_000);
      assert.ok(await sessionOf(t.db, first.cookie, settings), 'still alive before the idle limit');
      advance(settings.sessionIdleMs + 1);
      assert.equal(await sessionOf(t.db, second.cookie, settings), undefined, 'idle too long');

      const { settings: s2, advance: move } = clocked();
      const busy = await signIn(
        t.db,
        { email: 'coord@example.org', password: PASSWORD, address: '192.0.2.1' },
        s2,
      );
      for (let spent = 0; spent < s2.sessionMaxMs - 1800_000; spent += 1800_000) {
        move(1800_000);
        assert.ok(await sessionOf(t.db, busy.cookie, s2), 'active sessions live on');
      }
      move(3600_000);
      assert.equal(await sessionOf(t.db, busy.cookie, s2), undefined, 'past the absolute end');
    });

    test('failed sign-ins lock the account for a while with a clear message, then it opens again', async () => {
      await createAccount(
        t.db,
        { email: 'locked@example.org', password: PASSWORD, role: 'curator' },
        'cli',
      );
      const { settings, advance } = clocked();
      const attempt = (password: string) =>
        signIn(t.db, { email: 'locked@example.org', password, address: '198.51.100.7' }, settings);
      for (let i = 1; i < settings.accountFailures; i++) {
        await assert.rejects(attempt('wrong password!'), (e) => isAppError(e, 'unauthenticated'));
      }
      await assert.rejects(attempt('wrong password!'), (e) => {
        assert.ok(isAppError(e, 'rate_limited'), String(e));
        assert.match(e.message, /locked for 15 more minute/);
        assert.equal(e.details.retryAfterSeconds, 900);
        return true;
      });
      await assert.rejects(attempt(PASSWORD), /locked/, 'even the right password waits');
      advance(settings.lockMs + 1000);
      assert.ok((await attempt(PASSWORD)).cookie, 'the lock ends by itself');
      const failed = (await auditLog(t.db, CLI_ACTOR, { limit: 50 })).filter(
        (e) => e.action === 'sign-in.failed' && e.subject === 'locked@example.org',
      );
      assert.equal(failed.length, settings.accountFailures, 'each failure is in the audit log');
    });

    test('one address failing on many accounts is paused too', async () => {
      const { settings } = clocked();
      const s = { ...settings, addressFailures: 3 };
      for (let i = 0; i < 2; i++) {
        await assert.rejects(
          signIn(
            t.db,
            { email: `nobody${i}@example.org`, password: 'x'.repeat(12), address: '203.0.113.9' },
            s,
          ),
          (e) => isAppError(e, 'unauthenticated'),
        );
      }
      await assert.rejects(
        signIn(
          t.db,
          { email: 'nobody9@example.org', password: 'x'.repeat(12), address: '203.0.113.9' },
          s,
        ),
        /from this address/,
      );
    });

    test('a disabled account cannot sign in and its sessions and tokens stop at once', async () => {
      const a = await createAccount(
        t.db,
        { email: 'gone@example.org', password: PASSWORD, role: 'curator' },
        'cli',
      );
      const session = await signIn(t.db, {
        email: 'gone@example.org',
        password: PASSWORD,
        address: '192.0.2.2',
      });
      const { token } = await createToken(t.db, a.id, { name: 'script', scopes: ['read'] }, 'cli');
      await setDisabled(t.db, 'gone@example.org', true, 'cli');
      assert.equal(await sessionOf(t.db, session.cookie), undefined);
      await assert.rejects(tokenActor(t.db, token), (e) => isAppError(e, 'unauthenticated'));
      await assert.rejects(
        signIn(t.db, { email: 'gone@example.org', password: PASSWORD, address: '192.0.2.2' }),
        (e) => isAppError(e, 'unauthenticated'),
      );
    });

    test('tokens: only the hash is stored, the scopes travel with the actor, revoking stops it at once', async () => {
      const a = await createAccount(
        t.db,
        { email: 'script@example.org', password: PASSWORD, role: 'curator' },
        'cli',
      );
      const { token, view } = await createToken(
        t.db,
        a.id,
        { name: 'nightly', scopes: ['read', 'write'] },
        'cli',
      );
      assert.match(token, /^atlas_pat_[A-Za-z0-9_-]{43}$/);
      const rows = await t.db.kysely.selectFrom('api_tokens').select('token_hash').execute();
      assert.ok(rows.every((r) => r.token_hash !== token && !r.token_hash.includes(token)));
      const actor = await tokenActor(t.db, token);
      assert.deepEqual([actor.id, actor.role, actor.scopes], [a.id, 'curator', ['read', 'write']]);
      await revokeToken(t.db, a.id, view.id, { accountId: a.id });
      await assert.rejects(tokenActor(t.db, token), (e) => isAppError(e, 'unauthenticated'));
      await assert.rejects(revokeToken(t.db, a.id, view.id, 'cli'), (e) =>
        isAppError(e, 'not_found'),
      );
    });

    test('a role change ends the sessions, so the new rights hold from the next request', async () => {
      await createAccount(
        t.db,
        { email: 'promoted@example.org', password: PASSWORD, role: 'curator' },
        'cli',
      );
      const s = await signIn(t.db, {
        email: 'promoted@example.org',
        password: PASSWORD,
        address: '192.0.2.3',
      });
      const changed = await changeRole(
        t.db,
        'promoted@example.org',
        'coordinator',
        ['SE23'],
        'cli',
      );
      assert.deepEqual([changed.role, changed.regions], ['coordinator', ['SE23']]);
      assert.equal(await sessionOf(t.db, s.cookie), undefined);
    });

    test('sign out everywhere ends every session of the account and no other', async () => {
      const mine = await createAccount(
        t.db,
        { email: 'many@example.org', password: PASSWORD, role: 'curator' },
        'cli',
      );
      const sign = () =>
        signIn(t.db, { email: 'many@example.org', password: PASSWORD, address: '192.0.2.4' });
      const [a, b] = [await sign(), await sign()];
      const other = await signIn(t.db, {
        email: 'promoted@example.org',
        password: PASSWORD,
        address: '192.0.2.4',
      });
      const live = await sessionOf(t.db, a.cookie);
      assert.equal(await signOutEverywhere(t.db, live?.actor ?? { kind: 'visitor' }), 2);
      assert.equal(await sessionOf(t.db, b.cookie), undefined);
      assert.ok(await sessionOf(t.db, other.cookie), 'another account keeps its session');
      assert.equal(mine.role, 'curator');
    });

    test('password reset by mail: one link, 60 minutes, the old sessions end, no account discovery', async () => {
      const mailer = createMailer({ from: 'atlas@example.org', outboxDir: outbox });
      const before = (await readOutbox(outbox)).length;
      await requestPasswordReset(t.db, mailer, {
        email: 'nobody-here@example.org',
        origin: 'http://localhost',
        address: '192.0.2.5',
      });
      assert.equal((await readOutbox(outbox)).length, before, 'no mail for an unknown address');
      const old = await signIn(t.db, {
        email: 'many@example.org',
        password: PASSWORD,
        address: '192.0.2.5',
      });
      await requestPasswordReset(t.db, mailer, {
        email: 'many@example.org',
        origin: 'http://localhost',
        address: '192.0.2.5',
      });
      const token = await linkIn(outbox, 'many@example.org');
      await assert.rejects(resetPassword(t.db, token, 'short'), /at least 12/);
      await resetPassword(t.db, token, 'a brand new passphrase');
      assert.equal(await sessionOf(t.db, old.cookie), undefined, 'sessions end with the reset');
      await assert.rejects(resetPassword(t.db, token, 'another new passphrase'), /used already/);
      assert.ok(
        await signIn(t.db, {
          email: 'many@example.org',
          password: 'a brand new passphrase',
          address: '192.0.2.5',
        }),
      );
    });

    test('invitations: a curator invites a coordinator, not an administrator; the link makes the account once', async () => {
      const mailer = createMailer({ from: 'atlas@example.org', outboxDir: outbox });
      const curator = await sessionOf(
        t.db,
        (
          await signIn(t.db, {
            email: 'script@example.org',
            password: PASSWORD,
            address: '192.0.2.6',
          })
        ).cookie,
      );
      assert.ok(curator);
      await assert.rejects(
        invite(t.db, mailer, curator.actor, {
          email: 'boss@example.org',
          role: 'admin',
          regions: [],
          origin: 'http://localhost',
        }),
        (e) => isAppError(e, 'forbidden'),
      );
      await invite(t.db, mailer, curator.actor, {
        email: 'New.Coordinator@example.org',
        role: 'coordinator',
        regions: ['SE23'],
        origin: 'http://localhost',
      });
      const token = await linkIn(outbox, 'new.coordinator@example.org');
      assert.deepEqual((await invitationOf(t.db, token)).regions, ['SE23']);
      const session = await acceptInvitation(t.db, token, {
        displayName: 'Västra Götaland',
        password: PASSWORD,
      });
      assert.deepEqual([session.account.role, session.account.regions], ['coordinator', ['SE23']]);
      await assert.rejects(
        acceptInvitation(t.db, token, { displayName: 'again', password: PASSWORD }),
        /used already/,
      );
      const log = await auditLog(t.db, CLI_ACTOR, { limit: 100 });
      assert.ok(
        log.some((e) => e.action === 'account.invite' && e.actor === `account:${curator.actor.id}`),
      );
      await assert.rejects(auditLog(t.db, curator.actor, { limit: 5 }), (e) =>
        isAppError(e, 'forbidden'),
      );
    });
  });
}
