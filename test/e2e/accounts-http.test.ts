import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { VISITOR } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { safeNext } from '../../src/http/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import {
  API_CAMPAIGN_ROUTES,
  API_WRITE_ROUTES,
  PAGE_WRITE_ROUTES,
} from '../../src/http/write-routes.ts';
import { createAccount, sessionOf, signIn } from '../../src/services/accounts.ts';
import { deleteOwnAccount } from '../../src/services/own-data.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { Browser } from '../helpers/http-session.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const PASSWORD = 'correct horse battery staple';

/** A filled suggestion form for the first initiative, its sum solved as a person would. */
async function suggestionFields(
  b: Browser,
  message = 'The start year should be 2019, as the report says.',
) {
  const html = await (await b.fetch(`/suggest?record=initiative:${SLUG}`)).text();
  const token = html.match(/name="challenge" value="([^"]+)"/)?.[1] ?? '';
  const [x, y] = (html.match(/what is (\d) \+ (\d)\?/)?.slice(1) ?? []).map(Number);
  return {
    record: `initiative:${SLUG}`,
    challenge: token,
    answer: String((x ?? 0) + (y ?? 0)),
    message,
    email: '',
    website: '',
  };
}

/** The initiative the suggestion tests write about (set once the database is seeded). */
let SLUG = '';

