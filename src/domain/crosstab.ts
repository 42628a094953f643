/** A two-way table of counts with row, column and grand totals. */
export interface CrossTab {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[r][c] is the count for rows[r] × columns[c]. */
  readonly cells: readonly (readonly number[])[];
  readonly rowTotals: readonly number[];
  readonly columnTotals: readonly number[];
  readonly total: number;
}
