import { SCOPES } from './codes.ts';
import { DEFAULT_LANGUAGE } from './languages.ts';
import { setOwn } from './own.ts';
import { INFERABLE_FIELDS, type Inference, type Initiative } from './schemas.ts';

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
 * A content that names no language is in English (the reference data's language).
 */
export function canonicalInitiative(i: Initiative): Initiative {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(i)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = v;
  }
  const { extra, inferred, ...c } = out as Initiative;
  const extraFields = extra ? canonicalObject(extra) : {};
  // In field order, so that the same marks given in another order are the same content.
  const marks = [...(inferred ?? [])]
    .sort((a, b) => INFERABLE_FIELDS.indexOf(a.field) - INFERABLE_FIELDS.indexOf(b.field))
    .map((x) => canonicalObject(x));
  return {
    ...c,
    language: i.language ?? DEFAULT_LANGUAGE,
    ...(marks.length > 0 ? { inferred: marks } : {}),
    scopes: sortScopes(i.scopes),
    regions: sortedUnique(i.regions, (r) => r),
    themes: sortedUnique(i.themes, (t) => t),
    relations: sortedUnique(i.relations, (r) => `${r.kind} ${r.target}`),
    funding: i.funding.map((f) => canonicalObject(f)),
    sources: i.sources.map((s) => canonicalObject(s)),
    ...(Object.keys(extraFields).length > 0 ? { extra: extraFields } : {}),
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

/** Scalar fields that a merge fills when empty and keeps when they differ. */
const MERGE_SCALARS = [
  'name',
  'acronym',
  'nativeName',
  'summary',
  'language',
  'objectives',
  'website',
  'websiteMissing',
  'homeCountry',
  'submittingRegion',
  'scopeVerbatim',
  'status',
  'statusNote',
  'statusAsOf',
  'domain',
  'type',
  'notes',
] as const;

/**
 * Merges a duplicate into a record: empty fields are filled, sets are joined, and a value that
 * differs from the record's is not lost but kept as an extra field named after its origin.
 * With `update`, the incoming values win instead (a file updating the records it created).
 */
export function mergeInitiative(
  base: Initiative,
  incoming: Partial<Initiative>,
  origin: string,
  update = false,
): { merged: Initiative; conflicts: { field: string; kept: string; other: string }[] } {
  const merged: Record<string, unknown> = { ...base };
  const extra: Record<string, string> = { ...(base.extra ?? {}) };
  const conflicts: { field: string; kept: string; other: string }[] = [];
  for (const f of MERGE_SCALARS) {
    const mine = base[f];
    const theirs = incoming[f];
    if (theirs === undefined || theirs === '') continue;
    if (mine === undefined || mine === '' || update) merged[f] = theirs;
    else if (mine !== theirs) {
      conflicts.push({ field: f, kept: String(mine), other: String(theirs) });
      extra[`${f} (${origin})`] = String(theirs);
    }
  }
  if (merged.website && merged.websiteMissing) {
    extra[`websiteMissing (${origin})`] = String(merged.websiteMissing);
    delete merged.websiteMissing;
  }
  for (const [k, v] of Object.entries(incoming.extra ?? {}))
    if (!Object.hasOwn(extra, k)) setOwn(extra, k, v);
  const union = <T>(a: readonly T[], b: readonly T[], key: (t: T) => string) => {
    const seen = new Set(a.map(key));
    return [...a, ...b.filter((t) => !seen.has(key(t)))];
  };
  merged.scopes = sortScopes([...base.scopes, ...(incoming.scopes ?? [])]);
  merged.regions = union(base.regions, incoming.regions ?? [], (r) => r);
  merged.themes = union(base.themes, incoming.themes ?? [], (t) => t);
  merged.funding = union(base.funding, incoming.funding ?? [], (f) => f.funder);
  merged.relations = union(
    base.relations,
    incoming.relations ?? [],
    (r) => `${r.kind} ${r.target}`,
  );
  merged.sources = union(base.sources, incoming.sources ?? [], (s) => JSON.stringify(s));
  merged.inferred = mergeInferences(base, incoming, merged);
  merged.extra = extra;
  return { merged: canonicalInitiative(merged as Initiative), conflicts };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The inference marks of a merge, field by field: a value kept from the base keeps the base's
 * mark (or takes the incoming one when both records hold that value); a value taken from the
 * incoming record takes its mark or none; a set joined from both keeps either's.
 */
function mergeInferences(
  base: Initiative,
  incoming: Partial<Initiative>,
  merged: Readonly<Record<string, unknown>>,
): Inference[] {
  const markOf = (list: readonly Inference[] | undefined, field: Inference['field']) =>
    list?.find((m) => m.field === field);
  return INFERABLE_FIELDS.flatMap((field) => {
    const mine = markOf(base.inferred, field);
    const theirs = markOf(incoming.inferred, field);
    const value = merged[field];
    const pick = same(value, base[field])
      ? (mine ?? (same(value, incoming[field]) ? theirs : undefined))
      : same(value, incoming[field])
        ? theirs
        : (mine ?? theirs);
    return pick ? [pick] : [];
  });
}
