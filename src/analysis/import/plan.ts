import type { ColumnTarget } from '../../domain/columns.ts';
import { type InitiativeRecord, mergeInitiative } from '../../domain/initiative.ts';
import { DEFAULT_LANGUAGE, type LanguageGuess } from '../../domain/languages.ts';
import { Initiative, type SourceRef } from '../../domain/schemas.ts';
import { joinContinuation } from './continuation.ts';
import type { ImportContext, RowRules, ValueChange, ValueFlag } from './draft.ts';
import {
  type CountrySuggestion,
  type DuplicateFinder,
  DuplicateIndex,
  type DuplicateIndexOptions,
  type DuplicateSuggestion,
  type ExactHit,
  type ExactKind,
  exactKeys,
  type MatchKeys,
  shortKey,
  suggestCountries,
} from './matching.ts';
import { type NormalisedRow, normaliseRow } from './row.ts';
import { slugify } from './text.ts';

/**
 * The plan step of an import: a record of the file (a row, or a row with its continuation rows)
 * in, its plan out: normalised fields, identity, look-alikes, the user's decisions, and the record
 * to write. It reads no database: what it knows of the atlas comes in as data (`PlanContext`),
 * and the few look-ups that depend on what this import did so far (the file's earlier keys,
 * records it merges into, relation targets) are injected functions (`PlanLookups`). The caller
 * writes the planned record and hands the outcome back to `settle`, which finishes the row's plan.
 */

/** A choice the user makes about a row: merge it (into a duplicate or with its continuation), keep it apart, skip it, or accept a suggestion. */
export type RowDecision = 'merge' | 'keep' | 'skip' | 'accept';

/** What the import does with a row. */
export type RowAction = 'create' | 'update' | 'unchanged' | 'merge' | 'skip' | 'blocked' | 'decide';

/** Every row action, in the order summaries list them. */
export const ROW_ACTIONS: readonly RowAction[] = [
  'create',
  'update',
  'unchanged',
  'merge',
  'skip',
  'blocked',
  'decide',
];

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

/** The user's decisions: about single rows, and one for all rows of a kind. */
export interface PlanDecisions {
  /** Decisions about single rows, by the row number the plan shows. */
  readonly decisions?: ReadonlyMap<number, RowDecision>;
  /** One decision for every suspected duplicate that has none of its own. */
  readonly duplicates?: 'merge' | 'keep' | 'skip';
  /** One decision for every detected continuation row. */
  readonly continuations?: 'merge' | 'keep';
  /** Accept the strongest home-country suggestion wherever a row has no country. */
  readonly acceptSuggestions?: boolean;
  /**
   * The records become drafts for review: a row that lacks only classification (home country,
   * structural type, domain, status, scope) is planned as a draft that needs classification,
   * listing what is missing, instead of blocking the file.
   */
  readonly asDrafts?: boolean;
}

/** The classification fields a draft may lack, by column, with their field in the schema. */
const CLASSIFICATION: Readonly<Record<string, string>> = {
  home_country: 'homeCountry',
  type: 'type',
  domain: 'domain',
  status: 'status',
  scopes: 'scopes',
};

/** A row of the file: its number, its cells by header, and what the reader noted about them. */
export interface FileRow {
  readonly row: number;
  readonly cells: Readonly<Record<string, string>>;
  /** Cells the reader changed or doubts (control characters removed, a ragged row, a number kept as text). */
  readonly notes?: readonly {
    readonly field: string;
    readonly value: string;
    readonly problem: string;
  }[];
}

/** A key of a record planned earlier in the run: which row gave it, under what slug and name. */
export interface FileKey {
  readonly kind: string;
  readonly key: string;
  readonly row: number;
  readonly slug: string;
  readonly name: string;
}

/**
 * Where the keys of the file's earlier records are kept: a database table for a file of any size
 * (the import service), memory for a handful of rows. A key already taken keeps its first row.
 */
