import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAppError } from '../../src/domain/errors.ts';
import { Gate } from '../../src/services/gate.ts';

/** A task that runs until `finish()` is called, and records that it started. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const state = { started: false };
  return {
    state,
    finish: () => finish(),
    task: async () => {
      state.started = true;
      await done;
      return 'ok';
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Gate (bounded concurrent work)', () => {
  test('runs at most `concurrency` tasks, queues the rest in order, and refuses beyond the queue', async () => {
    const gate = new Gate({ concurrency: 2, queue: 1, maxWaitMs: 5000 }, 'requests');
    const [a, b, c] = [held(), held(), held()];
    const pa = gate.run(a.task);
    const pb = gate.run(b.task);
    const pc = gate.run(c.task);
    await tick();
    assert.deepEqual([a.state.started, b.state.started, c.state.started], [true, true, false]);
    assert.deepEqual(gate.load, { running: 2, waiting: 1 });
    await assert.rejects(
      gate.run(async () => 'late'),
      (e) => {
        assert.ok(isAppError(e, 'busy'));
        assert.match(
          (e as Error).message,
          /busy with other requests \(1 are already waiting\); try again in \d+ s/,
        );
        return true;
      },
    );
    a.finish();
    assert.equal(await pa, 'ok');
    await tick();
    assert.equal(c.state.started, true, 'the waiting task takes the freed slot');
    b.finish();
    c.finish();
    assert.deepEqual(await Promise.all([pb, pc]), ['ok', 'ok']);
    assert.deepEqual(gate.load, { running: 0, waiting: 0 });
  });

  test('a task that waits longer than maxWaitMs is refused as busy, and its slot is not lost', async () => {
    const gate = new Gate({ concurrency: 1, queue: 10, maxWaitMs: 50 }, 'requests');
    const a = held();
    const pa = gate.run(a.task);
    const waited = gate.run(async () => 'never');
    await assert.rejects(
      waited,
      (e) => isAppError(e, 'busy') && /within 50 ms/.test((e as Error).message),
    );
    a.finish();
    await pa;
    assert.deepEqual(gate.load, { running: 0, waiting: 0 });
    assert.equal(await gate.run(async () => 'again'), 'again');
  });

  test('a failing task frees its slot and its error reaches the caller', async () => {
    const gate = new Gate({ concurrency: 1, queue: 1, maxWaitMs: 1000 }, 'requests');
    await assert.rejects(
      gate.run(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(gate.load, { running: 0, waiting: 0 });
  });

  test('a task handed a slot just before its wait runs out still runs (no leaked slot)', async () => {
    const gate = new Gate({ concurrency: 1, queue: 5, maxWaitMs: 20 }, 'requests');
    for (let round = 0; round < 20; round++) {
      const a = held();
      const pa = gate.run(a.task);
      const pb = gate
        .run(async () => 'b')
        .catch((e: unknown) => (isAppError(e, 'busy') ? 'busy' : 'other'));
      // Finish the first task around the moment the second one's wait expires.
      await new Promise((resolve) => setTimeout(resolve, 15 + (round % 10)));
      a.finish();
      await pa;
      assert.ok(['b', 'busy'].includes(await pb));
      assert.deepEqual(gate.load, { running: 0, waiting: 0 }, `round ${round}`);
    }
  });
});

describe('Gate refuses early when the work ahead is longer than the wait allowed', () => {
  test('after slow tasks, a newcomer behind a queue that would outlast maxWaitMs is refused at once', async () => {
    const gate = new Gate({ concurrency: 1, queue: 100, maxWaitMs: 200 }, 'requests');
    // One finished task of ~120 ms teaches the gate the pace.
    await gate.run(() => new Promise((resolve) => setTimeout(resolve, 120)));
    const a = held();
    const pa = gate.run(a.task);
    const first = gate.run(async () => 'first'); // 1 × ~120 ms ahead: may wait
    const started = performance.now();
    await assert.rejects(
      gate.run(async () => 'second'),
      (e) => {
        assert.ok(isAppError(e, 'busy'));
        assert.match((e as Error).message, /1 are waiting, about \d+ s of work/);
        return true;
      },
    );
    assert.ok(performance.now() - started < 50, 'refused at once, not after waiting');
    a.finish();
    await pa;
    assert.equal(await first, 'first');
  });
});
