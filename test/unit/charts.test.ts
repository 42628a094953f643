import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrossTabChart } from '../../src/web/charts.tsx';

const table = {
  rows: ['r1'],
  columns: ['a', 'b', 'c'],
  cells: [[1, 2, 3]],
  rowTotals: [6],
  columnTotals: [1, 2, 3],
  total: 6,
};

/** The labels of a row's segments from left to right, read from the drawn bars' x positions. */
async function segmentOrder(
  labels: Record<string, string>,
  drawing: 'wide' | 'narrow' = 'wide',
): Promise<string[]> {
  const svg = String(
    await CrossTabChart({
      table,
      rowLabel: (c) => c,
      columnLabel: (c) => labels[c] ?? c,
      label: 'test',
    }),
  );
  // The chart is drawn wide and narrow (the stylesheet shows one by the screen's width).
  const narrowAt = svg.indexOf('class="chart-narrow"');
  const part =
    drawing === 'wide'
      ? svg.slice(svg.indexOf('class="chart-wide"'), narrowAt)
      : svg.slice(narrowAt);
  assert.ok(part.length > 0 && narrowAt > 0, `the chart has its ${drawing} drawing`);
  const bars = [...part.matchAll(/<path aria-label="r1, ([^:"]+): \d+"[^>]*d="M([\d.]+),/g)];
  return bars.sort((x, y) => Number(x[2]) - Number(y[2])).map((m) => m[1] ?? '');
}

test('chart segments follow the codebook order in every language, not the labels', async () => {
  // Two "languages" whose labels sort differently: the codes a, b, c stay left to right, in the
  // wide drawing and in the narrow one.
  for (const drawing of ['wide', 'narrow'] as const) {
    assert.deepEqual(await segmentOrder({ a: 'Zeta', b: 'Alpha', c: 'Mu' }, drawing), [
      'Zeta',
      'Alpha',
      'Mu',
    ]);
    assert.deepEqual(await segmentOrder({ a: 'Alpha', b: 'Zeta', c: 'Beta' }, drawing), [
      'Alpha',
      'Zeta',
      'Beta',
    ]);
  }
});