export interface FileKeyStore {
  find(wanted: readonly { readonly kind: string; readonly key: string }[]): Promise<FileKey[]>;
  add(keys: readonly FileKey[]): Promise<void>;
}

/** A key store in memory, for inputs small enough to hold (a form, a test). */
export function memoryKeyStore(): FileKeyStore {
  const keys = new Map<string, FileKey>();
  return {
    async find(wanted) {
      return wanted.flatMap((w) => keys.get(`${w.kind}:${w.key}`) ?? []);
    },
    async add(more) {
      for (const k of more) if (!keys.has(`${k.kind}:${k.key}`)) keys.set(`${k.kind}:${k.key}`, k);
    },
  };
}

/** What the plan knows of the atlas before the first row, as data. */
export interface PlanContext extends ImportContext {
  /** Codes of the countries in the atlas, for suggestions. */
  readonly knownCountries: ReadonlySet<string>;
  /** The existing records' match keys (slug, link, name, acronym, similar names). */
  readonly existing: DuplicateFinder;
  readonly existingSlugs: ReadonlySet<string>;
  /** Words of organisation names that tell a country (see organisationCountries). */
  readonly organisations: ReadonlyMap<string, { country: string; count: number }>;
  /** The source code this file's records cite (see importSourceCode). */
  readonly sourceCode: string;
  /** Slugs of records that already cite the file's source: an earlier import of this file wrote them. */
  readonly ownSlugs: ReadonlySet<string>;
}

/** Look-ups whose answer depends on what the run wrote so far. */
export interface PlanLookups {
  readonly keys: FileKeyStore;
  /** A record as it is now (written by this run or before), by slug. */
  record(slug: string): Promise<InitiativeRecord | undefined>;
  /** Which of the slugs name records that exist now. */
  existing(slugs: readonly string[]): Promise<ReadonlySet<string>>;
  /** The language of a text, when it can be told; without it a record given none is in English. */
  language?(text: string): Promise<LanguageGuess>;
}

/** What writing a planned record did. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/** A record the plan says to write, with what the writer needs to know of it. */
export interface RecordWrite {
  readonly record: Initiative;
  /** The stored record as the plan read it, null when it knows there is none, undefined when unknown. */
  readonly stored: InitiativeRecord | null | undefined;
  /** Whether the record cites the file itself, so that the file's source must exist. */
  readonly citesFile: boolean;
  /** Classification fields (schema names) the record lacks: it is written as a draft that needs them. */
  readonly needs?: readonly string[];
}

/** A record of the file to plan: its rows, its (joined) cells, and what its continuation asks. */
export interface RecordInput {
  readonly first: FileRow;
  readonly rows: readonly number[];
  readonly cells: Readonly<Record<string, string>>;
  /** The reader's notes on the rows' cells, as flags of values kept. */
  readonly readerFlags?: readonly ValueFlag[];
  readonly continuation?: PlanRow['continuation'];
  readonly questions: readonly string[];
}

/** The plan of a record before it is written: see `ImportPlanner.plan`. */
export interface RecordPlan {
  /** Present when the record is to be written. */
  readonly write?: RecordWrite;
  /** @internal The working state that `settle` finishes. */
  readonly state: Working;
}

/** Record-word pairs of the file indexed for similar names (about 100,000 records' worth). */
export const FILE_WORD_BUDGET = 500_000;

/** The reader's notes on rows, as flags: the values were kept, as the file has them or cleaned. */
function readerFlags(rows: readonly FileRow[]): ValueFlag[] {
  return rows.flatMap((r) =>
    (r.notes ?? []).map((n) => ({ row: r.row, ...n, severity: 'kept' as const })),
  );
}

/** The first decision given for any of the rows. */
function decisionFor(rows: readonly number[], given: PlanDecisions): RowDecision | undefined {
  for (const r of rows) {
    const d = given.decisions?.get(r);
    if (d) return d;
  }
  return undefined;
}

