/**
 * The records as they were at a past moment, for reports "as of" a date. The report builders read
 * through some twenty services (search facets, statistics, prevalence, twinning, region pages),
 * each with its own queries over the public tables, which hold the records as they are now. Rather
 * than give every one of them a second, historical code path, this module rebuilds the public
 * tables as they stood at the moment in a scratch in-memory database: every record's newest change
 * at or before then is read from the history (repositories/as-of.ts) and written again through the
 * record kind's own writer. The builders then run unchanged on that database, so a report as of a
 * date counts exactly as the atlas counted then.
 *
 * What the history does not keep, the scratch database takes as it is now: the regions a campaign
 * invited (their invitation times are kept, so only invitations sent by then count) and the code
 * lists the schema itself holds (themes, countries). Campaign states and the regions' responses
 * come from the campaign log; RIS3 strategies and import presets are not rebuilt (no report shows
 * them).
 */
import { type Db, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { AppError, invalidParameter } from '../domain/errors.ts';
import type { Initiative, SourceRef } from '../domain/schemas.ts';
import {
  campaignMovesAt,
  firstHistoryEntry,
  historyEntryAt,
  type RecordState,
  recordStatesAt,
  responsesAt,
  tableColumns,
} from '../repositories/as-of.ts';
import {
  findResponse,
  insertResponse,
  listQuestionnaireRows,
  putQuestionnaire,
  updateResponse,
} from '../repositories/campaign-responses.ts';
import { listCampaignRegions, markInvited, setCampaignRegions } from '../repositories/campaigns.ts';
import { syncCodeLists } from '../repositories/codelists.ts';
import { upsertVersioned, type VersionedRecord } from '../repositories/versioned.ts';
import type { DataVersion } from './data-version.ts';
import { saveInitiative } from './initiatives.ts';
import { dependencyOrder } from './seed.ts';

/** The records as they were at a moment: a database holding them, and the data version then. */
export interface PastRecords {
  /** A read-only view in spirit: the builders only read it. */
  readonly db: Db;
  /** The data version of the moment: the newest history entry at or before it. */
  readonly version: DataVersion;
  /** The moment (ISO 8601, UTC). */
  readonly at: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether a moment of asOf stands for a whole day (the end of it). */
export const isWholeDay = (at: string): boolean => at.endsWith('T23:59:59.999Z');

/**
 * Reads an `asOf` option: a day (YYYY-MM-DD, meaning the end of that day in UTC) or a time with
 * its zone (YYYY-MM-DDTHH:MM[:SS]Z or ±HH:MM). Returns the moment as ISO 8601 in UTC. A clear
 * invalid_parameter error for anything else, for a moment in the future, and for one before the
 * first record the atlas holds.
 */
export async function resolveAsOf(db: Db, raw: string, now = new Date()): Promise<string> {
  const text = raw.trim();
  const day = DAY.test(text);
  const parsed = day ? new Date(`${text}T23:59:59.999Z`) : new Date(text);
  const valid =
    (day || TIME.test(text)) &&
    !Number.isNaN(parsed.getTime()) &&
    (!day || parsed.toISOString().startsWith(text));
  if (!valid)
    throw invalidParameter(
      'asOf',
      `asOf "${raw}" is not a date: give a day as YYYY-MM-DD (for example 2025-06-30) or a time as YYYY-MM-DDTHH:MM:SSZ, or leave it out for the records as they are now`,
      { value: raw },
    );
  const today = now.toISOString().slice(0, 10);
  if (day ? text > today : parsed.getTime() > now.getTime())
    throw invalidParameter(
      'asOf',
      `asOf ${text} is in the future (it is now ${now.toISOString()}): give a past date, or leave asOf out for the records as they are now`,
      { value: raw, now: now.toISOString() },
    );
  const at = parsed.toISOString();
  const first = await firstHistoryEntry(db.kysely);
  if (!first || first.at > at)
    throw invalidParameter(
      'asOf',
      first
        ? `no records existed before ${first.at}; the earliest is from ${first.at}: give asOf ${first.at.slice(0, 10)} or later`
        : `no records existed before ${text}; the atlas holds no records yet: leave asOf out`,
      { value: raw, ...(first ? { earliest: first.at } : {}) },
    );
  return at;
}

/** The data version at a moment: the newest history entry at or before it. */
export async function versionAt(db: Db, at: string): Promise<DataVersion> {
  const last = await historyEntryAt(db.kysely, at);
  return last ? { key: `${last.id}@${last.at}`, at: last.at } : { key: 'empty' };
}

type Table = VersionedRecord['table'];
type Links = NonNullable<VersionedRecord['links']>;

/** How a kind of record written by upsertVersioned is stored: its table, key columns, linked codes. */
interface VersionedKind {
  readonly entity: string;
  readonly table: Table;
  readonly key: readonly string[];
  readonly links?: Omit<Links, 'values'>;
}

/** The kinds written by upsertVersioned that reports read, in the order their references need. */
const BEFORE_INITIATIVES: readonly VersionedKind[] = [
  { entity: 'source', table: 'sources', key: ['code'] },
  { entity: 'barrier_category', table: 'barrier_categories', key: ['code', 'codebook_version'] },
  { entity: 'barrier', table: 'barriers', key: ['code', 'codebook_version'] },
  { entity: 'region', table: 'regions', key: ['code'] },
  { entity: 'campaign', table: 'campaigns', key: ['slug'] },
];
const AFTER_INITIATIVES: readonly VersionedKind[] = [
  {
    entity: 'evidence',
    table: 'evidence',
    key: ['key'],
    links: { table: 'evidence_barriers', idColumn: 'evidence_id' },
  },
  {
    entity: 'good_practice',
    table: 'good_practices',
    key: ['slug'],
    links: { table: 'good_practice_barriers', idColumn: 'good_practice_id' },
  },
  { entity: 'regional_report', table: 'regional_reports', key: ['region_code', 'campaign_slug'] },
  { entity: 'interview_row', table: 'interview_rows', key: ['region_code', 'campaign_slug'] },
  { entity: 'workshop', table: 'workshops', key: ['key'] },
  { entity: 'pillar', table: 'pillars', key: ['code'] },
  { entity: 'figure', table: 'reported_figures', key: ['key'] },
];

/** What upsertVersioned records of a record: its columns, sources and linked codes. */
interface VersionedAfter {
  readonly columns: Record<string, string | number | null>;
  readonly sources?: readonly SourceRef[];
  readonly links?: readonly string[];
}

type Trx = Parameters<typeof upsertVersioned>[0];

/** The scratch database's columns per table (history written under an older schema may hold gone ones). */
type Columns = ReadonlyMap<string, ReadonlySet<string>>;

/** Writes one record's state through upsertVersioned, as its last change left it. */
async function writeVersioned(trx: Trx, kind: VersionedKind, s: RecordState, columns: Columns) {
  const after = s.after as VersionedAfter;
  const values = s.key.split('/');
  if (values.length !== kind.key.length)
    throw new Error(`${kind.entity} ${s.key}: its key does not have ${kind.key.length} parts`);
  const known = columns.get(kind.table) ?? new Set<string>();
  const record: VersionedRecord = {
    table: kind.table,
    entity: kind.entity,
    key: Object.fromEntries(kind.key.map((k, i) => [k, values[i] ?? ''])),
    columns: Object.fromEntries(Object.entries(after.columns).filter(([c]) => known.has(c))),
    sources: after.sources ?? [],
    ...(kind.links ? { links: { ...kind.links, values: after.links ?? [] } } : {}),
  };
  await upsertVersioned(trx, record, { now: s.at, actor: s.actor });
}

/** Regions in an order where each parent comes before its children. */
function parentsFirst(states: readonly RecordState[]): RecordState[] {
  return dependencyOrder(
    states,
    (s) => s.key,
    (s) => {
      const parent = (s.after as VersionedAfter).columns.parent_code;
      return typeof parent === 'string' ? [parent] : [];
    },
  );
}

/**
 * The versioned kinds' states written in order; a campaign takes the state its log had reached by
 * then when a move (open, close, publish) came after its record's last change.
 */
async function writeKinds(
  trx: Trx,
  kinds: readonly VersionedKind[],
  states: ReadonlyMap<string, RecordState[]>,
  columns: Columns,
  moves: ReadonlyMap<string, { state: string; at: string }>,
): Promise<void> {
  for (const kind of kinds) {
    const list = states.get(kind.entity) ?? [];
    for (const s of kind.entity === 'region' ? parentsFirst(list) : list) {
      const move = kind.entity === 'campaign' ? moves.get(s.key) : undefined;
      const after = s.after as VersionedAfter;
      const moved =
        move && move.at >= s.at
          ? { ...s, after: { ...after, columns: { ...after.columns, state: move.state } } }
          : s;
      await writeVersioned(trx, kind, moved, columns);
    }
  }
}

/**
 * The initiatives as they were: each written without its relations first, then with those whose
 * targets existed at the moment (a relation to a record removed since is gone, as in the atlas).
 */
async function writeInitiatives(trx: Trx, states: readonly RecordState[]): Promise<void> {
  const present = new Set(states.map((s) => s.key));
  for (const s of states) {
    await saveInitiative(trx, { ...(s.after as Initiative), relations: [] }, s.actor, s.at, null);
  }
  for (const s of states) {
    const i = s.after as Initiative;
    const relations = (i.relations ?? []).filter((r) => present.has(r.target));
    if (relations.length > 0) await saveInitiative(trx, { ...i, relations }, s.actor, s.at);
  }
}

/** The campaigns' invited regions (as now: not kept over time; invitations sent by then marked). */
async function writeInvitations(db: Db, trx: Trx, campaigns: readonly string[], at: string) {
  const invited = await listCampaignRegions(db.kysely);
  for (const slug of campaigns) {
    const regions = invited.get(slug) ?? [];
    if (regions.length === 0) continue;
    await setCampaignRegions(
      trx,
      slug,
      regions.map((r) => r.region),
    );
    const sent = regions.filter((r) => r.invitedAt !== null && r.invitedAt <= at);
    for (const r of sent) await markInvited(trx, slug, [r.region], r.invitedAt ?? at);
  }
}

/** The questionnaires (versions never change) and the regions' responses as they stood. */
async function writeResponses(db: Db, trx: Trx, campaigns: ReadonlySet<string>, at: string) {
  for (const q of await listQuestionnaireRows(db.kysely)) await putQuestionnaire(trx, q, at);
  for (const r of await responsesAt(db.kysely, at)) {
    if (!campaigns.has(r.campaign_slug)) continue;
    const { id: _id, submitted_at, accepted_at, ...row } = r;
    await insertResponse(trx, row);
    if (submitted_at === null && accepted_at === null) continue;
    const stored = await findResponse(trx, r.campaign_slug, r.region_code);
    if (!stored)
      throw new Error(`the response of ${r.region_code} to ${r.campaign_slug} was not stored`);
    await updateResponse(trx, stored.id, stored.revision, {
      submitted_at,
      accepted_at,
      updated_at: r.updated_at,
      updated_by: r.updated_by,
    });
  }
}

/** The history entities rebuilt here; any other kind is not part of a report. */
const REBUILT = [
  ...BEFORE_INITIATIVES.map((k) => k.entity),
  'initiative',
  ...AFTER_INITIATIVES.map((k) => k.entity),
];

/** Builds the scratch database of the records as they were at `at`. */
async function rebuild(db: Db, at: string): Promise<PastRecords> {
  const [states, moves, version] = await Promise.all([
    recordStatesAt(db.kysely, at, REBUILT),
    campaignMovesAt(db.kysely, at),
    versionAt(db, at),
  ]);
  const byKind = new Map<string, RecordState[]>();
  for (const s of states) byKind.set(s.entity, [...(byKind.get(s.entity) ?? []), s]);
  const campaigns = (byKind.get('campaign') ?? []).map((s) => s.key);
  const past = openDatabase('sqlite::memory:');
  try {
    await migrateToLatest(past);
    const columns = await tableColumns(past.kysely);
    await past.kysely.transaction().execute(async (trx) => {
      // The code lists the schema holds (themes, the codebook's version), then the records.
      await syncCodeLists(trx, { now: at, actor: 'as-of' });
      await writeKinds(trx, BEFORE_INITIATIVES, byKind, columns, moves);
      await writeInvitations(db, trx, campaigns, at);
      await writeInitiatives(trx, byKind.get('initiative') ?? []);
      await writeKinds(trx, AFTER_INITIATIVES, byKind, columns, moves);
      await writeResponses(db, trx, new Set(campaigns), at);
    });
  } catch (e) {
    await past.close();
    throw new AppError(
      'internal',
      `the records as they were at ${at} could not be rebuilt from their history (${(e as Error).message}); ask for the report without asOf, or as of another date`,
      { asOf: at },
    );
  }
  return { db: past, version, at };
}

/** How many past states each database keeps (the most recently used), and how long a dropped one stays open. */
const KEEP = 2;
const CLOSE_AFTER_MS = 120_000;
const kept = new WeakMap<Db, Map<string, Promise<PastRecords>>>();

/**
 * The records as they were at `at` (a moment resolveAsOf gave), rebuilt once and kept for the next
 * report of the same moment and data (the two most recent per database). A state dropped from the
 * cache is closed a while later, once the reports reading it are done.
 */
export async function pastRecords(db: Db, at: string): Promise<PastRecords> {
  const { key } = await versionAt(db, at);
  let cache = kept.get(db);
  if (!cache) {
    cache = new Map();
    kept.set(db, cache);
  }
  const id = `${at}|${key}`;
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const made = rebuild(db, at);
  cache.set(id, made);
  made.catch(() => cache.get(id) === made && cache.delete(id));
  while (cache.size > KEEP) {
    const [oldest, value] = cache.entries().next().value ?? [];
    if (oldest === undefined || value === undefined) break;
    cache.delete(oldest);
    const timer = setTimeout(
      () => void value.then((p) => p.db.close()).catch(() => undefined),
      CLOSE_AFTER_MS,
    );
    timer.unref();
  }
  return made;
}
