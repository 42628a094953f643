import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { validate } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { z } from 'zod';
import { createApp } from '../../src/http/app.ts';
import { ROUTES } from '../../src/http/v1/index.ts';
import { ProblemDocumentSchema } from '../../src/http/v1/schemas.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { seedReference } from '../../src/services/seed.ts';
import { freshPostgres, postgresSkipReason } from '../helpers/databases.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';
import { startServer } from '../helpers/server.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** A server on the reference data: the real `atlas serve` on SQLite, or the app over HTTP on PostgreSQL. */
interface Target {
  readonly url: string;
  stop(): Promise<void>;
}

const TARGETS = [
  {
    name: 'sqlite (atlas serve)',
    skip: undefined as string | undefined,
    async start(): Promise<Target> {
      // The walker makes about 600 calls in well under a minute; the limit itself is tested in
      // api-middleware.test.ts.
      const s = await startServer(REFERENCE_DIR, { env: { API_RATE_LIMIT: '5000' } });
      return { url: s.url, stop: () => s.stop() };
    },
  },
  {
    name: 'postgres',
    skip: postgresSkipReason,
    async start(): Promise<Target> {
      const t = await freshPostgres();
      await seedReference(t.db, REFERENCE_DIR);
      const server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}`,
        async stop() {
          await new Promise((resolve) => server.close(resolve));
          await t.dispose();
        },
      };
    },
  },
];

type Operation = OpenAPIV3_1.OperationObject;
type Media = { schema?: z.ZodType };

/** The Zod schema an operation documents for a status and media type. */
function documentedSchema(path: string, status: number, mediaType: string): z.ZodType | undefined {
  const route = ROUTES.find((r) => r.path === path && r.method === 'get');
  const responses = route?.responses as Record<string, { content?: Record<string, Media> }>;
  return responses?.[String(status)]?.content?.[mediaType]?.schema;
}

function mediaTypeOf(r: Response): string {
  return (r.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
}

/** The count a list page prints in its results heading (element id, noun). */
function pageCount(html: string, id: string, noun: string): number {
  const m = html.match(new RegExp(`id="${id}"[^>]*>([\\d,]+) ${noun}s?`));
  assert.ok(m?.[1], 'the page shows a result count');
  return Number(m[1].replace(/,/g, ''));
}

const reference = await readReferenceData(REFERENCE_DIR);

/** Real ids for every path parameter, from the reference data the servers are seeded with. */
const PARAM_VALUES: Record<string, readonly string[]> = {
  '/api/v1/initiatives/{slug}': reference.initiatives.map((i) => i.slug),
  '/api/v1/regions/{code}': reference.regions.map((r) => r.code),
  '/api/v1/regions/{code}/twinning': reference.regions.map((r) => r.code),
  '/api/v1/regions/{code}/strategies': reference.regions.map((r) => r.code),
  '/api/v1/regions/{code}/barriers': reference.regions.map((r) => r.code),
  // The kinds that need no region or campaign (a fact sheet without one is a 400).
  '/api/v1/reports/{kind}': ['mapping', 'cross-regional'],
  '/api/v1/barriers/{code}': (reference.codebook?.barriers ?? []).map((b) => b.code),
  '/api/v1/barrier-categories/{code}': (reference.codebook?.categories ?? []).map((c) => c.code),
  '/api/v1/good-practices/{slug}': (reference.goodPractices ?? []).map((g) => g.slug),
  '/api/v1/recommendations/{slug}': (reference.recommendations ?? []).map((r) => r.slug),
  '/api/v1/barriers/{code}/recommendations': (reference.codebook?.barriers ?? []).map(
    (b) => b.code,
  ),
  '/api/v1/regions/{code}/recommendations': reference.regions.map((r) => r.code),
  '/api/v1/evidence/{key}': (reference.evidence ?? []).map((e) => e.key),
  '/api/v1/campaigns/{slug}': (reference.campaigns ?? []).map((c) => c.slug),
  '/api/v1/problems/{code}': ['invalid_parameter', 'not_found', 'rate_limited', 'internal'],
  '/api/v1/questionnaires/{slug}/{version}': [
    'preciseu-initiative-survey/1',
    'preciseu-regional-report/1',
  ],
  '/api/v1/campaigns/{slug}/dashboard': (reference.campaigns ?? []).map((c) => c.slug),
  // Each seed round's responses: region by region (the reads need an account; the comparison
  // of an accepted response is public).
  ...Object.fromEntries(
    ['', '/comparison'].map((suffix) => [
      `/api/v1/campaigns/{slug}/responses/{region}${suffix}`,
      (reference.campaigns ?? []).flatMap((c) => (c.regions ?? []).map((r) => `${c.slug}/${r}`)),
    ]),
  ),
};
// The open change and the versions of a record of each kind: for one record each. A key of several parameters is given as "ES51/campaign".
const firstKey: Record<string, string | undefined> = {
  '/api/v1/initiatives/{slug}': reference.initiatives[0]?.slug,
  '/api/v1/good-practices/{slug}': reference.goodPractices?.[0]?.slug,
  '/api/v1/evidence/{key}': reference.evidence?.[0]?.key,
  '/api/v1/regional-reports/{region}/{campaign}': [reference.regionalReports?.[0]]
    .map((r) => r && `${r.region}/${r.campaign}`)
    .at(0),
  '/api/v1/interview-rows/{region}/{campaign}': [reference.engagement?.interviews[0]]
    .map((r) => r && `${r.region}/${r.campaign}`)
    .at(0),
  '/api/v1/workshops/{key}': reference.engagement?.workshops[0]?.key,
  '/api/v1/recommendations/{slug}': reference.recommendations?.[0]?.slug,
};
for (const [path, key] of Object.entries(firstKey)) {
  for (const suffix of ['/draft', '/versions']) PARAM_VALUES[`${path}${suffix}`] = key ? [key] : [];
}

/** A path with its parameters filled in order from a value's "/"-separated parts. */
function fill(path: string, value: string): string {
  const parts = value.split('/');
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(parts.shift() ?? ''));
}

/** Filter combinations whose totals must equal the website's. */
const FILTERS = [
  '',
  'q=genomic',
  'q=genomic&domain=ecosystem',
  'region=ES51',
  'theme=genomics,health_data',
  'theme=genomics&theme=atmp&status=ongoing',
  'country=ES&scope=regional',
  'q=data&sort=name&type=partnership',
  'funding=eu',
  'q=cancer&region=ES51,SE232',
];

for (const target of TARGETS) {
  describe(`/api/v1 on ${target.name}`, { skip: target.skip }, () => {
    let server: Target;
    let doc: OpenAPIV3_1.Document;
    const get = (path: string) => fetch(`${server.url}${path}`);
    before(async () => {
      server = await target.start();
      doc = (await (await get('/api/v1/openapi.json')).json()) as OpenAPIV3_1.Document;
    });
    after(async () => {
      await server?.stop();
    });

    test('the served document is a valid OpenAPI 3.1 document', async () => {
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.info.version);
      const result = await validate(structuredClone(doc));
      assert.equal(result.valid, true, JSON.stringify(result));
    });

    test('docs/openapi.json is the served document (run `npm run openapi` when this fails)', () => {
      const committed = JSON.parse(readFileSync(`${ROOT}docs/openapi.json`, 'utf8'));
      assert.deepEqual(committed, doc, 'docs/openapi.json is stale: run `npm run openapi`');
    });

    test('every operation is documented: id, summary, description, tags, parameters, examples, errors', () => {
      const ids = new Set<string>();
      let reads = 0;
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        for (const method of ['get', 'post', 'patch'] as const) {
          const op = item?.[method] as Operation | undefined;
          if (!op) continue;
          if (method === 'get') reads++;
          const where = `${method.toUpperCase()} ${path}`;
          assert.ok(op.operationId && !ids.has(op.operationId), `${where}: unique operationId`);
          ids.add(op.operationId);
          assert.ok(
            op.summary && op.description && op.tags?.length,
            `${where}: summary, description, tags`,
          );
          for (const p of (op.parameters ?? []) as OpenAPIV3_1.ParameterObject[])
            assert.ok(p.description, `${where}: parameter ${p.name} is described`);
          const ok = (op.responses?.['200'] ?? op.responses?.['201']) as OpenAPIV3_1.ResponseObject;
          assert.ok(ok?.content?.['application/json']?.example, `${where}: 200/201 has an example`);
          for (const status of ['429', '500', '503']) {
            const r = op.responses?.[status] as OpenAPIV3_1.ResponseObject | undefined;
            assert.ok(r?.content?.['application/problem+json'], `${where}: ${status} is a problem`);
          }
          if (path.includes('{'))
            assert.ok(op.responses?.['404'], `${where}: an operation by id documents 404`);
          if (method !== 'get') {
            for (const status of ['401', '403', '409', '422'])
              assert.ok(op.responses?.[status], `${where}: a write documents ${status}`);
          }
        }
      }
      assert.ok(reads > 20, `${reads} GET operations`);
    });

    test('every documented example matches its own schema', () => {
      for (const route of ROUTES) {
        const responses = route.responses as Record<
          string,
          { content?: Record<string, Media & { example?: unknown }> }
        >;
        for (const [status, r] of Object.entries(responses)) {
          for (const [media, m] of Object.entries(r.content ?? {})) {
            if (!m.schema || typeof m.schema.safeParse !== 'function') continue;
            const parsed = m.schema.safeParse(m.example);
            assert.ok(parsed.success, `${route.path} ${status} ${media}: ${parsed.error?.message}`);
          }
        }
      }
    });

    test('documented 404 examples are what the API answers at their instance', async () => {
      let checked = 0;
      for (const route of ROUTES.filter((r) => r.method === 'get')) {
        const responses = route.responses as unknown as Record<
          string,
          { content?: Record<string, { example?: { instance: string; detail: string } }> }
        >;
        const example = responses['404']?.content?.['application/problem+json']?.example;
        if (!example) continue;
        const r = await get(example.instance);
        assert.equal(r.status, 404, example.instance);
        const p = await r.json();
        assert.equal(p.detail, example.detail, example.instance);
        checked++;
      }
      assert.ok(checked >= 6, `${checked} examples checked`);
    });

    test('walker: every GET answers a documented status with a body that fits its schema', async () => {
      let calls = 0;
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        const op = item?.get as Operation | undefined;
        if (!op) continue; // writes: test/e2e/contributions-http.test.ts
        const required = ((op.parameters ?? []) as OpenAPIV3_1.ParameterObject[]).filter(
          (p) => p.in === 'query' && p.required,
        );
        const query = new URLSearchParams();
        for (const p of required) {
          const example = (p.schema as { example?: unknown } | undefined)?.example;
          for (const v of [example].flat()) query.append(p.name, String(v));
        }
        const suffix = query.size > 0 ? `?${query}` : '';
        const values = PARAM_VALUES[path] ?? [];
        if (path.includes('{')) assert.ok(values.length > 0, `real values for ${path}`);
        const urls = path.includes('{') ? values.map((v) => fill(path, v)) : [path];
        for (const url of urls) {
          const r = await get(`${url}${suffix}`);
          calls++;
          const body = await r.json();
          assert.ok(op.responses?.[String(r.status)], `${url}: status ${r.status} is documented`);
          if ((op.security ?? []).length > 0) {
            // Operations that need credentials answer an anonymous walker 401 with a problem
            // (test/e2e/accounts-http.test.ts calls them with a token).
            assert.equal(r.status, 401, `${url} needs credentials: ${JSON.stringify(body)}`);
            assert.ok(ProblemDocumentSchema.safeParse(body).success, url);
            assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="PerMed Atlas"');
            continue;
          }
          assert.equal(r.status, 200, `${url}: ${JSON.stringify(body)}`);
          const schema = documentedSchema(path, 200, mediaTypeOf(r));
          if (path === '/api/v1/openapi.json') continue;
          assert.ok(schema, `${url}: a schema for ${mediaTypeOf(r)}`);
          const parsed = schema.safeParse(body);
          assert.ok(parsed.success, `${url}: ${parsed.error?.message}`);
        }
        if (path.includes('{')) {
          // The first parameter names nothing; the others keep a real value (a version number).
          const rest = (values[0] ?? '').split('/').slice(1);
          const missing = fill(path, ['no-such-record', ...rest].join('/'));
          const r = await get(missing);
          assert.equal(r.status, 404, missing);
          assert.ok(op.responses?.['404'], `${path}: 404 is documented`);
          assert.equal(mediaTypeOf(r), 'application/problem+json');
          const parsed = ProblemDocumentSchema.safeParse(await r.json());
          assert.ok(parsed.success, `${missing}: ${parsed.error?.message}`);
          assert.equal(parsed.data?.code, 'not_found');
        }
      }
      assert.ok(calls > 200, `the walker called ${calls} URLs`);
    });

    for (const filter of FILTERS) {
      test(`initiatives total equals the website's for "${filter}"`, async () => {
        const [api, page] = await Promise.all([
          get(`/api/v1/initiatives?${filter}`).then((r) => r.json()),
          get(`/initiatives?${filter}`).then((r) => r.text()),
        ]);
        assert.equal(api.total, pageCount(page, 'results-heading', 'initiative'));
        const parsed = documentedSchema('/api/v1/initiatives', 200, 'application/json')?.safeParse(
          api,
        );
        assert.ok(parsed?.success, parsed?.error?.message);
        // Facet counts are the website's too: every domain count adds up to the total without a domain filter.
        if (!filter.includes('domain='))
          assert.equal(
            api.facets.domain.reduce((a: number, f: { count: number }) => a + f.count, 0),
            api.total,
          );
      });
    }

    for (const filter of [
      '',
      'barrier=B01',
      'barrier=B01,B05&exemplary=true',
      'country=SE',
      'country=EU&barrier=B02',
    ]) {
      test(`good-practice total equals the website's for "${filter}"`, async () => {
        const [api, page] = await Promise.all([
          get(`/api/v1/good-practices?${filter}`).then((r) => r.json()),
          get(`/good-practices?${filter}`).then((r) => r.text()),
        ]);
        assert.equal(api.total, pageCount(page, 'practices-heading', 'practice'));
      });
    }

    test('a filter that matches something is narrower than no filter, and pages add up', async () => {
      const all = await (await get('/api/v1/initiatives?pageSize=100')).json();
      const some = await (await get('/api/v1/initiatives?region=ES51')).json();
      assert.ok(some.total > 0 && some.total < all.total);
      let seen = 0;
      for (let p = 1; p <= Math.ceil(all.total / 7); p++) {
        const page = await (await get(`/api/v1/initiatives?pageSize=7&page=${p}`)).json();
        seen += page.items.length;
        assert.equal(page.links.prev === null, p === 1);
      }
      assert.equal(seen, all.total);
    });

    test('pagination links keep the filters and stop at the ends', async () => {
      const r = await (await get('/api/v1/initiatives?theme=genomics&pageSize=2')).json();
      assert.equal(r.page, 1);
      assert.equal(r.pageSize, 2);
      assert.equal(r.items.length, 2);
      assert.equal(r.links.prev, null);
      const next = new URL(r.links.next);
      assert.equal(next.searchParams.get('theme'), 'genomics');
      assert.equal(next.searchParams.get('page'), '2');
      const last = await (await fetch(r.links.last)).json();
      assert.equal(last.links.next, null);
      assert.equal(last.total, r.total);
    });

    for (const [url, parameter, allowed] of [
      ['/api/v1/initiatives?status=finished', 'status', 'ongoing'],
      ['/api/v1/initiatives?theme=cheese', 'theme', 'genomics'],
      ['/api/v1/initiatives?region=XX99', 'region', 'ES51'],
      ['/api/v1/initiatives?sort=random', 'sort', 'relevance'],
      ['/api/v1/initiatives?pageSize=1000', 'pageSize', undefined],
      ['/api/v1/regions?page=0', 'page', undefined],
      ['/api/v1/evidence?barrier=B99', 'barrier', 'B01'],
      ['/api/v1/evidence?region=Atlantis', 'region', 'ES51'],
      ['/api/v1/good-practices?exemplary=maybe', 'exemplary', 'true'],
      ['/api/v1/good-practices?barrier=B00', 'barrier', 'B17'],
      ['/api/v1/statistics/compare?region=ES51,Nowhere', 'region', 'BE2'],
      ['/api/v1/statistics/compare?region=ES51', 'region', undefined],
    ] as const) {
      test(`400 for ${url} names ${parameter}${allowed ? ' and its allowed values' : ''}`, async () => {
        const r = await get(url);
        assert.equal(r.status, 400);
        assert.equal(mediaTypeOf(r), 'application/problem+json');
        const p = await r.json();
        assert.ok(ProblemDocumentSchema.safeParse(p).success);
        assert.equal(p.code, 'invalid_parameter');
        assert.equal(p.type, '/api/v1/problems/invalid_parameter');
        assert.equal(p.instance, new URL(url, 'http://x').pathname);
        assert.equal(p.parameter, parameter);
        if (allowed)
          assert.ok(p.allowed?.includes(allowed), `allowed lists ${allowed}: ${p.allowed}`);
        assert.ok(
          documentedSchema(new URL(url, 'http://x').pathname, 400, 'application/problem+json'),
        );
      });
    }

    test('unknown /api/v1 paths and records are 404 problems whose type dereferences', async () => {
      for (const url of ['/api/v1/nothing-here', '/api/v1/initiatives/no-such-thing']) {
        const r = await get(url);
        assert.equal(r.status, 404);
        assert.equal(mediaTypeOf(r), 'application/problem+json');
        const p = await r.json();
        assert.equal(p.code, 'not_found');
        assert.equal(p.instance, url);
        const type = await get(p.type);
        assert.equal(type.status, 200);
        const described = await type.json();
        assert.equal(described.code, 'not_found');
        assert.equal(described.status, 404);
      }
      const unknown = await get('/api/v1/problems/teapot');
      assert.equal(unknown.status, 404);
    });

    test('evidence never carries respondent data', async () => {
      const list = await (await get('/api/v1/evidence?pageSize=100')).json();
      assert.ok(list.total > 0);
      const bodies = [JSON.stringify(list)];
      for (const b of ['B01', 'B05', 'B12'])
        bodies.push(await (await get(`/api/v1/barriers/${b}`)).text());
      bodies.push(await (await get('/api/v1/regions/ES51')).text());
      const one = await (await get(`/api/v1/evidence/${list.items[0].key}`)).json();
      assert.deepEqual(one, list.items[0], 'a single read is the list item');
      for (const item of [...list.items, one])
        assert.deepEqual(Object.keys(item).sort(), [
          'barriers',
          'key',
          'language',
          'quote',
          'region',
          'statement',
          'texts',
          'translations',
        ]);
      for (const body of bodies) assert.doesNotMatch(body, /respondent|stakeholder_?group/i);
    });

    test('evidence filters by barrier and region agree with the barrier record', async () => {
      const byBarrier = await (await get('/api/v1/evidence?barrier=B01&pageSize=100')).json();
      const barrier = await (await get('/api/v1/barriers/B01')).json();
      assert.equal(byBarrier.total, barrier.statements);
      assert.equal(barrier.evidence.length, barrier.statements);
      for (const e of byBarrier.items) assert.ok(e.barriers.includes('B01'));
      const byRegion = await (await get('/api/v1/evidence?region=ES51&pageSize=100')).json();
      const region = await (await get('/api/v1/regions/ES51')).json();
      assert.equal(byRegion.total, region.statements);
      for (const e of byRegion.items) assert.equal(e.region, 'ES51');
    });

    test('a campaign read alone is its entry in the list', async () => {
      const list = await (await get('/api/v1/campaigns')).json();
      assert.equal(list.total, reference.campaigns?.length);
      for (const item of list.items)
        assert.deepEqual(await (await get(`/api/v1/campaigns/${item.slug}`)).json(), item);
    });

    test("good-practice filters give the website's catalogue", async () => {
      const all = await (await get('/api/v1/good-practices?pageSize=100')).json();
      assert.equal(all.total, reference.goodPractices?.length);
      const ex = await (await get('/api/v1/good-practices?exemplary=true&pageSize=100')).json();
      assert.equal(ex.total, all.counts.exemplary);
      assert.ok(ex.items.every((p: { exemplary: boolean }) => p.exemplary));
      const b = await (await get('/api/v1/good-practices?barrier=B01&pageSize=100')).json();
      assert.equal(b.total, all.counts.barrier.B01);
    });

    test('campaigns show results only once published; engagement has no person in it', async () => {
      const campaigns = await (await get('/api/v1/campaigns')).json();
      assert.equal(campaigns.total, reference.campaigns?.length);
      for (const c of campaigns.items) assert.equal(c.results === null, c.state !== 'published');
      const mapping = campaigns.items.find((c: { kind: string }) => c.kind === 'barrier_mapping');
      const engagement = await (await get('/api/v1/engagement')).json();
      assert.equal(mapping.results.interviews, engagement.totals.interviews);
      assert.equal(
        engagement.totals.interviews,
        (reference.engagement?.interviews ?? []).reduce((a, i) => a + (i.printedTotal ?? 0), 0),
      );
    });
  });
}

test('the document names the public URL as its server when one is configured', async () => {
  const { openApiDocument } = await import('../../src/http/v1/index.ts');
  assert.deepEqual(openApiDocument({ publicUrl: 'https://atlas.example.org' }).servers, [
    { url: 'https://atlas.example.org', description: 'this atlas' },
  ]);
  assert.deepEqual(openApiDocument().servers, []);
});