/**
 * The records a row and its continuation rows make: one, joined, unless the user keeps them
 * apart; joined without a decision, the record asks for one.
 */
export function recordsOf(
  first: FileRow,
  more: readonly FileRow[],
  given: PlanDecisions,
  mapping: ReadonlyMap<string, ColumnTarget>,
): RecordInput[] {
  const single = (r: FileRow): RecordInput => ({
    first: r,
    rows: [r.row],
    cells: r.cells,
    readerFlags: readerFlags([r]),
    questions: [],
  });
  if (more.length === 0) return [single(first)];
  const rows = [first.row, ...more.map((m) => m.row)];
  const d = decisionFor(rows, given);
  const decision = d === 'merge' || d === 'keep' ? d : (given.continuations ?? 'pending');
  if (decision === 'keep') return [first, ...more].map(single);
  const cells = joinContinuation(
    first.cells,
    more.map((m) => m.cells),
    mapping,
  );
  const questions =
    decision === 'pending'
      ? [
          `rows ${rows.join(', ')} look like one record split over ${rows.length} lines: join them with --decide ${first.row}=merge, keep them apart with --decide ${first.row}=keep, or decide all with --continuations merge|keep`,
        ]
      : [];
  const continuation: PlanRow['continuation'] = { rows: more.map((m) => m.row), decision };
  return [
    { first, rows, cells, readerFlags: readerFlags([first, ...more]), continuation, questions },
  ];
}

/** A record's plan while it is worked out. */
interface Working {
  readonly input: RecordInput;
  readonly n: NormalisedRow;
  readonly candidate: Record<string, unknown> & { extra?: Record<string, string> };
  readonly name: string;
  readonly explicitSlug: string | undefined;
  /** The keys the record was looked up by (its slug before any renaming). */
  readonly keys: MatchKeys;
  readonly labelKey: string | undefined;
  readonly changes: ValueChange[];
  flags: ValueFlag[];
  readonly questions: string[];
  readonly found: DuplicateSuggestion[];
  readonly inDb: boolean;
  readonly isOwn: boolean;
  slug: string;
  target?: string;
  action?: RowAction;
  mergeInto?: string;
  updateOwn: boolean;
  /** The record merged into, read once and handed on to the write. */
  base?: InitiativeRecord;
  countrySuggestions: CountrySuggestion[];
  record?: Initiative;
  /** Classification fields a draft lacks (schema names), when the run writes drafts. */
  needs?: string[];
}

/** The exact keys in the order exactKeys gives them, strongest evidence first. */
const EXACT_ORDER: readonly string[] = ['slug', 'link', 'name', 'acronym'];

const isBlocking = (flags: readonly ValueFlag[]) => flags.some((f) => f.severity === 'blocking');

/**
 * Plans the records of a file one after the other, remembering each one's keys so that later
 * rows find it, and counting what the plan does.
 */
export class ImportPlanner {
  readonly counts = Object.fromEntries(ROW_ACTIONS.map((a) => [a, 0])) as Record<RowAction, number>;
  changes = 0;
  flags = 0;
  /** Records given no language whose language could not be told from their text: written as en. */
  languageFallbacks = 0;
  // The file's names by rare words, bounded: exact keys go to the key store instead.
  private readonly fileIndex: DuplicateFinder;

  /** `makeIndex` makes the file's index (a test passes a reference implementation to compare with). */
  constructor(
    private readonly ctx: PlanContext,
    private readonly rules: RowRules,
    private readonly given: PlanDecisions,
    private readonly lookups: PlanLookups,
    makeIndex: (options: DuplicateIndexOptions) => DuplicateFinder = (o) => new DuplicateIndex(o),
  ) {
    this.fileIndex = makeIndex({ wordBudget: FILE_WORD_BUDGET, exact: false });
  }

  /** False once the file's word index is full: later rows are compared by exact keys only. */
  get indexComplete(): boolean {
    return this.fileIndex.complete;
  }

