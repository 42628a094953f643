import type { Kysely, Selectable } from 'kysely';
import type { Database, StrategiesTable } from '../db/types.ts';
import { conflict } from '../domain/errors.ts';
import type {
  ProposedPassage,
  ReviewState,
  StrategyCounts,
  StrategyRecord,
} from '../domain/strategies.ts';
import { appendHistory } from './history.ts';
import { listRecordSourcesByKey, replaceRecordSources } from './record-sources.ts';
import type { UpsertOutcome, WriteContext } from './versioned.ts';

type Q = Kysely<Database>;
type Row = Selectable<StrategiesTable>;

/** The name history and provenance file strategies under. */
export const STRATEGY_ENTITY = 'strategy';

/** The columns of a strategy as written: everything but id, key and the timestamps. */
export type StrategyColumns = Omit<Row, 'id' | 'key' | 'created_at' | 'updated_at' | 'version'>;

const DESCRIBED = [
  'region_code',
  'place_name',
  'title',
  'period_start',
  'period_end',
  'link',
  'language',
  'priority_areas',
  'description',
  'review_state',
  'evidence_passage',
  'evidence_page',
  'evidence_source',
  'evidence_section',
  'decided_by',
  'decided_at',
  'decision_note',
] as const;

/** Who decided, from the stored name (reference data) or the account's current name. */
function decider(r: Row & { account_name: string | null }): string {
  if (r.decided_by) return r.decided_by;
  if (r.account_name) return r.account_name;
  return 'a curator whose account has since been deleted';
}

function toRecord(
  r: Row & { region_name: string; account_name: string | null },
  sources: StrategyRecord['sources'],
): StrategyRecord {
  const state = r.review_state as ReviewState;
  const decided = state === 'confirmed' || state === 'rejected';
  return {
    id: Number(r.id),
    key: r.key,
    region: r.region_code,
    regionName: r.region_name,
    placeName: r.place_name,
    title: r.title,
    periodStart: r.period_start === null ? null : Number(r.period_start),
    periodEnd: r.period_end === null ? null : Number(r.period_end),
    link: r.link,
    language: r.language,
    priorityAreas: JSON.parse(r.priority_areas) as string[],
    description: r.description,
    document: r.document_name
      ? {
          name: r.document_name,
          format: r.document_format ?? 'text',
          pages: r.document_pages === null ? null : Number(r.document_pages),
        }
      : null,
    state,
    prioritisesPm: state === 'confirmed',
    evidence:
      decided && r.evidence_passage
        ? {
            passage: r.evidence_passage,
            page: r.evidence_page === null ? null : Number(r.evidence_page),
            source: r.evidence_source,
            section: r.evidence_section,
          }
        : null,
    decision:
      decided && r.decided_at ? { by: decider(r), at: r.decided_at, note: r.decision_note } : null,
    sources,
    updatedAt: r.updated_at,
  };
}

function selectStrategies(db: Q) {
  return db
    .selectFrom('strategies as s')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .leftJoin('accounts as a', 'a.id', 's.decided_by_account')
    .selectAll('s')
    .select(['r.name as region_name', 'a.display_name as account_name']);
}

/**
 * Strategies ordered by region name, then title: all, or those of one region (a country code
 * also gives the strategies of its regions).
 */
export async function listStrategies(db: Q, region?: string): Promise<StrategyRecord[]> {
  let q = selectStrategies(db);
  if (region)
    q = q.where((eb) =>
      eb.or([eb('s.region_code', '=', region), eb('r.country_code', '=', region)]),
    );
  const rows = await q.orderBy('r.name').orderBy('s.title').orderBy('s.id').execute();
  const sources = await listRecordSourcesByKey(
    db,
    STRATEGY_ENTITY,
    rows.map((r) => r.key),
  );
  return rows.map((r) => toRecord(r, sources.get(r.key) ?? []));
}

