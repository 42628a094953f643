/**
 * Issue 13: curators' notes named codes ("policy_regulation would also be defensible", "hence
 * patient_perspective", "the relation part_of that Plan"): a note shows each code's label.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withCodeLabels } from '../../src/web/code-words.ts';
import { codeLabel, withLocale } from '../../src/web/i18n.ts';

const REFERENCE = new URL('../../data/reference/', import.meta.url);

test('the codes a note names read as their labels, in the note’s language', () => {
  assert.equal(
    withCodeLabels('hence ecosystem and partnership (policy_regulation would also be defensible).'),
    `hence ecosystem and partnership (“${codeLabel('domain', 'policy_regulation')}” would also be defensible).`,
  );
  assert.equal(
    withLocale('de', () => withCodeLabels('type ongoing_project as part of CGI-Clinics')),
    'type “Ongoing project” as part of CGI-Clinics',
  );
  assert.equal(
    withCodeLabels('the relation part_of.'),
    `the relation “${codeLabel('relation', 'part_of')}”.`,
  );
});

test('a word with underscores that is no code, or is part of a link, is left alone', () => {
  for (const text of [
    'see https://example.org/health_data/index?page_id=3',
    'the file best_practice_examples_en.pdf',
    'mission_node of the network',
    'mail to policy_regulation@example.org',
  ])
    assert.equal(withCodeLabels(text), text);
});

test('no note of the reference data keeps a code once labelled', () => {
  const codeWord = /(?<![\w/=.?&#@-])[a-z]+(?:_[a-z]+)+(?![\w/=@-]|\.\w)/g;
  const codes = new Set(
    Object.values(
      JSON.parse(
        readFileSync(new URL('../../src/web/i18n/en/codes.json', import.meta.url), 'utf8'),
      ) as Record<string, Record<string, string>>,
    ).flatMap((list) => Object.keys(list)),
  );
  let named = 0;
  for (const file of ['initiatives.json', 'icpermed-initiatives.json', 'good-practices.json']) {
    const records = JSON.parse(readFileSync(new URL(file, REFERENCE), 'utf8')) as {
      notes?: string;
    }[];
    for (const r of records) {
      if (!r.notes) continue;
      named += (r.notes.match(codeWord) ?? []).filter((w) => codes.has(w)).length;
      const left = (withCodeLabels(r.notes).match(codeWord) ?? []).filter((w) => codes.has(w));
      assert.deepEqual(left, [], r.notes);
    }
  }
  assert.ok(named > 0, 'the reference notes name codes (the case this guards)');
});
