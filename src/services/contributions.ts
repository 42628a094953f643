import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import type { Actor } from '../domain/accounts.ts';
import { type Action, authorize, decide } from '../domain/authorization.ts';
import {
  type ContributedEntity,
  changedFields,
  checkDraft,
  ENTITY_KINDS,
  type EntityKind,
  type FieldProblem,
  OPEN_STATES,
  type VersionState,
} from '../domain/contributions.ts';
import { conflict, invalidData, notFound } from '../domain/errors.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import { detectLanguage } from '../io/language-detection.ts';
import { findAccountById } from '../repositories/accounts.ts';
import { lastChange } from '../repositories/history.ts';
import * as versions from '../repositories/record-versions.ts';
import { sourceTitles } from '../repositories/sources.ts';
import type { UpsertOutcome } from '../repositories/versioned.ts';
import { audit } from './accounts.ts';
import { PUBLISHERS, type Publisher } from './record-publishers.ts';

type Q = Kysely<Database>;
type Content = Record<string, unknown>;

/** One version as pages and the API show it. `tag` is what If-Match (or the form) sends back. */
export interface VersionView {
  readonly entity: ContributedEntity;
  readonly key: string;
  readonly number: number;
  readonly state: VersionState;
  readonly tag: string;
  readonly content: Content;
  readonly needs: readonly string[];
  readonly regions: readonly string[];
  readonly baseNumber: number | null;
  readonly reason: string | null;
  /** The author's pseudonym: the only name public pages show. */
  readonly author: string;
  readonly authorId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** The tag of a version at a revision: "3.2" is version 3 as saved for the second time. */
export const versionTag = (number: number, revision: number): string => `${number}.${revision}`;

export function view(row: versions.VersionRow): VersionView {
  return {
    entity: row.entity as ContributedEntity,
    key: row.record_key,
    number: row.number,
    state: row.state as VersionState,
    tag: versionTag(row.number, row.revision),
    content: JSON.parse(row.content) as Content,
    needs: row.needs ? (JSON.parse(row.needs) as string[]) : [],
    regions: JSON.parse(row.regions) as string[],
    baseNumber: row.base_number,
    reason: row.reason,
    author: row.author_name,
    authorId: row.author_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}

/** The kind and its publisher, or not_found naming the kinds there are. */
export function contributedKind(entity: string): { kind: EntityKind; publisher: Publisher } {
  const kind = ENTITY_KINDS[entity as ContributedEntity];
  const publisher = kind && PUBLISHERS[kind.entity];
  if (!kind || !publisher) {
    throw notFound(
      'kind of record',
      entity,
      `records that can be contributed: ${Object.keys(PUBLISHERS).join(', ')}`,
    );
  }
  return { kind, publisher };
}

/**
 * Authorizes `action` on a record that concerns `regions`: a coordinator needs one of them to be
 * theirs (a record of no region is a curator's).
 */
export function authorizeRegions(actor: Actor, action: Action, regions: readonly string[]): void {
  if (regions.some((region) => decide(actor, action, { region }).allowed)) return;
  authorize(actor, action, { region: regions[0] ?? null });
}

/** Writes who did what to which record (and its version) to the audit log. */
export async function auditRecord(
  db: Db,
  actor: Actor,
  action: string,
  v: { entity: string; key: string; number: number },
): Promise<void> {
  const by = actor.kind === 'account' && actor.id !== 0 ? { accountId: actor.id } : 'cli';
  await audit(db, by, `record.${action}`, `${v.entity}:${v.key}`, {
    detail: { version: v.number },
  });
}

/** The name an actor's versions and comments carry: their pseudonym, never their e-mail or name. */
export async function actorName(q: Q, actor: Actor): Promise<{ id: number | null; name: string }> {
  if (actor.kind !== 'account' || actor.id === 0) return { id: null, name: 'atlas CLI' };
  const account = await findAccountById(q, actor.id);
  return { id: actor.id, name: account?.pseudonym ?? `contributor-${actor.id}` };
}

/** What a record is now: its published version (if any) and its open proposal (if any). */
export interface RecordState {
  readonly kind: EntityKind;
  readonly key: string;
  readonly published: VersionView | undefined;
  readonly open: VersionView | undefined;
}

/**
 * A record's published version and open change as stored, and, when no version is published, the
 * content of the public tables (a record published before versions were kept).
 */
export async function loadState(q: Q, kind: EntityKind, publisher: Publisher, key: string) {
  const [published, open] = await Promise.all([
    versions.findVersionIn(q, kind.entity, key, ['published']),
    versions.findVersionIn(q, kind.entity, key, OPEN_STATES),
  ]);
  const live = published ? undefined : await publisher.read(q, key);
  return { published, open, live };
}

/**
 * A record's published version and open proposal, for someone who may draft it; not_found when
 * neither exists (or, for a visitor, when nothing is published).
 */
export async function recordState(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
): Promise<RecordState> {
  const { kind, publisher } = contributedKind(entity);
  const q = db.kysely;
  const { published, open, live } = await loadState(q, kind, publisher, key);
  const base = published
    ? view(published)
    : live && baselineView(kind, key, live, { at: '', actor: 'reference data' });
  if (!base && !open) throw notFound(kind.entity.replace('_', ' '), key, 'check the address');
  authorizeRegions(actor, 'records.draft', open ? view(open).regions : (base?.regions ?? []));
  return {
    kind,
    key,
    published: base,
    open: open && view(open),
  };
}

export function baselineView(
  kind: EntityKind,
  key: string,
  content: Content,
  change: { at: string; actor: string },
): VersionView {
  return {
    entity: kind.entity,
    key,
    number: 0,
    state: 'published',
    tag: versionTag(0, 0),
    content,
    needs: [],
    regions: kind.regions(content),
    baseNumber: null,
    reason: null,
    author: change.actor,
    authorId: null,
    createdAt: change.at,
    updatedAt: change.at,
    decidedBy: change.actor,
    decidedAt: change.at,
  };
}

/**
 * Gives a record published before versions existed (reference data, a command-line import) its
 * first version, so that a draft has a base to differ from and history starts with what was
 * public. Returns that version.
 */
export async function baseline(
  q: Q,
  kind: EntityKind,
  key: string,
  content: Content,
): Promise<versions.VersionRow> {
  const change = (await lastChange(q, kind.entity, key)) ?? { actor: 'reference data', at: '' };
  const now = change.at || new Date().toISOString();
  await insertOrConflict(q, {
    entity: kind.entity,
    recordKey: key,
    number: 1,
    state: 'published',
    content: JSON.stringify(content),
    needs: [],
    regions: kind.regions(content),
    baseNumber: null,
    reason: 'published before the atlas kept versions',
    authorId: null,
    authorName: change.actor,
    now,
  });
  const row = await versions.findVersion(q, kind.entity, key, 1);
  if (!row) throw new Error(`the first version of ${kind.entity} ${key} was not stored`);
  return row;
}

/** A unique-key violation of either database. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT';
}

async function insertOrConflict(q: Q, v: versions.NewVersion): Promise<number> {
  try {
    return await versions.insertVersion(q, v);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    throw conflict(
      `someone else changed ${v.entity.replace('_', ' ')} "${v.recordKey}" at the same moment; reload it and make your change again`,
    );
  }
}

/**
 * Checks content against the schema and the codes it refers to; invalid_data with every problem
 * (a language that is not an ISO 639-1 code is one of them, a 422 like any other field). Content
 * of a kind that records its language and gives none gets the language detected from its text.
 */
export async function checkContent(
  q: Q,
  kind: EntityKind,
  raw: Content,
  stage: 'draft' | 'publish' = 'draft',
) {
  const checked = checkDraft(kind, raw);
  const problems: FieldProblem[] = checked.ok ? [] : [...checked.problems];
  if (checked.ok) problems.push(...(await referenceProblems(q, checked.content)));
  const prepared =
    checked.ok && problems.length === 0
      ? await PUBLISHERS[kind.entity]?.prepare?.(q, checked.content, stage)
      : undefined;
  if (prepared) problems.push(...prepared.problems);
  if (!checked.ok || problems.length > 0) {
    throw invalidData(
      `the ${kind.entity.replace('_', ' ')} has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems
        .map((p) => `${p.field || 'record'}: ${p.message}`)
        .join('; ')}`,
      { errors: problems },
    );
  }
  return { ...checked, content: await withLanguage(kind, prepared?.content ?? checked.content) };
}

/**
 * Content of a kind whose records name their language, given none: the language detected from its
 * text, or en (the reference data's) when the text is too short or unclear to tell.
 */
async function withLanguage(kind: EntityKind, content: Content): Promise<Content> {
  if (!kind.languageText || typeof content.language === 'string') return content;
  const guess = await detectLanguage(kind.languageText(content));
  return { ...content, language: guess.language ?? DEFAULT_LANGUAGE };
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );

/** Codes the content refers to that the atlas does not have (sources, regions, initiatives, campaigns). */
async function referenceProblems(q: Q, c: Content): Promise<FieldProblem[]> {
  const sources = (Array.isArray(c.sources) ? c.sources : []).map(
    (s: { source?: string }) => s.source ?? '',
  );
  const relations = (Array.isArray(c.relations) ? c.relations : []).map(
    (r: { target?: string }) => r.target ?? '',
  );
  const checks: [string, 'sources' | 'regions' | 'initiatives' | 'campaigns', string[]][] = [
    ['sources', 'sources', sources],
    ['regions', 'regions', list(c.regions)],
    ['submittingRegion', 'regions', list(c.submittingRegion)],
    ['region', 'regions', list(c.region)],
    ['relations', 'initiatives', relations],
    ['campaign', 'campaigns', list(c.campaign)],
  ];
  const problems: FieldProblem[] = [];
  for (const [field, table, values] of checks) {
    const unknown = await versions.missingReferences(q, table, values);
    if (unknown.length > 0) {
      problems.push({
        field,
        message: `the atlas has no ${table === 'initiatives' ? 'initiative' : table.replace(/s$/, '')} ${unknown.join(', ')}`,
      });
    }
  }
  return problems;
}

/** Options of a change by a person: why, and the tag of the version they started from. */
export interface ChangeOptions {
  readonly reason?: string;
  /** The tag (e.g. "3.2") of the version the change was made on; a stale one is a conflict. */
  readonly expected?: string;
  readonly now?: string;
}

/** Creates the first draft of a new record; conflict when the key is taken. */
export async function createDraft(
  db: Db,
  actor: Actor,
  entity: string,
  raw: Content,
  options: ChangeOptions = {},
): Promise<VersionView> {
  const { kind, publisher } = contributedKind(entity);
  const now = options.now ?? new Date().toISOString();
  const made = await db.kysely.transaction().execute(async (q) => {
    const checked = await checkContent(q, kind, raw);
    const key = kind.key(checked.content);
    const regions = kind.regions(checked.content);
    authorizeRegions(actor, 'records.draft', regions);
    if ((await versions.lastNumber(q, kind.entity, key)) > 0 || (await publisher.read(q, key))) {
      throw conflict(
        `${kind.entity.replace('_', ' ')} "${key}" exists already; edit it instead, or choose another identifier`,
        { field: kind.keyParams[kind.keyParams.length - 1] },
      );
    }
    const author = await actorName(q, actor);
    const id = await insertOrConflict(q, {
      entity: kind.entity,
      recordKey: key,
      number: 1,
      state: 'draft',
      content: JSON.stringify(checked.content),
      needs: checked.needs,
      regions,
      baseNumber: null,
      reason: options.reason ?? null,
      authorId: author.id,
      authorName: author.name,
      now,
    });
    return view(await versionById(q, id));
  });
  await auditRecord(db, actor, 'create', made);
  return made;
}

/** A version that was just written, by id. */
export const versionById = (q: Q, id: number): Promise<versions.VersionRow> =>
  versions.findVersionById(q, id);

/** The change a save makes to a draft: content, what it still needs, its regions, why, when. */
type DraftChange = Parameters<typeof versions.saveOpenVersion>[3];

/** A new draft of a record by `actor`, drafted from `base` (its published version) if any. */
async function insertDraft(
  q: Q,
  actor: Actor,
  kind: EntityKind,
  key: string,
  change: DraftChange,
  base: versions.VersionRow | undefined,
): Promise<number> {
  const author = await actorName(q, actor);
  return insertOrConflict(q, {
    entity: kind.entity,
    recordKey: key,
    number: (await versions.lastNumber(q, kind.entity, key)) + 1,
    state: 'draft',
    ...change,
    baseNumber: base?.number ?? null,
    authorId: author.id,
    authorName: author.name,
  });
}

/** RFC 7396 JSON merge patch: null removes a member, objects merge, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Content =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Content) }
      : {};
  for (const [k, v] of Object.entries(patch as Content)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function staleConflict(kind: EntityKind, key: string, current: string, expected: string) {
  return conflict(
    `${kind.entity.replace('_', ' ')} "${key}" was saved by someone else since you opened it (you edited version ${expected}, it is now ${current}); nothing of yours was lost: reload, compare and make your change again`,
    { current, expected },
  );
}

/**
 * Saves a change to a record: the open draft's content is replaced (if the caller's tag is still
 * current), or, for a published record with no open proposal, a new draft is made beside the
 * published version. `patch` applies `raw` as a JSON merge patch instead of whole content.
 */
export async function saveDraft(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  raw: Content,
  options: ChangeOptions & { readonly patch?: boolean } = {},
): Promise<VersionView> {
  const saved = await saveInTransaction(db, actor, entity, key, raw, options);
  await auditRecord(db, actor, 'save', saved);
  return saved;
}

async function saveInTransaction(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  raw: Content,
  options: ChangeOptions & { readonly patch?: boolean },
): Promise<VersionView> {
  const { kind, publisher } = contributedKind(entity);
  const now = options.now ?? new Date().toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const { published, open, live } = await loadState(q, kind, publisher, key);
    // A withdrawn record (none published, none open) is drafted anew from its last version.
    const head =
      open ??
      published ??
      (live ? undefined : await versions.findVersionIn(q, kind.entity, key, ['withdrawn']));
    const headContent = head ? (JSON.parse(head.content) as Content) : live;
    if (!headContent) throw notFound(kind.entity.replace('_', ' '), key, 'check the address');
    const headTag = head ? versionTag(head.number, head.revision) : versionTag(0, 0);
    if (options.expected !== undefined && options.expected !== headTag)
      throw staleConflict(kind, key, headTag, options.expected);
    authorizeRegions(actor, 'records.draft', kind.regions(headContent));
    const content = (options.patch ? mergePatch(headContent, raw) : raw) as Content;
    const checked = await checkContent(q, kind, content);
    if (kind.key(checked.content) !== key) {
      throw invalidData(`the identifier of a record cannot change (it is "${key}")`, {
        errors: kind.keyParams
          .filter((field) => checked.content[field] !== headContent[field])
          .map((field) => ({ field, message: 'cannot change' })),
      });
    }
    const regions = kind.regions(checked.content);
    authorizeRegions(actor, 'records.draft', regions);
    const change = {
      content: JSON.stringify(checked.content),
      needs: checked.needs,
      regions,
      reason: options.reason ?? null,
      now,
    };
    if (open) {
      if (!(await versions.saveOpenVersion(q, open.id, open.revision, change))) {
        throw staleConflict(kind, key, 'newer', headTag);
      }
      return view(await versionById(q, open.id));
    }
    const base = published ?? (live ? await baseline(q, kind, key, live) : undefined);
    return view(await versionById(q, await insertDraft(q, actor, kind, key, change, base)));
  });
}

