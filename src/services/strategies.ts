import { createHash, randomBytes } from 'node:crypto';
import {
  compileTerms,
  guessLanguage,
  type PageText,
  proposeFromPages,
  type StrategyProposal,
  type TermList,
} from '../analysis/strategy-passages.ts';
import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import { conflict, invalidData, invalidParameter, notFound } from '../domain/errors.ts';
import type { ReportedFigure } from '../domain/schemas.ts';
import {
  type ProposedPassage,
  type ReferenceStrategy,
  type StrategyCounts,
  type StrategyRecord,
  StrategyUpload,
  type StrategyVerdict,
} from '../domain/strategies.ts';
import { type DocumentText, documentText, pastedText } from '../io/document-text.ts';
import { readReferenceStrategies, readTermList } from '../io/strategy-files.ts';
import { listFigures } from '../repositories/figures.ts';
import { listRegions } from '../repositories/regions.ts';
import { sourceTitles } from '../repositories/sources.ts';
import {
  countStrategies,
  decideStrategy as decideRow,
  findByDocument,
  findStrategy,
  insertPassages,
  insertStrategy,
  listPassages,
  listStrategies,
  type StrategyColumns,
  upsertStrategy,
} from '../repositories/strategies.ts';
import type { UpsertOutcome } from '../repositories/versioned.ts';

/** How many passages a reading proposes for review. */
export const PROPOSED_PASSAGES = 8;

/** The figure the EC slides state, as the reference data holds it (with its source). */
export interface StatedFigure {
  readonly analysed: number;
  readonly prioritising: number;
  /** The share as the slide prints it (per cent), and as the two numbers give it. */
  readonly printedPercent: number | null;
  readonly computedPercent: number;
  /** The number of strategies the earlier slide says were analysed, when it differs. */
  readonly otherAnalysed: number | null;
  readonly sources: ReportedFigure['sources'];
}

/** The public list: every strategy, the atlas's counts and the stated figure beside them. */
export interface StrategiesView {
  readonly strategies: readonly StrategyRecord[];
  readonly counts: StrategyCounts;
  readonly stated: StatedFigure | null;
  /** Titles of the sources cited, by code. */
  readonly sourceTitles: ReadonlyMap<string, string>;
}

const FIGURE = {
  analysed: 'ris3-strategies-analysed-denominator',
  prioritising: 'ris3-strategies-prioritising-pm',
  percent: 'ris3-share-prioritising-pm-percent',
  earlier: 'ris3-strategies-analysed',
} as const;

/** The EC slides' aggregate from the reported figures, or null when the atlas lacks them. */
export function statedFigure(figures: readonly ReportedFigure[]): StatedFigure | null {
  const of = (key: string) => figures.find((f) => f.key === key);
  const analysed = of(FIGURE.analysed);
  const prioritising = of(FIGURE.prioritising);
  if (!analysed || !prioritising) return null;
  const earlier = of(FIGURE.earlier)?.value;
  return {
    analysed: analysed.value,
    prioritising: prioritising.value,
    printedPercent: of(FIGURE.percent)?.value ?? null,
    computedPercent: Math.round((prioritising.value / analysed.value) * 1000) / 10,
    otherAnalysed: earlier !== undefined && earlier !== analysed.value ? earlier : null,
    sources: prioritising.sources,
  };
}

/** Every strategy record, the counts of the atlas's own records and the EC slides' figure. */
export async function getStrategiesView(db: Db): Promise<StrategiesView> {
  const [strategies, counts, figures, titles] = await Promise.all([
    listStrategies(db.kysely),
    countStrategies(db.kysely),
    listFigures(db.kysely),
    sourceTitles(db.kysely),
  ]);
  return { strategies, counts, stated: statedFigure(figures), sourceTitles: titles };
}

/** A region's strategies (for a country also those of its regions); not_found for an unknown code. */
export async function getRegionStrategies(db: Db, code: string): Promise<StrategyRecord[]> {
  const regions = await listRegions(db.kysely);
  if (!regions.some((r) => r.code === code))
    throw notFound('region', code, 'see the list of regions');
  return listStrategies(db.kysely, code);
}

/** The term list as the analysis takes it. */
export function termList(): TermList {
  return readTermList();
}

/**
 * Reads a document's pages: passages ranked with the terms of its language and English (RIS3
 * documents quote English terms in every language), or every language's when the language is
 * neither given nor recognised.
 */
