/**
 * Spreadsheets uploaded to the import page, kept in the database (job_results) rather than in
 * one instance's temporary folder: the plan, a plan again with decisions and the apply may each
 * reach another instance behind the proxy, and the apply runs as a heavy job on whichever
 * instance's worker takes it. An upload not applied within an hour is forgotten.
 *
 * Next to each upload, the verdict of the plan its person last saw (a small JSON file of the
 * same kind, so it goes with the upload): the decisions and the data version it was made with,
 * and its blocked and undecided rows. The apply's request reads it instead of planning the file
 * again; the job still plans before it writes, and refuses when that plan is not clean.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDecision } from '../analysis/import/plan.ts';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { notFound } from '../domain/errors.ts';
import {
  deleteJobResult,
  deleteJobResultsBefore,
  findJobFile,
  hasJobFile,
  readJobFile,
  storeJobFile,
} from '../repositories/job-results.ts';
import { dataVersion } from './data-version.ts';
import {
  type ImportOptions,
  type ImportSummary,
  importInitiatives,
  type PlanRow,
} from './imports.ts';

/** How long an uploaded file waits for its plan to be applied. */
const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** The extensions an upload may have. */
export const UPLOAD_FORMATS = ['.csv', '.tsv', '.txt', '.xlsx', '.json'];
const KIND = 'upload';

/** The decisions of the import page's form, as plain data (a job's data crosses threads and the queue). */
export interface UploadDecisions {
  readonly duplicates?: 'merge' | 'keep' | 'skip';
  readonly continuations?: 'merge' | 'keep';
  readonly acceptSuggestions?: boolean;
  /** Decisions about single rows: [row number, decision]. */
  readonly rows?: readonly (readonly [number, RowDecision])[];
}

/** The applying of an upload, as a heavy job carries it. */
export interface UploadApply {
  readonly accountId: number;
  readonly upload: string;
  readonly decisions: UploadDecisions;
  readonly actor: Actor;
}

/**
 * Why an apply's job wrote nothing: `changed`, the atlas's records changed since the plan the
 * person saw; `unseen`, no plan with these decisions was shown (another tab's, or an hour old);
 * `stuck`, the plan shown for these decisions and this data was not clean either.
 */
export type ApplyRefusal = 'changed' | 'unseen' | 'stuck';
export const APPLY_REFUSALS: readonly ApplyRefusal[] = ['changed', 'unseen', 'stuck'];

/** What an applied upload did: its rows and what became of them. */
export interface AppliedUpload {
  readonly rows: number;
  readonly actions: ImportSummary['actions'];
  /** Set when the job's own plan had blocked or undecided rows: nothing was written. */
  readonly refused?: { readonly upload: string; readonly reason: ApplyRefusal };
}

/** The verdict of the plan a person last saw of an upload, and what it was made from. */
export interface SeenPlan {
  readonly decisions: UploadDecisions;
  /** The data version's key when the plan was made (services/data-version.ts). */
  readonly version: string;
  readonly blocked: number;
  readonly decide: number;
}

const keyOf = (accountId: number, id: string) => `${KIND}-${accountId}-${id}`;
/** Where an upload's last seen plan is kept: not a key of an upload (those have a number next). */
const seenKeyOf = (accountId: number, id: string) => `${KIND}-plan-${accountId}-${id}`;
const ID = /^([a-f0-9]{32})(\.[a-z]+)$/;

/** Keeps an uploaded file for its account; the id names it in the page's addresses. */
export async function saveUpload(
  db: Db,
  accountId: number,
  name: string,
  ext: string,
  body: Buffer,
): Promise<string> {
  const now = Date.now();
  await deleteJobResultsBefore(db.kysely, KIND, now - UPLOAD_TTL_MS);
  const id = `${randomBytes(16).toString('hex')}${ext}`;
  await storeJobFile(
    db.kysely,
    keyOf(accountId, id),
    KIND,
    { body, mediaType: 'application/octet-stream', fileName: name },
    now,
  );
  return id;
}

/** Checks an upload's id; not_found when it is malformed. */
function checkId(id: string): string {
  const match = ID.exec(id);
  if (!match || !UPLOAD_FORMATS.includes(match[2] ?? ''))
    throw notFound('upload', id, 'upload the file again');
  return match[2] ?? '';
}

