import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { neutraliseFormula, restoreFormulaText } from '../../src/domain/columns.ts';
import { decodeXlsxText, encodeXlsxText } from '../../src/io/xlsx-text.ts';

const tricky = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      "'",
      '_x000D_',
      '_x005F_',
      '\u0001',
      '\uFFFF',
    ),
    fc.string({ unit: 'grapheme', maxLength: 2 }),
  ),
});

test('formula neutralising is undone exactly by the importer, and leaves no cell a formula', () => {
  fc.assert(
    fc.property(tricky, (s) => {
      const out = neutraliseFormula(s);
      assert.equal(restoreFormulaText(out), s);
      assert.ok(!/^[=+\-@\t\r]/.test(out), `${JSON.stringify(out)} would run as a formula`);
    }),
    { numRuns: 2000 },
  );
  assert.equal(neutraliseFormula('=HYPERLINK("http://x")'), '\'=HYPERLINK("http://x")');
  assert.equal(neutraliseFormula('N/A'), 'N/A');
});

test('XLSX text escaping keeps carriage returns and control characters, and is undone exactly', () => {
  fc.assert(
    fc.property(tricky, (s) => {
      const out = encodeXlsxText(s);
      assert.equal(decodeXlsxText(out), s);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is left
      assert.ok(!/[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/.test(out));
    }),
    { numRuns: 2000 },
  );
  assert.equal(encodeXlsxText('a\r\nb'), 'a_x000D_\nb');
});
