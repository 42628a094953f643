import assert from 'node:assert/strict';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface Rec {
  slug: string;
  barriers: string[];
  actors: string[];
  regions: string[];
  quote: { text: string; source: string; section: string } | null;
  sources: { source: string; title: string | null }[];
  version: number;
}
interface ListPage {
  total: number;
  items: Rec[];
  counts: Record<'source' | 'barrier' | 'actor', Record<string, number>>;
}
interface ForRegion {
  region: string;
  barriers: string[];
  forPlace: Rec[];
  forBarriers: { recommendation: Rec; shared: string[] }[];
}

// What a curator counts in data/reference/recommendations.json: 28 records; per barrier the
// number that name it in "barriers".
const BY_BARRIER: Record<string, number> = {
  B01: 7,
  B02: 3,
  B03: 1,
  B04: 2,
  B05: 4,
  B06: 6,
  B07: 2,
  B08: 3,
  B09: 1,
  B10: 7,
  B11: 7,
  B12: 5,
  B13: 4,
  B14: 2,
  B15: 1,
  B16: 12,
  B17: 2,
};

/** The number of <li class="recommendation"> items inside the element whose tag opens with `open`. */
function itemsIn(html: string, open: string): string[] {
  const start = html.indexOf(open);
  assert.ok(start >= 0, `page has ${open}`);
  const end = html.indexOf('</ul>', start);
  return [...html.slice(start, end).matchAll(/data-slug="([^"]+)"/g)].map((m) => m[1] as string);
}

