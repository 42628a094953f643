import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ENTITY_KINDS } from '../../src/domain/contributions.ts';
import { publicPath } from '../../src/web/pages/contribute.tsx';

/** Where a published change is seen: the link a curator follows after publishing it. */
describe('the public place of a published change', () => {
  const translation = (key: string, regions: string[]) =>
    publicPath(ENTITY_KINDS.translation, key, { regions, content: {} });

  test("a statement's translation: its listing on its region's page, in that language", () => {
    assert.equal(
      translation('evidence/b04-catalonia-1/ca', ['ES51']),
      '/regions/ES51?lang=ca#statement-b04-catalonia-1',
    );
  });

  test('a statement of no region: the barriers, not a region page without a code', () => {
    assert.equal(translation('evidence/b04-x-1/de', []), '/barriers?lang=de');
  });

  test("a record's translation: the record's page in that language", () => {
    assert.equal(translation('good_practice/gp-1/el', ['ES51']), '/good-practices/gp-1?lang=el');
    assert.equal(translation('initiative/atmp/ca', []), '/initiatives/atmp?lang=ca');
  });
});
