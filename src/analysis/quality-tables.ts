import { STAKEHOLDER_GROUPS } from '../domain/codes.ts';
import type { Finding, FindingRecord } from '../domain/quality.ts';

/** A printed row of a count table: its printed total and its cells (null: blank or no column). */
export interface CountRowFact {
  readonly record: FindingRecord;
  /** The table the row belongs to (rows of one table share their columns). */
  readonly table: string;
  readonly rowName: string;
  readonly printedTotal: number | null;
  readonly counts: Readonly<Record<string, number | null>>;
}

const GROUP_LABELS: ReadonlyMap<string, string> = new Map(
  STAKEHOLDER_GROUPS.map((g) => [g.code, g.label]),
);

/** The columns a table has: the groups at least one of its rows gives a number for. */
function columnsOf(rows: readonly CountRowFact[]): string[] {
  return STAKEHOLDER_GROUPS.map((g) => g.code as string).filter((g) =>
    rows.some((r) => r.counts[g] != null),
  );
}

/** What the blanks of a row must hold for its parts to add up to its printed total. */
function blankReading(total: number, parts: number, blanks: number): string {
  const rest = total - parts;
  if (rest === 0)
    return `the other cells add up to ${parts}, the printed total, so the blank${blanks > 1 ? 's' : ''} can be read as 0`;
  if (rest > 0)
    return `the other cells add up to ${parts}, so the blank${blanks > 1 ? 's' : ''} would have to hold ${rest} to reach the printed total`;
  return `the other cells already add up to ${parts}, more than the printed total, so no reading of the blank${blanks > 1 ? 's' : ''} makes the row add up`;
}

/**
 * Blank cells inside a count table: a row that prints a total but leaves a cell empty in a column
 * the table has (a column some other row fills). A column no row fills is one the table does not
 * have, not a blank. Says which cells are blank and whether the total is consistent with reading
 * them as 0.
 */
export function blankCountCells(rows: readonly CountRowFact[]): Finding[] {
  const tables = new Map<string, CountRowFact[]>();
  for (const r of rows) tables.set(r.table, [...(tables.get(r.table) ?? []), r]);
  return [...tables.values()].flatMap((table) => {
    const columns = columnsOf(table);
    return table.flatMap((r): Finding[] => {
      const blanks = columns.filter((g) => r.counts[g] == null);
      if (r.printedTotal === null || blanks.length === 0) return [];
      const parts = columns.reduce((a, g) => a + (r.counts[g] ?? 0), 0);
      const labels = blanks.map((g) => `“${GROUP_LABELS.get(g) ?? g}”`);
      const names =
        labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
      return [
        {
          kind: 'blank_count_cell',
          message: `${r.rowName}: the ${names} cell${blanks.length > 1 ? 's are' : ' is'} blank while the row prints a total of ${r.printedTotal}; ${blankReading(r.printedTotal, parts, blanks.length)}. Check the printed table for what the blank means (none, not asked or not known).`,
          records: [r.record],
          stated: r.printedTotal,
          found: parts,
        },
      ];
    });
  });
}

/** A record as one row of one section of a document, with its content in canonical form. */
export interface TableRowFact {
  readonly record: FindingRecord;
  readonly source: string;
  readonly sourceTitle: string;
  readonly section: string;
  /** Whether the record cites a numbered or named row of the section (a table), not only its text. */
  readonly inTable: boolean;
  /** Every field of the record the table prints, in one canonical string. */
  readonly content: string;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

const distinctRecords = (rows: readonly TableRowFact[]): FindingRecord[] => [
  ...new Map(rows.map((r) => [`${r.record.entity}/${r.record.key}`, r.record])).values(),
];

/** Two or more records of one section of one document that are identical in every field. */
function identicalRows(rows: readonly TableRowFact[]): Finding[] {
  const groups = groupBy(rows, (r) => `${r.source}\u0000${r.section}\u0000${r.content}`);
  return [...groups.values()].flatMap((same): Finding[] => {
    const records = distinctRecords(same);
    const first = same[0];
    if (!first || records.length < 2) return [];
    return [
      {
        kind: 'duplicate_table_rows',
        message: `${records.map((r) => r.label).join(' and ')}: ${records.length} records of ${first.sourceTitle}, section ${first.section}, are identical in every field; check whether one row was printed twice.`,
        records,
      },
    ];
  });
}

/** Two sections of one document whose tables hold the same set of rows (two rows or more). */
function repeatedTables(rows: readonly TableRowFact[]): Finding[] {
  const tables = groupBy(
    rows.filter((r) => r.inTable),
    (r) => `${r.source}\u0000${r.section}`,
  );
  const bySet = groupBy([...tables.values()], (t) =>
    [t[0]?.source, ...[...new Set(t.map((r) => r.content))].sort()].join('\u0001'),
  );
  return [...bySet.values()].flatMap((same): Finding[] => {
    const first = same[0]?.[0];
    const size = new Set(same[0]?.map((r) => r.content)).size;
    if (!first || same.length < 2 || size < 2) return [];
    const sections = same.map((t) => t[0]?.section ?? '');
    return [
      {
        kind: 'duplicate_table_rows',
        message: `Sections ${sections.join(' and ')} of ${first.sourceTitle} hold the same ${size} rows; check whether the table was printed twice.`,
        records: distinctRecords(same.flat()),
      },
    ];
  });
}

/** The same row or the same table printed twice in one document. */
export function duplicateTableRows(rows: readonly TableRowFact[]): Finding[] {
  return [...identicalRows(rows), ...repeatedTables(rows)];
}
