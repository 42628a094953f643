import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** The p-th percentile (nearest rank) of some timings. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/** Count, median, 95th percentile and maximum of some timings in ms. */
export function summary(ms: readonly number[]) {
  return { n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
}

/** The machine a benchmark ran on, so that results compare across machines and days. */
export function machineDescription() {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    // Other work on a shared machine moves the absolute figures; the ratios are what compare.
    loadAverage1m: +(loadavg()[0] ?? 0).toFixed(2),
  };
}

/**
 * Writes a benchmark's results to bench/results/<name>.json (kept in the repository, unlike
 * bench/out/): when it ran, on what machine, with which settings, and what it measured.
 */
export function writeResults(name: string, settings: object, results: unknown): void {
  const folder = new URL('./results/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const body = {
    measuredAt: new Date().toISOString(),
    machine: machineDescription(),
    settings,
    results,
  };
  writeFileSync(new URL(`${name}.json`, folder), `${JSON.stringify(body, null, 2)}\n`);
  console.log(`results written to bench/results/${name}.json`);
}
