import { busy } from '../domain/errors.ts';

/** How many tasks a gate runs at once, how many may wait, and for how long (config REQUEST_*). */
export interface GateLimits {
  /** Tasks running at the same time (at least 1). */
  readonly concurrency: number;
  /** Tasks that may wait for a turn; one more is refused at once with a "busy" error. */
  readonly queue: number;
  /** The longest a task waits for its turn before it is refused as busy, in milliseconds. */
  readonly maxWaitMs: number;
}

interface Waiting {
  readonly start: () => void;
  readonly refuse: () => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Bounds concurrent work so that a crowd of requests queues instead of piling onto the database and
 * the event loop at once: at most `concurrency` tasks run, at most `queue` wait, none waits longer
 * than `maxWaitMs`; the rest get a "busy, try again" error (503 with Retry-After). A waiting task
 * starts on a later turn of the event loop (setImmediate), so other I/O (health checks) is served
 * between two tasks.
 */
export class Gate {
  #running = 0;
  readonly #waiting: Waiting[] = [];
  /** Moving average of how long a task holds its slot, in ms (0 until one has finished). */
  #typicalMs = 0;

  constructor(
    readonly limits: GateLimits,
    private readonly what: string,
  ) {}

  /** Tasks running now and tasks waiting, for health and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /**
   * Runs `task` when a slot is free. Throws a busy error at once when the queue is full or when
   * the tasks ahead would, at the recent pace, keep this one waiting past maxWaitMs (so a client
   * is not left waiting only to be refused), and after maxWaitMs if its turn has not come.
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limits.concurrency) await this.#turn();
    else this.#running++;
    const started = performance.now();
    try {
      return await task();
    } finally {
      const took = performance.now() - started;
      this.#typicalMs = this.#typicalMs === 0 ? took : 0.8 * this.#typicalMs + 0.2 * took;
      this.#release();
    }
  }

  /** How long a task queued now would wait, at the recent pace. */
  #expectedWaitMs(): number {
    return ((this.#waiting.length + 1) / this.limits.concurrency) * this.#typicalMs;
  }

  #turn(): Promise<void> {
    if (this.#waiting.length >= this.limits.queue) {
      return Promise.reject(this.#busy(`${this.limits.queue} are already waiting`));
    }
    const expected = this.#expectedWaitMs();
    if (expected > this.limits.maxWaitMs) {
      return Promise.reject(
        this.#busy(
          `${this.#waiting.length} are waiting, about ${Math.round(expected / 1000)} s of work`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        refuse: () => reject(this.#busy(`none started within ${this.limits.maxWaitMs} ms`)),
        timer: setTimeout(() => {
          // Already handed a slot (its start is scheduled): let it run.
          const i = this.#waiting.indexOf(entry);
          if (i < 0) return;
          this.#waiting.splice(i, 1);
          entry.refuse();
        }, this.limits.maxWaitMs),
      };
      this.#waiting.push(entry);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (!next) {
      this.#running--;
      return;
    }
    // The slot passes to the next task (running stays the same) on a later turn of the loop.
    setImmediate(next.start);
  }

  #busy(why: string): Error {
    const retry = Math.max(1, Math.ceil(this.limits.maxWaitMs / 1000 / 4));
    return busy(
      `The atlas is busy with other ${this.what} (${why}); try again in ${retry} s.`,
      retry,
    );
  }
}
