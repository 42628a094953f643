/**
 * Report generation (issue 16): the time to generate each report kind as HTML, PDF and DOCX, on
 * the reference data and on a synthetic atlas (10,000 initiatives by default and 300 partner
 * regions with 30 statements each), against the same run's /health (in process, the baseline of
 * this machine), uncached (a fresh generator for each file). The PDF path's memory is sampled
 * while it prints: the peak RSS of this process and of chromium's processes. Goal on the reference
 * data: cross-regional HTML under 1 s, PDF under 5 s. Writes bench/out/reports.json.
 *
 * Usage: npm run bench:reports [-- --synthetic 10000 --regions 300 --runs 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { Db } from '../src/db/connect.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { BARRIERS } from '../src/domain/codes.ts';
import {
  DEFAULT_CHROMIUM_PATH,
  REPORT_KINDS,
  type ReportFormat,
  type ReportKind,
} from '../src/domain/report.ts';
import { createApp } from '../src/http/app.ts';
import { ReportFiles } from '../src/http/report-files.ts';
import { closePdfBrowser } from '../src/io/report-pdf.ts';
import { parseReportOptions } from '../src/services/reports.ts';
import { seedData, seedReference } from '../src/services/seed.ts';
import { LOCALES } from '../src/web/i18n.ts';
import { REFERENCE_DIR } from '../test/helpers/fixtures.ts';
import { generateDataset } from './generator.ts';
import { percentile } from './stats.ts';

const { values } = parseArgs({
  options: {
    synthetic: { type: 'string', default: '10000' },
    regions: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
  },
});
const syntheticSize = Number(values.synthetic);
const regionCount = Number(values.regions);
const runs = Number(values.runs);
const FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'docx'];
const chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;

/** The RSS in MB of every process whose command line names chromium (its renderers included). */
function chromiumRssMb(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
    return (
      out
        .split('\n')
        .filter((l) => /chrom/.test(l) && !/ps -eo/.test(l))
        .reduce((a, l) => a + Number(l.trim().split(/\s+/)[0] ?? 0), 0) / 1024
    );
  } catch {
    return Number.NaN;
  }
}

/** Median time in ms of /health answered in process: the baseline of this run. */
async function healthMs(db: Db): Promise<number> {
  const app = createApp(db);
  const ms: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const res = await app.request('http://localhost/health');
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
  }
  return percentile(ms, 50);
}

/** The options of each kind on a dataset: a fact sheet of its first partner region, changes of a round with a previous one. */
async function kindOptions(db: Db, kind: ReportKind, region: string, campaign?: string) {
  if (kind === 'changes' && !campaign) return undefined;
  return parseReportOptions(
    db,
    {
      kind,
      lang: 'en',
      ...(kind === 'fact-sheet' ? { regions: [region] } : {}),
      ...(kind === 'changes' ? { campaign } : {}),
    },
    LOCALES,
  );
}

interface Timing {
  readonly kind: ReportKind;
  readonly format: ReportFormat;
  readonly p50ms: number;
  readonly maxMs: number;
  readonly bytes: number;
  readonly ratioToHealth: number;
}

/** Generates every kind in every format `runs` times, uncached, sampling memory while PDFs print. */
async function measure(label: string, db: Db, region: string, campaign?: string) {
  const health = await healthMs(db);
  const timings: Timing[] = [];
  let peakNode = 0;
  let peakChromium = 0;
  for (const kind of REPORT_KINDS) {
    const options = await kindOptions(db, kind, region, campaign);
    if (!options) continue;
    for (const format of FORMATS) {
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const files = new ReportFiles(db, { chromiumPath, cacheSize: 0 });
        const sampler = setInterval(() => {
          peakNode = Math.max(peakNode, process.memoryUsage().rss / 2 ** 20);
          if (format === 'pdf') peakChromium = Math.max(peakChromium, chromiumRssMb());
        }, 25);
        const t0 = performance.now();
        const file = await files.file(options, format, 'http://localhost:3000');
        ms.push(performance.now() - t0);
        clearInterval(sampler);
        bytes = file.body.length;
      }
      const p50 = percentile(ms, 50);
      timings.push({
        kind,
        format,
        p50ms: p50,
        maxMs: Math.max(...ms),
        bytes,
        ratioToHealth: p50 / health,
      });
      process.stderr.write(`  ${label} ${kind} ${format}: p50 ${p50.toFixed(0)} ms\n`);
    }
  }
  return {
    label,
    healthP50ms: health,
    timings,
    pdfPeakRssMb: { node: peakNode, chromium: peakChromium },
  };
}

/** Adds `count` partner regions with 30 statements each, coded to barriers (as regions report). */
function addRegions(file: string, count: number): void {
  const sqlite = new Database(file);
  const now = new Date().toISOString();
  sqlite.transaction(() => {
    const region = sqlite.prepare(
      `INSERT INTO regions (code, name, native_name, level, parent_code, country_code, is_partner, created_at, updated_at, version)
       VALUES (?, ?, NULL, 'nuts2', NULL, 'ES', 1, ?, ?, 1)`,
    );
    const ev = sqlite.prepare(
      `INSERT INTO evidence (key, statement, region_code, stakeholder_group, campaign_slug, respondent_ref, created_at, updated_at, version)
       VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?, 1)`,
    );
    const link = sqlite.prepare(
      'INSERT INTO evidence_barriers (evidence_id, barrier_code) VALUES (?, ?)',
    );
    for (let r = 0; r < count; r++) {
      const code = `SY${String(r).padStart(3, '0')}`;
      region.run(code, `Synthetic region ${code}`, now, now);
      for (let i = 0; i < 30; i++) {
        const id = ev.run(
          `syn-${code}-${i}`,
          `Synthetic statement ${i} of ${code}`,
          code,
          now,
          now,
        ).lastInsertRowid;
        link.run(id, (BARRIERS[(r * 7 + i * 3) % BARRIERS.length] as { code: string }).code);
      }
    }
  })();
  sqlite.close();
}

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-reports-'));
try {
  const reference = openDatabase(`sqlite:${join(dir, 'reference.db')}`);
  await migrateToLatest(reference);
  await seedReference(reference, REFERENCE_DIR);
  results.push(await measure('reference', reference, 'ES51', 'preciseu-barrier-mapping-2025'));
  await reference.close();
  if (syntheticSize > 0) {
    const file = join(dir, 'synthetic.db');
    const db = openDatabase(`sqlite:${file}`);
    await migrateToLatest(db);
    await seedReference(db, REFERENCE_DIR);
    await seedData(db, generateDataset(syntheticSize, 2026));
    await db.close();
    addRegions(file, regionCount);
    const synthetic = openDatabase(`sqlite:${file}`);
    results.push(
      await measure(
        `synthetic ${syntheticSize} initiatives, +${regionCount} regions`,
        synthetic,
        'SY000',
      ),
    );
    await synthetic.close();
  }
} finally {
  await closePdfBrowser();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/reports.json', `${JSON.stringify(results, null, 2)}\n`);
for (const r of results) {
  console.log(
    `\n${r.label}: /health p50 ${r.healthP50ms.toFixed(2)} ms; PDF peak RSS node ${r.pdfPeakRssMb.node.toFixed(0)} MB, chromium ${r.pdfPeakRssMb.chromium.toFixed(0)} MB`,
  );
  for (const t of r.timings)
    console.log(
      `  ${t.kind.padEnd(15)} ${t.format.padEnd(5)} p50 ${t.p50ms.toFixed(0).padStart(6)} ms  (${t.ratioToHealth.toFixed(0)}× /health)  ${t.bytes} bytes`,
    );
}
