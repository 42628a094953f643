import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import { type GatheredRows, RowGatherer } from '../analysis/import/continuation.ts';
import {
  type ImportRules,
  mapLateHeaders,
  type PlanColumn,
  type ResolvedMapping,
  resolveMapping,
} from '../analysis/import/mapping.ts';
import { DuplicateIndex, organisationCountries } from '../analysis/import/matching.ts';
import {
  FILE_WORD_BUDGET,
  ImportPlanner,
  type PlanContext,
  type PlanDecisions,
  type PlanLookups,
  type PlanRow,
  type RecordWrite,
  type RowAction,
  type WriteOutcome,
} from '../analysis/import/plan.ts';
import { fold, slugify } from '../analysis/import/text.ts';
import { COUNTRY_ALIASES } from '../analysis/import/vocabulary.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import type { Actor } from '../domain/accounts.ts';
import {
  databaseUnavailable,
  invalidData,
  invalidFile,
  invalidParameter,
} from '../domain/errors.ts';
import type { LanguageGuess } from '../domain/languages.ts';
import { isHomeLevel } from '../domain/region.ts';
import { detectLanguage } from '../io/language-detection.ts';
import { openTable, type Table, type TableInfo, type TableOptions } from '../io/table.ts';
import {
  deleteImportKeys,
  findImportPreset,
  initiativesCiting,
  listImportPresets,
  listInitiativeMatchKeys,
  logImport,
  saveImportPreset,
  tryImportLock,
} from '../repositories/imports.ts';
import { findInitiativeBySlug, idsBySlug } from '../repositories/initiatives.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles, upsertSource } from '../repositories/sources.ts';
import { stageDraft } from './contributions.ts';
import {
  type BatchTuning,
  batchedKeyStore,
  DEFAULT_BATCH_ROWS,
  InitiativeBatch,
} from './import-batch.ts';
import { saveInitiative } from './initiatives.ts';

/**
 * The write step of an import: it opens the file, loads what the plan step needs to know of the
 * database, and runs the plan step (analysis/import/plan.ts) record by record inside one
 * transaction, writing each planned record, keeping the file's keys in `import_keys`, and rolling
 * everything back on a dry run.
 */

export type { ImportRules, PlanColumn } from '../analysis/import/mapping.ts';
export type { PlanRow, RowAction, RowDecision } from '../analysis/import/plan.ts';

/** Everything an import run is told. */
export interface ImportOptions extends TableOptions, ImportRules, PlanDecisions {
  /** Write the plan's result; without it the run is a dry run that writes nothing. */
  readonly apply?: boolean;
  /** A saved preset to start from; the other rules given here override it. */
  readonly preset?: string;
  /** Save the rules used as a preset of this name. */
  readonly savePreset?: string;
  readonly actor?: string;
  readonly now?: string;
  /** Called with each row's plan as soon as it is known. */
  readonly onRow?: (row: PlanRow) => void;
  /** Called with the mapping once the header is read, before any row. */
  readonly onStart?: (start: { file: TableInfo; mapping: PlanColumn[] }) => void;
  /** How long to wait for another import to finish, in ms (default ten minutes); 0 refuses at once. */
  readonly waitMs?: number;
  /** Called once when another import is running and this one waits for it. */
  readonly onWait?: (message: string) => void;
  /**
   * Write drafts for review instead of publishing: each record becomes (or replaces) a draft of
   * this account, published later by a curator; a coordinator's rows must be of their regions.
   */
  readonly drafts?: { readonly actor: Actor };
  /** Called now and then with the rows done and bytes read. */
  readonly onProgress?: (progress: { rows: number; bytes: number; totalBytes: number }) => void;
  /** Rows between two calls of onProgress (default 1000). */
  readonly progressEvery?: number;
  /** How new records are written together and when the full-text upkeep waits for the end (import-batch.ts). */
  readonly batch?: BatchTuning;
  /**
   * Whose file this is and by what name, where it is read from a copy (an upload kept in the
   * database): the import cites `name` as its source instead of the copy's, and a source of
   * another `owner` is another source, so two people's files of one name are never taken as a
   * re-import of the same file (whose records it would update without asking).
   */
  readonly source?: { readonly name: string; readonly owner: string };
}

