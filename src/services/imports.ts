import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import { isContinuation, joinContinuation } from '../analysis/import/continuation.ts';
import type { ImportContext, RowRules, ValueChange, ValueFlag } from '../analysis/import/draft.ts';
import { type ColumnTarget, recogniseHeader } from '../analysis/import/header.ts';
import {
  type CountrySuggestion,
  DuplicateIndex,
  type DuplicateSuggestion,
  type ExactHit,
  type ExactKind,
  exactKeys,
  organisationCountries,
  shortKey,
  suggestCountries,
} from '../analysis/import/matching.ts';
import { normaliseRow } from '../analysis/import/row.ts';
import { fold, slugify } from '../analysis/import/text.ts';
import { COUNTRY_ALIASES } from '../analysis/import/vocabulary.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import type { InitiativeColumn } from '../domain/columns.ts';
import { AppError } from '../domain/errors.ts';
import { type InitiativeRecord, mergeInitiative } from '../domain/initiative.ts';
import { Initiative, type SourceRef } from '../domain/schemas.ts';
import { openTable, type Table, type TableInfo, type TableOptions } from '../io/table.ts';
import {
  addImportKeys,
  deleteImportKeys,
  findImportKeys,
  findImportPreset,
  type ImportKey,
  initiativesCiting,
  listImportPresets,
  listInitiativeMatchKeys,
  logImport,
  saveImportPreset,
} from '../repositories/imports.ts';
import { findInitiativeBySlug, idsBySlug } from '../repositories/initiatives.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles, upsertSource } from '../repositories/sources.ts';
import { saveInitiative } from './initiatives.ts';

/** A choice the user makes about a row: merge it (into a duplicate or with its continuation), keep it apart, skip it, or accept a suggestion. */
export type RowDecision = 'merge' | 'keep' | 'skip' | 'accept';

/** Column mapping, defaults and value mappings: what a preset saves. */
export interface ImportRules {
  readonly mapping?: Readonly<Record<string, ColumnTarget>>;
  readonly defaults?: Readonly<Partial<Record<InitiativeColumn, string>>>;
  readonly values?: Readonly<Partial<Record<InitiativeColumn, Readonly<Record<string, string>>>>>;
}

/** Everything an import run is told. */
export interface ImportOptions extends TableOptions, ImportRules {
  /** Write the plan's result; without it the run is a dry run that writes nothing. */
  readonly apply?: boolean;
  /** A saved preset to start from; the other rules given here override it. */
  readonly preset?: string;
  /** Save the rules used as a preset of this name. */
  readonly savePreset?: string;
  /** Decisions about single rows, by the row number the plan shows. */
  readonly decisions?: ReadonlyMap<number, RowDecision>;
  /** One decision for every suspected duplicate that has none of its own. */
  readonly duplicates?: 'merge' | 'keep' | 'skip';
  /** One decision for every detected continuation row. */
  readonly continuations?: 'merge' | 'keep';
  /** Accept the strongest home-country suggestion wherever a row has no country. */
  readonly acceptSuggestions?: boolean;
  readonly actor?: string;
  readonly now?: string;
  /** Called with each row's plan as soon as it is known. */
  readonly onRow?: (row: PlanRow) => void;
  /** Called with the mapping once the header is read, before any row. */
  readonly onStart?: (start: { file: TableInfo; mapping: PlanColumn[] }) => void;
  /** Called now and then with the rows done and bytes read. */
  readonly onProgress?: (progress: { rows: number; bytes: number; totalBytes: number }) => void;
}

/** How one column of the file is read. */
export interface PlanColumn {
  readonly header: string;
  readonly target: ColumnTarget;
  readonly how: 'recognised' | 'preset' | 'given' | 'unknown';
  readonly note?: string;
}

/** What the import does with a row. */
export type RowAction = 'create' | 'update' | 'unchanged' | 'merge' | 'skip' | 'blocked' | 'decide';

