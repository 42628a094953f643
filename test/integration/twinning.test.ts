import assert from 'node:assert/strict';
import { dataVersion } from '../../src/services/data-version.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface Reason {
  barrier: string;
  weight: number;
}
interface Evidence {
  kind: string;
  ref: string;
  met: boolean;
}
interface Condition {
  requires: string;
  note: string;
  status: 'met' | 'unmet' | 'unknown';
  evidence: Evidence[];
}
interface Twinning {
  region: string | null;
  weights: Record<string, number>;
  profile: Reason[];
  peers: { region: string; score: number; shared: Reason[] }[];
  mentors: {
    place: string;
    score: number;
    addresses: Reason[];
    practices: string[];
    strengths: { barrier: string; text: string }[];
  }[];
  practices: {
    slug: string;
    place: string;
    score: number;
    addresses: Reason[];
    exemplary: boolean;
    conditions: Condition[];
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
          const unmet = p.conditions.filter((c) => c.status === 'unmet').length;
          assert.equal(
            p.score,
            sum +
              (p.exemplary ? (tw.weights.exemplary ?? 0) : 0) -
              unmet * (tw.weights.unmetCondition ?? 0),
            p.slug,
          );
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

/** A practice suggested in an answer, found by slug (the test fails when it is not there). */
function practiceIn(tw: Twinning, slug: string) {
  const p = tw.practices.find((x) => x.slug === slug);
  assert.ok(p, `${slug} is suggested to ${tw.region ?? 'the form'}`);
  return p;
}

function conditionOf(tw: Twinning, slug: string, requires: string): Condition {
  const c = practiceIn(tw, slug).conditions.find((x) => x.requires === requires);
  assert.ok(c, `${slug} needs ${requires}`);
  return c;
}

for (const dialect of DIALECTS) {
  describe(`transfer conditions on the reference data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const json = site.json;

    test("each good practice's page lists the conditions its API record holds, in order", async () => {
      const list = (await json('/api/v1/good-practices?pageSize=100')) as {
        total: number;
        items: { slug: string; transferConditions: { requires: string; note: string }[] }[];
      };
      assert.equal(list.items.length, list.total);
      for (const p of list.items) {
        const html = await (await site.request(`/good-practices/${p.slug}?lang=en`)).text();
        const shown = [...html.matchAll(/<li data-condition="([a-z_]+)"/g)].map((m) => m[1]);
        assert.deepEqual(
          shown,
          p.transferConditions.map((c) => c.requires),
          p.slug,
        );
        const text = html
          .replaceAll('&#39;', "'")
          .replaceAll('&quot;', '"')
          .replaceAll('&amp;', '&');
        for (const c of p.transferConditions)
          assert.ok(text.includes(c.note), `${p.slug}: ${c.note}`);
      }
    });

    test('a practice with curated conditions is never said to have none', async () => {
      // The source's own words on transfer may be missing; the curated conditions are then shown
      // as the curators' reading, not contradicted by "the source states no conditions".
      const html = await (await site.request('/twinning?region=ES51&lang=en')).text();
      const items = html.split('<li data-score=').slice(1);
      const withConditions = items.filter((li) => li.includes('data-condition='));
      assert.ok(withConditions.length > 0);
      for (const li of withConditions)
        assert.ok(!li.includes('states no conditions'), li.slice(0, 200));
    });

    test('the Dutch regulatory-science network: training and industry not met in Lithuania, met in Flanders', async () => {
      // D6.1 names the network (experts from industry, academia and government) against B08 and
      // B10; both regions report both. Lithuania's fact sheet lists no university or training
      // body among its strengths and names "Insufficient training of healthcare professionals"
      // and "Limited private-sector engagement" as weaknesses; Flanders lists "Close
      // partnerships between universities, research hospitals, patient organisations and
      // biotech companies" as a strength.
      const lt = (await json('/api/v1/regions/LT/twinning')) as Twinning;
      const be = (await json('/api/v1/regions/BE2/twinning')) as Twinning;
      const slug = 'regulatory-science-network-netherlands';
      assert.deepEqual(conditionOf(lt, slug, 'training_provider').evidence[0], {
        kind: 'weakness',
        ref: 'Insufficient training of healthcare professionals',
        met: false,
      });
      assert.equal(conditionOf(lt, slug, 'training_provider').status, 'unmet');
      assert.equal(conditionOf(lt, slug, 'industry_partners').status, 'unmet');
      assert.deepEqual(conditionOf(lt, slug, 'industry_partners').evidence[0], {
        kind: 'weakness',
        ref: 'Limited private-sector engagement',
        met: false,
      });
      const partnerships =
        'Close partnerships between universities, research hospitals, patient organisations and biotech companies';
      for (const requires of ['training_provider', 'industry_partners']) {
        const c = conditionOf(be, slug, requires);
        assert.equal(c.status, 'met', requires);
        assert.deepEqual(c.evidence[0], { kind: 'strength', ref: partnerships, met: true });
      }
      // Two unmet conditions cost Lithuania twice the weight; Flanders pays nothing.
      const w = lt.weights.unmetCondition ?? 0;
      const weightOf = (tw: Twinning, b: string) => tw.profile.find((r) => r.barrier === b)?.weight;
      assert.equal(
        practiceIn(lt, slug).score,
        (weightOf(lt, 'B08') ?? 0) + (weightOf(lt, 'B10') ?? 0) - 2 * w,
      );
      assert.equal(
        practiceIn(be, slug).score,
        (weightOf(be, 'B08') ?? 0) + (weightOf(be, 'B10') ?? 0),
      );
    });

    test('a data-sharing practice needs a data platform, which North-East Romania reports lacking', async () => {
      const ro = (await json('/api/v1/regions/RO21/twinning')) as Twinning;
      const c = conditionOf(ro, 'barcoding-multiple-sclerosis', 'data_platform');
      assert.equal(c.status, 'unmet');
      const weaknesses = c.evidence.filter((e) => e.kind === 'weakness').map((e) => e.ref);
      assert.deepEqual(weaknesses, [
        'Fragmented, non-interoperable data systems',
        'No integrated national data platform',
      ]);
      assert.equal(c.evidence[0]?.kind, 'weakness');
      // The page shows the caveat with the weakness that decides it.
      const html = await (await site.request('/twinning?region=RO21')).text();
      assert.match(html, /<li data-condition="data_platform" data-status="unmet">/);
      assert.ok(html.includes('No integrated national data platform'));
      assert.ok(html.includes('Caveat, not met:'));
    });

    test('national powers: met for a country, a caveat for a region; a confirmed strategy shows commitment', async () => {
      const lt = (await json('/api/v1/regions/LT/twinning')) as Twinning;
      assert.deepEqual(conditionOf(lt, 'fda-fast-track', 'national_powers').evidence, [
        { kind: 'level', ref: 'country', met: true },
      ]);
      const es = (await json('/api/v1/regions/ES51/twinning')) as Twinning;
      const amgros = conditionOf(es, 'amgros-national-procurement', 'national_powers');
      assert.equal(amgros.status, 'unmet');
      assert.deepEqual(amgros.evidence, [{ kind: 'level', ref: 'region', met: false }]);
      // Catalonia's own strength "Experience with risk-sharing agreements" meets the payment
      // route, although its fact sheet also names reimbursement misalignment (B05).
      const pay = conditionOf(es, 'amgros-national-procurement', 'reimbursement_route');
      assert.equal(pay.status, 'met');
      assert.deepEqual(pay.evidence[0], {
        kind: 'strength',
        ref: 'Experience with risk-sharing agreements',
        met: true,
      });
      assert.ok(pay.evidence.some((e) => e.kind === 'challenge' && e.ref === 'B05' && !e.met));
      // Emilia-Romagna: the confirmed RIS3 strategy decides political commitment.
      const er = (await json('/api/v1/regions/ITH5/twinning')) as Twinning;
      const strategies = (await json('/api/v1/regions/ITH5/strategies')) as {
        strategies: { title: string; prioritisesPm: boolean; region: string }[];
      };
      const confirmed = strategies.strategies.filter((x) => x.prioritisesPm && x.region === 'ITH5');
      assert.equal(confirmed.length, 1);
      const commitment = conditionOf(
        er,
        'dutch-innovative-medicines-association',
        'policy_commitment',
      );
      assert.deepEqual(commitment.evidence[0], {
        kind: 'strategy',
        ref: confirmed[0]?.title,
        met: true,
      });
    });

    test("every condition is the practice's curated one, and every record it cites is the region's", async () => {
      const regions = (await json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        partner: boolean;
      }[];
      let checked = 0;
      for (const r of regions.filter((x) => x.partner)) {
        const tw = (await json(`/api/v1/regions/${r.code}/twinning`)) as Twinning;
        const detail = (await json(`/api/v1/regions/${r.code}`)) as {
          report: {
            strengths: string[];
            weaknesses: string[];
            challenges: { barrier: string }[];
          } | null;
        };
        const mine = (await json(`/api/v1/initiatives?region=${r.code}&pageSize=100`)).items as {
          slug: string;
        }[];
        const slugs = new Set(mine.map((i) => i.slug));
        for (const p of tw.practices) {
          const curated = (await json(`/api/v1/good-practices/${p.slug}`)) as {
            transferConditions: { requires: string; note: string }[];
          };
          assert.deepEqual(
            p.conditions.map((c) => ({ requires: c.requires, note: c.note })),
            curated.transferConditions,
            `${r.code}: ${p.slug}`,
          );
          for (const c of p.conditions) {
            checked++;
            const first = c.evidence[0];
            assert.equal(c.status, first ? (first.met ? 'met' : 'unmet') : 'unknown');
            for (const e of c.evidence) {
              if (e.kind === 'strength') assert.ok(detail.report?.strengths.includes(e.ref), e.ref);
              if (e.kind === 'weakness')
                assert.ok(detail.report?.weaknesses.includes(e.ref), e.ref);
              if (e.kind === 'challenge')
                assert.ok(
                  detail.report?.challenges.some((x) => x.barrier === e.ref),
                  e.ref,
                );
              if (e.kind === 'initiative') assert.ok(slugs.has(e.ref), `${r.code}: ${e.ref}`);
              assert.notEqual(e.kind, 'declared', 'nothing is declared for a region on record');
            }
          }
        }
      }
      assert.ok(checked > 50, `${checked} conditions checked`);
    });

    test('mentors by their fact-sheet strengths: Västra Götaland for Emilia-Romagna on ATMP scale-up', async () => {
      // Emilia-Romagna names B15 (ATMP scalability and manufacturing) as a challenge; Västra
      // Götaland lists "Newly established CCRM Nordic for ATMP scaling and manufacturing" among
      // its strengths and does not name B15 among its own challenges.
      const er = (await json('/api/v1/regions/ITH5/twinning')) as Twinning;
      const se = er.mentors.find((m) => m.place === 'SE232');
      assert.ok(se, 'Västra Götaland mentors Emilia-Romagna');
      assert.ok(
        se.strengths.some(
          (x) =>
            x.barrier === 'B15' &&
            x.text === 'Newly established CCRM Nordic for ATMP scaling and manufacturing',
        ),
      );
      const html = await (await site.request('/twinning?region=ITH5')).text();
      assert.ok(html.includes('Newly established CCRM Nordic for ATMP scaling and manufacturing'));
      // For every partner region: a mentor's strength is its own, on a barrier of the target,
      // never one the mentor names as its own challenge; the barriers it adds are scored.
      const regions = (await json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        partner: boolean;
      }[];
      const reports = new Map<string, { strengths: string[]; challenges: { barrier: string }[] }>();
      for (const r of regions.filter((x) => x.partner)) {
        const d = (await json(`/api/v1/regions/${r.code}`)) as {
          report: { strengths: string[]; challenges: { barrier: string }[] } | null;
        };
        if (d.report) reports.set(r.code, d.report);
      }
      let seen = 0;
      for (const code of reports.keys()) {
        const tw = (await json(`/api/v1/regions/${code}/twinning`)) as Twinning;
        const profile = new Set(tw.profile.map((p) => p.barrier));
        for (const m of tw.mentors) {
          assert.notEqual(m.place, code);
          const report = reports.get(m.place);
          for (const x of m.strengths) {
            seen++;
            assert.ok(report?.strengths.includes(x.text), `${m.place}: ${x.text}`);
            assert.ok(profile.has(x.barrier));
            assert.ok(!report?.challenges.some((c) => c.barrier === x.barrier));
            assert.ok(m.addresses.some((a) => a.barrier === x.barrier));
          }
        }
      }
      assert.ok(seen > 0);
    });

    test('the form: what a region ticks meets a condition, a picked barrier shows the gap, nothing is stored', async () => {
      const before = await dataVersion(site.db);
      const plain = (await json('/api/v1/twinning?barrier=B05')) as Twinning;
      const ticked = (await json(
        '/api/v1/twinning?barrier=B05&has=reimbursement_route',
      )) as Twinning;
      // Every practice D6.1 names against B05 relies on a way to pay: picking B05 says the
      // region lacks one, ticking it says it has one.
      assert.ok(plain.practices.length > 0);
      for (const p of plain.practices) {
        const c = p.conditions.find((x) => x.requires === 'reimbursement_route');
        assert.ok(c, p.slug);
        assert.equal(c.status, 'unmet');
        assert.deepEqual(c.evidence, [{ kind: 'challenge', ref: 'B05', met: false }]);
        const n = p.conditions.find((x) => x.requires === 'national_powers');
        if (n)
          assert.equal(n.status, 'unknown', `${p.slug}: the form does not say what the place is`);
      }
      for (const p of ticked.practices) {
        const c = p.conditions.find((x) => x.requires === 'reimbursement_route');
        assert.equal(c?.status, 'met');
        assert.deepEqual(c?.evidence[0], {
          kind: 'declared',
          ref: 'reimbursement_route',
          met: true,
        });
        const same = plain.practices.find((x) => x.slug === p.slug);
        assert.equal(p.score, (same?.score ?? 0) + (ticked.weights.unmetCondition ?? 0), p.slug);
      }
      const bad = await site.request('/api/v1/twinning?barrier=B05&has=a-lab');
      assert.equal(bad.status, 400);
      assert.match((await bad.json()).detail, /allowed values: data_platform/);
      const page = await (
        await site.request('/twinning?barrier=B05&has=reimbursement_route')
      ).text();
      assert.match(page, /name="has" value="reimbursement_route" checked/);
      assert.match(page, /<li data-condition="reimbursement_route" data-status="met">/);
      assert.deepEqual(await dataVersion(site.db), before);
    });
  });
}