  /**
   * Plans the record(s) of a row and its continuation rows in turn: each is planned, written
   * through `write` when the plan says so, settled, and reported to `onRow` before the next.
   */
  async planRows(
    first: FileRow,
    more: readonly FileRow[],
    write: (w: RecordWrite) => Promise<WriteOutcome>,
    onRow?: (row: PlanRow) => void,
  ): Promise<void> {
    for (const input of recordsOf(first, more, this.given, this.rules.mapping)) {
      const plan = await this.plan(input);
      const outcome = plan.write ? await write(plan.write) : undefined;
      // Settled whether or not anyone listens: settling counts the row and remembers its keys.
      const row = await this.settle(plan, outcome);
      onRow?.(row);
    }
  }

  /** Plans a record: its fields, identity, duplicates, decisions, and the record to write if any. */
  async plan(input: RecordInput): Promise<RecordPlan> {
    const w = await this.identify(input);
    await this.decide(w);
    // A merge takes what the row lacks from the record it joins.
    if (w.mergeInto) w.flags = w.flags.filter((f) => !f.missing);
    this.suggestCountry(w);
    this.cite(w);
    await this.checkRelations(w);
    if (this.given.asDrafts) deferClassification(w);
    if (!w.action && !isBlocking(w.flags)) await this.findLanguage(w);
    if (!w.action && !isBlocking(w.flags)) await this.validate(w);
    if (!w.action) {
      if (isBlocking(w.flags)) w.action = 'blocked';
      else if (w.questions.length > 0) w.action = 'decide';
    }
    if (w.action || !w.record) return { state: w };
    const stored = w.mergeInto ? w.base : w.inDb ? undefined : null;
    const citesFile = w.record.sources.some((s) => s.source === this.ctx.sourceCode);
    return { state: w, write: { record: w.record, stored, citesFile, needs: w.needs } };
  }

  /** Finishes a record's plan with what writing it did, and remembers its keys for later rows. */
  async settle(plan: RecordPlan, outcome?: WriteOutcome): Promise<PlanRow> {
    const w = plan.state;
    if (!w.action && plan.write && outcome) {
      if (w.mergeInto && !w.updateOwn) w.action = outcome === 'unchanged' ? 'unchanged' : 'merge';
      else if (w.updateOwn) w.action = outcome === 'unchanged' ? 'unchanged' : 'update';
      else {
        w.action =
          outcome === 'created' ? 'create' : outcome === 'updated' ? 'update' : 'unchanged';
        if (outcome !== 'created') w.target = w.slug;
      }
    }
    const action = w.action ?? 'blocked';
    const { input, slug, name, labelKey } = w;
    const row = input.first.row;
    const remembered: FileKey[] = labelKey
      ? [{ kind: 'label', key: labelKey, row, slug, name }]
      : [];
    if (action !== 'skip' && action !== 'merge') {
      for (const k of exactKeys({ ...w.keys, slug })) remembered.push({ ...k, row, slug, name });
      this.fileIndex.add({ where: 'file', row, slug, name }, { ...w.keys, slug });
    }
    await this.lookups.keys.add(remembered);
    this.counts[action]++;
    this.changes += w.changes.length;
    this.flags += w.flags.length;
    return {
      row,
      rows: input.rows,
      label: w.n.label,
      slug,
      name,
      action,
      target: w.target,
      changes: w.changes,
      flags: w.flags,
      duplicates: w.found,
      countrySuggestions: w.countrySuggestions,
      continuation: input.continuation,
      questions: w.questions,
    };
  }

