import type { StatementFact } from '../analysis/duplicate-statements.ts';
import {
  findQualityIssues,
  type InterviewRowFact,
  interviewRowTotals,
  type QualityFacts,
} from '../analysis/quality.ts';
import { recordFacts } from '../analysis/quality-facts.ts';
import type { Db } from '../db/connect.ts';
import type { InterviewSummary, WorkshopSummary } from '../domain/engagement.ts';
import type { Finding } from '../domain/quality.ts';
import type { FigureMeasure } from '../domain/schemas.ts';
import { readSourceTexts } from '../io/source-texts.ts';
import { listCampaigns } from '../repositories/campaigns.ts';
import { countCodebook } from '../repositories/codelists.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { countEvidenceRegions, type EvidenceItem, listEvidence } from '../repositories/evidence.ts';
import { listFigures } from '../repositories/figures.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import {
  countInitiativesMatching,
  INITIATIVE_ENTITY,
  listInitiativeQualityRows,
} from '../repositories/initiatives.ts';
import { listRecordSourcesByKey, listRowCitations } from '../repositories/record-sources.ts';
import { listSources, sourceTitles } from '../repositories/sources.ts';
import { regionNames } from './regions.ts';

/** An interview row as the check reads it, named as the region pages name it. */
function interviewRowFact(
  r: InterviewSummary,
  names: ReadonlyMap<string, string>,
): InterviewRowFact {
  return {
    region: r.region,
    regionName: names.get(r.region) ?? r.region,
    table: r.campaign,
    printedTotal: r.printedTotal,
    counts: { ...r.byGroup },
  };
}

/**
 * What the check says of each interview row (by region code): the same rule and the same words as
 * the data-quality page, for the pages and answers that show the row.
 */
export function interviewRowNotes(
  rows: readonly InterviewSummary[],
  names: ReadonlyMap<string, string>,
): Map<string, Finding> {
  const findings = interviewRowTotals({
    interviewRows: rows.map((r) => interviewRowFact(r, names)),
  });
  return new Map(findings.flatMap((f) => (f.records[0] ? [[f.records[0].key, f]] : [])));
}

/** A statement as the duplicate rule reads it: its paraphrase and its quotation, if any. */
const statementFact = (e: EvidenceItem): StatementFact => ({
  key: e.key,
  region: e.region,
  barriers: e.barriers,
  texts: e.quote ? [e.statement, e.quote.text] : [e.statement],
});

/** What the measures of the figures need: the engagement tables and the codebook counts. */
export interface MeasureFacts {
  readonly interviewRows: readonly InterviewSummary[];
  readonly workshops: readonly WorkshopSummary[];
  readonly codebook: { barriers: number; categories: number };
  readonly evidenceRegions: number;
}

const sumOf = (values: (number | null)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);

/**
 * What the engagement tables and codebook give for a figure's measure (the reports compare their
 * figures the same way); null for measures they do not count.
 */
export function countedMeasure(m: FigureMeasure | undefined, facts: MeasureFacts): number | null {
  switch (m?.of) {
    case 'interviews': {
      const group = m.stakeholderGroup;
      return sumOf(facts.interviewRows.map((r) => (group ? r.byGroup[group] : r.printedTotal)));
    }
    case 'workshops':
      return facts.workshops.length;
    case 'workshop_participants':
      return sumOf(facts.workshops.map((w) => w.participants));
    case 'barriers':
      return facts.codebook.barriers;
    case 'barrier_categories':
      return facts.codebook.categories;
    case 'regions_reporting_barriers':
      return facts.evidenceRegions;
    default:
      // Initiatives are counted by a query (measure); stated figures and shares are compared
      // with other figures, not with the records (analysis/quality.ts).
      return null;
  }
}

/** The value the records give for a figure's measure; null where it is not countable. */
async function measure(
  q: Db['kysely'],
  facts: MeasureFacts,
  m: FigureMeasure | undefined,
): Promise<number | null> {
  return m?.of === 'initiatives' ? countInitiativesMatching(q, m) : countedMeasure(m, facts);
}

/** Reads everything the check looks at from the database, in one round of queries. */
async function readRecords(db: Db) {
  const q = db.kysely;
  const [initiatives, citations, interviewRows, workshops, figures, names, codebook] =
    await Promise.all([
      listInitiativeQualityRows(q),
      listRowCitations(q),
      listInterviewRows(q),
      listWorkshops(q),
      listFigures(q),
      regionNames(db),
      countCodebook(q),
    ]);
  const [evidenceRegions, titles, practices, evidence, campaigns, sources, cited] =
    await Promise.all([
      countEvidenceRegions(q),
      sourceTitles(q),
      listGoodPractices(q),
      listEvidence(q),
      listCampaigns(q),
      listSources(q),
      citedSources(q),
    ]);
  return {
    ...{ initiatives, citations, interviewRows, workshops, figures, names, codebook },
    ...{ evidenceRegions, titles, practices, evidence, campaigns, sources, cited },
  };
}

/** The entities whose records the check reads with every source they cite. */
const CITING_ENTITIES = [INITIATIVE_ENTITY, 'good_practice', 'workshop', 'campaign'] as const;

/** Every citation of the records of the entities the check reads, by entity then record key. */
async function citedSources(q: Db['kysely']) {
  const maps = await Promise.all(CITING_ENTITIES.map((e) => listRecordSourcesByKey(q, e)));
  return new Map(CITING_ENTITIES.map((e, i) => [e as string, maps[i] ?? new Map()]));
}

/** Where the check finds what the database does not hold: the source documents' texts. */
export interface QualityOptions {
  /** The folder of the sources' plain texts (config SOURCE_TEXTS_DIR); without it they are not read. */
  readonly textsDir?: string;
}

/** Gathers the facts the check reads from the database (and the source texts, when given). */
export async function gatherQualityFacts(
  db: Db,
  options: QualityOptions = {},
): Promise<QualityFacts> {
  const r = await readRecords(db);
  const texts = options.textsDir ? await readSourceTexts(options.textsDir, r.sources) : [];
  const initiativeNames = new Map(r.initiatives.map((i) => [i.slug, i.name]));
  const figures = await Promise.all(
    r.figures.map(async (figure) => ({
      figure,
      found: await measure(db.kysely, r, figure.measure),
    })),
  );
  return {
    initiatives: r.initiatives,
    practices: r.practices.map((p) => ({ slug: p.slug, name: p.name, link: p.link })),
    rowCitations: r.citations.map((c) => ({
      ...c,
      label: c.entity === INITIATIVE_ENTITY ? (initiativeNames.get(c.key) ?? c.key) : c.key,
      sourceTitle: r.titles.get(c.source) ?? c.source,
    })),
    interviewRows: r.interviewRows.map((row) => interviewRowFact(row, r.names)),
    statements: r.evidence.map(statementFact),
    figures,
    texts,
    ...recordFacts({
      initiatives: r.initiatives,
      practices: r.practices,
      workshops: r.workshops.map((w) => ({ ...w, regionName: r.names.get(w.region) ?? w.region })),
      campaigns: r.campaigns,
      documents: r.sources.map((s) => ({ code: s.code, title: s.title, year: s.year })),
      cited: r.cited,
    }),
  };
}

/** Runs the data-quality check over the database: every inconsistency with its records. */
export async function checkDataQuality(db: Db, options: QualityOptions = {}): Promise<Finding[]> {
  return findQualityIssues(await gatherQualityFacts(db, options));
}
