import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readReferenceData } from '../../src/io/reference.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

describe('the atlas on the shipped reference dataset (real server)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(REFERENCE_DIR);
  });
  after(async () => {
    await server?.stop();
  });

  test('the initiative list can be filtered to each reporting region and shows exactly its initiatives', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    const regions = [
      ...new Set(data.initiatives.map((i) => i.submittingRegion).filter((r) => r !== undefined)),
    ];
    assert.ok(regions.length >= 10);
    for (const region of regions) {
      const expected = data.initiatives.filter((i) => i.submittingRegion === region);
      const api = await (
        await fetch(`${server.url}/api/search?region=${encodeURIComponent(region)}&pageSize=100`)
      ).json();
      assert.equal(api.total, expected.length, region);
      assert.deepEqual(
        api.hits.map((h: { slug: string }) => h.slug).sort(),
        expected.map((i) => i.slug).sort(),
        region,
      );
      const page = await (
        await fetch(`${server.url}/initiatives?region=${encodeURIComponent(region)}&pageSize=100`)
      ).text();
      assert.match(page, new RegExp(`>${expected.length} initiatives?(, page|</h2>)`), region);
      for (const i of expected)
        assert.ok(page.includes(`href="/initiatives/${i.slug}"`), `${region}: ${i.slug}`);
    }
  });

  test('the data-quality page lists the findings of atlas check', async () => {
    const r = await fetch(`${server.url}/data-quality`);
    assert.equal(r.status, 200);
    const body = await r.text();
    assert.match(
      body,
      /Interviews in Crete: the stakeholder-group counts add up to 11, the row&#39;s printed total is 10\.|Interviews in Crete: the stakeholder-group counts add up to 11, the row's printed total is 10\./,
    );
    assert.match(body, /Row 89 of /);
    assert.match(body, /the scope cell “Europea” is not a scope name/);
  });
});
