import type { Finding, FindingRecord } from '../domain/quality.ts';

/** A document with the year it is dated. */
export interface DocumentFact {
  readonly code: string;
  readonly title: string;
  readonly year: number | null;
}

/** A date a record gives (a year, year-month or full date) and the documents the record cites. */
export interface DatedFact {
  readonly record: FindingRecord;
  /** What the date is, in words: "status as of", "held on", "opens on". */
  readonly field: string;
  readonly value: string;
  readonly sources: readonly string[];
}

/**
 * How many years before its document a date may lie and still be plausible: the dates the check
 * reads (a status as of, a workshop, a campaign) are what the document reports as current or
 * recent, not history.
 */
export const EARLIEST_YEARS_BEFORE = 10;

/** The year of a date written as YYYY, YYYY-MM or YYYY-MM-DD; null when it is not one. */
function yearOf(value: string): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Dates implausible for the documents that report them: later than the latest document the record
 * cites (a document cannot report what happened after it was written), or more than
 * EARLIEST_YEARS_BEFORE years before the earliest one. Documents without a year are not compared;
 * a date that is not a date is reported as such.
 */
export function implausibleDates(
  dated: readonly DatedFact[],
  documents: readonly DocumentFact[],
): Finding[] {
  const byCode = new Map(documents.map((d) => [d.code, d]));
  return dated.flatMap((d): Finding[] => {
    const docs = [...new Set(d.sources)]
      .map((s) => byCode.get(s))
      .filter((x): x is DocumentFact & { year: number } => x?.year != null);
    if (docs.length === 0) return [];
    const year = yearOf(d.value);
    const finding = (message: string): Finding[] => [
      { kind: 'implausible_date', message, records: [d.record] },
    ];
    if (year === null)
      return finding(
        `${d.record.label}: ${d.field} “${d.value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD); check the cell.`,
      );
    const latest = docs.reduce((a, b) => (b.year > a.year ? b : a));
    const earliest = docs.reduce((a, b) => (b.year < a.year ? b : a));
    if (year > latest.year)
      return finding(
        `${d.record.label}: ${d.field} ${d.value} is later than ${latest.title} (${latest.year}), the latest document the record cites; check the date or the source.`,
      );
    if (year < earliest.year - EARLIEST_YEARS_BEFORE)
      return finding(
        `${d.record.label}: ${d.field} ${d.value} is more than ${EARLIEST_YEARS_BEFORE} years before ${earliest.title} (${earliest.year}), which reports it as current; check the date or the source.`,
      );
    return [];
  });
}
