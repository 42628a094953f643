import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BARRIER_CATEGORIES, BARRIERS } from '../../src/domain/codes.ts';
import { wrapLabel } from '../../src/web/charts.tsx';
import { codeLabel, LOCALES, withLocale } from '../../src/web/i18n.ts';
import { textWidth } from '../../src/web/map-labels.ts';

test('every barrier and category label wraps on a phone within the chart’s 300 px lines, in every language', () => {
  for (const locale of LOCALES)
    withLocale(locale, () => {
      const labels = [
        ...BARRIERS.map((b) => codeLabel('barrier', b.code)),
        ...BARRIER_CATEGORIES.map((c) => codeLabel('barrierCategory', c.code)),
      ];
      for (const label of labels) {
        const lines = wrapLabel(label);
        for (const line of lines)
          assert.ok(textWidth(line, 12) <= 300, `${locale}: "${line}" is wider than 300 px`);
        // Nothing is lost in the middle: the lines are the label's words in order, the last one
        // perhaps cut short with "…".
        const shown = lines.join(' ');
        if (shown.endsWith('…')) assert.ok(label.startsWith(shown.slice(0, -1).trimEnd()), shown);
        else assert.equal(shown, label.split(/\s+/).join(' '));
      }
    });
});
