/** The vocabulary of the data-quality check: the kinds of inconsistency and a finding. */

/** A record a finding points at. */
export interface FindingRecord {
  readonly entity: string;
  readonly key: string;
  readonly label: string;
}

/** The kinds of inconsistency the check looks for. */
export const FINDING_KINDS = {
  row_parts_total: 'A table row whose parts do not add up to its printed total',
  column_total: 'A printed total that does not match the sum of the rows',
  duplicate_row_number: 'The same row number used for two entries',
  link_non_value: 'A link field holding a non-value instead of a link',
  malformed_link: 'A link that is malformed: no scheme, markup, spaces, or two links run together',
  malformed_scope: 'A geographical scope that is misspelled or malformed',
  figure_mismatch: "A count stated in a document's text that differs from the records",
  figure_stated_twice: 'The same count stated with two values, in one document or by two',
  share_mismatch: 'A printed percentage that does not match the figures it is made of',
  duplicate_statement: 'The same statement recorded twice, as two evidence records',
  misplaced_value: 'A cell holding the value of another field, or a sentence in a code-like field',
  implausible_date: 'A date later than the document it comes from, or implausibly early for it',
  blank_count_cell: 'A blank cell inside a count table whose row prints a total',
  duplicate_table_rows: 'The same table row or the same table printed twice',
  name_spelled_twice: 'One name spelled two ways, in one document or between two',
  announced_count: 'A sentence that announces a number of items and lists another number',
  absent_from_table: "A record described in a document's text but absent from its table",
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

/** One inconsistency, with the records involved. */
export interface Finding {
  readonly kind: FindingKind;
  readonly message: string;
  readonly records: readonly FindingRecord[];
  /** The value the source states, where the finding compares numbers. */
  readonly stated?: number;
  /** The value the records give. */
  readonly found?: number;
}
