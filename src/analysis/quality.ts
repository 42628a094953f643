import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import { LINK_PROBLEMS, linkProblems } from '../domain/links.ts';
import { FINDING_KINDS, type Finding } from '../domain/quality.ts';
import type { ReportedFigure } from '../domain/schemas.ts';
import { parseScopeText } from '../domain/scope-text.ts';
import { duplicateStatements, type StatementFact } from './duplicate-statements.ts';
import {
  type CellFact,
  misplacedValues,
  type StatusFact,
  statusesNamingAnotherType,
} from './quality-cells.ts';
import { announcedCounts, type DocumentText } from './quality-counts.ts';
import { absentFromTable } from './quality-coverage.ts';
import { type DatedFact, type DocumentFact, implausibleDates } from './quality-dates.ts';
import { type NameFact, namesSpelledTwice } from './quality-names.ts';
import { blankCountCells, duplicateTableRows, type TableRowFact } from './quality-tables.ts';

/** An interview table row as printed. */
export interface InterviewRowFact {
  readonly region: string;
  readonly regionName: string;
  /** The table the row is printed in (the campaign); rows of one table share their columns. */
  readonly table?: string;
  readonly printedTotal: number | null;
  readonly counts: Readonly<Record<string, number | null>>;
}

/** What the check reads: plain facts drawn from the database. */
export interface QualityFacts {
  readonly initiatives: readonly {
    slug: string;
    name: string;
    website: string | null;
    websiteMissing: string | null;
    scopeVerbatim: string | null;
  }[];
  /** Good practices with their links. */
  readonly practices: readonly { slug: string; name: string; link: string | null }[];
  /** Table rows records cite: which record cites which row of which section of which source. */
  readonly rowCitations: readonly {
    entity: string;
    key: string;
    label: string;
    source: string;
    sourceTitle: string;
    section: string;
    row: string;
  }[];
  readonly interviewRows: readonly InterviewRowFact[];
  /** Reported figures with the value the records give for the same measure (null: not countable). */
  readonly figures: readonly { figure: ReportedFigure; found: number | null }[];
  /** Evidence statements with their texts (paraphrase and quotation). */
  readonly statements?: readonly StatementFact[];
  /** Cells that may hold another field's value: notes, scope cells, row references, acronyms. */
  readonly cells?: readonly CellFact[];
  /** Statuses and structural types of records, as codes. */
  readonly statuses?: readonly StatusFact[];
  /** The source documents with their years. */
  readonly documents?: readonly DocumentFact[];
  /** Dates records give, with the documents they cite. */
  readonly dated?: readonly DatedFact[];
  /** Records as rows of the sections of documents they cite, with their content. */
  readonly tableRows?: readonly TableRowFact[];
  /** Names and acronyms of records with the documents they cite. */
  readonly names?: readonly NameFact[];
  /** The plain texts of the source documents, where they are at hand. */
  readonly texts?: readonly DocumentText[];
}