const uploadGone = (id: string) =>
  notFound('upload', id, 'it is older than an hour or was applied; upload the file again');

/** Checks that the account's upload is still kept (without reading it); not_found otherwise. */
async function checkUpload(db: Db, accountId: number, id: string): Promise<void> {
  checkId(id);
  if (!(await hasJobFile(db.kysely, keyOf(accountId, id)))) throw uploadGone(id);
}

/**
 * Runs `use` with the upload written to a temporary file of its extension (the import reads
 * files) and the name it was uploaded under, removed afterwards; not_found when the upload is
 * older than an hour or was applied.
 */
export async function withUpload<T>(
  db: Db,
  accountId: number,
  id: string,
  use: (file: string, name: string) => Promise<T>,
): Promise<T> {
  const ext = checkId(id);
  const dir = await mkdtemp(join(tmpdir(), 'atlas-upload-'));
  try {
    const file = join(dir, `upload${ext}`);
    // Piece by piece into the file (job_results keeps an upload as a stored file's pieces).
    const out = createWriteStream(file);
    const stored = await readJobFile(db.kysely, keyOf(accountId, id), async (bytes) => {
      if (!out.write(bytes)) await once(out, 'drain');
    }).finally(() => new Promise((done) => out.end(done)));
    if (!stored) throw uploadGone(id);
    return await use(file, stored.fileName);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Imports an upload as drafts of its account with the page's decisions (a dry run unless
 * `options` say apply), citing the file's name as sent, owned by its account: the same person's
 * file of the same name again is a re-import, another person's is not. Returns the summary and
 * the file's name.
 */
async function importUpload(
  db: Db,
  upload: Pick<UploadPlanRequest, 'accountId' | 'id' | 'decisions' | 'actor'>,
  options: Pick<ImportOptions, 'apply' | 'onRow' | 'progressEvery' | 'onProgress'>,
): Promise<{ summary: ImportSummary; name: string }> {
  return withUpload(db, upload.accountId, upload.id, async (file, name) => ({
    name,
    summary: await importInitiatives(db, file, {
      ...importDecisions(upload.decisions),
      ...options,
      source: { name, owner: `account ${upload.accountId}` },
      drafts: { actor: upload.actor },
      actor: 'web import',
      waitMs: 30_000,
    }),
  }));
}

/** The import options of the page's decisions (the rows' as the map the plan takes). */
function importDecisions(
  decisions: UploadDecisions,
): Pick<ImportOptions, 'duplicates' | 'continuations' | 'acceptSuggestions' | 'decisions'> {
  const { rows, ...forAll } = decisions;
  return { ...forAll, decisions: new Map(rows ?? []) };
}

/** Decisions in one form whatever order they came in, so that equal ones compare equal. */
function canonical(d: UploadDecisions): string {
  const rows = [...(d.rows ?? [])].sort((a, b) => a[0] - b[0]);
  return JSON.stringify([
    d.duplicates ?? null,
    d.continuations ?? null,
    Boolean(d.acceptSuggestions),
    rows,
  ]);
}

/**
 * Keeps the verdict of the plan a person is shown (replacing the one before). Best effort: a
 * verdict not kept (the database busy with an import's write, say) only means the next apply is
 * planned by its job as one never seen, so the plan made is shown rather than an error.
 */
async function rememberPlan(db: Db, accountId: number, id: string, seen: SeenPlan): Promise<void> {
  const body = Buffer.from(JSON.stringify(seen));
  const file = { body, mediaType: 'application/json', fileName: 'plan.json' };
  await storeJobFile(db.kysely, seenKeyOf(accountId, id), KIND, file, Date.now()).catch(
    () => undefined,
  );
}

/** The verdict of the plan last shown of an upload; undefined when none is kept. */
async function seenPlan(db: Db, accountId: number, id: string): Promise<SeenPlan | undefined> {
  const stored = await findJobFile(db.kysely, seenKeyOf(accountId, id));
  if (!stored) return undefined;
  try {
    return JSON.parse(stored.body.toString('utf8')) as SeenPlan;
  } catch {
    return undefined;
  }
}

/** The decisions of the plan last shown of an upload (none when no plan is kept). */
export async function seenDecisions(
  db: Db,
  accountId: number,
  id: string,
): Promise<UploadDecisions> {
  checkId(id);
  return (await seenPlan(db, accountId, id))?.decisions ?? {};
}

/**
 * What the plan last shown says of applying an upload with `decisions` now: `clean` when it was
 * made with exactly these decisions against the data as it is and had no blocked or undecided
 * row; otherwise why it may not be (`stuck` is certain: the same plan was not clean). Reads two
 * small rows: the file is not planned again. not_found when the upload is gone.
 */
export async function applyVerdict(
  db: Db,
  accountId: number,
  id: string,
  decisions: UploadDecisions,
): Promise<'clean' | ApplyRefusal> {
  await checkUpload(db, accountId, id);
  const seen = await seenPlan(db, accountId, id);
  return verdictOf(seen, decisions, (await dataVersion(db)).key);
}

/** The verdict of `seen` for applying `decisions` on the data version `version`. */
function verdictOf(
  seen: SeenPlan | undefined,
  decisions: UploadDecisions,
  version: string,
): 'clean' | ApplyRefusal {
  if (!seen || canonical(seen.decisions) !== canonical(decisions)) return 'unseen';
  if (seen.version !== version) return 'changed';
  return seen.blocked + seen.decide > 0 ? 'stuck' : 'clean';
}

/** What planning an upload for its page needs: whose it is, the decisions, who plans it. */
export interface UploadPlanRequest {
  readonly accountId: number;
  readonly id: string;
  readonly decisions: UploadDecisions;
  readonly actor: Actor;
  /** Told of each row's plan, for the page. */
  readonly onRow: (row: PlanRow) => void;
}

/**
 * Plans an upload as its account's drafts (a dry run: nothing is written) and remembers the
 * verdict as the plan its person is shown. Returns the summary and the file's name.
 */
export async function planUpload(
  db: Db,
  request: UploadPlanRequest,
): Promise<{ summary: ImportSummary; name: string }> {
  // The version before the plan: data changed meanwhile makes the verdict stale, never wrong.
  const { key: version } = await dataVersion(db);
  const planned = await importUpload(db, request, { onRow: request.onRow });
  const { blocked, decide } = planned.summary.actions;
  await rememberPlan(db, request.accountId, request.id, {
    decisions: request.decisions,
    version,
    blocked,
    decide,
  });
  return planned;
}

/**
 * Applies an upload as drafts of its account (the heavy job of the import page's apply),
 * telling `progress` the rows done so far; the upload is forgotten once applied. The job plans
 * the file again before writing (the data may have changed since the plan was shown): when that
 * plan has blocked or undecided rows nothing is written, its verdict becomes the plan to show,
 * and the result says why (the records changed, or these decisions were never shown).
 */
export async function applyUpload(
  db: Db,
  job: UploadApply,
  progress: (rows: number) => void,
): Promise<AppliedUpload> {
  const seen = await seenPlan(db, job.accountId, job.upload);
  const { summary } = await importUpload(
    db,
    { accountId: job.accountId, id: job.upload, decisions: job.decisions, actor: job.actor },
    { apply: true, progressEvery: 10, onProgress: ({ rows }) => progress(rows) },
  );
  const { rows, actions } = summary;
  if (summary.refused) {
    const { key: version } = await dataVersion(db);
    const reason = verdictOf(seen, job.decisions, version);
    const { blocked, decide } = actions;
    await rememberPlan(db, job.accountId, job.upload, {
      decisions: job.decisions,
      version,
      blocked,
      decide,
    });
    return {
      rows,
      actions,
      // A plan seen clean for these decisions and this data version that the job found stuck
      // changed by something the data version does not count (another open draft, say).
      refused: { upload: job.upload, reason: reason === 'clean' ? 'changed' : reason },
    };
  }
  await forget(db, job.accountId, job.upload);
  return { rows, actions };
}

/** Removes an upload and its last seen plan. */
async function forget(db: Db, accountId: number, id: string): Promise<void> {
  await deleteJobResult(db.kysely, keyOf(accountId, id));
  await deleteJobResult(db.kysely, seenKeyOf(accountId, id));
}

/** Forgets an upload. */
export async function dropUpload(db: Db, accountId: number, id: string): Promise<void> {
  checkId(id);
  await forget(db, accountId, id);
}