for (const dialect of DIALECTS) {
  describe(`recommendations on the reference data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const json = site.json;
    const page = async (path: string) => {
      const res = await site.request(path);
      assert.equal(res.status, 200, path);
      return res.text();
    };

    test('every recommendation is loaded, with its barriers counted as the curator counts them', async () => {
      const all = (await json('/api/v1/recommendations?pageSize=100')) as ListPage;
      assert.equal(all.total, 28);
      assert.deepEqual(all.counts.barrier, BY_BARRIER);
      assert.deepEqual(all.counts.source, {
        'preciseu-d6-1': 16,
        'eppermed-article': 6,
        'icpermed-sota': 4,
        'ec-ris3-slides': 2,
      });
      assert.equal(all.counts.actor.patient_organisation, 9);
      for (const [code, n] of Object.entries(BY_BARRIER)) {
        const r = (await json(`/api/v1/barriers/${code}/recommendations`)) as {
          recommendations: Rec[];
        };
        assert.equal(r.recommendations.length, n, code);
        assert.ok(r.recommendations.every((x) => x.barriers.includes(code)));
      }
    });

    test('a region gets what is made for it and the European recommendations for its barriers', async () => {
      const es = (await json('/api/v1/regions/ES51/recommendations')) as ForRegion;
      // Catalonia's fact sheet: B08, B13, B05, B10, B01.
      assert.deepEqual(es.barriers, ['B01', 'B05', 'B08', 'B10', 'B13']);
      assert.deepEqual(
        es.forPlace.map((r) => r.slug),
        ['es51-alignment-pathways-financing'],
      );
      assert.deepEqual(
        es.forBarriers.map((x) => [x.recommendation.slug, x.shared]),
        [
          ['d61-roadmap-finance-procurement', ['B05']],
          ['d61-roadmap-regulatory-market-access', ['B08']],
          ['ec-shared-data-infrastructure', ['B01']],
          ['eppermed-p1-curricula-online-courses', ['B10']],
          ['eppermed-p4-medical-societies', ['B10']],
          ['icpermed-eppermed-joint-activities', ['B10']],
        ],
      );
      const be = (await json('/api/v1/regions/BE2/recommendations')) as ForRegion;
      assert.equal(be.forPlace.length, 0);
      assert.equal(be.forBarriers.length, 13);
      assert.equal(be.forBarriers.filter((x) => x.shared.length === 2).length, 5);
      const counts: Record<string, number> = { NL: 2, SE232: 2, LT: 1, IE: 3, EU: 2, DE1: 1 };
      for (const [code, n] of Object.entries(counts)) {
        const r = (await json(`/api/v1/regions/${code}/recommendations`)) as ForRegion;
        assert.equal(r.forPlace.length, n, code);
      }
    });

    test('one recommendation: its quote, sources and the regions facing its barriers', async () => {
      const r = (await json(
        '/api/v1/recommendations/se232-national-standards-e-consent',
      )) as Rec & {
        relatedRegions: { region: string; shared: string[] }[];
      };
      assert.equal(r.quote?.source, 'preciseu-d6-1');
      assert.equal(r.quote?.section, '1. Health data fragmentation');
      assert.equal(r.sources[0]?.title, 'PRECISEU D6.1 Cross-Regional Report');
      // B01 is reported by seven fact sheets; B04 by none.
      assert.deepEqual(
        r.relatedRegions.map((x) => x.region),
        ['BE2', 'BG41', 'DE1', 'EL43', 'ES51', 'NL', 'RO21'],
      );
      const html = await page('/recommendations/se232-national-standards-e-consent');
      assert.match(
        html,
        /<blockquote[^>]*>\s*<p>There is a strong need to implement national standards/,
      );
      const rows = [...html.matchAll(/<tr data-region="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(
        rows,
        r.relatedRegions.map((x) => x.region),
      );
    });

    test("the pages' figures are the API's", async () => {
      for (const code of ['B16', 'B11', 'B09']) {
        const api = (await json(`/api/v1/barriers/${code}/recommendations`)) as {
          recommendations: Rec[];
        };
        const html = await page(`/barriers/${code}`);
        assert.deepEqual(
          itemsIn(html, 'data-group="barrier"'),
          api.recommendations.map((r) => r.slug),
          code,
        );
      }
      for (const code of ['ES51', 'NL', 'SE232']) {
        const api = (await json(`/api/v1/regions/${code}/recommendations`)) as ForRegion;
        const html = await page(`/regions/${code}`);
        const place = html.includes('data-group="place"')
          ? itemsIn(html, 'data-group="place"')
          : [];
        assert.deepEqual(
          place,
          api.forPlace.map((r) => r.slug),
          code,
        );
        assert.deepEqual(
          itemsIn(html, 'data-group="barriers"'),
          api.forBarriers.map((x) => x.recommendation.slug),
          code,
        );
        assert.match(html, new RegExp(`Recommended for this place: ${api.forPlace.length}<`));
      }
      const api = (await json(
        '/api/v1/recommendations?barrier=B11&actor=patient_organisation',
      )) as ListPage;
      const html = await page('/recommendations?barrier=B11&actor=patient_organisation');
      assert.match(html, new RegExp(`Recommendations shown: ${api.total}<`));
      assert.equal(api.total, 5);
      assert.deepEqual(
        [...html.matchAll(/<li class="result recommendation" data-slug="([^"]+)"/g)].map(
          (m) => m[1],
        ),
        api.items.map((r) => r.slug),
      );
      const b11 = html.match(/data-value="B11">\((\d+)\)/);
      assert.equal(Number(b11?.[1]), api.counts.barrier.B11);
    });

    test('bad input says what to give and changes nothing', async () => {
      const bad = await site.request('/api/v1/recommendations?barrier=B99');
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /B99/);
      assert.equal((await site.request('/recommendations?actor=nobody')).status, 400);
      assert.equal((await site.request('/api/v1/recommendations/no-such')).status, 404);
      assert.equal((await site.request('/recommendations/no-such')).status, 404);
      assert.equal((await site.request('/api/v1/barriers/B99/recommendations')).status, 404);
      assert.equal((await site.request('/api/v1/regions/XX9/recommendations')).status, 404);
    });

    test('seeding again changes nothing; records keep version 1 and their provenance', async () => {
      const report = await seedReference(site.db, REFERENCE_DIR);
      assert.deepEqual(report.recommendations, { created: 0, updated: 0, unchanged: 28 });
      const all = (await json('/api/v1/recommendations?pageSize=100')) as ListPage;
      assert.ok(all.items.every((r) => r.version === 1 && r.sources.length > 0));
      const history = await site.db.kysely
        .selectFrom('history')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entity', '=', 'recommendation')
        .executeTakeFirstOrThrow();
      assert.equal(Number(history.n), 28);
    });
  });
}
