import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readReferenceData } from '../../src/io/reference.ts';
import type { Stats } from '../../src/services/stats.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';
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
        await fetch(
          `${server.url}/api/v1/initiatives?region=${encodeURIComponent(region)}&pageSize=100`,
        )
      ).json();
      assert.equal(api.total, expected.length, region);
      assert.deepEqual(
        api.items.map((h: { slug: string }) => h.slug).sort(),
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

  test('the data-quality page shows per kind the number of findings atlas check gives, with each message', async () => {
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), 'check', '--json'], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, cli.stderr);
    const findings = JSON.parse(cli.stdout) as { kind: string; message: string }[];
    const body = await (await fetch(`${server.url}/data-quality`)).text();
    const kinds = [...body.matchAll(/<h2 id="([a-z_]+)">[^<]*\((\d[\d,.\s]*)\)<\/h2>/g)];
    assert.ok(kinds.length >= 15, 'every kind has its heading with a count');
    for (const [, kind, n] of kinds) {
      const expected = findings.filter((f) => f.kind === kind);
      assert.equal(Number(n?.replace(/\D/g, '')), expected.length, kind);
    }
    assert.deepEqual(
      new Set(findings.map((f) => f.kind)),
      new Set(kinds.filter(([, , n]) => n !== '0').map(([, kind]) => kind)),
    );
    const text = body
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    for (const f of findings) assert.ok(text.includes(f.message), f.message);
  });

  test('pages of regions, barriers, good practices and comparisons answer, and bad parameters are 400', async () => {
    for (const path of [
      '/regions',
      '/regions/ES51',
      '/barriers',
      '/barriers/B17',
      '/good-practices',
      '/compare',
      '/about',
    ]) {
      assert.equal((await fetch(`${server.url}${path}`)).status, 200, path);
    }
    assert.equal((await fetch(`${server.url}/regions/XX9`)).status, 404);
    assert.equal((await fetch(`${server.url}/barriers/B18`)).status, 404);
    assert.equal((await fetch(`${server.url}/good-practices?barrier=B99`)).status, 400);
    const five = ['ES51', 'SE232', 'EL43', 'DE1', 'BE2'].map((r) => `region=${r}`).join('&');
    const tooMany = await fetch(`${server.url}/compare?${five}`);
    assert.equal(tooMany.status, 400);
    assert.match(await tooMany.text(), /Compare at most four regions at once \(5 were chosen\)/);
  });

  test('figures on the region and compare pages equal the counts from the records', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    const es51 = data.initiatives.filter((i) => i.submittingRegion === 'ES51');
    const region = await (await fetch(`${server.url}/regions/ES51`)).text();
    assert.match(
      region,
      // The chart is drawn wide and narrow (the stylesheet shows one by the screen's width).
      /<div class="chart" role="img" aria-label="Bar chart of the initiatives reported by Catalonia[^"]*"><div class="chart-wide"><svg aria-hidden="true"/,
    );
    assert.match(
      region,
      new RegExp(`<th scope="row">Total</th>.*>${es51.length}</a></td></tr></tfoot>`, 's'),
    );
    const compare = await (await fetch(`${server.url}/compare?region=ES51&region=SE232`)).text();
    const se = data.initiatives.filter((i) => i.submittingRegion === 'SE232').length;
    assert.match(
      compare,
      new RegExp(
        `<th scope="row">Initiatives reported</th><td class="num">${es51.length}</td><td class="num">${se}</td>`,
      ),
    );
    const interviews = data.engagement?.interviews.find((r) => r.region === 'ES51')?.printedTotal;
    assert.match(
      compare,
      new RegExp(`<th scope="row">Interviews</th><td class="num">${interviews}</td>`),
    );
  });

  test('the barrier matrix counts every coded statement once per barrier', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    const links = (data.evidence ?? []).reduce((a, e) => a + new Set(e.barriers).size, 0);
    // Statements only (by default the matrix counts the fact sheets' challenges too).
    const page = await (await fetch(`${server.url}/barriers?evidence=statements`)).text();
    // Codings (a statement once per barrier) and, in the row below, statements (each once).
    assert.match(
      page,
      new RegExp(`<td class="num">${links}</td></tr><tr data-total="statements">`),
    );
    assert.match(
      page,
      new RegExp(`<td class="num">${(data.evidence ?? []).length}</td></tr></tfoot>`),
    );
  });

  test('the map counts every initiative at its home country, as the list filter and the API do', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    const wide = (i: (typeof data.initiatives)[number]) =>
      i.scopes.some((s) => s === 'european' || s === 'international');
    const byCountry = new Map<string, number>();
    for (const i of data.initiatives)
      byCountry.set(i.homeCountry, (byCountry.get(i.homeCountry) ?? 0) + 1);
    const home = await (await fetch(`${server.url}/`)).text();
    assert.match(
      home,
      /<svg id="home-map-svg" viewBox="0 0 640 560" role="group" aria-labelledby="home-map-title" aria-describedby="home-map-desc"/,
    );
    const names = new Map(data.regions.map((r) => [r.code, r.name]));
    for (const [code, n] of byCountry) {
      // Every country is in the map's table; countries outside Europe are not drawn.
      assert.ok(
        home.includes(
          `<th scope="row"><a href="/initiatives?country=${code}">${names.get(code)}</a></th><td class="num">${n}</td>`,
        ),
        `${code}: ${n} in the map's table`,
      );
      // The same figure as the list filtered by that country (read back through the API).
      const api = await (await fetch(`${server.url}/api/v1/initiatives?country=${code}`)).json();
      assert.equal(api.total, n, `${code}: the API's list total`);
    }
    for (const code of ['ES', 'DE', 'IT', 'UA', 'BG']) {
      assert.ok(
        home.includes(`<title>${names.get(code)}: ${byCountry.get(code)}</title>`),
        `${code} on the map`,
      );
    }
    const alsoWide = data.initiatives.filter(wide).length;
    assert.match(
      home,
      new RegExp(`; ${alsoWide} of them also have a European or international scope`),
    );
  });

  test('the home page shows the same figures as atlas stats', async () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), 'stats', '--json'], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const stats = JSON.parse(r.stdout) as Stats;
    const home = await (await fetch(`${server.url}/`)).text();
    assert.ok(home.includes(`<span class="figure">${stats.total}</span> initiatives`));
    stats.domainByType.rows.forEach((domain, i) => {
      const n = stats.domainByType.rowTotals[i] ?? 0;
      assert.match(
        home,
        new RegExp(
          `domain=${domain}"><span class="card-title">[^<]+</span><span class="card-count">${n} initiatives?</span>`,
        ),
        domain,
      );
    });
    for (const s of stats.byStatus)
      assert.match(
        home,
        new RegExp(`status=${s.key}">[^<]+</a></th><td class="num">${s.n}</td>`),
        s.key,
      );
    const data = await readReferenceData(REFERENCE_DIR);
    assert.equal(
      stats.withoutReportingRegion,
      data.initiatives.filter((i) => !i.submittingRegion).length,
      'initiatives without a reporting region',
    );
    for (const g of stats.byRegion) {
      assert.match(
        home,
        new RegExp(
          `region=${encodeURIComponent(g.key)}">[^<]+</a></th><td class="num">${g.n}</td>`,
        ),
        g.key,
      );
    }
  });

  test('the regions map shades each partner region by the initiatives it reported', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    const page = await (await fetch(`${server.url}/regions`)).text();
    for (const [code, name] of [
      ['ES51', 'Catalonia'],
      ['EL43', 'Crete'],
      ['SE232', 'Västra Götaland'],
    ]) {
      const n = data.initiatives.filter((i) => i.submittingRegion === code).length;
      assert.ok(page.includes(`<title>${name}: ${n}</title>`), code);
    }
    // Rivne oblast is drawn (Natural Earth admin-1) and links to its initiatives.
    assert.doesNotMatch(page, /Not drawn, for want of a boundary/);
    const rivne = data.initiatives.filter((i) => i.submittingRegion === 'UA-56').length;
    assert.ok(
      page.includes(
        `<a href="/initiatives?region=UA-56" class="map-shape" data-code="UA-56" aria-label="Rivne oblast: ${rivne} initiative`,
      ),
    );
    assert.match(page, /© EuroGeographics for the administrative boundaries/);
  });
});
