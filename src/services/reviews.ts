import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import type { Actor } from '../domain/accounts.ts';
import { type Action, authorize, decide } from '../domain/authorization.ts';
import {
  changedFields,
  type EntityKind,
  nextState,
  OPEN_STATES,
  type Transition,
  type VersionState,
} from '../domain/contributions.ts';
import { conflict, invalidData, invalidParameter, isAppError, notFound } from '../domain/errors.ts';
import { lastChange } from '../repositories/history.ts';
import * as versions from '../repositories/record-versions.ts';
import {
  actorName,
  auditRecord,
  authorizeRegions,
  baseline,
  baselineView,
  type ChangeOptions,
  checkContent,
  contributedKind,
  loadState,
  recordState,
  saveDraft,
  staleConflict,
  type VersionView,
  versionById,
  versionTag,
  view,
} from './contributions.ts';
import type { Publisher } from './record-publishers.ts';

type Content = Record<string, unknown>;

/** Who may make each move: the authorisation module's action, checked against the record's regions. */
const ACTION_OF: Readonly<Record<Transition, Action>> = {
  submit: 'records.submit',
  'request-changes': 'records.review',
  publish: 'records.publish',
  withdraw: 'records.draft',
};

const entityWords = (kind: EntityKind) => kind.entity.replace('_', ' ');

/**
 * Moves a record's open proposal: submit it for review, send it back for changes, publish it (its
 * content then replaces the public record, in the same transaction) or withdraw it. `note`, if
 * given, is kept as a comment on the whole version.
 */
export async function moveVersion(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  transition: Transition,
  options: ChangeOptions & { readonly note?: string } = {},
): Promise<VersionView> {
  const moved = await moveInTransaction(db, actor, entity, key, transition, options);
  await auditRecord(db, actor, transition, moved);
  return moved;
}

async function moveInTransaction(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  transition: Transition,
  options: ChangeOptions & { readonly note?: string },
): Promise<VersionView> {
  const { kind, publisher } = contributedKind(entity);
  const now = options.now ?? new Date().toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const { open, published, live } = await loadState(q, kind, publisher, key);
    if (!open && transition === 'withdraw' && (published || live)) {
      return unpublish(q, actor, { kind, publisher, key, now, note: options.note }, live);
    }
    if (!open) {
      throw conflict(
        `${entityWords(kind)} "${key}" has no draft or submitted change to ${transition.replace('-', ' ')}; edit it first`,
      );
    }
    const tag = versionTag(open.number, open.revision);
    if (options.expected !== undefined && options.expected !== tag)
      throw staleConflict(kind, key, tag, options.expected);
    authorizeRegions(actor, ACTION_OF[transition], JSON.parse(open.regions) as string[]);
    const next = nextState(open.state as VersionState, transition);
    if ('refused' in next) throw conflict(next.refused);
    const me = await actorName(q, actor);
    if (transition === 'publish') {
      const checked = await checkContent(q, kind, JSON.parse(open.content) as Content, 'publish');
      if (checked.needs.length > 0) {
        throw invalidData(
          `this ${entityWords(kind)} still needs classification (${checked.needs.join(', ')}); complete those fields, then publish`,
          { errors: checked.needs.map((field) => ({ field, message: 'required to publish' })) },
        );
      }
      await publisher.write(q, checked.content, { now, actor: me.name });
      await versions.supersedeOthers(q, kind.entity, key, open.id);
    }
    const decided = transition === 'submit' ? undefined : { by: me.name, now };
    if (
      !(await versions.setVersionState(q, open.id, [open.state as VersionState], next.to, decided))
    )
      throw staleConflict(kind, key, 'newer', tag);
    if (options.note?.trim()) {
      await versions.insertComment(q, {
        versionId: open.id,
        field: null,
        body: options.note.trim(),
        authorId: me.id,
        authorName: me.name,
        now,
      });
    }
    return view(await versionById(q, open.id));
  });
}

/**
 * Withdraws a published record: a curator takes it out of the public tables (with its provenance;
 * the removal goes to the history) and its published version becomes withdrawn. Its versions stay,
 * so restoring one and publishing it brings the record back.
 */
async function unpublish(
  q: Kysely<Database>,
  actor: Actor,
  r: { kind: EntityKind; publisher: Publisher; key: string; now: string; note?: string },
  live: Content | undefined,
): Promise<VersionView> {
  const { kind, key, now } = r;
  const row =
    (await versions.findVersionIn(q, kind.entity, key, ['published'])) ??
    (await baseline(q, kind, key, live ?? {}));
  authorizeRegions(actor, 'records.publish', JSON.parse(row.regions) as string[]);
  const me = await actorName(q, actor);
  await r.publisher.remove(q, key, { now, actor: me.name });
  await versions.setVersionState(q, row.id, ['published'], 'withdrawn', { by: me.name, now });
  if (r.note?.trim()) {
    await versions.insertComment(q, {
      versionId: row.id,
      field: null,
      body: r.note.trim(),
      authorId: me.id,
      authorName: me.name,
      now,
    });
  }
  return view(await versionById(q, row.id));
}

