import assert from 'node:assert/strict';
import { createApp } from '../../src/http/app.ts';
import { openApiDocument } from '../../src/http/v1/index.ts';
import { invite } from '../../src/services/account-links.ts';
import { CLI_ACTOR, createAccount, createToken, signIn } from '../../src/services/accounts.ts';
import { createDraft, saveDraft } from '../../src/services/contributions.ts';
import type { Mailer } from '../../src/services/mail.ts';
import { moveVersion } from '../../src/services/reviews.ts';
import { seedReference } from '../../src/services/seed.ts';
import { newChallenge, sendSuggestion } from '../../src/services/suggestions.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { catalanInitiative } from '../helpers/records.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** A string that appears nowhere but in the personal fields this test fills. */
const CANARY = 'zqcanary7731';
/** A string that appears nowhere but in drafts and proposed changes (never public). */
const DRAFTED = 'zqdraft5519';

/** The public pages and files besides the API (whose GET operations come from its document). */
const PUBLIC_PATHS = [
  '/',
  '/initiatives',
  `/initiatives?q=${CANARY}`,
  '/regions',
  '/regions/ES51',
  '/barriers',
  '/good-practices',
  '/compare',
  '/twinning',
  '/about',
  '/data-quality',
  '/initiatives.csv',
  '/initiatives.json',
  '/initiatives.geojson',
  '/catalog.ttl',
  '/catalog.jsonld',
];

for (const dialect of DIALECTS) {
  describe(`personal data stays private on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    const sent: string[] = [];
    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      const a = await createAccount(
        t.db,
        {
          email: `${CANARY}@example.org`,
          password: `${CANARY} password`,
          role: 'coordinator',
          regions: ['ES51'],
          displayName: `Name ${CANARY}`,
        },
        'cli',
      );
      await createToken(t.db, a.id, { name: `token ${CANARY}`, scopes: ['read'] }, 'cli');
      await signIn(t.db, {
        email: `${CANARY}@example.org`,
        password: `${CANARY} password`,
        address: '192.0.2.77',
      });
      await signIn(t.db, {
        email: `other-${CANARY}@example.org`,
        password: 'wrong password',
        address: '192.0.2.77',
      }).catch(() => undefined);
      const challenge = newChallenge();
      const [x, y] = challenge.question.split(' + ').map(Number);
      const slug = (
        await t.db.kysely.selectFrom('initiatives').select('slug').executeTakeFirstOrThrow()
      ).slug;
      await sendSuggestion(t.db, {
        record: `initiative:${slug}`,
        message: `A correction from ${CANARY}, who reads the report.`,
        email: `suggester-${CANARY}@example.org`,
        challenge: challenge.token,
        answer: String((x ?? 0) + (y ?? 0)),
        trap: '',
        address: '192.0.2.78',
      });
      const mailer: Mailer = { description: 'memory', send: async (m) => void sent.push(m.text) };
      await invite(t.db, mailer, CLI_ACTOR, {
        email: `invited-${CANARY}@example.org`,
        role: 'curator',
        regions: [],
        origin: 'http://localhost',
      });
      // Unpublished work of every kind: a new initiative, a change to a published one (submitted),
      // a good practice and an evidence statement, each carrying the draft canary.
      const curator = { kind: 'account', id: a.id, role: 'curator', regions: [] } as const;
      const draft = (entity: string, content: Record<string, unknown>) =>
        createDraft(t.db, curator, entity, content);
      await draft(
        'initiative',
        catalanInitiative(`new-${DRAFTED}`, { name: `Initiative ${DRAFTED}` }),
      );
      await saveDraft(
        t.db,
        curator,
        'initiative',
        slug,
        { summary: `Changed ${DRAFTED}` },
        {
          patch: true,
        },
      );
      await moveVersion(t.db, curator, 'initiative', slug, 'submit');
      await draft('good_practice', {
        slug: `gp-${DRAFTED}`,
        name: `Practice ${DRAFTED}`,
        summary: `Summary ${DRAFTED}`,
        barriers: ['B01'],
        sources: [{ source: 'preciseu-d3-1' }],
      });
      await draft('evidence', {
        key: `ev-${DRAFTED}`,
        statement: `Statement ${DRAFTED}`,
        barriers: ['B01'],
        region: 'ES51',
        sources: [{ source: 'preciseu-d3-1' }],
      });
    });
    after(async () => {
      await t?.dispose();
    });

    test('the canary is in the database (accounts, tokens, audit log, invitations, suggestions) and in no public output', async () => {
      const stored = [
        await t.db.kysely.selectFrom('accounts').select('email').execute(),
        await t.db.kysely.selectFrom('api_tokens').select('name').execute(),
        await t.db.kysely.selectFrom('audit_log').select('subject').execute(),
        await t.db.kysely.selectFrom('account_links').select('email').execute(),
        await t.db.kysely.selectFrom('suggestions').select(['message', 'contact_email']).execute(),
      ];
      for (const rows of stored) assert.match(JSON.stringify(rows), new RegExp(CANARY));
      assert.equal(sent.length, 1, 'the invitation was sent');

      const app = createApp(t.db, { heavyWaitMs: 120_000 });
      // Every public GET of the API without a path parameter, its required parameters given their
      // documented examples (as the API walker of test/e2e/api-v1.test.ts does).
      const apiPaths = Object.entries(openApiDocument().paths ?? {})
        .filter(
          ([path, item]) =>
            !path.includes('{') &&
            item?.get !== undefined &&
            (item.get.security ?? []).length === 0,
        )
        .map(([path, item]) => {
          const query = new URLSearchParams();
          for (const p of (item?.get?.parameters ?? []) as {
            in: string;
            required?: boolean;
            name: string;
            schema?: { example?: unknown };
          }[]) {
            if (p.in !== 'query' || !p.required) continue;
            for (const v of [p.schema?.example].flat()) query.append(p.name, String(v));
          }
          return query.size > 0 ? `${path}?${query}` : path;
        });
      let checked = 0;
      for (const path of [...PUBLIC_PATHS, ...apiPaths]) {
        const res = await app.request(`http://localhost${path}`);
        assert.equal(res.status, 200, path);
        const body = await res.text();
        assert.ok(!body.includes(CANARY) || path.includes(CANARY), `${path} shows personal data`);
        assert.ok(!body.includes(DRAFTED), `${path} shows unpublished work`);
        if (path.includes(CANARY)) {
          // The search echoes the visitor's own words, and finds no one.
          assert.doesNotMatch(body, new RegExp(`${CANARY}@example`));
        }
        checked++;
      }
      assert.ok(checked >= 30, `${checked} outputs checked`);
      const stillDrafts = await t.db.kysely
        .selectFrom('record_versions')
        .select('content')
        .execute();
      assert.match(JSON.stringify(stillDrafts), new RegExp(DRAFTED), 'the drafts are stored');
      for (const path of [
        `/initiatives/new-${DRAFTED}`,
        `/api/v1/initiatives/new-${DRAFTED}`,
        `/good-practices/gp-${DRAFTED}`,
        `/api/v1/good-practices/gp-${DRAFTED}`,
        `/api/v1/evidence/ev-${DRAFTED}`,
        `/history/initiatives/new-${DRAFTED}`,
      ]) {
        const res = await app.request(`http://localhost${path}`);
        assert.equal(res.status, 404, path);
        assert.ok(!(await res.text()).includes(DRAFTED) || path.includes(DRAFTED), path);
      }
    });
  });
}