/** What an import run did or would do. */
export interface ImportSummary {
  readonly file: TableInfo & { readonly sha256: string };
  readonly mapping: readonly PlanColumn[];
  readonly applied: boolean;
  readonly rows: number;
  readonly blankRows: number;
  readonly actions: Readonly<Record<RowAction, number>>;
  readonly changes: number;
  readonly flags: number;
  /** Why nothing was written, when --apply was given but the plan has open questions or blocked rows. */
  readonly refused?: string;
  readonly notes: readonly string[];
}

/** Thrown to roll back a dry run's (or a refused apply's) writes, carrying the plan's tallies out. */
class DryRunRollback extends Error {
  constructor(
    readonly planner: ImportPlanner,
    readonly run: Run,
  ) {
    super('dry run: rolled back');
  }
}

/** Thrown to end a transaction that did not get the import lock, so that it is tried again. */
class ImportLockTaken extends Error {
  constructor() {
    super('another import holds the lock');
  }
}

/** How long an import waits for another to finish by default: ten minutes. */
export const DEFAULT_IMPORT_WAIT_MS = 10 * 60_000;
/** The first pause between tries of the import lock; each pause doubles, up to the longest. */
const LOCK_RETRY_MS = { first: 250, longest: 5000 } as const;

/** What an import run is told and has read before it takes the import lock. */
interface RunStart {
  readonly db: Db;
  readonly options: ImportOptions;
  readonly preset: ImportRules;
  readonly table: Table;
  readonly resolved: ResolvedMapping;
  readonly runId: string;
  readonly now: string;
  readonly actor: string;
  readonly hashing: Promise<string>;
}

/** One import run: what it was told, what it read, and what it did so far. */
interface Run extends RunStart {
  /** The plan's context, read under the lock; its sources grow when the run writes the file's own source. */
  readonly ctx: PlanContext & { readonly sources: Set<string> };
  /** New records waiting to be written together. */
  readonly batch: InitiativeBatch;
  rowsRead: number;
  blankRows: number;
  sourceWritten: boolean;
  refused?: string;
}

/** The name of the file an import cites: the one it was given, or the one it read. */
function citedName(start: RunStart): string {
  return start.options.source?.name ?? start.table.info.file;
}

/** The source code an import of a file cites, from its file name (and owner, if given). */
function importSourceCode(start: RunStart): string {
  const owner = start.options.source?.owner;
  const name = citedName(start);
  return `import-${slugify(owner ? `${owner} ${name}` : name)}`.slice(0, 100).replace(/-+$/, '');
}

/** The rules saved as a preset of this name (none without a name); a clear error when there is none. */
async function loadPreset(q: Kysely<Database>, name: string | undefined): Promise<ImportRules> {
  if (!name) return {};
  const text = await findImportPreset(q, name);
  if (text === undefined) {
    const saved = await listImportPresets(q);
    throw invalidParameter(
      'preset',
      `there is no import preset named ${name}; ${saved.length > 0 ? `saved presets: ${saved.join(', ')}` : 'save one with --save-preset'}`,
    );
  }
  try {
    return JSON.parse(text) as ImportRules;
  } catch {
    throw invalidData(`import preset ${name} is damaged; save it again with --save-preset`);
  }
}

/**
 * What the plan step knows of the database before the first row: country and region names,
 * sources, and a duplicate index of every existing initiative's slug, link, name and acronym.
 */
async function loadContext(
  q: Kysely<Database>,
  sourceCode: string,
  tuning: BatchTuning = {},
): Promise<PlanContext & { sources: Set<string> }> {
  const countries = new Map<string, string>();
  const regions = new Map<string, string>();
  const knownCountries = new Set<string>();
  for (const r of await listRegions(q)) {
    const names = [r.code, r.name, r.nativeName].filter((n): n is string => !!n);
    if (isHomeLevel(r.level)) {
      knownCountries.add(r.code);
      for (const n of names) countries.set(fold(n), r.code);
    }
    for (const n of names) regions.set(fold(n), r.code);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
    if (knownCountries.has(code) && !countries.has(fold(alias))) countries.set(fold(alias), code);
  }
  const existing = tuning.duplicateIndex?.({}) ?? new DuplicateIndex();
  const records = await listInitiativeMatchKeys(q);
  for (const e of records) existing.add({ where: 'database', slug: e.slug, name: e.name }, e);
  return {
    countries,
    regions,
    sources: new Set((await sourceTitles(q)).keys()),
    knownCountries,
    existing,
    existingSlugs: new Set(records.map((e) => e.slug)),
    organisations: organisationCountries(records),
    sourceCode,
    ownSlugs: await initiativesCiting(q, sourceCode),
  };
}