  /**
   * Normalises the record and finds what it may be: an explicit slug, or a derived one this file
   * created before, is the same record; anything else that looks alike is a duplicate suggestion.
   */
  private async identify(input: RecordInput): Promise<Working> {
    const row = input.first.row;
    const n = normaliseRow(row, input.cells, this.rules, this.ctx);
    const changes = [...n.changes];
    const flags = [...(input.readerFlags ?? []), ...n.flags];
    if (input.rows.length > 1) {
      changes.push({
        row,
        field: 'row',
        original: input.rows.join(' + '),
        normalised: String(row),
        rule: 'continuation rows joined into one record',
      });
    }
    const candidate = { ...n.candidate } as Working['candidate'];
    const name = (candidate.name as string | undefined) ?? '';
    const explicitSlug = candidate.slug as string | undefined;
    const slug = explicitSlug ?? slugify(name);
    const keys: MatchKeys = {
      slug,
      name,
      acronym: candidate.acronym as string | undefined,
      website: candidate.website as string | undefined,
    };
    const labelKey = n.label === undefined ? undefined : shortKey(n.label);
    const earlier = await this.lookups.keys.find([
      ...exactKeys(keys),
      ...(labelKey ? [{ kind: 'label', key: labelKey }] : []),
    ]);
    const seen = earlier.find((k) => k.kind === 'label')?.row;
    if (n.label !== undefined && seen !== undefined) {
      flags.push({
        row,
        field: 'row_label',
        value: n.label,
        problem: `the file numbers this row ${n.label}, as it does row ${seen}; both are imported, each citing its own row`,
        severity: 'kept',
      });
    }
    // In the order of the keys asked for (the store's order is the database's, which differs
    // between SQLite and PostgreSQL and with how the keys were written): the plan's evidence
    // and questions list them the same way every time.
    const hits: ExactHit[] = earlier
      .filter((k) => k.kind !== 'label')
      .sort((a, b) => EXACT_ORDER.indexOf(a.kind) - EXACT_ORDER.indexOf(b.kind))
      .map((k) => ({
        kind: k.kind as ExactKind,
        ref: { where: 'file', row: k.row, slug: k.slug, name: k.name },
      }));
    const inDb = this.ctx.existingSlugs.has(slug) || hits.some((h) => h.kind === 'slug');
    const isOwn = explicitSlug !== undefined ? inDb : inDb && this.ctx.ownSlugs.has(slug);
    const found = [
      ...this.ctx.existing.find(keys, isOwn ? slug : undefined),
      ...this.fileIndex.find(keys, undefined, hits),
    ];
    const common = { input, n, candidate, name, explicitSlug, keys, labelKey, changes, flags };
    return {
      ...common,
      questions: [...input.questions],
      found,
      inDb,
      isOwn,
      slug,
      updateOwn: false,
      countrySuggestions: [],
      target: isOwn ? slug : undefined,
    };
  }

  /** What becomes of a record that this file wrote before, or that looks like another. */
  private async decide(w: Working): Promise<void> {
    // Acronym alone is shown but asks for no decision: short acronyms repeat across countries.
    const top = w.found.filter((d) => d.evidence.some((e) => e.kind !== 'same_acronym'))[0];
    if (w.explicitSlug !== undefined) return;
    if (w.isOwn) {
      // This file wrote to the record before. Rows it created are updated from the row (its
      // values win, sets grow); rows it merged into a record from elsewhere are merged again.
      // Either way the same file changes nothing the second time, even where other rows of it
      // were merged into the record.
      w.mergeInto = w.slug;
      w.base = await this.lookups.record(w.slug);
      w.updateOwn = w.base?.sources[0]?.source === this.ctx.sourceCode;
      return;
    }
    // A row with a slug names its record (an atlas export, a curated sheet): look-alikes are
    // shown, not asked about. Rows without one wait for the user's choice.
    if (!top) return;
    const d = decisionFor(w.input.rows, this.given);
    const decision = d === 'merge' || d === 'keep' || d === 'skip' ? d : this.given.duplicates;
    if (decision === 'skip') w.action = 'skip';
    else if (decision === 'merge') w.mergeInto = top.of.slug;
    else if (decision === 'keep') {
      if (w.inDb) await this.renameApart(w);
    } else {
      const where =
        top.of.where === 'database'
          ? `the existing record ${top.of.slug}`
          : `row ${top.of.row} of this file`;
      w.questions.push(
        `may duplicate ${where} (${top.evidence.map((e) => e.detail).join('; ')}): choose --decide ${w.input.first.row}=merge, =keep or =skip, or decide all with --duplicates merge|keep|skip`,
      );
    }
  }

