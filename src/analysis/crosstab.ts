import type { CrossTab } from '../domain/crosstab.ts';

/**
 * Builds a cross-tabulation from grouped counts. Every listed row and column appears even when
 * its count is zero; counts for keys outside the lists are added as extra rows/columns at the end
 * rather than dropped, so the grand total always equals the sum of the input.
 */
export function crossTab(
  counts: readonly { row: string; column: string; n: number }[],
  rowKeys: readonly string[],
  columnKeys: readonly string[],
): CrossTab {
  const rows = [...rowKeys];
  const columns = [...columnKeys];
  for (const c of counts) {
    if (!rows.includes(c.row)) rows.push(c.row);
    if (!columns.includes(c.column)) columns.push(c.column);
  }
  const cells = rows.map(() => columns.map(() => 0));
  for (const c of counts) {
    const r = cells[rows.indexOf(c.row)];
    if (r) r[columns.indexOf(c.column)] = (r[columns.indexOf(c.column)] ?? 0) + c.n;
  }
  const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals = columns.map((_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0));
  return {
    rows,
    columns,
    cells,
    rowTotals,
    columnTotals,
    total: rowTotals.reduce((a, b) => a + b, 0),
  };
}

/** Counts keyed by a value, ordered by count (descending) then key, with missing keys as "(none)". */
export function tally(
  counts: readonly { key: string | null; n: number }[],
): { key: string; n: number }[] {
  const m = new Map<string, number>();
  for (const c of counts) {
    const k = c.key ?? '(none)';
    m.set(k, (m.get(k) ?? 0) + c.n);
  }
  return [...m.entries()]
    .map(([key, n]) => ({ key, n }))
    .sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
}
