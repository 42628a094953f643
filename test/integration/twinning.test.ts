import assert from 'node:assert/strict';
import { dataVersion } from '../../src/services/data-version.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface Reason {
  barrier: string;
  weight: number;
}
interface Twinning {
  region: string | null;
  weights: Record<string, number>;
  profile: Reason[];
  peers: { region: string; score: number; shared: Reason[] }[];
  mentors: { place: string; score: number; addresses: Reason[]; practices: string[] }[];
  practices: {
    slug: string;
    place: string;
    score: number;
    addresses: Reason[];
    exemplary: boolean;
  }[];
  initiatives: { slug: string; score: number; sharedThemes: string[]; openScope: boolean }[];
}

for (const dialect of DIALECTS) {
  describe(`twinning on the reference data on ${dialect.name}`, { skip: dialect.skip }, () => {
    const site = referenceApp(dialect);
    const json = site.json;

    test("Catalonia's profile is what a curator counts in D6.1", async () => {
      // Statements (weight 1 each): B03, B04, B05 ×2, B08, B09, B10, B12, B15. Fact-sheet
      // challenges (weight 2 each): regulatory complexity B08, fragmented systems B13, financial
      // constraints B05, competency gaps B10, limited interoperability B01.
      const tw = (await json('/api/v1/regions/ES51/twinning')) as Twinning;
      assert.deepEqual(tw.profile, [
        { barrier: 'B05', weight: 4 },
        { barrier: 'B08', weight: 3 },
        { barrier: 'B10', weight: 3 },
        { barrier: 'B01', weight: 2 },
        { barrier: 'B13', weight: 2 },
        { barrier: 'B03', weight: 1 },
        { barrier: 'B04', weight: 1 },
        { barrier: 'B09', weight: 1 },
        { barrier: 'B12', weight: 1 },
        { barrier: 'B15', weight: 1 },
      ]);
    });

    test('every score is the sum of the reasons given with it, for every partner region', async () => {
      const regions = (await json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        partner: boolean;
      }[];
      const similarity = (await json('/api/v1/twinning/similarity')) as {
        regions: string[];
        matrix: number[][];
      };
      for (const r of regions.filter((x) => x.partner)) {
        const tw = (await json(`/api/v1/regions/${r.code}/twinning`)) as Twinning;
        const weight = new Map(tw.profile.map((p) => [p.barrier, p.weight]));
        for (const p of tw.practices) {
          assert.ok(
            p.addresses.length > 0,
            `${r.code}: ${p.slug} addresses a barrier of the region`,
          );
          for (const a of p.addresses) assert.equal(a.weight, weight.get(a.barrier));
          const sum = p.addresses.reduce((s, a) => s + a.weight, 0);
          assert.equal(p.score, sum + (p.exemplary ? (tw.weights.exemplary ?? 0) : 0), p.slug);
        }
        for (const m of tw.mentors)
          assert.equal(
            m.score,
            m.addresses.reduce((s, a) => s + a.weight, 0),
            m.place,
          );
        for (const i of tw.initiatives) {
          const expected =
            i.sharedThemes.length * (tw.weights.sharedTheme ?? 0) +
            (i.openScope ? (tw.weights.openScope ?? 0) : 0);
          assert.equal(i.score, expected, i.slug);
        }
        const scores = tw.practices.map((p) => p.score);
        assert.deepEqual(
          scores,
          [...scores].sort((a, b) => b - a),
          `${r.code}: ranked`,
        );
        // The peers' scores are the similarity view's row of this region.
        const row = similarity.regions.indexOf(r.code);
        for (const peer of tw.peers) {
          const col = similarity.regions.indexOf(peer.region);
          assert.equal(peer.score, similarity.matrix[row]?.[col], `${r.code} ~ ${peer.region}`);
        }
      }
    });

    test("a region's own practices and initiatives are never suggested to it", async () => {
      const tw = (await json('/api/v1/regions/ES51/twinning')) as Twinning;
      const own = new Set(['padris', 'catalonia-risk-sharing-agreements', 'omiqs-hes']);
      assert.ok(tw.practices.every((p) => !own.has(p.slug)));
      assert.ok(tw.mentors.every((m) => m.place !== 'ES51'));
      const mine = (await json('/api/v1/initiatives?region=ES51&pageSize=100')).items as {
        slug: string;
      }[];
      const mySlugs = new Set(mine.map((i) => i.slug));
      assert.ok(tw.initiatives.length > 0);
      assert.ok(tw.initiatives.every((i) => !mySlugs.has(i.slug)));
      assert.ok(tw.peers.every((p) => p.region !== 'ES51'));
    });

    test('the practices D6.1 names for a barrier come first, and nothing picked is stored', async () => {
      const before = await dataVersion(site.db);
      const tw = (await json('/api/v1/twinning?barrier=B05')) as Twinning;
      const forB05 = (await json('/api/v1/good-practices?barrier=B05&pageSize=100')).items as {
        slug: string;
        exemplary: boolean;
      }[];
      assert.ok(forB05.length > 0);
      // All of them when they fit in the list, exemplary ones first; never one without B05.
      const named = new Set(forB05.map((p) => p.slug));
      assert.equal(tw.practices.length, Math.min(forB05.length, tw.weights.limit ?? 0));
      assert.ok(tw.practices.every((p) => named.has(p.slug)));
      const firstPlain = tw.practices.findIndex((p) => !p.exemplary);
      assert.ok(firstPlain < 0 || tw.practices.slice(firstPlain).every((p) => !p.exemplary));
      assert.ok(tw.practices.every((p) => p.addresses.some((a) => a.barrier === 'B05')));
      assert.deepEqual(await dataVersion(site.db), before);
      const bad = await site.request('/api/v1/twinning?barrier=B99');
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).detail, /allowed values: B01/);
    });

    test('the page shows the same scores as the API, and a region page its twinning', async () => {
      const tw = (await json('/api/v1/regions/BE2/twinning')) as Twinning;
      // The twinning page shows every suggestion; a fact sheet the first three of each kind.
      for (const [path, most] of [
        ['/twinning?region=BE2', Number.POSITIVE_INFINITY],
        ['/regions/BE2', 3],
      ] as const) {
        const html = await (await site.request(path)).text();
        const shown = [...html.matchAll(/<li data-score="([\d.]+)">/g)].map((m) => Number(m[1]));
        const kinds = [tw.peers, tw.mentors, tw.practices, tw.initiatives];
        assert.deepEqual(
          shown,
          kinds.flatMap((k) => k.slice(0, most).map((x) => x.score)),
          path,
        );
      }
      const form = await site.request('/twinning?barrier=B05&theme=atmp');
      assert.equal(form.status, 200);
      assert.match(await form.text(), /name="barrier" value="B05" checked/);
    });
  });
}