/** The file's SHA-256, read alongside the import. */
function hashFile(file: string): Promise<string> {
  const sha = createHash('sha256');
  return new Promise<string>((resolve, reject) => {
    createReadStream(file)
      .on('data', (c) => sha.update(c))
      .on('end', () => resolve(sha.digest('hex')))
      .on('error', reject);
  });
}

/**
 * The plan step's look-ups inside the transaction: the file's earlier keys in `import_keys` (so
 * that a million rows stay on disk), and records and relation targets as written so far (the
 * records waiting in the batch are written first).
 */
function databaseLookups(trx: Kysely<Database>, run: Run): PlanLookups {
  const batchRows = run.options.batch?.batchRows ?? DEFAULT_BATCH_ROWS;
  return {
    keys: batchedKeyStore(trx, run.runId, batchRows),
    record: async (slug) => {
      await run.batch.flush();
      return findInitiativeBySlug(trx, slug);
    },
    existing: async (slugs) => {
      await run.batch.flush();
      return new Set((await idsBySlug(trx, slugs)).keys());
    },
    language:
      run.options.batch?.languageCache === false ? detectLanguage : cachedDetection(detectLanguage),
  };
}

/** Texts whose detected language an import remembers, so that a repeated text is detected once. */
const DETECTION_CACHE = 4096;

/**
 * A language detector that remembers its answers for the last few thousand distinct texts of a
 * run: CLD3 answers the same for the same text, so a text that repeats (rows sharing a name and
 * summary, a file imported with its duplicates) costs one detection.
 */
function cachedDetection(
  detect: (text: string) => Promise<LanguageGuess>,
): (text: string) => Promise<LanguageGuess> {
  const known = new Map<string, Promise<LanguageGuess>>();
  return (text) => {
    const hit = known.get(text);
    if (hit) return hit;
    if (known.size >= DETECTION_CACHE) known.clear();
    const guess = detect(text);
    known.set(text, guess);
    // A failed detection is not remembered: the next row tries again.
    guess.catch(() => known.delete(text));
    return guess;
  };
}

/**
 * Plans an import of a CSV/TSV, XLSX or JSON file of initiatives, and applies it with `apply`.
 * Either way the rows are written inside one transaction; a dry run (and an apply whose plan still
 * has blocked rows or open questions) rolls it back, so the plan is exactly what applying does and
 * the database is either fully updated or untouched.
 */
export async function importInitiatives(
  db: Db,
  file: string,
  given: ImportOptions = {},
): Promise<ImportSummary> {
  // Drafts may lack classification: the plan then lists what each one needs instead of blocking.
  const options: ImportOptions = given.drafts ? { ...given, asDrafts: true } : given;
  const q = db.kysely;
  const now = options.now ?? new Date().toISOString();
  const actor = options.actor ?? 'import';
  const preset = await loadPreset(q, options.preset);
  const table = await openTable(file, options);
  // Only spreadsheets get formula apostrophes from an export; JSON text is taken as it is.
  const resolved = resolveMapping(table.headers, options, preset, table.info.format !== 'json');
  if (!resolved.columns.some((c) => c.target === 'name')) {
    throw invalidFile(
      `${table.info.file}: no column was recognised as the initiative's name (columns: ${table.headers.join(', ')}); map one with --map "HEADER=name"`,
    );
  }
  options.onStart?.({ file: table.info, mapping: resolved.columns });
  const start: RunStart = {
    db,
    options,
    preset,
    table,
    resolved,
    now,
    actor,
    runId: randomUUID(),
    hashing: hashFile(file),
  };
  const { planner, sha256, run } = await planUnderLock(start);
  const notes: string[] = [...table.headerNotes, ...languageNotes(planner.languageFallbacks)];
  if (!planner.indexComplete) {
    notes.push(
      `this file is large, so similar names were looked for among its first records only (the word index stops at ${FILE_WORD_BUDGET.toLocaleString('en')} words, about 100,000 records); later rows were compared with the file by identifier, link, exact name and acronym, and with the database in full`,
    );
  }
  if (options.savePreset && !(options.apply && !run.refused)) {
    // A dry run (or a refused apply) writes nothing, the preset included.
    notes.push(
      `the preset ${options.savePreset} was not saved: nothing is written without --apply (or when an apply is refused)`,
    );
  } else if (options.savePreset) {
    const saved: ImportRules = {
      mapping: Object.fromEntries(resolved.columns.map((c) => [c.header, c.target])),
      defaults: resolved.rules.defaults,
      values: resolved.rules.values,
    };
    await saveImportPreset(q, options.savePreset, JSON.stringify(saved), { now, actor }).catch(
      (e: unknown) => Promise.reject(busyError(e)),
    );
    notes.push(
      `the column mapping, defaults and value mappings were saved as the preset ${options.savePreset}`,
    );
  }
  return {
    file: { ...table.info, sha256 },
    mapping: resolved.columns,
    applied: Boolean(options.apply) && !run.refused,
    rows: run.rowsRead - run.blankRows,
    blankRows: run.blankRows,
    actions: planner.counts,
    changes: planner.changes,
    flags: planner.flags,
    refused: run.refused,
    notes,
  };
}