export function readStrategyPages(
  pages: readonly PageText[],
  language: string | undefined,
  list: TermList = termList(),
): StrategyProposal {
  const lang = language ?? guessLanguage(pages.map((p) => p.text).join('\n'), list);
  const terms = lang
    ? Object.fromEntries(Object.entries(list.terms).filter(([l]) => l === lang || l === 'en'))
    : list.terms;
  const chosen = { ...list, terms };
  const proposal = proposeFromPages(pages, chosen, { top: PROPOSED_PASSAGES });
  return { ...proposal, language: lang ?? proposal.language };
}

/** The document of an upload: a file, or text pasted into the form. */
export type StrategySource =
  | { readonly kind: 'file'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'text'; readonly text: string };

/** The text of the source, or a clear error (scanned PDF, damaged, too large, empty). */
async function sourceText(source: StrategySource): Promise<{ doc: DocumentText; name: string }> {
  if (source.kind === 'file')
    return { doc: await documentText(source.name, source.bytes), name: source.name };
  if (source.text.trim().length < 20)
    throw invalidParameter('text', 'paste the strategy’s text (at least a few sentences)');
  return { doc: pastedText(source.text), name: 'pasted text' };
}

/** Checks an upload's fields: the strategy to create, or invalid_data listing each field's problem. */
function checkUpload(
  input: unknown,
  regions: readonly string[],
  hasSource: boolean,
): StrategyUpload {
  const parsed = StrategyUpload.safeParse(input);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
  if (!hasSource) errors.push({ field: 'file', message: 'choose a file or paste the text' });
  const region = (input as { region?: unknown }).region;
  if (typeof region === 'string' && region !== '' && !regions.includes(region))
    errors.push({ field: 'region', message: `there is no region "${region}" in the atlas` });
  if (!parsed.success || errors.length)
    throw invalidData('the strategy is not valid: correct the fields named', { errors });
  return parsed.data;
}

/** What the upload leads to: the new strategy's id and the proposal made from it. */
export interface UploadResult {
  readonly id: number;
  readonly proposal: StrategyProposal;
}

/**
 * A curator uploads a strategy document for a region (a file, or pasted text; null for neither,
 * which is refused with the fields' problems): its text is read (nothing is stored when it cannot be), the passages on personalised medicine are ranked and stored with the new strategy,
 * which awaits review. Nothing is flagged here.
 */
export async function uploadStrategy(
  db: Db,
  actor: Actor,
  input: unknown,
  source: StrategySource | null,
): Promise<UploadResult> {
  authorize(actor, 'records.review');
  if (actor.kind !== 'account') throw new Error('unreachable: authorize admits accounts only');
  const regions = (await listRegions(db.kysely)).map((r) => r.code);
  const fields = checkUpload(input, regions, source !== null);
  if (!source) throw new Error('unreachable: checkUpload refuses an upload without a document');
  const { doc, name } = await sourceText(source);
  const proposal = readStrategyPages(doc.pages, fields.language);
  const text = doc.pages.map((p) => p.text).join('\f');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const same = await findByDocument(db.kysely, fields.region, sha256);
  if (same !== undefined)
    throw conflict(
      `this document has already been read for ${fields.region}: see /strategies/${same}/review`,
      { strategy: same },
    );
  const columns: StrategyColumns = {
    region_code: fields.region,
    place_name: fields.placeName || null,
    title: fields.title,
    period_start: fields.periodStart ?? null,
    period_end: fields.periodEnd ?? null,
    link: fields.link ?? null,
    language: fields.language ?? proposal.language,
    priority_areas: JSON.stringify(fields.priorityAreas),
    description: null,
    document_name: name,
    document_format: doc.format,
    document_pages: doc.pageCount,
    document_sha256: sha256,
    review_state: 'awaiting_review',
    evidence_passage: null,
    evidence_page: null,
    evidence_source: null,
    evidence_section: null,
    decided_by: null,
    decided_by_account: null,
    decided_at: null,
    decision_note: null,
    uploaded_by: `account:${actor.id}`,
  };
  const ctx = { now: new Date().toISOString(), actor: `account:${actor.id}` };
  const key = `${fields.region.toLowerCase()}-${randomBytes(6).toString('hex')}`;
  const id = await db.kysely.transaction().execute(async (trx) => {
    const created = await insertStrategy(trx, key, columns, ctx);
    await insertPassages(trx, created, proposal.passages);
    return created;
  });
  return { id, proposal };
}

/** A strategy with the passages proposed for it, for its review page. */
export interface StrategyReview {
  readonly strategy: StrategyRecord;
  readonly passages: readonly ProposedPassage[];
  /** What the atlas proposes: the flag when a passage names personalised medicine itself. */
  readonly proposal: 'prioritises' | 'no_evidence';
}

