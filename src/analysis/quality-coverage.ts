import type { Finding } from '../domain/quality.ts';
import type { TableRowFact } from './quality-tables.ts';

/** What a record is, in words. */
const ENTITY_WORDS: Readonly<Record<string, string>> = {
  initiative: 'initiative',
  good_practice: 'good practice',
  workshop: 'workshop',
  campaign: 'campaign',
};

const quoted = (items: readonly string[]) => items.map((s) => `“${s}”`).join(', ');

/** A citation of a row of a section, as records give it. */
export interface RowCitation {
  readonly entity: string;
  readonly key: string;
  readonly source: string;
  readonly section: string;
  readonly row: string;
}

/**
 * A row of a printed table: a row number ("12", "12a"). A row given as a label (a reference
 * number such as "reference [17]", a named position) locates a record in running text, not in a
 * table.
 */
export const isTableRow = (row: string) => /^\d{1,4}[a-z]?$/i.test(row.trim());

const keyOf = (source: string, entity: string) => `${source}\u0000${entity}`;

/**
 * Records a document describes in its text but leaves out of its table: for each document and
 * kind of record where some records cite a numbered row of the document (its table), every
 * record of that kind that cites the document only in sections of running text, with no row.
 * Records the table lists are not findings whatever else they cite; names in the text that match
 * no record are not guessed at.
 */
export function absentFromTable(
  cites: readonly TableRowFact[],
  rowCitations: readonly RowCitation[],
): Finding[] {
  const tableRows = rowCitations.filter((c) => isTableRow(c.row));
  const tables = new Map<string, Set<string>>();
  for (const c of tableRows) {
    const k = keyOf(c.source, c.entity);
    tables.set(k, (tables.get(k) ?? new Set()).add(c.section));
  }
  const listed = new Set(tableRows.map((c) => `${keyOf(c.source, c.entity)}\u0000${c.key}`));
  const textOnly = new Map<string, TableRowFact[]>();
  for (const c of cites) {
    const k = `${keyOf(c.source, c.record.entity)}\u0000${c.record.key}`;
    if (!tables.has(keyOf(c.source, c.record.entity)) || listed.has(k)) continue;
    textOnly.set(k, [...(textOnly.get(k) ?? []), c]);
  }
  return [...textOnly.values()].flatMap((own): Finding[] => {
    const first = own[0];
    if (!first) return [];
    const sections = [...new Set(own.map((c) => c.section).filter((s) => s !== ''))];
    const table = [...(tables.get(keyOf(first.source, first.record.entity)) ?? [])];
    const what = ENTITY_WORDS[first.record.entity] ?? first.record.entity;
    const where =
      sections.length > 0 ? ` (section${sections.length > 1 ? 's' : ''} ${quoted(sections)})` : '';
    return [
      {
        kind: 'absent_from_table',
        message: `${first.record.label}: ${first.sourceTitle} describes this ${what} in its text${where}, but its table (${quoted(table)}) has no row for it. The atlas keeps the ${what} as the text describes it; check whether the table left it out.`,
        records: [first.record],
      },
    ];
  });
}