/** The note on records given no language whose language could not be detected (none for 0). */
function languageNotes(n: number): string[] {
  if (n === 0) return [];
  const one = n === 1;
  return [
    `${n} ${one ? 'record gives' : 'records give'} no language and ${one ? 'its text is' : 'their texts are'} too short or unclear to detect it from, so ${one ? 'it is' : 'they are'} recorded as en; give a language column (an ISO 639-1 code such as ca) to say otherwise`,
  ];
}

/** What a planned run leaves: the planner's tallies, the file's checksum, and the run's counts. */
interface Planned {
  readonly planner: ImportPlanner;
  readonly sha256: string;
  readonly run: Run;
}

/**
 * Plans the run once it holds the import lock: a run that finds another import writing says so
 * through `onWait` and tries again after a pause that doubles each time, until `waitMs` is over;
 * then it is refused with a message saying what to do. Never the driver's "database is locked".
 */
async function planUnderLock(start: RunStart): Promise<Planned> {
  const { waitMs = DEFAULT_IMPORT_WAIT_MS, onWait } = start.options;
  const until = Date.now() + waitMs;
  for (
    let pause: number = LOCK_RETRY_MS.first;
    ;
    pause = Math.min(pause * 2, LOCK_RETRY_MS.longest)
  ) {
    try {
      return await planInTransaction(start);
    } catch (e) {
      if (!(e instanceof ImportLockTaken)) throw busyError(e);
    }
    const left = until - Date.now();
    if (left <= 0) {
      throw databaseUnavailable(
        `another import is writing to this database${waitMs > 0 ? ` and did not finish within ${Math.round(waitMs / 1000)} s` : ''}; nothing was written: run this import again when that one has finished${waitMs > 0 ? ', or wait longer with --wait SECONDS' : ', or let it wait with --wait SECONDS'}`,
      );
    }
    if (pause === LOCK_RETRY_MS.first)
      onWait?.('another import is running; waiting for it to finish…');
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
  }
}

/** SQLite's "database is locked" (another program holds the write lock) as a message saying what to do. */
function busyError(e: unknown): unknown {
  if ((e as { code?: string }).code !== 'SQLITE_BUSY') return e;
  return databaseUnavailable(
    'the database is locked by another program writing to it (another import, or a long write); nothing was written: try again when it has finished',
  );
}

/**
 * Plans and writes every record inside one transaction, which only an apply that nobody refused
 * commits: the plan a dry run shows is the one an apply executes. The transaction first takes the
 * import lock, then reads what the plan knows of the database, so that no other import's records
 * are missed.
 */