/** The codes of the sources records may cite, for the forms' hints. */
export async function sourceCodes(db: Db): Promise<string[]> {
  return [...(await sourceTitles(db.kysely)).keys()].sort();
}

/**
 * Writes imported content as a draft inside the import's transaction: the record's open draft
 * takes the new content (its revision bumped), a published record gets a new draft beside it,
 * and a new record its first version. `needs` lists classification fields the row lacked.
 */
export async function stageDraft(
  q: Q,
  actor: Actor,
  entity: string,
  content: Content,
  options: { readonly now: string; readonly reason: string; readonly needs?: readonly string[] },
): Promise<UpsertOutcome> {
  const { kind, publisher } = contributedKind(entity);
  const key = kind.key(content);
  const regions = kind.regions(content);
  authorizeRegions(actor, 'records.draft', regions);
  const change = {
    content: JSON.stringify(content),
    needs: options.needs ?? [],
    regions,
    reason: options.reason,
    now: options.now,
  };
  const { published, open, live } = await loadState(q, kind, publisher, key);
  if (open) {
    if (changedFields(JSON.parse(open.content) as Content, content).length === 0)
      return 'unchanged';
    if (!(await versions.saveOpenVersion(q, open.id, open.revision, change)))
      throw staleConflict(kind, key, 'newer', versionTag(open.number, open.revision));
    return 'updated';
  }
  const base = published ?? (live ? await baseline(q, kind, key, live) : undefined);
  if (base && changedFields(JSON.parse(base.content) as Content, content).length === 0)
    return 'unchanged';
  await insertDraft(q, actor, kind, key, change, base);
  return base ? 'updated' : 'created';
}
