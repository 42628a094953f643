/**
 * RIS3 strategy reading over HTTP on both databases (issue 17): a curator uploads a strategy
 * (multipart, with the form's CSRF token), reviews the proposed passages and confirms one or
 * rejects; visitors are sent to sign in and coordinators refused; a scanned PDF gets its message
 * and changes nothing; the public list and the API say the same counts as the rows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { createApp } from '../../src/http/app.ts';
import { SCANNED_PDF_MESSAGE } from '../../src/io/document-text.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { seedReference } from '../../src/services/seed.ts';
import { seedStrategies } from '../../src/services/strategies.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const FIXTURES = new URL('../fixtures/strategies/', import.meta.url);

/** The text of an HTML fragment without its tags, entities of quotes undone, spaces collapsed. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

interface ApiStrategy {
  id: number;
  key: string;
  region: string;
  state: string;
  prioritisesPm: boolean;
  evidence: { passage: string; page: number | null; source: string | null } | null;
  decision: { by: string; at: string; note: string | null } | null;
}
interface ApiList {
  stated: { analysed: number; prioritising: number } | null;
  counts: { total: number; confirmed: number };
  strategies: ApiStrategy[];
}

for (const dialect of DIALECTS) {
  describe(`strategy pages over HTTP on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let server: ReturnType<typeof serve>;
    let base = '';
    const signedIn = async (email: string) => {
      const b = new Browser(base);
      assert.equal((await b.signIn(email)).status, 303);
      return b;
    };
    const rows = async () =>
      Number(
        (
          await sql<{ n: number | string }>`select count(*) as n from strategies`.execute(
            t.db.kysely,
          )
        ).rows[0]?.n,
      );
    const api = async (path: string) => {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, path);
      return res.json();
    };
    /** Sends the upload form as a browser does: multipart, the file with its name. */
    const upload = async (b: Browser, fields: Record<string, string>, fileName?: string) => {
      const form = new FormData();
      form.set('_csrf', await b.csrf('/strategies/new'));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      if (fileName)
        form.set('file', new Blob([readFileSync(new URL(fileName, FIXTURES))]), fileName);
      return b.fetch('/strategies/new', { method: 'POST', body: form });
    };

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      await seedStrategies(t.db, REFERENCE_DIR);
      for (const [email, role, regions, displayName] of [
        ['cura@example.org', 'curator', [], 'Cura Tor'],
        ['ana@example.org', 'coordinator', ['ES51'], 'Ana'],
      ] as const)
        await createAccount(
          t.db,
          { email, password: TEST_PASSWORD, role, regions: [...regions], displayName },
          'cli',
        );
      server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await t?.dispose();
    });

    test('the public list states the EC figure beside the atlas count, as the API and the rows give them', async () => {
      const html = plain(await (await fetch(`${base}/strategies`)).text());
      const list = (await api('/api/v1/strategies')) as ApiList;
      assert.equal(list.strategies.length, await rows());
      assert.equal(list.counts.total, list.strategies.length);
      assert.equal(list.counts.confirmed, list.strategies.filter((s) => s.prioritisesPm).length);
      const stated = html.match(/state that (\d+) of the (\d+) RIS3/);
      assert.deepEqual(
        [Number(stated?.[1]), Number(stated?.[2])],
        [list.stated?.prioritising, list.stated?.analysed],
      );
      const atlas = html.match(/The atlas holds (\d+) strategies, of which (\d+) confirmed/);
      assert.deepEqual(
        [Number(atlas?.[1]), Number(atlas?.[2])],
        [list.counts.total, list.counts.confirmed],
      );
      assert.match(html, /Eurobiomed cluster on personalised medicine/);
      assert.match(html, /page 28/);
      assert.doesNotMatch(html, /Read a strategy document/, 'no upload link for visitors');
    });

    test('a visitor is sent to sign in, a coordinator refused; nothing changes', async () => {
      const before = await rows();
      const visitor = new Browser(base);
      const form = await visitor.fetch('/strategies/new');
      assert.equal(form.status, 303);
      assert.match(form.headers.get('location') ?? '', /^\/sign-in\?next=%2Fstrategies%2Fnew/);
      const token = await visitor.csrf('/sign-in');
      const sent = new FormData();
      sent.set('_csrf', token);
      sent.set('region', 'ES51');
      sent.set('title', 'A visitor tries');
      sent.set(
        'text',
        'Personalised medicine is a priority of this strategy for the whole region.',
      );
      const refused = await visitor.fetch('/strategies/new', { method: 'POST', body: sent });
      assert.equal(refused.status, 401);
      const review = await visitor.fetch('/strategies/1/review');
      assert.equal(review.status, 303);
      const ana = await signedIn('ana@example.org');
      assert.equal((await ana.fetch('/strategies/new')).status, 403);
      assert.equal((await ana.fetch('/strategies/1/review')).status, 403);
      const anaToken = await ana.csrf('/account');
      sent.set('_csrf', anaToken);
      assert.equal(
        (await ana.fetch('/strategies/new', { method: 'POST', body: sent })).status,
        403,
      );
      const decide = await ana.post('/strategies/1/review', {
        _csrf: anaToken,
        decision: 'reject',
      });
      assert.equal(decide.status, 403);
      assert.equal(await rows(), before);
    });

    test('a curator uploads a PDF, reviews the passages with their pages, and confirms one', async () => {
      const cura = await signedIn('cura@example.org');
      const page = await (await cura.fetch('/strategies')).text();
      assert.match(page, /href="\/strategies\/new"/);
      const res = await upload(
        cura,
        {
          region: 'ES51',
          title: 'Estrategia de prueba',
          periodStart: '2021',
          periodEnd: '2027',
          priorityAreas: 'Turismo\nSalud',
        },
        'es-estrategia.pdf',
      );
      assert.equal(res.status, 303);
      const to = res.headers.get('location') ?? '';
      const id = Number(to.match(/^\/strategies\/(\d+)\/review\?done=uploaded$/)?.[1]);
      assert.ok(id > 0, to);
      const review = await (await cura.fetch(to)).text();
      assert.match(plain(review), /The document was read/);
      assert.match(plain(review), /Passage 1, page 2, score/);
      assert.match(plain(review), /Awaiting review/);
      const before = (await api('/api/v1/strategies')) as ApiList;
      const uploaded = before.strategies.find((s) => s.id === id);
      assert.equal(uploaded?.prioritisesPm, false, 'nothing flagged before a confirmation');
      const first = review.match(/name="passage" value="(\d+)"/)?.[1];
      assert.ok(first);
      const token = await cura.csrf(`/strategies/${id}/review`);
      const noPassage = await cura.post(`/strategies/${id}/review`, {
        _csrf: token,
        decision: 'confirm',
      });
      assert.equal(noPassage.status, 400);
      assert.match(plain(await noPassage.text()), /choose the passage that shows it/);
      const done = await cura.post(`/strategies/${id}/review`, {
        _csrf: token,
        decision: 'confirm',
        passage: first,
      });
      assert.equal(done.status, 303);
      const after = (await api('/api/v1/strategies')) as ApiList;
      const confirmed = after.strategies.find((s) => s.id === id);
      assert.equal(confirmed?.prioritisesPm, true);
      assert.equal(confirmed?.evidence?.page, 2);
      assert.match(confirmed?.evidence?.passage ?? '', /medicina personalizada/);
      assert.equal(confirmed?.decision?.by, 'Cura Tor');
      assert.equal(after.counts.confirmed, before.counts.confirmed + 1);
      const list = plain(await (await fetch(`${base}/strategies`)).text());
      assert.match(list, /Confirmed by Cura Tor on/);
      assert.match(
        list,
        new RegExp(
          `The atlas holds ${after.counts.total} strategies, of which ${after.counts.confirmed} confirmed`,
        ),
      );
      const region = (await api('/api/v1/regions/ES51/strategies')) as {
        strategies: ApiStrategy[];
      };
      assert.deepEqual(
        region.strategies.map((s) => s.id),
        after.strategies.filter((s) => s.region === 'ES51').map((s) => s.id),
      );
    });

    test('a rejection over HTTP, a scanned PDF, a form without CSRF or with problems', async () => {
      const cura = await signedIn('cura@example.org');
      const before = await rows();
      const scanned = await upload(cura, { region: 'ES51', title: 'Escaneada' }, 'scanned.pdf');
      assert.equal(scanned.status, 422);
      const html = plain(await scanned.text());
      assert.ok(html.includes(SCANNED_PDF_MESSAGE), 'the scanned-PDF message');
      assert.match(html, /There is a problem/);
      assert.equal(await rows(), before, 'a scanned PDF stores nothing');
      const empty = await upload(cura, {});
      assert.equal(empty.status, 400);
      const problems = plain(await empty.text());
      assert.match(problems, /Region: choose the region/);
      assert.match(problems, /Document: choose a file or paste the text/);
      const form = new FormData();
      form.set('region', 'ES51');
      form.set('title', 'Sin token');
      form.set('text', 'Personalised medicine is a priority.');
      assert.equal(
        (await cura.fetch('/strategies/new', { method: 'POST', body: form })).status,
        403,
      );
      assert.equal(await rows(), before);

      const res = await upload(
        cura,
        { region: 'DE1', title: 'Strategie (Test)' },
        'de-strategie.docx',
      );
      assert.equal(res.status, 303);
      const id = Number((res.headers.get('location') ?? '').match(/\/strategies\/(\d+)\//)?.[1]);
      const token = await cura.csrf(`/strategies/${id}/review`);
      const rejected = await cura.post(`/strategies/${id}/review`, {
        _csrf: token,
        decision: 'reject',
        note: 'Not a priority here.',
      });
      assert.equal(rejected.status, 303);
      const one = (
        (await api('/api/v1/regions/DE1/strategies')) as { strategies: ApiStrategy[] }
      ).strategies.find((s) => s.id === id);
      assert.equal(one?.state, 'rejected');
      assert.equal(one?.prioritisesPm, false);
      assert.equal(one?.decision?.note, 'Not a priority here.');
      const again = await cura.post(`/strategies/${id}/review`, {
        _csrf: token,
        decision: 'reject',
      });
      assert.equal(again.status, 409);
    });

    test('a long strategy (far over the 64 KB of the account forms) is read', async () => {
      const cura = await signedIn('cura@example.org');
      const filler = 'The region will keep improving its roads, ports and schools for everyone. ';
      const text = `${filler.repeat(4000)}\n\nHealth: precision medicine and genomics are a priority.\n`;
      assert.ok(text.length > 256 * 1024);
      const form = new FormData();
      form.set('_csrf', await cura.csrf('/strategies/new'));
      form.set('region', 'SE232');
      form.set('title', 'A long strategy');
      form.set('file', new Blob([text]), 'long-strategy.txt');
      const res = await cura.fetch('/strategies/new', { method: 'POST', body: form });
      assert.equal(res.status, 303);
      const review = plain(await (await cura.fetch(res.headers.get('location') ?? '')).text());
      assert.match(
        review,
        /Passage 1, no page number, score [\d.]+ .*precision medicine and genomics/,
      );
    });

    test('the API answers a country with the places filed under it, and 404 for an unknown code', async () => {
      const fr = (await api('/api/v1/regions/FR/strategies')) as { strategies: ApiStrategy[] };
      assert.deepEqual(
        fr.strategies.map((s) => [s.key, s.evidence?.page, s.evidence?.source]),
        [['paca-regional-innovation-strategy-2014', 28, 'ec-ris3-slides']],
      );
      const missing = await fetch(`${base}/api/v1/regions/XX/strategies`);
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', /problem\+json/);
    });
  });
}
