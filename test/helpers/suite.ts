/**
 * node:test's describe, test, before, after, beforeEach and afterEach, with one difference: a
 * suite skipped with a reason (`describe(name, { skip: reason }, fn)`, as the PostgreSQL variants
 * are when the server is down) still declares its tests, each one skipped with that reason, and
 * runs none of its hooks. node:test itself does not run a skipped suite's body, so its tests
 * would be missing from the totals ("pass 18, skipped 1" where 36 tests exist); here the totals
 * count every one of them as skipped.
 */
import * as nodeTest from 'node:test';

type SuiteFn = () => void;
type TestFn = (t: nodeTest.TestContext) => void | Promise<void>;
type HookFn = Parameters<typeof nodeTest.before>[0];
type Options = { skip?: string | boolean; timeout?: number; concurrency?: number | boolean };

/** The skip reason of the innermost skipped suite whose body is being declared, if any. */
let skipping: string | undefined;

/** The reason a `skip` option gives, as node:test words it when none is given. */
const reasonOf = (skip: string | boolean | undefined) =>
  skip === true ? 'skipped' : typeof skip === 'string' ? skip : undefined;

/** Like node:test's describe; a skipped suite declares its tests as skipped (see above). */
export function describe(name: string, options: Options | SuiteFn, fn?: SuiteFn): void {
  const opts = typeof options === 'function' ? {} : options;
  const body = typeof options === 'function' ? options : (fn as SuiteFn);
  const reason = skipping ?? reasonOf(opts.skip);
  if (reason === undefined) {
    nodeTest.describe(name, opts, body);
    return;
  }
  nodeTest.describe(name, { ...opts, skip: false }, () => {
    const outer = skipping;
    skipping = reason;
    try {
      body();
    } finally {
      skipping = outer;
    }
  });
}

/** Like node:test's test; inside a skipped suite, a test skipped with the suite's reason. */
export function test(name: string, options: Options | TestFn, fn?: TestFn): void {
  const opts = typeof options === 'function' ? {} : options;
  const body = typeof options === 'function' ? options : (fn as TestFn);
  nodeTest.test(name, skipping === undefined ? opts : { ...opts, skip: skipping }, body);
}

/** A hook that does not run inside a skipped suite. */
function hook(register: (fn: HookFn) => void): (fn: HookFn) => void {
  return (fn) => {
    if (skipping === undefined) register(fn);
  };
}

export const before = hook((fn) => nodeTest.before(fn));
export const after = hook((fn) => nodeTest.after(fn));
export const beforeEach = hook((fn) => nodeTest.beforeEach(fn));
export const afterEach = hook((fn) => nodeTest.afterEach(fn));
