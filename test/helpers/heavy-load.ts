/**
 * Measures how a running server answers /health while one heavy request is being served: the
 * request is made (and, when it is answered 202, its status link followed until the result is
 * there) while /health is polled every `intervalMs`, one poll at a time.
 */

/** The heavy requests of each kind, at their largest: everything, uncached. */
export const HEAVY_REQUESTS = [
  { kind: 'export (xlsx of every initiative)', path: '/initiatives.xlsx' },
  { kind: 'data-quality check', path: '/data-quality' },
  { kind: 'bulk-download generation', path: '/downloads' },
] as const;

/** What one measurement found (or several of the same kind, merged). */
export interface HealthDuringWork {
  readonly kind: string;
  /** How long the heavy request took until its result was served. */
  readonly workMs: number;
  /** The final status of the heavy request (after following a 202's status link). */
  readonly status: number;
  /** How many 202 answers (first answer and status polls) came before the result. */
  readonly accepted: number;
  readonly polls: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** /health answers other than 200. */
  readonly failures: number;
  /** Connections the server dropped (each retried). */
  readonly resets: number;
  /** Every /health latency, in milliseconds, in the order measured. */
  readonly latencies: readonly number[];
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** A GET that retries a dropped connection (a server whose thread was blocked drops idle ones). */
async function get(url: string, resets: { count: number }): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { redirect: 'manual' });
    } catch (e) {
      resets.count++;
      if (attempt >= 3) throw e;
    }
  }
}

/** Makes the heavy request and follows its status link until the result is served. */
async function heavyRequest(
  base: string,
  path: string,
  resets: { count: number },
): Promise<{ status: number; accepted: number }> {
  let accepted = 0;
  let next = path;
  for (;;) {
    const res = await get(`${base}${next}`, resets);
    await res.arrayBuffer();
    if (res.status === 303) {
      next = res.headers.get('location') ?? path;
      continue;
    }
    if (res.status !== 202) return { status: res.status, accepted };
    accepted++;
    next = res.headers.get('location') ?? path;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Polls /health while the heavy request at `path` is served; returns the latencies' summary. */
export async function healthDuringWork(
  base: string,
  kind: string,
  path: string,
  intervalMs = 20,
): Promise<HealthDuringWork> {
  const latencies: number[] = [];
  let failures = 0;
  let done = false;
  const started = performance.now();
  const resets = { count: 0 };
  const work = heavyRequest(base, path, resets).finally(() => {
    done = true;
  });
  const poller = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await get(`${base}/health`, resets);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) failures++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  const { status, accepted } = await work;
  const workMs = performance.now() - started;
  await poller;
  return summarize(kind, [{ workMs, status, accepted, latencies, failures, resets: resets.count }]);
}

/** The summary of one or more rounds of the same kind (their latencies pooled). */
export function summarize(
  kind: string,
  rounds: readonly Pick<
    HealthDuringWork,
    'workMs' | 'status' | 'accepted' | 'latencies' | 'failures' | 'resets'
  >[],
): HealthDuringWork {
  const latencies = rounds.flatMap((r) => r.latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    kind,
    workMs: rounds.reduce((a, r) => a + r.workMs, 0),
    status: rounds.every((r) => r.status === 200)
      ? 200
      : (rounds.find((r) => r.status !== 200)?.status ?? 0),
    accepted: rounds.reduce((a, r) => a + r.accepted, 0),
    polls: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    failures: rounds.reduce((a, r) => a + r.failures, 0),
    resets: rounds.reduce((a, r) => a + r.resets, 0),
    latencies,
  };
}

/** One line per measurement, for a test's diagnostics or a benchmark's output. */
export function describeMeasurement(m: HealthDuringWork): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return `${m.kind}: ${(m.workMs / 1000).toFixed(1)} s (status ${m.status}, ${m.accepted} × 202); /health ${m.polls} polls, p50 ${ms(m.p50)}, p99 ${ms(m.p99)}, max ${ms(m.max)}, ${m.failures} failed, ${m.resets} dropped connections`;
}

/** /health alone for `ms`, polled as during the heavy requests: the baseline of this machine. */
export async function healthAlone(base: string, ms: number): Promise<HealthDuringWork> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const t0 = performance.now();
    await (await fetch(`${base}/health`)).arrayBuffer();
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return summarize('baseline (no heavy request)', [
    { workMs: ms, status: 200, accepted: 0, latencies, failures: 0, resets: 0 },
  ]);
}