/** A reviewer's (or the author's) remark on one field of a proposal, or on the whole (field ""). */
export interface NewComment {
  readonly field: string;
  readonly body: string;
}

/** Comments on a record's open proposal; reviewers and those who may draft the record may. */
export async function commentOn(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  comments: readonly NewComment[],
  now = new Date().toISOString(),
): Promise<number> {
  const { kind, publisher } = contributedKind(entity);
  const given = comments.filter((c) => c.body.trim() !== '');
  if (given.length === 0) throw invalidParameter('comment', 'write a comment first');
  const tooLong = given.find((c) => c.body.length > 5000);
  if (tooLong) throw invalidParameter('comment', 'a comment may be 5,000 characters long at most');
  return db.kysely.transaction().execute(async (q) => {
    const { open } = await loadState(q, kind, publisher, key);
    if (!open) throw conflict(`${entityWords(kind)} "${key}" has no open change to comment on`);
    authorizeRegions(actor, 'records.draft', JSON.parse(open.regions) as string[]);
    const me = await actorName(q, actor);
    for (const c of given) {
      await versions.insertComment(q, {
        versionId: open.id,
        field: c.field || null,
        body: c.body.trim(),
        authorId: me.id,
        authorName: me.name,
        now,
      });
    }
    return given.length;
  });
}

/** Makes an earlier version's content the record's draft (a new draft, or the open one replaced). */
export async function restoreVersion(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  number: number,
  options: ChangeOptions = {},
): Promise<VersionView> {
  const { kind } = contributedKind(entity);
  const old = await versions.findVersion(db.kysely, kind.entity, key, number);
  if (!old) {
    throw invalidParameter('version', `${entityWords(kind)} "${key}" has no version ${number}`);
  }
  return saveDraft(db, actor, entity, key, JSON.parse(old.content) as Content, {
    ...options,
    reason: options.reason?.trim() || `restored version ${number}`,
  });
}

/** One line of the review queue. */
export interface QueueItem {
  readonly version: VersionView;
  readonly label: string;
  /** Fields that differ from the published version (all fields of a new record). */
  readonly changed: readonly string[];
}

/** What the queue can be narrowed to. */
export interface QueueQuery {
  readonly states?: readonly VersionState[];
  readonly entity?: string;
  readonly region?: string;
  /** Only changes waiting at least this many days. */
  readonly olderThanDays?: number;
  readonly now?: string;
  /** At most this many (500 unless said). */
  readonly limit?: number;
}

/**
 * The proposals waiting: every region's for reviewers, one's own regions' for a coordinator,
 * longest waiting first, at most `limit` (500), with how many the filter selects in all.
 */
export async function reviewQueue(db: Db, actor: Actor, query: QueueQuery = {}) {
  authorize(actor, 'records.draft', { region: actor.kind === 'account' ? actor.regions[0] : null });
  const reviewer = decide(actor, 'records.review').allowed;
  const entity = query.entity ? contributedKind(query.entity).kind.entity : undefined;
  if (query.region !== undefined && !/^[A-Z]{2}[A-Z0-9-]{0,4}$/.test(query.region))
    throw invalidParameter('region', 'use a region code such as ES51');
  const now = Date.parse(query.now ?? new Date().toISOString());
  const filter = {
    states: query.states ?? OPEN_STATES,
    entity,
    region: query.region,
    regionsAnyOf: reviewer || actor.kind !== 'account' ? undefined : actor.regions,
    before:
      query.olderThanDays === undefined
        ? undefined
        : new Date(now - query.olderThanDays * 86_400_000).toISOString(),
    limit: query.limit ?? 500,
  };
  const [rows, total] = await Promise.all([
    versions.listQueue(db.kysely, filter),
    versions.countQueue(db.kysely, filter),
  ]);
  return { items: rows.map(queueItem), total };
}

function queueItem(row: versions.QueueRow): QueueItem {
  const v = view(row);
  const { kind } = contributedKind(v.entity);
  const before = row.base_content ? (JSON.parse(row.base_content) as Content) : undefined;
  return { version: v, label: kind.label(v.content), changed: changedFields(before, v.content) };
}

/** A field's value before and after a version. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A version with what it changed against the version before it. */
export interface HistoryEntryView {
  readonly version: VersionView;
  readonly changes: readonly FieldChange[];
}

const diff = (before: Content | undefined, after: Content): FieldChange[] =>
  changedFields(before, after).map((field) => ({
    field,
    before: before?.[field],
    after: after[field],
  }));

/** The states a visitor's history shows: what was public. */
const PUBLIC_STATES: readonly VersionState[] = ['published', 'superseded'];

/**
 * A record's versions page by page, newest first, each with what it changed against the version it
 * was drafted from. Whoever may draft the record sees every version and the comments; everyone
 * else sees the published ones only.
 */
