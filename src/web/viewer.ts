import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is looking at a page: signed in (name, and whether they may open the administration) or not. */
export interface Viewer {
  readonly displayName: string;
  readonly canAdminister: boolean;
}

const storage = new AsyncLocalStorage<Viewer | undefined>();

/** Runs `fn` (a request) for a viewer; the page shell reads it to offer sign-in or the account. */
export function withViewer<T>(viewer: Viewer | undefined, fn: () => T): T {
  return storage.run(viewer, fn);
}

/** The signed-in viewer of the current request, if any. */
export function currentViewer(): Viewer | undefined {
  return storage.getStore();
}
