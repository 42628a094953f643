import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

/** The number in the last cell of the domain × type table's footer (its grand total). */
function tableTotal(html: string): number {
  const foot = html.match(/<tfoot>([\s\S]*?)<\/tfoot>/)?.[1] ?? assert.fail('no table footer');
  const cells = [...foot.matchAll(/<td class="num">(?:<a [^>]*>)?([\d,.\s]+)(?:<\/a>)?<\/td>/g)];
  return Number((cells.at(-1)?.[1] ?? 'NaN').replace(/[^\d]/g, ''));
}

for (const dialect of DIALECTS) {
  describe(`every region and country page's initiative figures on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);

    test('the fact sheet total equals the API list filtered the same way, and the region record', async () => {
      const json = site.json;
      const regions = (await json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        level: string;
        initiatives: number;
        initiativesCounted: 'reported' | 'based';
      }[];
      assert.ok(regions.length > 10);
      let countries = 0;
      for (const r of regions) {
        const filter = r.initiativesCounted === 'based' ? 'country' : 'region';
        const list = await json(`/api/v1/initiatives?${filter}=${r.code}&pageSize=1`);
        const page = await (await site.request(`/regions/${r.code}`)).text();
        assert.equal(tableTotal(page), list.total, `${r.code}: the page's total`);
        assert.equal(r.initiatives, list.total, `${r.code}: /api/v1/regions`);
        const detail = await json(`/api/v1/regions/${r.code}`);
        assert.equal(detail.initiativesByDomainAndType.total, list.total, `${r.code}: detail`);
        if (r.level === 'country' && r.initiativesCounted === 'based') {
          countries++;
          assert.match(page, /Initiatives based here/);
        }
      }
      // Spain, Italy, Germany … are countries that do not report themselves; they were all zeros.
      assert.ok(countries >= 3, `countries counted by where initiatives are based: ${countries}`);
      const spain = regions.find((r) => r.code === 'ES');
      assert.ok(spain && spain.initiatives > 0, 'Spain is not empty');
    });

    test("a partner country's page also gives the home map's count; countries and regions link each other", async () => {
      const regions = (await site.json('/api/v1/regions?pageSize=100')).items as {
        code: string;
        level: string;
        country: string;
        partner: boolean;
        initiativesCounted: 'reported' | 'based';
      }[];
      const reporting = regions.filter((r) => r.level === 'country' && r.partner);
      assert.ok(reporting.length >= 2, 'the Netherlands and Lithuania report themselves');
      for (const r of reporting) {
        const page = await (await site.request(`/regions/${r.code}`)).text();
        const based = page.match(
          new RegExp(
            `<a href="/initiatives\\?country=${r.code}">([\\d,.]+) initiatives? (?:is|are) based`,
          ),
        );
        assert.ok(based, `${r.code} says how many initiatives are based there`);
        const list = await site.json(`/api/v1/initiatives?country=${r.code}&pageSize=1`);
        assert.equal(Number(based[1]?.replace(/[^\d]/g, '')), list.total, r.code);
      }
      const spain = await (await site.request('/regions/ES')).text();
      assert.doesNotMatch(spain, /No fact sheet has been written/);
      assert.match(spain, /<a href="\/regions\/ES51">Catalonia<\/a>/);
      const catalonia = await (await site.request('/regions/ES51')).text();
      assert.match(catalonia, /is a region of <a href="\/regions\/ES">Spain<\/a>/);
    });
  });
}