for (const dialect of DIALECTS) {
  describe(`contributors over HTTP on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let server: ReturnType<typeof serve>;
    let base: string;
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      smtp = await startSmtp();
      const mailer = smtp.mailer;
      const app = createApp(t.db, { mailer });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://localhost:${(server.address() as AddressInfo).port}`;
      SLUG = (
        await t.db.kysely
          .selectFrom('initiatives')
          .select('slug')
          .orderBy('slug')
          .executeTakeFirstOrThrow()
      ).slug;
      for (const [email, role, regions] of [
        ['admin@example.org', 'admin', []],
        ['curator@example.org', 'curator', []],
        ['coord@example.org', 'coordinator', ['ES51']],
      ] as const) {
        await createAccount(t.db, { email, password: PASSWORD, role, regions }, 'cli');
      }
    });
    after(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await smtp?.close();
      await t?.dispose();
    });

    test('signing in sets an HttpOnly, SameSite=Lax session cookie with a new id, whatever cookie came before (no fixation)', async () => {
      const b = new Browser(base);
      const planted = 'attacker-chosen-session-id-0123456789abcdef';
      b.cookies.set('atlas_session', planted);
      const res = await b.signIn('coord@example.org');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/account');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('atlas_session='));
      assert.ok(cookie, 'a session cookie');
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/, 'not Secure over plain http');
      assert.notEqual(b.cookies.get('atlas_session'), planted);
      const page = await b.fetch('/account');
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('cache-control'), 'private, no-store');
      assert.match(await page.text(), /coord@example\.org/);
      const attacker = new Browser(base);
      attacker.cookies.set('atlas_session', planted);
      const theirs = await attacker.fetch('/account');
      assert.equal(theirs.status, 303, 'the planted id is no session');
      assert.match(theirs.headers.get('location') ?? '', /^\/sign-in\?next=/);
    });

    test('signing in comes back to the address asked for, with its query', async () => {
      const wanted =
        '/contribute/translations/new?record=evidence&slug=b04-catalonia-1&language=ca';
      const res = await new Browser(base).fetch(wanted);
      assert.equal(res.status, 303);
      const location = new URL(res.headers.get('location') ?? '', 'http://atlas.invalid');
      assert.equal(location.pathname, '/sign-in');
      assert.equal(location.searchParams.get('next'), wanted);
      assert.equal(safeNext(location.searchParams.get('next') ?? undefined), wanted);
    });

    test('behind https (PUBLIC_URL https://…) the session cookie is Secure too', async () => {
      const app = createApp(t.db, { publicUrl: 'https://atlas.example.org' });
      const form = await app.request('https://atlas.example.org/sign-in');
      const formCookie = form.headers.getSetCookie().find((c) => c.startsWith('atlas_form='));
      assert.match(formCookie ?? '', /; Secure/);
      const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
      const res = await app.request('https://atlas.example.org/sign-in', {
        method: 'POST',
        headers: {
          cookie: (formCookie ?? '').split(';')[0] ?? '',
          origin: 'https://atlas.example.org',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          _csrf: csrf,
          email: 'coord@example.org',
          password: PASSWORD,
        }).toString(),
      });
      assert.equal(res.status, 303);
      const session = res.headers.getSetCookie().find((c) => c.startsWith('atlas_session='));
      assert.match(session ?? '', /HttpOnly/);
      assert.match(session ?? '', /; Secure/);
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=/);
    });

    test('forms without the right CSRF token, or from another origin, are refused and change nothing', async () => {
      const b = new Browser(base);
      await b.signIn('curator@example.org');
      const csrf = await b.csrf('/account');
      const tokens = async () =>
        (await t.db.kysely.selectFrom('api_tokens').select('id').execute()).length;
      const before = await tokens();
      for (const [fields, headers] of [
        [{ name: 'no token', scopes: 'read' }, {}],
        [{ name: 'wrong token', scopes: 'read', _csrf: `${csrf.slice(0, -2)}xx` }, {}],
        [{ name: 'other site', scopes: 'read', _csrf: csrf }, { origin: 'https://evil.example' }],
        [{ name: 'cross-site', scopes: 'read', _csrf: csrf }, { 'sec-fetch-site': 'cross-site' }],
      ] as const) {
        const res = await b.post('/account/tokens', fields, headers);
        assert.equal(res.status, 403, JSON.stringify(fields));
        assert.match(await res.text(), /Reload the page and send the form again/);
      }
      assert.equal(await tokens(), before, 'no token was made');
      const anonymous = new Browser(base);
      const signIn = await anonymous.post('/sign-in', {
        email: 'curator@example.org',
        password: PASSWORD,
      });
      assert.equal(signIn.status, 403, 'the sign-in form is protected too');
      assert.equal(anonymous.cookies.get('atlas_session'), undefined);
    });

    test('repeated wrong passwords lock the account: 429, Retry-After and a message that says what to do', async () => {
      await createAccount(
        t.db,
        { email: 'victim@example.org', password: PASSWORD, role: 'curator' },
        'cli',
      );
      const b = new Browser(base);
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) last = await b.signIn('victim@example.org', 'not the password');
      assert.equal(last?.status, 429);
      assert.equal(last?.headers.get('retry-after'), '900');
      const html = await last?.text();
      assert.match(html ?? '', /locked for 15 more minute/);
      assert.match(html ?? '', /value="victim@example.org"/, 'the address typed is kept');
      assert.doesNotMatch(html ?? '', /not the password/, 'the password is never sent back');
      const right = await b.signIn('victim@example.org');
      assert.equal(right.status, 429, 'the right password waits for the lock too');
    });

    test('a token made on the account page is shown once, works as Bearer, and stops the moment it is revoked', async () => {
      const b = new Browser(base);
      await b.signIn('coord@example.org');
      const made = await b.post('/account/tokens', {
        _csrf: await b.csrf('/account'),
        name: 'nightly import',
        scopes: 'read,write',
      });
      assert.equal(made.status, 200);
      const token = (await made.text()).match(/atlas_pat_[A-Za-z0-9_-]{43}/)?.[0];
      assert.ok(token, 'the new token is on the page');
      assert.doesNotMatch(await (await b.fetch('/account')).text(), new RegExp(token), 'only once');
      const me = await fetch(`${base}/api/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('cache-control'), 'private, no-store');
      assert.deepEqual(await me.json(), {
        email: 'coord@example.org',
        displayName: 'coord',
        role: 'coordinator',
        regions: ['ES51'],
        via: 'token',
        scopes: ['read', 'write'],
      });
      const id = (
        await t.db.kysely
          .selectFrom('api_tokens')
          .select('id')
          .where('name', '=', 'nightly import')
          .executeTakeFirstOrThrow()
      ).id;
      const revoked = await b.post(`/account/tokens/${id}/revoke`, {
        _csrf: await b.csrf('/account'),
      });
      assert.equal(revoked.status, 303);
      const after = await fetch(`${base}/api/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(after.status, 401);
      assert.equal(after.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.match(after.headers.get('www-authenticate') ?? '', /^Bearer/);
      const session = await b.fetch('/api/v1/me');
      assert.equal(
        ((await session.json()) as { via: string }).via,
        'session',
        'the browser session works on the API',
      );
    });

    test('password reset through a real SMTP server: the mail arrives, its link sets a new password once', async () => {
      const b = new Browser(base);
      const asked = await b.post('/password-reset', {
        _csrf: await b.csrf('/password-reset'),
        email: 'admin@example.org',
      });
      assert.equal(asked.status, 200);
      assert.match(await asked.text(), /a link to choose a new password is on its way/);
      const mail = smtp.received.find((m) => m.to === 'admin@example.org');
      assert.ok(mail, 'the mail reached the SMTP server');
      assert.equal(mail.subject, 'Reset your PerMed Atlas password');
      const path = mail.text.match(/http:\/\/localhost:\d+(\/password-reset\/\S+)/)?.[1];
      assert.ok(path, mail.text);
      const set = await b.post(path, {
        _csrf: await b.csrf(path),
        password: 'an entirely new passphrase',
      });
      assert.equal(set.status, 200);
      assert.match(await set.text(), /Your password has been changed/);
      assert.equal((await b.signIn('admin@example.org')).status, 401, 'the old password is gone');
      assert.equal((await b.signIn('admin@example.org', 'an entirely new passphrase')).status, 303);
      const again = await b.fetch(path);
      assert.equal(again.status, 404);
      assert.match(await again.text(), /used already/);
    });

    test('an invitation form keeps what was typed and names each problem next to its field', async () => {
      const b = new Browser(base);
      await b.signIn('curator@example.org');
      const res = await b.post('/admin/invitations', {
        _csrf: await b.csrf('/admin/accounts'),
        email: 'not an address',
        role: 'coordinator',
        regions: 'ES51',
      });
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(
        html,
        /<a href="#field-email">E-mail address: &quot;not an address&quot; is not an e-mail address/,
      );
      assert.match(html, /id="field-email-error"/);
      assert.match(html, /aria-invalid="true"/);
      assert.match(html, /value="ES51"/, 'the regions typed are kept');
    });

    test('every POST route of the site is in the table of write routes, and each refuses whom the roles refuse', async () => {
      const app = createApp(t.db);
      const writes = new Set(
        app.routes
          .filter((r) => r.method !== 'GET' && r.method !== 'ALL')
          .map((r) => `${r.method} ${r.path}`),
      );
      const listed = [
        ...PAGE_WRITE_ROUTES.map((r) => `POST ${r.path}`),
        ...API_WRITE_ROUTES.map((r) => `${r.method} ${r.path}`),
        ...API_CAMPAIGN_ROUTES.map((r) => `${r.method} ${r.path}`),
      ];
      assert.deepEqual([...writes].sort(), listed.sort());
      // Expected by hand: who may send each route that needs an account (Y) and who is refused.
      const EXPECTED: Record<string, Record<string, 'Y' | '-'>> = {
        '/account/tokens': { visitor: '-', coordinator: 'Y', curator: 'Y', admin: 'Y' },
        '/account/sign-out-everywhere': {
          visitor: '-',
          coordinator: 'Y',
          curator: 'Y',
          admin: 'Y',
        },
        '/admin/invitations': { visitor: '-', coordinator: '-', curator: 'Y', admin: 'Y' },
        '/suggest': { visitor: 'Y', coordinator: 'Y', curator: 'Y', admin: 'Y' },
        // Sent with a wrong password: reaching the check (400) shows the route let them in.
        '/account/delete': { visitor: '-', coordinator: 'Y', curator: 'Y', admin: 'Y' },
        // Sent without a file: reaching "choose a file first" (400) shows the route let them in.
        '/contribute/import': { visitor: '-', coordinator: 'Y', curator: 'Y', admin: 'Y' },
        // The queue is empty here: publishing all of nothing answers the queue again (303).
        '/review/publish-all': { visitor: '-', coordinator: '-', curator: 'Y', admin: 'Y' },
        // Sent empty: the form's problems (400) show the route let them in.
        '/campaigns/new': { visitor: '-', coordinator: '-', curator: 'Y', admin: 'Y' },
        // Sent without a file: the form's problems (400) show the route let them in.
        '/strategies/new': { visitor: '-', coordinator: '-', curator: 'Y', admin: 'Y' },
      };
      const FIELDS: Record<string, Record<string, string>> = {
        '/account/tokens': { name: 'matrix', scopes: 'read' },
        '/account/sign-out-everywhere': {},
        '/account/delete': { password: 'not the password' },
        '/contribute/import': {},
        '/campaigns/new': {},
        '/strategies/new': {},
        '/review/publish-all': { entity: 'evidence', state: 'withdrawn' },
        '/admin/invitations': {
          email: `matrix-${dialect.name}@example.org`,
          role: 'coordinator',
          regions: 'ES51',
        },
      };
      const accounts: Record<string, string | undefined> = {
        visitor: undefined,
        coordinator: 'coord@example.org',
        curator: 'curator@example.org',
        admin: 'admin@example.org',
      };
      for (const [path, expected] of Object.entries(EXPECTED)) {
        for (const [who, email] of Object.entries(accounts)) {
          const b = new Browser(base);
          if (email) {
            const signedIn = await b.signIn(
              email,
              email.startsWith('admin') ? 'an entirely new passphrase' : PASSWORD,
            );
            assert.equal(signedIn.status, 303, `${who} signs in`);
          }
          const csrf = await b.csrf(email ? '/account' : '/sign-in');
          const fields = path === '/suggest' ? await suggestionFields(b) : FIELDS[path];
          const res = await b.post(path, { _csrf: csrf, ...fields });
          const refused = res.status === 401 || res.status === 403;
          assert.equal(refused ? '-' : 'Y', expected[who], `${who} POST ${path}: ${res.status}`);
          if (!refused)
            assert.ok([200, 303, 400].includes(res.status), `${who} ${path}: ${res.status}`);
          if (path === '/admin/invitations' && !refused)
            FIELDS[path] = { ...FIELDS[path], email: `matrix-${who}-${dialect.name}@example.org` };
        }
      }
      // The routes anyone may send need no account; every other route is in the table above.
      for (const r of PAGE_WRITE_ROUTES.filter((r) => r.action !== null)) {
        if (r.path.includes(':')) continue; // names a record, token or upload: write-matrix.test.ts
        assert.ok(EXPECTED[r.path], `${r.path} is in the expected table`);
      }
    });

    test('a visitor suggests a correction without JavaScript: a wrong sum or a filled trap is refused, the right one lands privately in the queue', async () => {
      const b = new Browser(base);
      const record = await (await b.fetch(`/initiatives/${SLUG}`)).text();
      assert.match(record, new RegExp(`href="/suggest\\?record=initiative:${SLUG}"`));
      const csrf = await b.csrf(`/suggest?record=initiative:${SLUG}`);
      const message = `Budget ${dialect.name} should read 2.5 M€ (annual report, p. 4).`;
      const good = await suggestionFields(b, message);
      const wrong = await b.post('/suggest', {
        _csrf: csrf,
        ...good,
        answer: String(Number(good.answer) + 1),
      });
      assert.equal(wrong.status, 400);
      const wrongHtml = await wrong.text();
      assert.match(wrongHtml, /the sum is not right/);
      assert.ok(wrongHtml.includes('Budget'), 'the message typed is kept');
      const trapped = await b.post('/suggest', {
        _csrf: csrf,
        ...good,
        website: 'http://spam.example',
      });
      assert.equal(trapped.status, 400);
      const short = await b.post('/suggest', {
        _csrf: csrf,
        ...(await suggestionFields(b, 'wrong')),
      });
      assert.equal(short.status, 400);
      assert.match(await short.text(), /write between 10 and 4000 characters/);
      const sent = await b.post('/suggest', { _csrf: csrf, ...good });
      assert.equal(sent.status, 200);
      assert.match(
        await sent.text(),
        /Your suggestion is in the curators&#39; queue|Your suggestion is in the curators' queue/,
      );
      const rows = await t.db.kysely
        .selectFrom('suggestions')
        .selectAll()
        .where('message', '=', message)
        .execute();
      assert.equal(rows.length, 1, 'stored once');
      assert.equal(rows[0]?.state, 'open');
      assert.ok(!(rows[0]?.address_hash ?? '').includes('127.0.0.1'), 'the address is kept hashed');
      assert.doesNotMatch(
        await (await b.fetch(`/initiatives/${SLUG}`)).text(),
        /2\.5 M€/,
        'not public',
      );
      const unknown = await b.fetch('/suggest?record=initiative:no-such-record');
      assert.equal(unknown.status, 404);
    });

    test('one address may send five suggestions an hour; the sixth is a 429 that says so', async () => {
      const b = new Browser(base);
      const csrf = await b.csrf('/sign-in');
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        last = await b.post('/suggest', {
          _csrf: csrf,
          ...(await suggestionFields(b, `Throttle test ${i}, ${dialect.name}.`)),
        });
        if (last.status === 429) break;
        assert.equal(last.status, 200, `suggestion ${i}`);
      }
      assert.equal(last?.status, 429);
      assert.equal(last?.headers.get('retry-after'), '3600');
      assert.match(
        (await last?.text()) ?? '',
        /5 suggestions in an hour is as many as one connection may send/,
      );
    });

    test('curators read the queue and accept or dismiss; coordinators may not', async () => {
      const coordinator = new Browser(base);
      await coordinator.signIn('coord@example.org');
      assert.equal((await coordinator.fetch('/admin/suggestions')).status, 403);
      const curator = new Browser(base);
      await curator.signIn('curator@example.org');
      const queue = await curator.fetch('/admin/suggestions');
      assert.equal(queue.status, 200);
      const html = await queue.text();
      const open = await t.db.kysely
        .selectFrom('suggestions')
        .select(['id', 'message'])
        .where('state', '=', 'open')
        .orderBy('id')
        .execute();
      assert.match(
        html,
        new RegExp(`${open.length} suggestion${open.length === 1 ? '' : 's'}, oldest first`),
      );
      const first = open[0];
      assert.ok(first);
      assert.ok(
        html.includes(first.message.replace(/'/g, '&#39;')) || html.includes(first.message),
      );
      const refused = await coordinator.post(`/admin/suggestions/${first.id}/decide`, {
        _csrf: await coordinator.csrf('/account'),
        decision: 'accepted',
      });
      assert.equal(refused.status, 403);
      const decided = await curator.post(`/admin/suggestions/${first.id}/decide`, {
        _csrf: await curator.csrf('/account'),
        decision: 'accepted',
        note: 'Corrected from the annual report.',
      });
      assert.equal(decided.status, 200);
      assert.match(await decided.text(), /The suggestion is marked Accepted/);
      const row = await t.db.kysely
        .selectFrom('suggestions')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.state, row.decision_note],
        ['accepted', 'Corrected from the annual report.'],
      );
      const again = await curator.post(`/admin/suggestions/${first.id}/decide`, {
        _csrf: await curator.csrf('/account'),
        decision: 'dismissed',
      });
      assert.equal(again.status, 404, 'a decided suggestion is not decided twice');
    });

    test('a person downloads what the atlas keeps about them, and deletes their account: the pseudonym stays, the personal data goes', async () => {
      const a = await createAccount(
        t.db,
        {
          email: 'leaving@example.org',
          password: PASSWORD,
          role: 'curator',
          displayName: 'Leaving Person',
        },
        'cli',
      );
      const b = new Browser(base);
      await b.signIn('leaving@example.org');
      await b.post('/account/tokens', {
        _csrf: await b.csrf('/account'),
        name: 'old script',
        scopes: 'read',
      });
      const data = await b.fetch('/account/data.json');
      assert.equal(data.status, 200);
      assert.match(data.headers.get('content-disposition') ?? '', /attachment/);
      const mine = (await data.json()) as {
        account: { email: string; displayName: string };
        tokens: { name: string }[];
        activity: { action: string }[];
      };
      assert.equal(mine.account.email, 'leaving@example.org');
      assert.deepEqual(
        mine.tokens.map((x) => x.name),
        ['old script'],
      );
      assert.ok(!JSON.stringify(mine).includes('atlas_pat_'), 'no token secret');
      assert.ok(!JSON.stringify(mine).includes('argon2'), 'no password hash');
      assert.deepEqual(
        mine.activity.map((e) => e.action),
        ['account.create', 'sign-in', 'token.create'],
      );
      const wrong = await b.post('/account/delete', {
        _csrf: await b.csrf('/account'),
        password: 'not my password',
      });
      assert.equal(wrong.status, 400);
      assert.match(await wrong.text(), /the password is not right; nothing was deleted/);
      const gone = await b.post('/account/delete', {
        _csrf: await b.csrf('/account'),
        password: PASSWORD,
      });
      assert.equal(gone.status, 200);
      assert.match(await gone.text(), new RegExp(`pseudonym contributor-${a.id}`));
      assert.equal(b.cookies.get('atlas_session'), undefined, 'signed out');
      const rows = await t.db.kysely
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', 'leaving@example.org')
        .execute();
      assert.equal(rows.length, 0);
      const log = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('actor', '=', `account:${a.id}`)
        .execute();
      assert.ok(log.length >= 3, 'what the account did stays, pseudonymous');
      assert.ok(
        log.every((e) => e.address === null),
        'without addresses',
      );
      assert.ok(
        !JSON.stringify(await t.db.kysely.selectFrom('audit_log').selectAll().execute()).includes(
          'leaving@example.org',
        ),
      );
      assert.equal((await new Browser(base).signIn('leaving@example.org')).status, 401);
      const admin = new Browser(base);
      await admin.signIn('admin@example.org', 'an entirely new passphrase');
      const audit = await (await admin.fetch('/admin/audit')).text();
      assert.match(
        audit,
        new RegExp(`contributor-${a.id}`),
        'the audit log names the deleted account by its pseudonym',
      );
    });

    test('the only administrator cannot delete their account (409), so the atlas is never left without one', async () => {
      const isolated = await dialect.open();
      try {
        await seedReference(isolated.db, FIXTURE_DIR);
        await createAccount(
          isolated.db,
          { email: 'solo@example.org', password: PASSWORD, role: 'admin' },
          'cli',
        );
        const session = await signIn(isolated.db, {
          email: 'solo@example.org',
          password: PASSWORD,
          address: '192.0.2.9',
        });
        await assert.rejects(
          deleteOwnAccount(
            isolated.db,
            (await sessionOf(isolated.db, session.cookie))?.actor ?? VISITOR,
            PASSWORD,
          ),
          (e) => isAppError(e, 'conflict') && /only administrator/.test(e.message),
        );
      } finally {
        await isolated.dispose();
      }
    });

    test('the rest of the site stays read-only: POST elsewhere is a 405 that says so', async () => {
      const res = await fetch(`${base}/initiatives`, { method: 'POST', body: 'x=1' });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET, HEAD');
    });
  });
}
