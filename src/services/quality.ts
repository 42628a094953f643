import type { StatementFact } from '../analysis/duplicate-statements.ts';
import {
  findQualityIssues,
  type InterviewRowFact,
  interviewRowTotals,
} from '../analysis/quality.ts';
import type { Db } from '../db/connect.ts';
import type { InterviewSummary } from '../domain/engagement.ts';
import type { Finding } from '../domain/quality.ts';
import type { FigureMeasure } from '../domain/schemas.ts';
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
import { listRowCitations } from '../repositories/record-sources.ts';
import { sourceTitles } from '../repositories/sources.ts';
import { regionNames } from './regions.ts';

/** An interview row as the check reads it, named as the region pages name it. */
function interviewRowFact(
  r: InterviewSummary,
  names: ReadonlyMap<string, string>,
): InterviewRowFact {
  return {
    region: r.region,
    regionName: names.get(r.region) ?? r.region,
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

/** Runs the data-quality check over the database: every inconsistency with its records. */
export async function checkDataQuality(db: Db): Promise<Finding[]> {
  const q = db.kysely;
  const [
    initiatives,
    citations,
    interviewRows,
    workshops,
    figures,
    names,
    codebook,
    evidenceRegions,
    titles,
    practices,
    evidence,
  ] = await Promise.all([
    listInitiativeQualityRows(q),
    listRowCitations(q),
    listInterviewRows(q),
    listWorkshops(q),
    listFigures(q),
    regionNames(db),
    countCodebook(q),
    countEvidenceRegions(q),
    sourceTitles(q),
    listGoodPractices(q),
    listEvidence(q),
  ]);
  const initiativeNames = new Map(initiatives.map((i) => [i.slug, i.name]));
  const rows = interviewRows.map((r) => interviewRowFact(r, names));
  const sumOf = (values: (number | null)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);

  const measure = async (m: FigureMeasure | undefined): Promise<number | null> => {
    switch (m?.of) {
      case undefined:
        return null;
      case 'initiatives':
        return countInitiativesMatching(q, m);
      case 'interviews': {
        const group = m.stakeholderGroup;
        return sumOf(interviewRows.map((r) => (group ? r.byGroup[group] : r.printedTotal)));
      }
      case 'workshops':
        return workshops.length;
      case 'workshop_participants':
        return sumOf(workshops.map((w) => w.participants));
      case 'barriers':
        return codebook.barriers;
      case 'barrier_categories':
        return codebook.categories;
      case 'regions_reporting_barriers':
        return evidenceRegions;
      case 'stated':
      case 'share':
        // Compared with other figures, not with the records (analysis/quality.ts).
        return null;
    }
  };

  return findQualityIssues({
    initiatives,
    practices: practices.map((p) => ({ slug: p.slug, name: p.name, link: p.link })),
    rowCitations: citations.map((c) => ({
      ...c,
      label: c.entity === INITIATIVE_ENTITY ? (initiativeNames.get(c.key) ?? c.key) : c.key,
      sourceTitle: titles.get(c.source) ?? c.source,
    })),
    interviewRows: rows,
    statements: evidence.map(statementFact),
    figures: await Promise.all(
      figures.map(async (figure) => ({ figure, found: await measure(figure.measure) })),
    ),
  });
}