  /** A record kept apart from the one whose slug it has gets the first free numbered slug. */
  private async renameApart(w: Working): Promise<void> {
    const taken = w.slug;
    for (let k = 2; ; k++) {
      w.slug = `${taken.slice(0, 76)}-${k}`;
      if (this.ctx.existingSlugs.has(w.slug)) continue;
      const used = await this.lookups.keys.find([{ kind: 'slug', key: shortKey(w.slug) }]);
      if (used.length === 0) break;
    }
    w.changes.push({
      row: w.input.first.row,
      field: 'slug',
      original: taken,
      normalised: w.slug,
      rule: 'kept apart from its duplicate under a new identifier',
    });
  }

  /** Home country: suggestions where there is none, applied only with consent. */
  private suggestCountry(w: Working): void {
    const countryProblem = w.flags.some((f) => f.field === 'home_country');
    if (w.candidate.homeCountry || countryProblem || w.mergeInto || w.action === 'skip') return;
    const row = w.input.first.row;
    w.countrySuggestions = suggestCountries(
      { name: w.name, website: w.candidate.website as string | undefined },
      this.ctx.knownCountries,
      this.ctx.organisations,
    );
    const best = w.countrySuggestions[0];
    const accepted =
      decisionFor(w.input.rows, this.given) === 'accept' || this.given.acceptSuggestions;
    if (best && accepted) {
      w.candidate.homeCountry = best.country;
      w.changes.push({
        row,
        field: 'home_country',
        original: '',
        normalised: best.country,
        rule: `suggestion accepted: ${best.reason}`,
      });
      return;
    }
    const hint = best
      ? ` The best suggestion is ${best.country} (${best.reason}; ${Math.round(best.confidence * 100)}%): accept it with --decide ${row}=accept or --accept-suggestions.`
      : '';
    w.flags = [
      ...w.flags,
      {
        row,
        field: 'home_country',
        value: '',
        problem: `is empty; give it in the file or with --default home_country=CODE.${hint}`,
        severity: 'blocking',
        missing: true,
      },
    ];
  }

  /** The record's slug, and the file and row it cites when it names no sources of its own. */
  private cite(w: Working): void {
    w.candidate.slug = w.slug;
    if (w.candidate.sources) return;
    const { rows } = w.input;
    const note =
      rows.length > 1
        ? `rows ${rows.join(', ')} of the file`
        : w.n.label
          ? `numbered ${w.n.label} in the file`
          : undefined;
    w.candidate.sources = [
      {
        source: this.ctx.sourceCode,
        row: String(w.input.first.row),
        ...(note ? { note } : {}),
      } satisfies SourceRef,
    ];
  }

  /** Relations must point at records that exist by now; others are kept as extra text. */
  private async checkRelations(w: Working): Promise<void> {
    const relations =
      (w.candidate.relations as { kind: string; target: string }[] | undefined) ?? [];
    if (relations.length === 0) return;
    const existing = await this.lookups.existing(relations.map((r) => r.target));
    const missing = relations.filter((r) => !existing.has(r.target));
    if (missing.length === 0) return;
    w.candidate.relations = relations.filter((r) => existing.has(r.target));
    w.candidate.extra = {
      ...w.candidate.extra,
      relations: missing.map((r) => `${r.kind}:${r.target}`).join('; '),
    };
    for (const r of missing)
      w.flags.push({
        row: w.input.first.row,
        field: 'relations',
        value: `${r.kind}:${r.target}`,
        problem: 'points at an initiative the atlas does not have; kept as an extra field',
        severity: 'kept',
      });
  }

