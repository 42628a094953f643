import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { ResponseItem } from '../../src/domain/questionnaires.ts';
import { createApp } from '../../src/http/app.ts';
import { createAccount, createTokenFor } from '../../src/services/accounts.ts';
import { seedReference } from '../../src/services/seed.ts';
import { apiCaller } from '../helpers/api-call.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const PASSWORD = 'correct horse battery staple';
const ONE = '/api/v1/campaigns/api-round/responses';
const today = new Date().toISOString().slice(0, 10);
const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const fresh = (n: number): ResponseItem[] =>
  Array.from({ length: n }, (_, i) => ({
    carry: 'new' as const,
    answers: {
      name: `API initiative ${i + 1}`,
      objectives: 'Brings genomic tests to regional hospitals.',
      scopes: ['regional'],
      status: 'ongoing',
    },
  }));

for (const dialect of DIALECTS) {
  describe(`campaign API on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let base = '';
    let close: () => void = () => {};
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    const tokens: Record<string, string> = {};
    /** A request to the API with a token (by role) and a JSON body. */
    const call = apiCaller(() => base, tokens);

    before(async () => {
      t = await dialect.open();
      smtp = await startSmtp();
      await seedReference(t.db, REFERENCE_DIR);
      const people = [
        ['spain', 'spain-api@example.org', ['ES51'], 'read,write', 'coordinator'],
        ['sweden', 'sweden-api@example.org', ['SE232'], 'read,write', 'coordinator'],
        ['reader', 'reader-api@example.org', ['ES51'], 'read', 'coordinator'],
        ['curator', 'curator-api@example.org', [], 'read,write', 'curator'],
      ] as const;
      for (const [who, email, regions, scopes, role] of people) {
        await createAccount(
          t.db,
          { email, password: PASSWORD, role, regions: [...regions] },
          'cli',
        );
        tokens[who] = (
          await createTokenFor(t.db, email, {
            name: who,
            scopes: scopes.split(',') as ('read' | 'write')[],
          })
        ).token;
      }
      const mailer = smtp.mailer;
      const server = serve({
        fetch: createApp(t.db, { mailer }).fetch,
        port: 0,
        hostname: '127.0.0.1',
      });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => server.close();
    });
    after(async () => {
      close();
      await smtp.close();
      await t.dispose();
    });

    test('the questionnaires are readable, versions by number', async () => {
      const list = (await (await call('GET', '/api/v1/questionnaires', undefined)).json()) as {
        items: { slug: string; version: number }[];
      };
      assert.deepEqual(
        list.items.map((q) => `${q.slug}@${q.version}`),
        ['preciseu-initiative-survey@1', 'preciseu-regional-report@1'],
      );
      assert.equal(
        (await call('GET', '/api/v1/questionnaires/preciseu-regional-report/1', undefined)).status,
        200,
      );
      assert.equal(
        (await call('GET', '/api/v1/questionnaires/preciseu-regional-report/9', undefined)).status,
        404,
      );
    });

    test('a curator creates and opens a campaign; invitations arrive by SMTP', async () => {
      const campaign = {
        slug: 'api-round',
        kind: 'initiative_mapping',
        title: 'API round',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        opensAt: today,
        closesAt: inAMonth,
        regions: ['ES51', 'SE232'],
        rules: { minItemsPerRegion: 5, maxItemsPerRegion: 10 },
        previous: 'preciseu-initiative-mapping-2025',
      };
      assert.equal((await call('POST', '/api/v1/campaigns', 'spain', campaign)).status, 403);
      const bad = await call('POST', '/api/v1/campaigns', 'curator', {
        ...campaign,
        regions: ['ZZ9'],
      });
      assert.equal(bad.status, 422);
      assert.match(
        ((await bad.json()) as { detail: string }).detail,
        /regions: unknown region codes: ZZ9/,
      );
      const made = await call('POST', '/api/v1/campaigns', 'curator', campaign);
      assert.equal(made.status, 201);
      assert.equal(made.headers.get('location'), '/api/v1/campaigns/api-round');
      const early = await call(
        'PUT',
        `${ONE}/ES51`,
        'spain',
        { answers: {} },
        { 'if-match': '"0"' },
      );
      assert.equal(early.status, 409);
      const opened = await call('POST', '/api/v1/campaigns/api-round/open', 'curator');
      assert.deepEqual(await opened.json(), {
        state: 'open',
        invitations: { sent: 3, failed: [] },
      });
      assert.deepEqual(
        smtp.received
          .filter((m) => m.subject === 'Invitation: API round')
          .map((m) => m.to)
          .sort(),
        ['reader-api@example.org', 'spain-api@example.org', 'sweden-api@example.org'],
      );
    });

    test('a response is prefilled, saved with If-Match, refused when stale, checked at submit, accepted by a curator', async () => {
      const got = await call('GET', `${ONE}/ES51`, 'spain');
      assert.equal(got.status, 200);
      assert.match(got.headers.get('etag') ?? '', /^(W\/)?"0"$/);
      const opened = (await got.json()) as {
        answers: { initiatives?: ResponseItem[] };
        state: string;
      };
      assert.equal(opened.state, 'not_started');
      // Read independently of the service: the reference file's ES51 initiatives still running.
      const reference = JSON.parse(
        readFileSync(join(REFERENCE_DIR, 'initiatives.json'), 'utf8'),
      ) as {
        slug: string;
        status: string;
        submittingRegion?: string;
      }[];
      const live = reference
        .filter((i) => i.submittingRegion === 'ES51' && i.status !== 'closed')
        .map((i) => i.slug)
        .sort();
      assert.ok(live.length > 10, 'ES51 reported more than ten: the carried list breaks the rule');
      assert.deepEqual(opened.answers.initiatives?.map((i) => i.ref).sort(), live);
      assert.equal((await call('GET', `${ONE}/ES51`, 'sweden')).status, 403);
      assert.equal(
        (await call('PUT', `${ONE}/ES51`, 'spain', { answers: {} })).status,
        400,
        'If-Match is required',
      );
      assert.equal(
        (await call('PUT', `${ONE}/ES51`, 'reader', { answers: {} }, { 'if-match': '"0"' })).status,
        403,
      );
      const eleven = { initiatives: fresh(11) };
      const saved = await call(
        'PUT',
        `${ONE}/ES51`,
        'spain',
        { answers: eleven },
        { 'if-match': '"0"' },
      );
      assert.equal(saved.status, 200);
      assert.match(saved.headers.get('etag') ?? '', /^(W\/)?"1"$/);
      const stale = await call(
        'PUT',
        `${ONE}/ES51`,
        'spain',
        { answers: eleven },
        { 'if-match': '"0"' },
      );
      assert.equal(stale.status, 409);
      const unknown = await call(
        'PUT',
        `${ONE}/ES51`,
        'spain',
        { answers: { nosuch: [] } },
        { 'if-match': '"1"' },
      );
      assert.equal(unknown.status, 422);
      const refused = await call('POST', `${ONE}/ES51/submit`, 'spain');
      assert.equal(refused.status, 422);
      const problem = (await refused.json()) as { errors: { field: string; message: string }[] };
      assert.deepEqual(problem.errors, [
        { field: 'initiatives', message: 'give at most 10 initiatives (now 11)' },
      ]);
      assert.equal(
        (
          await call(
            'PUT',
            `${ONE}/ES51`,
            'spain',
            { answers: { initiatives: fresh(6) } },
            { 'if-match': '"1"' },
          )
        ).status,
        200,
      );
      const submitted = await call('POST', `${ONE}/ES51/submit`, 'spain', undefined, {
        'if-match': '"2"',
      });
      assert.equal(((await submitted.json()) as { state: string }).state, 'submitted');
      assert.equal((await call('POST', `${ONE}/ES51/accept`, 'spain')).status, 403);
      const accepted = (await (await call('POST', `${ONE}/ES51/accept`, 'curator')).json()) as {
        state: string;
        outcome: { toClassify: string[] };
      };
      assert.equal(accepted.state, 'accepted');
      assert.equal(accepted.outcome.toClassify.length, 6);
    });

    test('the comparison is public once accepted; the dashboard is the curators’', async () => {
      const cmp = (await (await call('GET', `${ONE}/ES51/comparison`, undefined)).json()) as {
        previous: string;
        items: { new: string[]; dropped: string[] };
      };
      assert.equal(cmp.previous, 'preciseu-initiative-mapping-2025');
      assert.equal(cmp.items.new.length, 6);
      const before = (await (
        await call('GET', '/api/v1/campaigns/preciseu-initiative-mapping-2025', undefined)
      ).json()) as {
        regions: string[];
      };
      assert.ok(before.regions.includes('ES51'));
      assert.ok(
        cmp.items.dropped.length > 0,
        'the 2025 initiatives not carried are listed as dropped',
      );
      assert.equal((await call('GET', `${ONE}/SE232/comparison`, undefined)).status, 401);
      assert.equal(
        (await call('GET', '/api/v1/campaigns/api-round/dashboard', 'spain')).status,
        403,
      );
      const d = (await (
        await call('GET', '/api/v1/campaigns/api-round/dashboard', 'curator')
      ).json()) as {
        totals: Record<string, number>;
      };
      assert.deepEqual(d.totals, { invited: 2, started: 1, submitted: 1, accepted: 1, itemsOk: 1 });
    });

    test('a closed campaign refuses answers over the API', async () => {
      assert.equal(
        (await call('POST', '/api/v1/campaigns/api-round/close', 'curator')).status,
        200,
      );
      const late = await call(
        'PUT',
        `${ONE}/SE232`,
        'sweden',
        { answers: { initiatives: fresh(5) } },
        { 'if-match': '"0"' },
      );
      assert.equal(late.status, 409);
      assert.match(
        ((await late.json()) as { detail: string }).detail,
        /closed and takes no more answers/,
      );
    });
  });
}