function sum(values: readonly (number | null | undefined)[]): number {
  return values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/** Whether a found value agrees with a stated one, given how the source qualified it. */
export function agrees(
  figure: Pick<ReportedFigure, 'value' | 'qualifier'>,
  found: number,
): boolean {
  switch (figure.qualifier) {
    case 'exact':
      return found === figure.value;
    case 'about':
      return Math.abs(found - figure.value) <= Math.max(1, Math.round(figure.value * 0.1));
    case 'over':
      return found > figure.value;
    case 'at_least':
      return found >= figure.value;
  }
}

const QUALIFIER_WORDS: Record<ReportedFigure['qualifier'], string> = {
  exact: '',
  about: 'about ',
  over: 'over ',
  at_least: 'at least ',
};

/** An interview row as a finding names it. */
const interviewRecord = (r: InterviewRowFact) => ({
  entity: 'interview_row',
  key: r.region,
  label: `Interview row ${r.regionName}`,
});

/**
 * Interview rows whose stakeholder-group counts do not add up to the row's printed total. Exported
 * so that a page showing a row gives the same note as the check.
 */
export function interviewRowTotals(facts: Pick<QualityFacts, 'interviewRows'>): Finding[] {
  const groups = STAKEHOLDER_GROUPS.map((g) => g.code as string);
  return facts.interviewRows.flatMap((r): Finding[] => {
    const parts = sum(groups.map((g) => r.counts[g]));
    if (r.printedTotal === null || parts === r.printedTotal) return [];
    return [
      {
        kind: 'row_parts_total',
        message: `Interviews in ${r.regionName}: the stakeholder-group counts add up to ${parts}, the row's printed total is ${r.printedTotal}.`,
        records: [interviewRecord(r)],
        stated: r.printedTotal,
        found: parts,
      },
    ];
  });
}

/** A printed totals row: its parts (one figure per stakeholder group) against its own total. */
function interviewColumnTotal(facts: QualityFacts): Finding[] {
  const interviewFigures = facts.figures.filter((f) => f.figure.measure?.of === 'interviews');
  const totalFigure = interviewFigures.find(
    (f) => f.figure.measure?.of === 'interviews' && !f.figure.measure.stakeholderGroup,
  );
  const groupFigures = interviewFigures.filter((f) => f !== totalFigure);
  if (!totalFigure || groupFigures.length === 0) return [];
  const parts = sum(groupFigures.map((f) => f.figure.value));
  if (parts === totalFigure.figure.value) return [];
  return [
    {
      kind: 'column_total',
      message: `The printed totals row of the interview table: its stakeholder-group totals add up to ${parts}, its overall total is ${totalFigure.figure.value}.`,
      records: [totalFigure, ...groupFigures].map((f) => ({
        entity: 'figure',
        key: f.figure.key,
        label: f.figure.label,
      })),
      stated: totalFigure.figure.value,
      found: parts,
    },
  ];
}

/** One printed row number cited by more than one entry. */
function duplicateRowNumbers(facts: QualityFacts): Finding[] {
  const byRow = new Map<string, QualityFacts['rowCitations'][number][]>();
  // Figures may share a printed row (each is one cell of a totals row); entries may not.
  for (const c of facts.rowCitations.filter((r) => r.entity !== 'figure')) {
    const k = `${c.source}\u0000${c.section}\u0000${c.row}`;
    byRow.set(k, [...(byRow.get(k) ?? []), c]);
  }
  return [...byRow.values()].flatMap((cites): Finding[] => {
    const distinct = [...new Map(cites.map((c) => [`${c.entity}/${c.key}`, c])).values()];
    const first = distinct[0];
    if (distinct.length <= 1 || !first) return [];
    return [
      {
        kind: 'duplicate_row_number',
        message: `Row ${first.row} of ${first.sourceTitle}, section ${first.section}, is used for ${distinct.length} entries.`,
        records: distinct.map((c) => ({ entity: c.entity, key: c.key, label: c.label })),
      },
    ];
  });
}

/** Initiatives whose link field holds a non-value, or whose scope cell is malformed. */
function initiativeCells(facts: QualityFacts): Finding[] {
  const out: Finding[] = [];
  for (const i of facts.initiatives) {
    const record = [{ entity: 'initiative', key: i.slug, label: i.name }];
    if (i.websiteMissing !== null) {
      out.push({
        kind: 'link_non_value',
        message:
          i.websiteMissing === '(empty)'
            ? `${i.name}: the link field is empty.`
            : `${i.name}: the link field says “${i.websiteMissing}” instead of giving a link.`,
        records: record,
      });
    }
    const problems = i.scopeVerbatim === null ? [] : parseScopeText(i.scopeVerbatim).problems;
    if (problems.length > 0) {
      out.push({
        kind: 'malformed_scope',
        message: `${i.name}: the scope cell “${i.scopeVerbatim}” ${problems.join(' and ')}.`,
        records: record,
      });
    }
  }
  return out;
}

/** Links of initiatives and good practices that are malformed, each with what is wrong. */
function malformedLinks(facts: QualityFacts): Finding[] {
  const links = [
    ...facts.initiatives.map((i) => ({
      entity: 'initiative',
      key: i.slug,
      label: i.name,
      link: i.website,
    })),
    ...facts.practices.map((p) => ({
      entity: 'good_practice',
      key: p.slug,
      label: p.name,
      link: p.link,
    })),
  ];
  return links.flatMap(({ link, ...record }): Finding[] => {
    const problems = link ? linkProblems(link) : [];
    if (!link || problems.length === 0) return [];
    const what = problems.map((p) => LINK_PROBLEMS[p]).join('; it ');
    return [
      {
        kind: 'malformed_link',
        message: `${record.label}: the link “${link}” ${what}.`,
        records: [record],
      },
    ];
  });
}

/** Counts a document states that the records do not give. */
function figureMismatches(facts: QualityFacts): Finding[] {
  return facts.figures.flatMap(({ figure, found }): Finding[] =>
    found === null || agrees(figure, found)
      ? []
      : [
          {
            kind: 'figure_mismatch',
            message: `${figure.label}: the source states ${QUALIFIER_WORDS[figure.qualifier]}${figure.value}, the records give ${found}.`,
            records: [{ entity: 'figure', key: figure.key, label: figure.label }],
            stated: figure.value,
            found,
          },
        ],
  );
}

/** Where each figure is stated: the titles of its sources and sections. */
const whereStated = (f: ReportedFigure) =>
  f.sources.map((x) => `${x.source}${x.section ? `, “${x.section}”` : ''}`).join('; ');

/**
 * Figures that state the same quantity (the same measure) with different exact values: in one
 * document (a count printed twice) or in two (documents that disagree).
 */
function figuresStatedTwice(facts: QualityFacts): Finding[] {
  const groups = new Map<string, ReportedFigure[]>();
  for (const { figure } of facts.figures) {
    if (!figure.measure || figure.measure.of === 'share' || figure.qualifier !== 'exact') continue;
    const key = JSON.stringify(figure.measure, Object.keys(figure.measure).sort());
    groups.set(key, [...(groups.get(key) ?? []), figure]);
  }
  return [...groups.values()].flatMap((fs): Finding[] => {
    if (new Set(fs.map((f) => f.value)).size < 2) return [];
    const docs = new Set(fs.flatMap((f) => f.sources.map((x) => x.source)));
    const where = docs.size === 1 ? 'one document states' : 'the documents state';
    return [
      {
        kind: 'figure_stated_twice',
        message: `${fs[0]?.label}: ${where} ${fs.map((f) => `${f.value} (${whereStated(f)})`).join(' and ')}.`,
        records: fs.map((f) => ({ entity: 'figure', key: f.key, label: f.label })),
      },
    ];
  });
}

/** Printed percentages that do not equal their numerator over their denominator, rounded. */
function shareMismatches(facts: QualityFacts): Finding[] {
  const byKey = new Map(facts.figures.map(({ figure }) => [figure.key, figure]));
  return facts.figures.flatMap(({ figure }): Finding[] => {
    const m = figure.measure;
    if (m?.of !== 'share') return [];
    const num = byKey.get(m.numerator);
    const den = byKey.get(m.denominator);
    if (!num || !den || den.value === 0) return [];
    const exact = (num.value / den.value) * 100;
    if (Math.round(exact) === figure.value) return [];
    return [
      {
        kind: 'share_mismatch',
        message: `${figure.label}: printed as ${figure.value} %, but ${num.value} / ${den.value} = ${exact.toFixed(1)} %.`,
        records: [figure, num, den].map((f) => ({ entity: 'figure', key: f.key, label: f.label })),
        stated: figure.value,
        found: Math.round(exact * 10) / 10,
      },
    ];
  });
}

/** Finds the inconsistencies in the facts; pure, ordered by kind then by the first record. */
export function findQualityIssues(facts: QualityFacts): Finding[] {
  const out = [
    interviewRowTotals,
    interviewColumnTotal,
    duplicateRowNumbers,
    initiativeCells,
    malformedLinks,
    figureMismatches,
    figuresStatedTwice,
    shareMismatches,
    (f: QualityFacts) => duplicateStatements(f.statements ?? []),
    (f: QualityFacts) => misplacedValues(f.cells ?? []),
    (f: QualityFacts) => statusesNamingAnotherType(f.statuses ?? []),
    (f: QualityFacts) => implausibleDates(f.dated ?? [], f.documents ?? []),
    (f: QualityFacts) =>
      blankCountCells(
        f.interviewRows.map((r) => ({
          record: interviewRecord(r),
          table: r.table ?? '',
          rowName: `Interviews in ${r.regionName}`,
          printedTotal: r.printedTotal,
          counts: r.counts,
        })),
      ),
    (f: QualityFacts) => duplicateTableRows(f.tableRows ?? []),
    (f: QualityFacts) => namesSpelledTwice(f.names ?? []),
    (f: QualityFacts) => announcedCounts(f.texts ?? []),
    (f: QualityFacts) => absentFromTable(f.tableRows ?? [], f.rowCitations),
  ].flatMap((check) => check(facts));
  const order = Object.keys(FINDING_KINDS);
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}