/** One strategy by id, or undefined. */
export async function findStrategy(db: Q, id: number): Promise<StrategyRecord | undefined> {
  const row = await selectStrategies(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const sources = await listRecordSourcesByKey(db, STRATEGY_ENTITY, [row.key]);
  return toRecord(row, sources.get(row.key) ?? []);
}

/** The strategy of a region made from a document with this SHA-256 of its text, if any. */
export async function findByDocument(
  db: Q,
  region: string,
  sha256: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('strategies')
    .select('id')
    .where('region_code', '=', region)
    .where('document_sha256', '=', sha256)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** How many strategies there are in each state, counted by the database. */
export async function countStrategies(db: Q): Promise<StrategyCounts> {
  const rows = await db
    .selectFrom('strategies')
    .select(['review_state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('review_state')
    .execute();
  const of = (s: ReviewState) => Number(rows.find((r) => r.review_state === s)?.n ?? 0);
  return {
    total: rows.reduce((sum, r) => sum + Number(r.n), 0),
    confirmed: of('confirmed'),
    awaitingReview: of('awaiting_review'),
    rejected: of('rejected'),
    notAssessed: of('not_assessed'),
  };
}

/** What a history entry keeps of a strategy. */
const described = (c: Partial<StrategyColumns>) =>
  Object.fromEntries(DESCRIBED.map((k) => [k, c[k] ?? null]));

/** Inserts a strategy (an upload) and appends its creation to the history; its id. */
export async function insertStrategy(
  db: Q,
  key: string,
  columns: StrategyColumns,
  ctx: WriteContext,
): Promise<number> {
  const row = await db
    .insertInto('strategies')
    .values({ key, ...columns, created_at: ctx.now, updated_at: ctx.now, version: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendHistory(db, {
    entity: STRATEGY_ENTITY,
    key,
    action: 'create',
    actor: ctx.actor,
    at: ctx.now,
    before: undefined,
    after: described(columns),
  });
  return Number(row.id);
}

/**
 * Writes a strategy of the reference data under its key: created, updated (its version bumped)
 * when a column or its provenance differs, or left alone; each change in the history.
 */
export async function upsertStrategy(
  db: Q,
  key: string,
  columns: StrategyColumns,
  sources: Parameters<typeof replaceRecordSources>[3],
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const existing = await db
    .selectFrom('strategies')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  const stored = existing
    ? await listRecordSourcesByKey(db, STRATEGY_ENTITY, [key]).then((m) => m.get(key) ?? [])
    : [];
  const before = existing && { ...described(existing), sources: stored };
  const after = { ...described(columns), sources };
  if (before && JSON.stringify(before) === JSON.stringify(after)) return 'unchanged';
  if (existing) {
    await db
      .updateTable('strategies')
      .set({ ...columns, updated_at: ctx.now, version: Number(existing.version) + 1 })
      .where('key', '=', key)
      .execute();
  } else {
    await db
      .insertInto('strategies')
      .values({ key, ...columns, created_at: ctx.now, updated_at: ctx.now, version: 1 })
      .execute();
  }
  await replaceRecordSources(db, STRATEGY_ENTITY, key, sources);
  await appendHistory(db, {
    entity: STRATEGY_ENTITY,
    key,
    action: existing ? 'update' : 'create',
    actor: ctx.actor,
    at: ctx.now,
    before,
    after,
  });
  return existing ? 'updated' : 'created';
}

/** Stores the passages proposed for a strategy, in rank order. */
export async function insertPassages(
  db: Q,
  strategyId: number,
  passages: readonly Omit<ProposedPassage, 'id' | 'rank'>[],
): Promise<void> {
  if (passages.length === 0) return;
  await db
    .insertInto('strategy_passages')
    .values(
      passages.map((p, i) => ({
        strategy_id: strategyId,
        rank: i + 1,
        page: p.page,
        text: p.text,
        score: p.score,
        terms: JSON.stringify(p.terms),
      })),
    )
    .execute();
}

/** The passages proposed for a strategy, best first. */
export async function listPassages(db: Q, strategyId: number): Promise<ProposedPassage[]> {
  const rows = await db
    .selectFrom('strategy_passages')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('rank')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    rank: Number(r.rank),
    page: r.page === null ? null : Number(r.page),
    text: r.text,
    score: Number(r.score),
    terms: JSON.parse(r.terms) as string[],
  }));
}

/** A decision on a strategy awaiting review: the new state, the evidence, who and when. */
export interface DecisionWrite {
  readonly state: 'confirmed' | 'rejected';
  readonly passage: { readonly text: string; readonly page: number | null } | null;
  readonly accountId: number;
  readonly note: string | null;
}

/**
 * Records a curator's decision on a strategy that awaits review; a conflict when someone decided
 * meanwhile (the update is conditional on the state, so two curators cannot both decide).
 */
export async function decideStrategy(
  db: Q,
  id: number,
  d: DecisionWrite,
  ctx: WriteContext,
): Promise<void> {
  const existing = await db
    .selectFrom('strategies')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const changes = {
    review_state: d.state,
    evidence_passage: d.passage?.text ?? null,
    evidence_page: d.passage?.page ?? null,
    evidence_source: null,
    evidence_section: null,
    decided_by: null,
    decided_by_account: d.accountId,
    decided_at: ctx.now,
    decision_note: d.note,
  };
  const done = await db
    .updateTable('strategies')
    .set({ ...changes, updated_at: ctx.now, version: Number(existing.version) + 1 })
    .where('id', '=', id)
    .where('review_state', '=', 'awaiting_review')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1)
    throw conflict('this strategy has been decided meanwhile; reload the page to see the decision');
  await appendHistory(db, {
    entity: STRATEGY_ENTITY,
    key: existing.key,
    action: 'update',
    actor: ctx.actor,
    at: ctx.now,
    before: described(existing),
    after: described({ ...existing, ...changes }),
  });
}
