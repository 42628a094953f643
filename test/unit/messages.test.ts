import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate } from '../../src/web/components.tsx';
import { tIn, withLocale } from '../../src/web/i18n.ts';

test('a message ending in a date that ends in an abbreviation has one full stop, not two', () => {
  for (const locale of ['uk', 'bg'] as const) {
    const date = withLocale(locale, () => formatDate('2026-12-06'));
    assert.ok(date.endsWith('.'), `${locale} dates end in an abbreviation: ${date}`);
    const text = tIn(locale, 'strategies.confirmedBy', { who: 'X', date });
    assert.ok(text.endsWith(date), text);
    assert.ok(!text.endsWith('..'), text);
  }
  // An ellipsis stays.
  assert.equal(
    tIn('en', 'strategies.confirmedBy', { who: 'X', date: 'later...' }).endsWith('...'),
    true,
  );
});