  /**
   * A record the file gives no language: the language of its name and summary, when it can be
   * told; else English, the plan saying so. A record merged into another keeps that one's;
   * without a detector (the plan step alone) the record is written in English, unmarked.
   */
  private async findLanguage(w: Working): Promise<void> {
    const detect = this.lookups.language;
    if (w.candidate.language !== undefined || w.mergeInto || !detect) return;
    const row = w.input.first.row;
    const text = [w.candidate.name, w.candidate.summary].filter(Boolean).join('. ');
    const guess = await detect(text);
    if (guess.language) {
      w.candidate.language = guess.language;
      w.changes.push({
        row,
        field: 'language',
        original: '',
        normalised: guess.language,
        rule: 'language detected from the name and summary',
      });
      return;
    }
    w.candidate.language = DEFAULT_LANGUAGE;
    this.languageFallbacks++;
    w.changes.push({
      row,
      field: 'language',
      original: '',
      normalised: DEFAULT_LANGUAGE,
      rule: `language not given and not detected from the name and summary (${guess.reason}): recorded as ${DEFAULT_LANGUAGE}; give a language column to say otherwise`,
    });
  }

  /** The record to write: the row's, or merged into the record it joins; checked by the schema. */
  private async validate(w: Working): Promise<void> {
    const row = w.input.first.row;
    let content: unknown = w.candidate;
    if (w.mergeInto) w.base ??= await this.lookups.record(w.mergeInto);
    if (w.mergeInto && !w.base) {
      w.flags.push({
        row,
        field: 'row',
        value: '',
        problem: `cannot be merged into ${w.mergeInto}, which this import does not write (is that row blocked or skipped?)`,
        severity: 'blocking',
      });
    } else if (w.mergeInto && w.base) {
      const { id, version, createdAt, updatedAt, ...existingContent } = w.base;
      const { slug: _own, ...incoming } = w.candidate;
      const { merged, conflicts } = mergeInitiative(
        existingContent,
        incoming as Partial<Initiative>,
        `row ${row}`,
        w.updateOwn,
      );
      for (const c of conflicts) {
        w.flags.push({
          row,
          field: c.field,
          value: c.other,
          problem: `differs from ${w.mergeInto}'s “${c.kept}”, which is kept; this value is kept as an extra field`,
          severity: 'kept',
        });
      }
      content = merged;
      w.target = w.mergeInto;
      w.slug = w.mergeInto;
    }
    const parsed = isBlocking(w.flags) ? undefined : Initiative.safeParse(content);
    if (parsed?.success) {
      w.record = parsed.data;
      return;
    }
    const issues = (parsed?.error.issues ?? []).filter(
      (i) => !(w.needs?.includes(String(i.path[0])) && i.path.length <= 1),
    );
    if (parsed && issues.length === 0) {
      // Only missing classification: a draft with the fields it needs listed.
      w.record = content as Initiative;
      return;
    }
    for (const issue of issues) {
      w.flags.push({
        row,
        field: issue.path.join('.') || 'row',
        value: '',
        problem: issue.message,
        severity: 'blocking',
      });
    }
  }
}

/**
 * For a run that writes drafts: a classification field the row leaves empty no longer blocks it;
 * the row is noted as needing that field, and its draft cannot be published until it is given.
 */
function deferClassification(w: Working): void {
  const deferred = w.flags.filter((f) => f.missing && f.field in CLASSIFICATION);
  if (deferred.length === 0) return;
  w.needs = deferred.map((f) => CLASSIFICATION[f.field] as string);
  w.flags = w.flags.map((f) =>
    deferred.includes(f)
      ? {
          row: f.row,
          field: f.field,
          value: '',
          problem:
            'is empty: imported as a draft that needs classification; a curator completes it before publishing',
          severity: 'kept' as const,
        }
      : f,
  );
}