export async function recordHistory(
  db: Db,
  actor: Actor,
  entity: string,
  key: string,
  page = 1,
  perPage = 50,
) {
  const { kind, publisher } = contributedKind(entity);
  const q = db.kysely;
  const latest = await versions.findVersionIn(q, kind.entity, key, [
    ...OPEN_STATES,
    ...PUBLIC_STATES,
    'withdrawn',
  ]);
  if (!latest) return unversionedHistory(db, kind, publisher, key);
  const regions = JSON.parse(latest.regions) as string[];
  const staff = regions.some((region) => decide(actor, 'records.draft', { region }).allowed);
  const states = staff ? undefined : PUBLIC_STATES;
  const [total, rows] = await Promise.all([
    versions.countVersions(q, kind.entity, key, states),
    versions.listVersions(
      q,
      kind.entity,
      key,
      { limit: perPage, offset: (page - 1) * perPage },
      states,
    ),
  ]);
  // A record nobody published does not exist for those who may not draft it.
  if (!staff && total === 0) throw notFound(entityWords(kind), key, 'check the address');
  const bases = await versions.findVersions(
    q,
    kind.entity,
    key,
    rows.flatMap((r) => (r.base_number === null ? [] : [r.base_number])),
  );
  const entries: HistoryEntryView[] = rows.map((row) => {
    const base = row.base_number === null ? undefined : bases.get(row.base_number);
    return {
      version: view(row),
      changes: diff(base && (JSON.parse(base.content) as Content), JSON.parse(row.content)),
    };
  });
  const comments = staff
    ? await versions.listComments(
        q,
        rows.map((r) => r.id),
      )
    : [];
  return { kind, key, total, page, perPage, entries, comments, staff };
}

/** The history of a record published before versions were kept: its public content alone. */
async function unversionedHistory(db: Db, kind: EntityKind, publisher: Publisher, key: string) {
  const live = await publisher.read(db.kysely, key);
  if (!live) throw notFound(entityWords(kind), key, 'check the address');
  const change = (await lastChange(db.kysely, kind.entity, key)) ?? {
    actor: 'reference data',
    at: '',
  };
  const entries: HistoryEntryView[] = [
    { version: baselineView(kind, key, live, change), changes: diff(undefined, live) },
  ];
  return {
    kind,
    key,
    total: 1,
    page: 1,
    perPage: 50,
    entries,
    comments: [] as versions.CommentRow[],
    staff: false,
  };
}

/** A page of a record's history as recordHistory gives it. */
export type RecordHistory = Awaited<ReturnType<typeof recordHistory>>;

/** What an actor may do with a record of these regions. */
export function abilities(actor: Actor, regions: readonly string[]) {
  const may = (action: Action) =>
    regions.length === 0
      ? decide(actor, action, { region: null }).allowed
      : regions.some((region) => decide(actor, action, { region }).allowed);
  return {
    draft: may('records.draft'),
    submit: may('records.submit'),
    review: may('records.review'),
    publish: may('records.publish'),
  };
}

/**
 * A record's workspace for someone who may draft it: the published version, the open change, what
 * the change alters field by field, the comments on it, and what the actor may do.
 */
export async function recordWorkspace(db: Db, actor: Actor, entity: string, key: string) {
  const state = await recordState(db, actor, entity, key);
  const open = state.open;
  const comments = open
    ? await versions.listComments(db.kysely, [
        (await versions.findVersion(db.kysely, state.kind.entity, key, open.number))?.id ?? 0,
      ])
    : [];
  return {
    ...state,
    name: state.kind.label((open ?? state.published)?.content ?? {}),
    changes: open ? diff(state.published?.content, open.content) : [],
    comments: comments.map((c) => ({
      field: c.field,
      body: c.body,
      author: c.author_name,
      at: c.created_at,
    })),
    can: abilities(actor, (open ?? state.published)?.regions ?? []),
  };
}

/** What publishing many changes did: how many were published, and why the others were not. */
export interface PublishAllOutcome {
  readonly published: number;
  readonly refused: readonly {
    readonly entity: string;
    readonly key: string;
    readonly reason: string;
  }[];
}

/**
 * Publishes every change of the queue that `query` selects, one transaction each (the curator's
 * "publish them all" for an import's drafts): a change that cannot be published (still needing
 * classification, changed meanwhile) is listed with the reason and the rest go on.
 */
export async function publishAll(
  db: Db,
  actor: Actor,
  query: QueueQuery,
  onProgress?: (done: number, total: number) => void,
): Promise<PublishAllOutcome> {
  authorize(actor, 'records.publish');
  const { items } = await reviewQueue(db, actor, { ...query, limit: query.limit ?? 100_000 });
  const refused: { entity: string; key: string; reason: string }[] = [];
  let published = 0;
  for (const [i, item] of items.entries()) {
    const { entity, key, tag } = item.version;
    try {
      await moveVersion(db, actor, entity, key, 'publish', { expected: tag });
      published++;
    } catch (e) {
      if (!isAppError(e)) throw e;
      refused.push({ entity, key, reason: e.message });
    }
    onProgress?.(i + 1, items.length);
  }
  return { published, refused };
}
