import assert from 'node:assert/strict';
import { prevalence } from '../../src/analysis/prevalence.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

interface Row {
  code: string;
  regions: number;
  share: number;
  both: number;
  statementsOnly: number;
  challengesOnly: number;
  statements: number;
  regionCodes: string[];
}

describe('prevalence (pure)', () => {
  test('a region counts once per barrier, by the kind asked; pairs need both in one region', () => {
    const input = {
      statements: [
        { barrier: 'B01', region: 'A', n: 2 },
        { barrier: 'B01', region: 'B', n: 1 },
        { barrier: 'B02', region: 'A', n: 1 },
      ],
      challenges: [
        { region: 'B', barrier: 'B01' },
        { region: 'C', barrier: 'B02' },
      ],
      barriers: [
        { code: 'B01', category: 'x' },
        { code: 'B02', category: 'x' },
        { code: 'B03', category: 'y' },
      ],
    };
    const all = prevalence(input, 'all');
    assert.equal(all.regionsWithEvidence, 3);
    const b01 = all.barriers.find((b) => b.code === 'B01');
    assert.deepEqual(
      { ...b01 },
      {
        code: 'B01',
        regions: 2,
        share: 0.667,
        both: 1,
        statementsOnly: 1,
        challengesOnly: 0,
        statements: 3,
        regionCodes: ['A', 'B'],
      },
    );
    assert.deepEqual(
      all.barriers.map((b) => b.code),
      ['B01', 'B02', 'B03'],
    );
    assert.deepEqual(
      all.categories.map((c) => [c.code, c.regions]),
      [
        ['x', 3],
        ['y', 0],
      ],
    );
    assert.deepEqual(all.pairs, [{ a: 'B01', b: 'B02', regions: 1 }]);
    const st = prevalence(input, 'statements');
    assert.equal(st.regionsWithEvidence, 2);
    assert.equal(st.barriers.find((b) => b.code === 'B02')?.regions, 1);
    const ch = prevalence(input, 'challenges');
    assert.deepEqual(ch.barriers.find((b) => b.code === 'B01')?.regionCodes, ['B']);
  });
});

for (const dialect of DIALECTS) {
  describe(`barrier prevalence on the reference data on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const json = site.json;

    test('ATMP regulatory complexity: 6 regions by statements, 9 when fact sheets count', async () => {
      const row = async (kind: string, code: string) =>
        ((await json(`/api/v1/statistics/prevalence?evidence=${kind}`)).barriers as Row[]).find(
          (b) => b.code === code,
        );
      assert.equal((await row('statements', 'B08'))?.regions, 6);
      assert.equal((await row('all', 'B08'))?.regions, 9);
      // Catalonia's fact sheet names health data fragmentation; no statement of it does.
      const b01 = await row('all', 'B01');
      assert.ok(b01?.regionCodes.includes('ES51'));
      assert.ok(!(await row('statements', 'B01'))?.regionCodes.includes('ES51'));
    });

    test('every figure equals a count over the evidence and fact sheets through the API', async () => {
      const evidence = (await json('/api/v1/evidence?pageSize=100')).items as {
        region: string | null;
        barriers: string[];
      }[];
      const regions = (await json('/api/v1/regions?pageSize=100')).items as { code: string }[];
      const challenges = new Map<string, Set<string>>();
      for (const r of regions) {
        const d = await json(`/api/v1/regions/${r.code}`);
        for (const c of d.report?.challenges ?? [])
          challenges.set(c.barrier, (challenges.get(c.barrier) ?? new Set()).add(r.code));
      }
      const p = await json('/api/v1/statistics/prevalence');
      const withEvidence = new Set([
        ...evidence.flatMap((e) => (e.region ? [e.region] : [])),
        ...[...challenges.values()].flatMap((s) => [...s]),
      ]);
      assert.equal(p.regionsWithEvidence, withEvidence.size);
      for (const b of p.barriers as Row[]) {
        const coded = evidence.filter((e) => e.barriers.includes(b.code));
        const byStatements = new Set(coded.flatMap((e) => (e.region ? [e.region] : [])));
        const byChallenge = challenges.get(b.code) ?? new Set<string>();
        const either = new Set([...byStatements, ...byChallenge]);
        assert.equal(b.regions, either.size, b.code);
        assert.equal(b.statements, coded.length, b.code);
        assert.equal(b.both, [...byStatements].filter((r) => byChallenge.has(r)).length, b.code);
        assert.equal(b.share, Math.round((either.size / withEvidence.size) * 1000) / 1000);
      }
      const ranks = (p.barriers as Row[]).map((b) => b.regions);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b - a),
      );

      // The page shows the same figures, row by row.
      const html = await (await site.request('/barriers/prevalence')).text();
      for (const b of p.barriers as Row[]) {
        const row = html.match(new RegExp(`<tr data-code="${b.code}">(.*?)</tr>`))?.[1] ?? '';
        const cells = [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
        assert.deepEqual(
          [cells[1], cells[3], cells[4], cells[5], cells[6]].map(Number),
          [b.regions, b.statements, b.both, b.statementsOnly, b.challengesOnly],
          b.code,
        );
      }
    });

    test('an unknown evidence kind is a 400 naming the allowed ones', async () => {
      const res = await site.request('/api/v1/statistics/prevalence?evidence=quotes');
      assert.equal(res.status, 400);
      const page = await site.request('/barriers/prevalence?evidence=quotes');
      assert.equal(page.status, 400);
      assert.match(await page.text(), /all, statements, challenges/);
    });
  });
}
