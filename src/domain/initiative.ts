import { SCOPES } from './codes.ts';
import type { Initiative } from './schemas.ts';

/** A stored initiative: the curated content plus its identity and version. */
export interface InitiativeRecord extends Initiative {
  readonly id: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const scopeOrder = new Map<string, number>(SCOPES.map((s, i) => [s.code, i]));

/** Scopes without repeats, from the narrowest (local) to the widest (international). */
export function sortScopes<T extends string>(scopes: readonly T[]): T[] {
  return [...new Set(scopes)].sort((a, b) => (scopeOrder.get(a) ?? 99) - (scopeOrder.get(b) ?? 99));
}

function sortedUnique<T>(values: readonly T[], key: (v: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const v of values) seen.set(key(v), v);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/**
 * The canonical form of an initiative's content: optional fields that are empty are dropped and
 * set-valued fields are de-duplicated and ordered, so that two equal contents serialise equally.
 */
export function canonicalInitiative(i: Initiative): Initiative {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(i)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = v;
  }
  const c = out as Initiative;
  return {
    ...c,
    scopes: sortScopes(i.scopes),
    regions: sortedUnique(i.regions, (r) => r),
    themes: sortedUnique(i.themes, (t) => t),
    relations: sortedUnique(i.relations, (r) => `${r.kind} ${r.target}`),
    funding: i.funding.map((f) => canonicalObject(f)),
    sources: i.sources.map((s) => canonicalObject(s)),
  };
}

function canonicalObject<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  ) as T;
}

/** A stable JSON text of the canonical content, for change detection and history. */
export function initiativeFingerprint(i: Initiative): string {
  const c = canonicalInitiative(i) as unknown as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : 1))));
}