/** A strategy and its proposed passages, for a curator; not_found for an unknown id. */
export async function getStrategyReview(db: Db, actor: Actor, id: number): Promise<StrategyReview> {
  authorize(actor, 'records.review');
  const strategy = await findStrategy(db.kysely, id);
  if (!strategy) throw notFound('strategy', String(id), 'see the list at /strategies');
  const passages = await listPassages(db.kysely, id);
  const core = compileTerms(termList())
    .filter((t) => t.core)
    .map((t) => t.term);
  const prioritises = passages.some((p) => p.terms.some((t) => core.includes(t)));
  return { strategy, passages, proposal: prioritises ? 'prioritises' : 'no_evidence' };
}

/**
 * A curator confirms the flag (naming the passage that justifies it) or rejects it. Only a strategy
 * awaiting review is decided; the decision records who and when.
 */
export async function decideStrategy(
  db: Db,
  actor: Actor,
  id: number,
  verdict: StrategyVerdict,
): Promise<StrategyRecord> {
  authorize(actor, 'records.review');
  if (actor.kind !== 'account') throw new Error('unreachable: authorize admits accounts only');
  const note = verdict.note?.trim() ? verdict.note.trim().slice(0, 2000) : null;
  await db.kysely.transaction().execute(async (trx) => {
    const strategy = await findStrategy(trx, id);
    if (!strategy) throw notFound('strategy', String(id), 'see the list at /strategies');
    if (strategy.state !== 'awaiting_review')
      throw conflict(`this strategy is ${strategy.state.replace('_', ' ')}, not awaiting review`);
    let passage: { text: string; page: number | null } | null = null;
    if (verdict.decision === 'confirm') {
      const chosen = (await listPassages(trx, id)).find((p) => p.id === verdict.passageId);
      if (!chosen)
        throw invalidParameter(
          'passage',
          'choose the passage that shows the strategy prioritises personalised medicine',
        );
      passage = { text: chosen.text, page: chosen.page };
    }
    await decideRow(
      trx,
      id,
      {
        state: verdict.decision === 'confirm' ? 'confirmed' : 'rejected',
        passage,
        accountId: actor.id,
        note,
      },
      { now: new Date().toISOString(), actor: `account:${actor.id}` },
    );
  });
  const decided = await findStrategy(db.kysely, id);
  if (!decided) throw notFound('strategy', String(id), 'see the list at /strategies');
  return decided;
}

/** The columns of a reference strategy. */
function referenceColumns(s: ReferenceStrategy): StrategyColumns {
  const decided = s.state !== 'not_assessed';
  return {
    region_code: s.region,
    place_name: s.placeName ?? null,
    title: s.title,
    period_start: s.periodStart ?? null,
    period_end: s.periodEnd ?? null,
    link: s.link ?? null,
    language: s.language ?? null,
    priority_areas: JSON.stringify(s.priorityAreas),
    description: s.description ?? null,
    document_name: null,
    document_format: null,
    document_pages: null,
    document_sha256: null,
    review_state: s.state,
    evidence_passage: decided ? (s.evidence?.passage ?? null) : null,
    evidence_page: decided ? (s.evidence?.page ?? null) : null,
    evidence_source: decided ? (s.evidence?.source ?? null) : null,
    evidence_section: decided ? (s.evidence?.section ?? null) : null,
    decided_by: decided ? (s.decision?.by ?? null) : null,
    decided_by_account: null,
    decided_at: decided ? (s.decision?.on ?? null) : null,
    decision_note: decided ? (s.decision?.note ?? null) : null,
    uploaded_by: null,
  };
}

/**
 * Loads the strategies of a reference folder (strategies.json; none when it has no such file) in
 * one transaction: created, updated or unchanged, counted. Regions and sources must be loaded.
 */
export async function seedStrategies(
  db: Db,
  dir: string,
  options: { actor?: string; now?: string } = {},
): Promise<Record<UpsertOutcome, number>> {
  const list = readReferenceStrategies(dir);
  const ctx = { now: options.now ?? new Date().toISOString(), actor: options.actor ?? 'seed' };
  const report: Record<UpsertOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  const regions = new Set((await listRegions(db.kysely)).map((r) => r.code));
  for (const s of list)
    if (!regions.has(s.region))
      throw invalidData(
        `strategies.json: ${s.key} names the region ${s.region}, which is not loaded`,
      );
  await db.kysely.transaction().execute(async (trx) => {
    for (const s of list)
      report[await upsertStrategy(trx, s.key, referenceColumns(s), s.sources, ctx)]++;
  });
  return report;
}

/** The regions a strategy may be filed under (the upload form's choice), in name order. */
export async function strategyRegions(db: Db) {
  return listRegions(db.kysely);
}
