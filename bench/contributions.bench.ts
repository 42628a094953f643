/**
 * The review-to-publish workflow (issue 14), on a fresh SQLite database (or --database-url) with
 * the reference data, served over real HTTP and measured against /health in the same run:
 *  - publishing an import of `--rows` (default 1,000) drafts in one step (the curator's "publish
 *    all"): total time and time per row, against /health p50;
 *  - the history page of a record with `--versions` (default 1,000) versions (each an edit that
 *    was published), first page of 50 with diffs: p50/p95 against /health;
 *  - the same record's versions through the API.
 * Writes bench/out/contributions.json.
 *
 * Usage: npm run bench:contributions [-- --rows 1000 --versions 1000 --requests 100]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import type { Actor } from '../src/domain/accounts.ts';
import { createApp } from '../src/http/app.ts';
import { createAccount } from '../src/services/accounts.ts';
import { createDraft, saveDraft } from '../src/services/contributions.ts';
import { openAtlasDatabase } from '../src/services/database.ts';
import { moveVersion, publishAll } from '../src/services/reviews.ts';
import { seedReference } from '../src/services/seed.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { summary } from './stats.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000' },
    versions: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '100' },
    'database-url': { type: 'string' },
  },
});
const rows = Number(values.rows);
const versionCount = Number(values.versions);
const requests = Number(values.requests);

async function timed(url: string, path: string) {
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    ms.push(performance.now() - t0);
  }
  return summary(ms);
}

const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-contrib-'));
const { db } = await openAtlasDatabase(values['database-url'] ?? `sqlite:${join(dir, 'bench.db')}`);
try {
  await seedReference(db, REFERENCE_DIR);
  const account = await createAccount(
    db,
    { email: 'curator@example.org', password: 'correct horse battery staple', role: 'curator' },
    'cli',
  );
  const curator: Actor = { kind: 'account', id: account.id, role: 'curator', regions: [] };

  // An import's rows as drafts, then one step publishes them all.
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) {
    await createDraft(db, curator, 'initiative', {
      slug: `bench-row-${i}`,
      name: `Imported initiative ${i}`,
      summary: `Row ${i} of a regional survey file.`,
      homeCountry: 'ES',
      submittingRegion: 'ES51',
      scopes: ['regional'],
      status: 'ongoing',
      domain: 'research_innovation',
      type: 'ongoing_project',
      sources: [{ source: 'preciseu-d3-1', row: String(i + 1) }],
    });
  }
  const draftMs = performance.now() - t0;
  const t1 = performance.now();
  const outcome = await publishAll(db, curator, { entity: 'initiative', states: ['draft'] });
  const publishMs = performance.now() - t1;
  if (outcome.published !== rows) throw new Error(`published ${outcome.published} of ${rows}`);

  // A record edited and published `versionCount` times.
  const slug = 'bench-row-0';
  const t2 = performance.now();
  for (let v = 1; v < versionCount; v++) {
    await saveDraft(
      db,
      curator,
      'initiative',
      slug,
      { summary: `Edit ${v}: corrected figures.` },
      {
        patch: true,
      },
    );
    await moveVersion(db, curator, 'initiative', slug, 'publish');
  }
  const versionsMs = performance.now() - t2;

  const server = serve({ fetch: createApp(db).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const health = await timed(url, '/health');
    const historyPage = await timed(url, `/history/initiatives/${slug}`);
    const lastPage = await timed(
      url,
      `/history/initiatives/${slug}?page=${Math.ceil(versionCount / 50)}`,
    );
    const versionsApi = await timed(url, `/api/v1/initiatives/${slug}/versions`);
    const out = {
      database: db.dialect,
      rows,
      versions: versionCount,
      health,
      draftsPerSecond: rows / (draftMs / 1000),
      publishAllMs: publishMs,
      publishPerRowMs: publishMs / rows,
      publishPerRowOverHealthP50: publishMs / rows / health.p50,
      editAndPublishPerVersionMs: versionsMs / Math.max(1, versionCount - 1),
      historyPage,
      historyLastPage: lastPage,
      versionsApi,
      historyP50OverHealthP50: historyPage.p50 / health.p50,
      historyP95OverHealthP95: historyPage.p95 / health.p95,
    };
    const f = (x: number) => x.toFixed(1);
    console.log(`/health          p50 ${f(health.p50)} ms  p95 ${f(health.p95)} ms`);
    console.log(
      `${rows} drafts made at ${f(out.draftsPerSecond)}/s; publish all: ${f(publishMs)} ms (${f(out.publishPerRowMs)} ms a row = ${f(out.publishPerRowOverHealthP50)} × /health p50)`,
    );
    console.log(`edit + publish: ${f(out.editAndPublishPerVersionMs)} ms a version`);
    console.log(
      `history page (${versionCount} versions, first 50): p50 ${f(historyPage.p50)} ms p95 ${f(historyPage.p95)} ms = ${f(out.historyP50OverHealthP50)} × /health p50; last page p50 ${f(lastPage.p50)} ms; API p50 ${f(versionsApi.p50)} ms`,
    );
    mkdirSync('bench/out', { recursive: true });
    writeFileSync('bench/out/contributions.json', `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    server.close();
  }
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