async function planInTransaction(start: RunStart): Promise<Planned> {
  try {
    return await start.db.kysely.transaction().execute(async (trx) => {
      if (!(await tryImportLock(trx, start.db.dialect))) throw new ImportLockTaken();
      const tuning = start.options.batch;
      const ctx = await loadContext(trx, importSourceCode(start), tuning);
      const batch = new InitiativeBatch(trx, start.db.dialect, start, start.options.batch);
      const run: Run = { ...start, ctx, batch, rowsRead: 0, blankRows: 0, sourceWritten: false };
      const lookups = databaseLookups(trx, run);
      const planner = new ImportPlanner(
        run.ctx,
        run.resolved.rules,
        run.options,
        lookups,
        tuning?.duplicateIndex,
      );
      await planRows(trx, run, planner);
      return { planner, sha256: await finishRun(trx, run, planner), run };
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
    return { planner: e.planner, sha256: await start.hashing, run: e.run };
  }
}

/** Streams the file's rows into records, and plans and writes each one as soon as it is whole. */
async function planRows(trx: Kysely<Database>, run: Run, planner: ImportPlanner): Promise<void> {
  const { table, options } = run;
  const gatherer = new RowGatherer(run.resolved.mapping);
  let lastProgress = 0;
  for await (const r of table.rows()) {
    run.rowsRead++;
    mapLateHeaders(r.cells, run.resolved, options, run.preset);
    const next = gatherer.push(r);
    if (!next) continue;
    if (next.done) await planGathered(trx, run, planner, next.done);
    if (options.onProgress && run.rowsRead - lastProgress >= (options.progressEvery ?? 1000)) {
      lastProgress = run.rowsRead;
      options.onProgress({
        rows: run.rowsRead,
        bytes: table.bytesRead(),
        totalBytes: table.info.bytes,
      });
    }
  }
  const last = gatherer.finish();
  if (last) await planGathered(trx, run, planner, last);
  run.blankRows = gatherer.blankRows;
  const bytes = table.info.bytes;
  options.onProgress?.({ rows: run.rowsRead, bytes, totalBytes: bytes });
}

/** Plans and writes the record(s) of a row and its continuation rows. */
function planGathered(
  trx: Kysely<Database>,
  run: Run,
  planner: ImportPlanner,
  { first, more }: GatheredRows,
): Promise<void> {
  return planner.planRows(first, more, (w) => writeRecord(trx, run, w), run.options.onRow);
}

/** Writes a planned record, and the file's own source before the first record that cites it. */
async function writeRecord(
  trx: Kysely<Database>,
  run: Run,
  write: RecordWrite,
): Promise<WriteOutcome> {
  const drafts = run.options.drafts;
  if (write.citesFile && !run.sourceWritten) {
    // The source's history entry goes after those of the records before it, as row by row.
    await run.batch.flush();
    const file = citedName(run);
    await upsertSource(
      trx,
      {
        code: run.ctx.sourceCode,
        title: file,
        publisher: 'Imported file',
        year: Number(run.now.slice(0, 4)),
        file,
      },
      { now: run.now, actor: run.actor },
    );
    run.ctx.sources.add(run.ctx.sourceCode);
    run.sourceWritten = true;
  }
  if (drafts) {
    return stageDraft(trx, drafts.actor, 'initiative', write.record, {
      now: run.now,
      reason: `imported from ${run.table.info.file}`,
      needs: write.needs,
    });
  }
  if (run.batch.fits(write.record, write.stored)) return run.batch.add(write.record);
  // Anything else is written as before, after the records waiting in the batch.
  await run.batch.flush();
  run.batch.wroteOutside(write.stored?.id);
  return saveInitiative(trx, write.record, run.actor, run.now, write.stored);
}

/**
 * Ends the transaction's work: refuses an apply with open questions or blocked rows, logs an
 * applied import, and rolls back whatever is not to be kept. Returns the file's SHA-256.
 */
async function finishRun(trx: Kysely<Database>, run: Run, planner: ImportPlanner): Promise<string> {
  const { counts } = planner;
  const { apply } = run.options;
  if (apply && counts.blocked + counts.decide > 0) {
    run.refused = `nothing was written: ${counts.blocked} ${counts.blocked === 1 ? 'row is' : 'rows are'} blocked and ${counts.decide} ${counts.decide === 1 ? 'row waits' : 'rows wait'} for a decision; fix the file or give the decisions the plan asks for, then apply again`;
  }
  // The last batch, and on SQLite the full-text indexes brought up to date (a rollback needs neither).
  await run.batch.finish(Boolean(apply) && !run.refused);
  const sha256 = await run.hashing;
  if (apply && !run.refused && counts.create + counts.update + counts.merge > 0) {
    const { info } = run.table;
    await logImport(trx, {
      sourceCode: run.sourceWritten || run.ctx.ownSlugs.size > 0 ? run.ctx.sourceCode : null,
      fileName: citedName(run),
      sha256,
      format: info.format,
      rows: run.rowsRead - run.blankRows,
      outcome: counts,
      actor: run.actor,
      at: run.now,
    });
  }
  if (!apply || run.refused) throw new DryRunRollback(planner, run);
  await deleteImportKeys(trx, run.runId);
  return sha256;
}
