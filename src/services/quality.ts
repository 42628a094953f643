import { findQualityIssues, type InterviewRowFact } from '../analysis/quality.ts';
import type { Db } from '../db/connect.ts';
import type { Finding } from '../domain/quality.ts';
import type { FigureMeasure } from '../domain/schemas.ts';
import { countCodebook } from '../repositories/codelists.ts';
import { listInterviewRows, listWorkshops } from '../repositories/engagement.ts';
import { countEvidenceRegions } from '../repositories/evidence.ts';
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
  ]);
  const initiativeNames = new Map(initiatives.map((i) => [i.slug, i.name]));
  const rows: InterviewRowFact[] = interviewRows.map((r) => ({
    region: r.region,
    regionName: names.get(r.region) ?? r.region,
    printedTotal: r.printedTotal,
    counts: { ...r.byGroup },
  }));
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
    figures: await Promise.all(
      figures.map(async (figure) => ({ figure, found: await measure(figure.measure) })),
    ),
  });
}
