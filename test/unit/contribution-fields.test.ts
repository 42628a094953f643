import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  contentFromForm,
  FORM_FIELDS,
  formFromContent,
  problemField,
} from '../../src/domain/contribution-fields.ts';
import { changedFields, checkDraft, ENTITY_KINDS } from '../../src/domain/contributions.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';

const initiatives = JSON.parse(readFileSync(`${FIXTURE_DIR}/initiatives.json`, 'utf8')) as Record<
  string,
  unknown
>[];

test('every reference initiative survives the form: shown, sent back unchanged, equal content', () => {
  for (const raw of initiatives) {
    const checked = checkDraft(ENTITY_KINDS.initiative, raw);
    assert.ok(checked.ok, JSON.stringify(raw));
    const form = formFromContent('initiative', checked.content);
    const back = contentFromForm('initiative', form, checked.content);
    const again = checkDraft(ENTITY_KINDS.initiative, back);
    assert.ok(again.ok);
    assert.deepEqual(changedFields(checked.content, again.content), [], String(raw.slug));
  }
});

test('lines become structured values; emptied fields are removed; fields the form lacks are kept', () => {
  const base = { slug: 'x', name: 'Old', extra: { 'Budget (EUR)': '1.2 M' }, acronym: 'OLD' };
  const content = contentFromForm(
    'initiative',
    {
      name: ['New name'],
      acronym: [''],
      regions: ['es51, es52'],
      scopes: ['regional', 'national'],
      funding: ['eu | Horizon Europe | EP PerMed |\n\n national | ISCIII'],
      sources: ['preciseu-d3-1 | 7 Appendix | 12'],
      relations: ['part_of | genomic-medicine-sweden'],
    },
    base,
  );
  assert.equal(content.name, 'New name');
  assert.equal(content.acronym, undefined, 'an emptied field is removed');
  assert.deepEqual(content.extra, base.extra, 'columns the form does not show are kept');
  assert.deepEqual(content.regions, ['ES51', 'ES52']);
  assert.deepEqual(content.scopes, ['regional', 'national']);
  assert.deepEqual(content.funding, [
    { kind: 'eu', funder: 'Horizon Europe', programme: 'EP PerMed' },
    { kind: 'national', funder: 'ISCIII' },
  ]);
  assert.deepEqual(content.sources, [
    { source: 'preciseu-d3-1', section: '7 Appendix', row: '12' },
  ]);
  assert.deepEqual(content.relations, [{ kind: 'part_of', target: 'genomic-medicine-sweden' }]);
});

test('every form field is a field of its schema, and every required schema field has a form field', () => {
  for (const [entity, specs] of Object.entries(FORM_FIELDS)) {
    const kind = ENTITY_KINDS[entity as keyof typeof ENTITY_KINDS];
    const shape = kind.schema as unknown as { def?: { in?: { shape?: object } }; shape?: object };
    const fields = Object.keys(shape.shape ?? shape.def?.in?.shape ?? {});
    assert.ok(fields.length > 0, `${entity}: schema fields found`);
    // "counts.industry" is a member of the field counts.
    for (const s of specs ?? [])
      assert.ok(fields.includes(s.name.split('.')[0] ?? ''), `${entity}.${s.name}`);
  }
});

test('a quotation: empty words mean none; a part without the words is a problem on the words', () => {
  const form = {
    key: ['q-test'],
    statement: ['A paraphrase'],
    barriers: ['B01'],
    region: ['es51'],
    sources: ['preciseu-d6-1 | 1. Health data fragmentation'],
  };
  const none = contentFromForm('evidence', {
    ...form,
    'quote.text': [''],
    'quote.attribution': [''],
    'quote.printedIn': ['\n'],
  });
  assert.equal('quote' in none, false, 'no quotation at all');
  assert.ok(checkDraft(ENTITY_KINDS.evidence, none).ok);
  const full = contentFromForm('evidence', {
    ...form,
    'quote.text': [' The words | as printed '],
    'quote.attribution': ['Spain'],
    'quote.printedIn': ['preciseu-d6-1 | 1. Health data | 12 | in part | abridged\npreciseu-d6-1'],
  });
  assert.deepEqual(full.quote, {
    text: 'The words | as printed',
    attribution: 'Spain',
    printedIn: [
      { source: 'preciseu-d6-1', section: '1. Health data', page: 12, note: 'in part | abridged' },
      { source: 'preciseu-d6-1' },
    ],
  });
  assert.ok(checkDraft(ENTITY_KINDS.evidence, full).ok);
  assert.deepEqual(formFromContent('evidence', full)['quote.printedIn'], [
    'preciseu-d6-1 | 1. Health data | 12 | in part | abridged\npreciseu-d6-1',
  ]);
  const orphan = contentFromForm('evidence', {
    ...form,
    'quote.attribution': ['Spain'],
    'quote.printedIn': ['preciseu-d6-1 | x | twelve'],
  });
  const checked = checkDraft(ENTITY_KINDS.evidence, orphan);
  assert.ok(!checked.ok);
  const byField = new Map(checked.problems.map((p) => [problemField(p.field), p.message]));
  assert.match(byField.get('quote.text') ?? '', /quotation's words are missing/);
  assert.ok(byField.has('quote.printedIn'), 'a page that is not a number is refused');
  // Editing a record with a quotation and emptying every part removes it.
  const emptied = contentFromForm('evidence', { ...form, 'quote.text': [''] }, full);
  assert.equal('quote' in emptied, false);
});

test('a workshop note: empty means none; sources without its text are a problem on the text', () => {
  const form = {
    region: ['DE11'],
    campaign: ['preciseu-barrier-mapping-2025'],
    overview: ['An overview'],
    sources: ['preciseu-d6-1'],
  };
  const none = contentFromForm('regional_report', { ...form, 'workshopNote.text': [''] });
  assert.equal('workshopNote' in none, false);
  const orphan = contentFromForm('regional_report', {
    ...form,
    'workshopNote.sources': ['preciseu-d6-1'],
  });
  const checked = checkDraft(ENTITY_KINDS.regional_report, orphan);
  assert.ok(!checked.ok);
  assert.deepEqual(
    checked.problems.map((p) => problemField(p.field)),
    ['workshopNote.text'],
  );
  assert.equal(problemField('counts.industry'), 'counts.industry');
  assert.equal(problemField('sources.0.source'), 'sources');
});
