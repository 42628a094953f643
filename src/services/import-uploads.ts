/**
 * Spreadsheets uploaded to the import page, kept in the database (job_results) rather than in
 * one instance's temporary folder: the plan, a plan again with decisions and the apply may each
 * reach another instance behind the proxy, and the apply runs as a heavy job on whichever
 * instance's worker takes it. An upload not applied within an hour is forgotten.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDecision } from '../analysis/import/plan.ts';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { conflict, notFound } from '../domain/errors.ts';
import {
  deleteJobResult,
  deleteJobResultsBefore,
  findJobFile,
  storeJobFile,
} from '../repositories/job-results.ts';
import { type ImportOptions, type ImportSummary, importInitiatives } from './imports.ts';

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

/** What an applied upload did: its rows and what became of them. */
export interface AppliedUpload {
  readonly rows: number;
  readonly actions: ImportSummary['actions'];
}

const keyOf = (accountId: number, id: string) => `${KIND}-${accountId}-${id}`;
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

/**
 * Runs `use` with the upload written to a temporary file of its extension (the import reads
 * files), removed afterwards; not_found when the upload is older than an hour or was applied.
 */
export async function withUpload<T>(
  db: Db,
  accountId: number,
  id: string,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const ext = checkId(id);
  const stored = await findJobFile(db.kysely, keyOf(accountId, id));
  if (!stored)
    throw notFound('upload', id, 'it is older than an hour or was applied; upload the file again');
  const dir = await mkdtemp(join(tmpdir(), 'atlas-upload-'));
  try {
    const file = join(dir, `upload${ext}`);
    await writeFile(file, stored.body);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The import options of the page's decisions (the rows' as the map the plan takes). */
function importDecisions(
  decisions: UploadDecisions,
): Pick<ImportOptions, 'duplicates' | 'continuations' | 'acceptSuggestions' | 'decisions'> {
  const { rows, ...forAll } = decisions;
  return { ...forAll, decisions: new Map(rows ?? []) };
}

/**
 * Applies an upload as drafts of its account (the heavy job of the import page's apply),
 * telling `progress` the rows done so far; the upload is forgotten once applied. A plan that
 * became blocked since it was shown (the records changed) is a conflict naming why.
 */
export async function applyUpload(
  db: Db,
  job: UploadApply,
  progress: (rows: number) => void,
): Promise<AppliedUpload> {
  const summary = await withUpload(db, job.accountId, job.upload, (file) =>
    importInitiatives(db, file, {
      ...importDecisions(job.decisions),
      apply: true,
      drafts: { actor: job.actor },
      actor: 'web import',
      waitMs: 30_000,
      progressEvery: 10,
      onProgress: ({ rows }) => progress(rows),
    }),
  );
  if (!summary.applied)
    throw conflict(
      summary.refused ?? 'nothing was written: plan the file again and apply the new plan',
    );
  await deleteJobResult(db.kysely, keyOf(job.accountId, job.upload));
  return { rows: summary.rows, actions: summary.actions };
}

/** Forgets an upload. */
export async function dropUpload(db: Db, accountId: number, id: string): Promise<void> {
  checkId(id);
  await deleteJobResult(db.kysely, keyOf(accountId, id));
}
