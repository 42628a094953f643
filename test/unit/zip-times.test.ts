/**
 * Generated workbooks are the same bytes for the same data (issue 13): no zip entry carries the
 * clock's time. The figure files (`/figures/*.xlsx`) once changed checksum at every request.
 */
import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { figureXlsx } from '../../src/io/figure-files.ts';
import { zipEntries } from '../../src/io/zip-entries.ts';
import { describe, test } from '../helpers/suite.ts';

const SHEET = {
  name: 'Barriers',
  headers: ['code', 'regions'],
  labels: ['Barrier', 'Regions reporting it'],
  rows: [
    ['B01', 3],
    ['B02', null],
  ],
  textColumns: 1,
};

/** The DOS date and time of every entry, central directory and local header. */
function entryTimes(data: Buffer): number[][] {
  const entries = zipEntries(data);
  assert.ok(entries && entries.length > 0, 'a zip archive');
  return entries.map((e) => [
    data.readUInt16LE(e.central + 12),
    data.readUInt16LE(e.central + 14),
    data.readUInt16LE(e.local + 10),
    data.readUInt16LE(e.local + 12),
  ]);
}

describe('workbook bytes do not depend on the clock', () => {
  test('a figure workbook made an hour and a day apart is byte-identical', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 0, 5, 9, 13, 7) });
    try {
      const one = await figureXlsx(SHEET, 'Cite as: test');
      mock.timers.setTime(Date.UTC(2026, 0, 6, 10, 44, 31));
      const two = await figureXlsx(SHEET, 'Cite as: test');
      assert.ok(one.equals(two), 'byte-identical workbooks');
      const other = await figureXlsx({ ...SHEET, rows: [['B01', 4]] }, 'Cite as: test');
      assert.ok(!one.equals(other), 'other data give other bytes');
    } finally {
      mock.timers.reset();
    }
  });

  test('every zip entry is dated 1980-01-01 00:00', async () => {
    const dosDate = (0 << 9) | (1 << 5) | 1;
    for (const times of entryTimes(await figureXlsx(SHEET, 'Cite as: test')))
      assert.deepEqual(times, [0, dosDate, 0, dosDate]);
  });
});