/** The plan for one record of the file (one row, or a row with its continuation rows). */
export interface PlanRow {
  readonly row: number;
  /** All rows of the file that make this record (more than one when continuation rows are joined). */
  readonly rows: readonly number[];
  readonly label?: string;
  readonly slug: string;
  readonly name: string;
  readonly action: RowAction;
  /** The record updated or merged into. */
  readonly target?: string;
  readonly changes: readonly ValueChange[];
  readonly flags: readonly ValueFlag[];
  readonly duplicates: readonly DuplicateSuggestion[];
  readonly countrySuggestions: readonly CountrySuggestion[];
  /** Rows below this one that look like its continuation, and what was decided. */
  readonly continuation?: {
    readonly rows: readonly number[];
    readonly decision: 'merge' | 'keep' | 'pending';
  };
  /** Decisions the row is waiting for, each saying how to give it. */
  readonly questions: readonly string[];
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

class DryRunRollback extends Error {}

/** Record-word pairs of the file indexed for similar names (about 100,000 records' worth). */
const FILE_WORD_BUDGET = 500_000;

const ACTIONS: readonly RowAction[] = [
  'create',
  'update',
  'unchanged',
  'merge',
  'skip',
  'blocked',
  'decide',
];

/** The source code an import of a file cites, from its file name. */
function importSourceCode(fileName: string): string {
  return `import-${slugify(fileName)}`.slice(0, 100).replace(/-+$/, '');
}

function parseRules(text: string, name: string): ImportRules {
  try {
    return JSON.parse(text) as ImportRules;
  } catch {
    throw new AppError(
      'invalid_data',
      `import preset ${name} is damaged; save it again with --save-preset`,
    );
  }
}

async function loadContext(
  q: Kysely<Database>,
): Promise<ImportContext & { sources: Set<string>; knownCountries: Set<string> }> {
  const regions = await listRegions(q);
  const countries = new Map<string, string>();
  const regionNames = new Map<string, string>();
  const knownCountries = new Set<string>();
  for (const r of regions) {
    const names = [r.code, r.name, r.native_name].filter((n): n is string => !!n);
    if (r.level === 'country') {
      knownCountries.add(r.code);
      for (const n of names) countries.set(fold(n), r.code);
    }
    for (const n of names) regionNames.set(fold(n), r.code);
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) {
    if (knownCountries.has(code) && !countries.has(fold(alias))) countries.set(fold(alias), code);
  }
  return {
    countries,
    regions: regionNames,
    sources: new Set((await sourceTitles(q)).keys()),
    knownCountries,
  };
}

function resolveMapping(
  headers: readonly string[],
  rules: ImportRules,
  preset: ImportRules,
): { mapping: Map<string, ColumnTarget>; columns: PlanColumn[]; statusAsOf?: string } {
  const mapping = new Map<string, ColumnTarget>();
  const columns: PlanColumn[] = [];
  let statusAsOf: string | undefined;
  for (const header of headers) {
    const recognised = recogniseHeader(header);
    const given = rules.mapping?.[header];
    const saved = preset.mapping?.[header];
    const target = given ?? saved ?? recognised.target ?? 'extra';
    const how = given ? 'given' : saved ? 'preset' : recognised.target ? 'recognised' : 'unknown';
    if (target === 'status' && recognised.asOf) statusAsOf = recognised.asOf;
    mapping.set(header, target);
    const note =
      how === 'recognised' && target === 'ignore'
        ? 'about the respondent, not the initiative: personal data, not imported'
        : undefined;
    columns.push({ header, target, how, ...(note ? { note } : {}) });
  }
  // Two columns recognised as one field (a survey's respondent "Name" and "Name of the
  // initiative"): the longer, more specific header wins and the other is kept as an extra field.
  const byTarget = new Map<ColumnTarget, PlanColumn[]>();
  for (const c of columns) {
    if (c.how === 'recognised') byTarget.set(c.target, [...(byTarget.get(c.target) ?? []), c]);
  }
  for (const [target, same] of byTarget) {
    if (same.length < 2 || target === 'extra' || target === 'ignore') continue;
    const keep = [...same].sort((a, b) => b.header.length - a.header.length)[0];
    for (const c of same) {
      if (c === keep) continue;
      mapping.set(c.header, 'extra');
      columns[columns.indexOf(c)] = {
        header: c.header,
        target: 'extra',
        how: 'recognised',
        note: `also looks like ${target}, which “${keep?.header}” gives; map it with --map if it is the right one`,
      };
    }
  }
  for (const header of Object.keys(rules.mapping ?? {})) {
    if (!headers.includes(header)) {
      throw new AppError(
        'invalid_parameter',
        `--map names a column "${header}" that the file does not have; its columns are: ${headers.join(', ')}`,
      );
    }
  }
  return { mapping, columns, statusAsOf };
}

function emptyCounts(): Record<RowAction, number> {
  return Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<RowAction, number>;
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
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const q = db.kysely;
  const now = options.now ?? new Date().toISOString();
  const actor = options.actor ?? 'import';
  const presetText = options.preset ? await findImportPreset(q, options.preset) : undefined;
  if (options.preset && presetText === undefined) {
    const saved = await listImportPresets(q);
    throw new AppError(
      'invalid_parameter',
      `there is no import preset named ${options.preset}; ${saved.length > 0 ? `saved presets: ${saved.join(', ')}` : 'save one with --save-preset'}`,
    );
  }
  const preset = presetText && options.preset ? parseRules(presetText, options.preset) : {};
  const table: Table = await openTable(file, options);
  const { mapping, columns, statusAsOf } = resolveMapping(table.headers, options, preset);
  const rules: RowRules = {
    mapping,
    defaults: { ...preset.defaults, ...options.defaults },
    values: mergeValueMaps(preset.values, options.values),
    statusAsOf,
    // Only spreadsheets get formula apostrophes from an export; JSON text is taken as it is.
    restoreFormulas: table.info.format !== 'json',
  };
  if (!columns.some((c) => c.target === 'name')) {
    throw new AppError(
      'invalid_file',
      `${table.info.file}: no column was recognised as the initiative's name (columns: ${table.headers.join(', ')}); map one with --map "HEADER=name"`,
    );
  }
  options.onStart?.({ file: table.info, mapping: columns });

  const ctx = await loadContext(q);
  const existing = await listInitiativeMatchKeys(q);
  const dbIndex = new DuplicateIndex();
  for (const e of existing) dbIndex.add({ where: 'database', slug: e.slug, name: e.name }, e);
  const organisations = organisationCountries(existing);
  const dbSlugs = new Set(existing.map((e) => e.slug));
  existing.length = 0;
  const sourceCode = importSourceCode(table.info.file);
  const ownSlugs = await initiativesCiting(q, sourceCode);

  const counts = emptyCounts();
  const notes: string[] = [];
  let changes = 0;
  let flags = 0;
  let rowsRead = 0;
  let blankRows = 0;
  let sourceWritten = false;
  // The file's own earlier rows: exact keys and row labels in a table inside the transaction
  // (so a million rows stay on disk), names by rare words in a bounded in-memory index.
  const runId = randomUUID();
  const fileIndex = new DuplicateIndex({ wordBudget: FILE_WORD_BUDGET, exact: false });
  const decisionFor = (rows: readonly number[]) => {
    for (const r of rows) {
      const d = options.decisions?.get(r);
      if (d) return d;
    }
    return undefined;
  };
  const sha = createHash('sha256');
  const hashing = new Promise<string>((resolve, reject) => {
    createReadStream(file)
      .on('data', (c) => sha.update(c))
      .on('end', () => resolve(sha.digest('hex')))
      .on('error', reject);
  });

  const processRecord = async (
    trx: Kysely<Database>,
    first: { row: number; cells: Readonly<Record<string, string>> },
    more: readonly { row: number; cells: Readonly<Record<string, string>> }[],
  ): Promise<void> => {
    const rows = [first.row, ...more.map((m) => m.row)];
    const questions: string[] = [];
    let continuation: PlanRow['continuation'];
    let cells = first.cells;
    if (more.length > 0) {
      const d = decisionFor(rows);
      const decision = d === 'merge' || d === 'keep' ? d : (options.continuations ?? 'pending');
      continuation = { rows: more.map((m) => m.row), decision };
      if (decision === 'keep') {
        await processRecord(trx, first, []);
        for (const m of more) await processRecord(trx, m, []);
        return;
      }
      cells = joinContinuation(
        first.cells,
        more.map((m) => m.cells),
      );
      if (decision === 'pending') {
        questions.push(
          `rows ${rows.join(', ')} look like one record split over ${rows.length} lines: join them with --decide ${first.row}=merge, keep them apart with --decide ${first.row}=keep, or decide all with --continuations merge|keep`,
        );
      }
    }
    const n = normaliseRow(first.row, cells, rules, ctx);
    const rowFlags = [...n.flags];
    const rowChanges = [...n.changes];
    if (more.length > 0) {
      rowChanges.push({
        row: first.row,
        field: 'row',
        original: rows.join(' + '),
        normalised: String(first.row),
        rule: 'continuation rows joined into one record',
      });
    }
    const candidate = { ...n.candidate } as Record<string, unknown> & {
      extra?: Record<string, string>;
    };
    const name = (candidate.name as string | undefined) ?? '';
    const explicitSlug = candidate.slug as string | undefined;
    let slug = explicitSlug ?? slugify(name);
    const keys = {
      slug,
      name,
      acronym: candidate.acronym as string | undefined,
      website: candidate.website as string | undefined,
    };
    const labelKey = n.label === undefined ? undefined : shortKey(n.label);
    const earlier = await findImportKeys(trx, runId, [
      ...exactKeys(keys),
      ...(labelKey ? [{ kind: 'label', key: labelKey }] : []),
    ]);
    if (n.label !== undefined) {
      const seen = earlier.find((k) => k.kind === 'label')?.row;
      if (seen !== undefined) {
        rowFlags.push({
          row: first.row,
          field: 'row_label',
          value: n.label,
          problem: `the file numbers this row ${n.label}, as it does row ${seen}; both are imported, each citing its own row`,
          severity: 'kept',
        });
      }
    }
    const hits: ExactHit[] = earlier
      .filter((k) => k.kind !== 'label')
      .map((k) => ({
        kind: k.kind as ExactKind,
        ref: { where: 'file', row: k.row, slug: k.slug, name: k.name },
      }));

    // Identity and duplicates: an explicit slug, or a derived one this file created before, is
    // the same record; anything else that looks alike waits for the user's choice.
    const inDb = dbSlugs.has(slug) || hits.some((h) => h.kind === 'slug');
    const isOwn = explicitSlug !== undefined ? inDb : inDb && ownSlugs.has(slug);
    const found = [
      ...dbIndex.find(keys, isOwn ? slug : undefined),
      ...fileIndex.find(keys, undefined, hits),
    ];
    // Acronym alone is shown but asks for no decision: short acronyms repeat across countries.
    const duplicates = found.filter((d) => d.evidence.some((e) => e.kind !== 'same_acronym'));
    let target: string | undefined = isOwn ? slug : undefined;
    let action: RowAction | undefined;
    let mergeInto: string | undefined;
    let updateOwn = false;
    /** The record merged into, read once and handed on to the write. */
    let base: InitiativeRecord | undefined;
    const top = duplicates[0];
    if (isOwn && explicitSlug === undefined) {
      // This file wrote to the record before. Rows it created are updated from the row (its
      // values win, sets grow); rows it merged into a record from elsewhere are merged again.
      // Either way the same file changes nothing the second time, even where other rows of it
      // were merged into the record.
      mergeInto = slug;
      base = await findInitiativeBySlug(trx, slug);
      updateOwn = base?.sources[0]?.source === sourceCode;
    } else if (top && !isOwn && explicitSlug === undefined) {
      // A row with a slug names its record (an atlas export, a curated sheet): look-alikes are
      // shown, not asked about. Rows without one wait for the user's choice.
      const d = decisionFor(rows);
      const decision = d === 'merge' || d === 'keep' || d === 'skip' ? d : options.duplicates;
      if (decision === 'skip') action = 'skip';
      else if (decision === 'merge') mergeInto = top.of.slug;
      else if (decision === 'keep') {
        if (!isOwn && inDb) {
          const taken = slug;
          for (let k = 2; ; k++) {
            slug = `${taken.slice(0, 76)}-${k}`;
            if (dbSlugs.has(slug)) continue;
            const used = await findImportKeys(trx, runId, [{ kind: 'slug', key: shortKey(slug) }]);
            if (used.length === 0) break;
          }
          rowChanges.push({
            row: first.row,
            field: 'slug',
            original: taken,
            normalised: slug,
            rule: 'kept apart from its duplicate under a new identifier',
          });
        }
      } else {
        const where =
          top.of.where === 'database'
            ? `the existing record ${top.of.slug}`
            : `row ${top.of.row} of this file`;
        questions.push(
          `may duplicate ${where} (${top.evidence.map((e) => e.detail).join('; ')}): choose --decide ${first.row}=merge, =keep or =skip, or decide all with --duplicates merge|keep|skip`,
        );
      }
    }
    // A merge takes what the row lacks from the record it joins.
    let flagsNow = mergeInto ? rowFlags.filter((f) => !f.missing) : rowFlags;

    // Home country: suggestions where there is none, applied only with consent.
    let countrySuggestions: CountrySuggestion[] = [];
    const countryProblem = flagsNow.some((f) => f.field === 'home_country');
    if (!candidate.homeCountry && !countryProblem && !mergeInto && action !== 'skip') {
      countrySuggestions = suggestCountries(
        { name, website: candidate.website as string | undefined },
        ctx.knownCountries,
        organisations,
      );
      const best = countrySuggestions[0];
      const accepted = decisionFor(rows) === 'accept' || options.acceptSuggestions;
      if (best && accepted) {
        candidate.homeCountry = best.country;
        rowChanges.push({
          row: first.row,
          field: 'home_country',
          original: '',
          normalised: best.country,
          rule: `suggestion accepted: ${best.reason}`,
        });
      } else {
        const hint = best
          ? ` The best suggestion is ${best.country} (${best.reason}; ${Math.round(best.confidence * 100)}%): accept it with --decide ${first.row}=accept or --accept-suggestions.`
          : '';
        flagsNow = [
          ...flagsNow,
          {
            row: first.row,
            field: 'home_country',
            value: '',
            problem: `is empty; give it in the file or with --default home_country=CODE.${hint}`,
            severity: 'blocking',
            missing: true,
          },
        ];
      }
    }

    candidate.slug = slug;
    if (!candidate.sources) {
      const note =
        rows.length > 1
          ? `rows ${rows.join(', ')} of the file`
          : n.label
            ? `numbered ${n.label} in the file`
            : undefined;
      candidate.sources = [
        {
          source: sourceCode,
          row: String(first.row),
          ...(note ? { note } : {}),
        } satisfies SourceRef,
      ];
    }
    // Relations must point at records that exist by now; others are kept as extra text.
    const relations = (candidate.relations as { kind: string; target: string }[] | undefined) ?? [];
    if (relations.length > 0) {
      const ids = await idsBySlug(
        trx,
        relations.map((r) => r.target),
      );
      const missing = relations.filter((r) => !ids.has(r.target));
      if (missing.length > 0) {
        candidate.relations = relations.filter((r) => ids.has(r.target));
        candidate.extra = {
          ...candidate.extra,
          relations: missing.map((r) => `${r.kind}:${r.target}`).join('; '),
        };
        for (const r of missing)
          flagsNow.push({
            row: first.row,
            field: 'relations',
            value: `${r.kind}:${r.target}`,
            problem: 'points at an initiative the atlas does not have; kept as an extra field',
            severity: 'kept',
          });
      }
    }

    let record: Initiative | undefined;
    if (!action && !flagsNow.some((f) => f.severity === 'blocking')) {
      let content: unknown = candidate;
      if (mergeInto) base ??= await findInitiativeBySlug(trx, mergeInto);
      if (mergeInto && !base) {
        flagsNow.push({
          row: first.row,
          field: 'row',
          value: '',
          problem: `cannot be merged into ${mergeInto}, which this import does not write (is that row blocked or skipped?)`,
          severity: 'blocking',
        });
      } else if (mergeInto && base) {
        const { id, version, createdAt, updatedAt, ...existingContent } = base;
        const { slug: _own, ...incoming } = candidate;
        const { merged, conflicts } = mergeInitiative(
          existingContent,
          incoming as Partial<Initiative>,
          `row ${first.row}`,
          updateOwn,
        );
        for (const c of conflicts) {
          flagsNow.push({
            row: first.row,
            field: c.field,
            value: c.other,
            problem: `differs from ${mergeInto}'s “${c.kept}”, which is kept; this value is kept as an extra field`,
            severity: 'kept',
          });
        }
        content = merged;
        target = mergeInto;
        slug = mergeInto;
      }
      const parsed = flagsNow.some((f) => f.severity === 'blocking')
        ? undefined
        : Initiative.safeParse(content);
      if (parsed?.success) record = parsed.data;
      else {
        for (const issue of parsed?.error.issues ?? []) {
          flagsNow.push({
            row: first.row,
            field: issue.path.join('.') || 'row',
            value: '',
            problem: issue.message,
            severity: 'blocking',
          });
        }
      }
    }
    if (!action) {
      if (flagsNow.some((f) => f.severity === 'blocking')) action = 'blocked';
      else if (questions.length > 0) action = 'decide';
    }
    if (!action && record) {
      if (record.sources.some((s) => s.source === sourceCode) && !sourceWritten) {
        await upsertSource(
          trx,
          {
            code: sourceCode,
            title: table.info.file,
            publisher: 'Imported file',
            year: Number(now.slice(0, 4)),
            file: table.info.file,
          },
          { now, actor },
        );
        ctx.sources.add(sourceCode);
        sourceWritten = true;
      }
      // The record as read above (or known not to exist), so that it is not read again.
      const outcome = await saveInitiative(
        trx,
        record,
        actor,
        now,
        mergeInto ? base : inDb ? undefined : null,
      );
      if (mergeInto && !updateOwn) action = outcome === 'unchanged' ? 'unchanged' : 'merge';
      else if (updateOwn) action = outcome === 'unchanged' ? 'unchanged' : 'update';
      else {
        action = outcome === 'created' ? 'create' : outcome === 'updated' ? 'update' : 'unchanged';
        if (outcome !== 'created') target = slug;
      }
    }
    action ??= 'blocked';
    const remembered: ImportKey[] = labelKey
      ? [{ kind: 'label', key: labelKey, row: first.row, slug, name }]
      : [];
    if (action !== 'skip' && action !== 'merge') {
      for (const k of exactKeys({ ...keys, slug }))
        remembered.push({ ...k, row: first.row, slug, name });
      fileIndex.add({ where: 'file', row: first.row, slug, name }, { ...keys, slug });
    }
    await addImportKeys(trx, runId, remembered);
    counts[action]++;
    changes += rowChanges.length;
    flags += flagsNow.length;
    options.onRow?.({
      row: first.row,
      rows,
      label: n.label,
      slug,
      name,
      action,
      target,
      changes: rowChanges,
      flags: flagsNow,
      duplicates: found,
      countrySuggestions,
      continuation,
      questions,
    });
  };

  let refused: string | undefined;
  const run = async (trx: Kysely<Database>) => {
    let unit:
      | {
          first: { row: number; cells: Readonly<Record<string, string>> };
          more: { row: number; cells: Readonly<Record<string, string>> }[];
        }
      | undefined;
    let lastProgress = 0;
    for await (const r of table.rows()) {
      rowsRead++;
      for (const h of Object.keys(r.cells)) {
        if (!mapping.has(h)) {
          const target = recogniseHeader(h).target ?? 'extra';
          mapping.set(h, options.mapping?.[h] ?? preset.mapping?.[h] ?? target);
          columns.push({ header: h, target: mapping.get(h) as ColumnTarget, how: 'recognised' });
        }
      }
      if (Object.values(r.cells).every((v) => v.trim() === '')) {
        blankRows++;
        continue;
      }
      if (unit && isContinuation(unit.first.cells, r.cells, mapping)) {
        unit.more.push(r);
        continue;
      }
      if (unit) await processRecord(trx, unit.first, unit.more);
      unit = { first: r, more: [] };
      if (options.onProgress && rowsRead - lastProgress >= 1000) {
        lastProgress = rowsRead;
        options.onProgress({
          rows: rowsRead,
          bytes: table.bytesRead(),
          totalBytes: table.info.bytes,
        });
      }
    }
    if (unit) await processRecord(trx, unit.first, unit.more);
    options.onProgress?.({ rows: rowsRead, bytes: table.info.bytes, totalBytes: table.info.bytes });
    const open = counts.blocked + counts.decide;
    if (options.apply && open > 0) {
      refused = `nothing was written: ${counts.blocked} ${counts.blocked === 1 ? 'row is' : 'rows are'} blocked and ${counts.decide} ${counts.decide === 1 ? 'row waits' : 'rows wait'} for a decision; fix the file or give the decisions the plan asks for, then apply again`;
    }
    const sha256 = await hashing;
    if (options.apply && !refused && counts.create + counts.update + counts.merge > 0) {
      await logImport(trx, {
        sourceCode: sourceWritten || ownSlugs.size > 0 ? sourceCode : null,
        fileName: table.info.file,
        sha256,
        format: table.info.format,
        rows: rowsRead - blankRows,
        outcome: counts,
        actor,
        at: now,
      });
    }
    if (!options.apply || refused) throw new DryRunRollback();
    await deleteImportKeys(trx, runId);
    return sha256;
  };

  let sha256: string;
  try {
    sha256 = await q.transaction().execute(run);
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
    sha256 = await hashing;
  }
  if (!fileIndex.complete) {
    notes.push(
      `this file is large, so similar names were looked for among its first records only (the word index stops at ${FILE_WORD_BUDGET.toLocaleString('en')} words, about 100,000 records); later rows were compared with the file by identifier, link, exact name and acronym, and with the database in full`,
    );
  }
  if (options.savePreset) {
    const saved: ImportRules = {
      mapping: Object.fromEntries(columns.map((c) => [c.header, c.target])),
      defaults: rules.defaults,
      values: rules.values,
    };
    await saveImportPreset(q, options.savePreset, JSON.stringify(saved), { now, actor });
    notes.push(
      `the column mapping, defaults and value mappings were saved as the preset ${options.savePreset}`,
    );
  }
  return {
    file: { ...table.info, sha256 },
    mapping: columns,
    applied: Boolean(options.apply) && !refused,
    rows: rowsRead - blankRows,
    blankRows,
    actions: counts,
    changes,
    flags,
    refused,
    notes,
  };
}

function mergeValueMaps(
  a: ImportRules['values'] = {},
  b: ImportRules['values'] = {},
): RowRules['values'] {
  const out: Record<string, Record<string, string>> = {};
  for (const src of [a, b]) {
    for (const [field, map] of Object.entries(src)) {
      out[field] = {
        ...out[field],
        ...Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [fold(k), v])),
      };
    }
  }
  return out;
}
