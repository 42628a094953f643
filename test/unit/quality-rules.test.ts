import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findQualityIssues, type QualityFacts } from '../../src/analysis/quality.ts';
import {
  isSentence,
  misplacedValues,
  statusesNamingAnotherType,
} from '../../src/analysis/quality-cells.ts';
import { EARLIEST_YEARS_BEFORE, implausibleDates } from '../../src/analysis/quality-dates.ts';
import { recordFacts } from '../../src/analysis/quality-facts.ts';
import { nameKey, namesSpelledTwice } from '../../src/analysis/quality-names.ts';
import { blankCountCells, duplicateTableRows } from '../../src/analysis/quality-tables.ts';

const rec = (key: string, entity = 'initiative') => ({ entity, key, label: key.toUpperCase() });

describe('a cell holding the value of another field', () => {
  test('a status note or a scope item that is a structural type, a domain or a status fires', () => {
    const findings = misplacedValues([
      { record: rec('a'), field: 'status note', value: 'Permanent institutions', own: 'status' },
      { record: rec('b'), field: 'scope', value: 'Regional; Ongoing', own: 'scope', list: true },
      { record: rec('c'), field: 'row reference', value: 'research & innovation' },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records[0]?.key]),
      [
        ['misplaced_value', 'a'],
        ['misplaced_value', 'b'],
        ['misplaced_value', 'c'],
      ],
    );
    assert.match(
      findings[0]?.message ?? '',
      /“Permanent institutions”, which is a structural type/,
    );
    assert.match(findings[1]?.message ?? '', /“Ongoing”, which is a status/);
    assert.match(findings[2]?.message ?? '', /which is a domain \(“Research & Innovation”\)/);
  });

  test("a field's own values, longer text that mentions a label, and short codes do not fire", () => {
    assert.deepEqual(
      misplacedValues([
        { record: rec('a'), field: 'status note', value: 'Ongoing', own: 'status' },
        {
          record: rec('b'),
          field: 'scope',
          value: 'Local; Regional; European',
          own: 'scope',
          list: true,
        },
        {
          record: rec('c'),
          field: 'status note',
          value: 'Set to permanent because 5.4 lists it as a permanent institution.',
          own: 'status',
        },
        { record: rec('d'), field: 'acronym', value: 'HealthData@EU', codeLike: true },
        { record: rec('e'), field: 'row reference', value: 'North-East Region', codeLike: true },
        { record: rec('f'), field: 'acronym', value: 'EP PerMed', codeLike: true },
      ]),
      [],
    );
  });

  test('a code-like cell holding a sentence fires', () => {
    assert.equal(isSentence('Not available yet.'), true);
    assert.equal(isSentence('One two three four five'), true);
    assert.equal(isSentence('BBMRI.it'), false);
    const [f] = misplacedValues([
      { record: rec('a'), field: 'acronym', value: 'See the link for details.', codeLike: true },
    ]);
    assert.match(
      f?.message ?? '',
      /the acronym cell holds a sentence, “See the link for details\.”/,
    );
  });
});

describe('a status cell holding a structural type', () => {
  test("a status naming a kind of body fires when the record's type is another, not when it agrees", () => {
    const findings = statusesNamingAnotherType([
      { record: rec('a'), status: 'permanent', type: 'partnership' },
      { record: rec('b'), status: 'permanent', type: 'permanent_institution' },
      { record: rec('c'), status: 'ongoing', type: 'partnership' },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records[0]?.key]),
      [['misplaced_value', 'a']],
    );
    assert.match(
      findings[0]?.message ?? '',
      /the status is “Permanent”, which is the structural type “Permanent institution” .* structural type is “Partnership”/,
    );
  });
});

describe('a date implausible for its document', () => {
  const docs = [
    { code: 'old', title: 'Old report', year: 2019 },
    { code: 'new', title: 'New report', year: 2025 },
    { code: 'undated', title: 'Undated', year: null },
  ];
  test('later than the latest cited document, or long before the earliest, fires', () => {
    const findings = implausibleDates(
      [
        { record: rec('late'), field: 'status as of', value: '2026-01', sources: ['new'] },
        { record: rec('early'), field: 'held on', value: '2001', sources: ['new'] },
        { record: rec('bad'), field: 'opens on', value: 'spring', sources: ['old'] },
      ],
      docs,
    );
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records[0]?.key]),
      [
        ['implausible_date', 'late'],
        ['implausible_date', 'early'],
        ['implausible_date', 'bad'],
      ],
    );
    assert.match(findings[0]?.message ?? '', /2026-01 is later than New report \(2025\)/);
    assert.match(
      findings[1]?.message ?? '',
      new RegExp(`more than ${EARLIEST_YEARS_BEFORE} years`),
    );
  });

  test('a date within the window, one a later cited document covers, or only undated sources, does not', () => {
    assert.deepEqual(
      implausibleDates(
        [
          { record: rec('a'), field: 'status as of', value: '2025-12-31', sources: ['new'] },
          { record: rec('b'), field: 'status as of', value: '2024', sources: ['old', 'new'] },
          { record: rec('c'), field: 'status as of', value: '2030', sources: ['undated'] },
          {
            record: rec('d'),
            field: 'status as of',
            value: `${2025 - EARLIEST_YEARS_BEFORE}`,
            sources: ['new'],
          },
        ],
        docs,
      ),
      [],
    );
  });
});

describe('blank cells inside a count table', () => {
  const row = (
    key: string,
    total: number | null,
    counts: Record<string, number | null>,
    table = 't',
  ) => ({
    record: rec(key, 'interview_row'),
    table,
    rowName: `Row ${key}`,
    printedTotal: total,
    counts,
  });
  test('a blank in a column the table has fires, saying whether reading it as 0 gives the total', () => {
    const findings = blankCountCells([
      row('full', 3, { industry: 1, healthcare_provider: 2, research_academia: 0 }),
      row('zero', 3, { industry: 1, healthcare_provider: null, research_academia: 2 }),
      row('gap', 5, { industry: 1, healthcare_provider: null, research_academia: null }),
      row('over', 2, { industry: 2, healthcare_provider: null, research_academia: 1 }),
    ]);
    assert.deepEqual(
      findings.map((f) => [f.records[0]?.key, f.stated, f.found]),
      [
        ['zero', 3, 3],
        ['gap', 5, 1],
        ['over', 2, 3],
      ],
    );
    assert.match(
      findings[0]?.message ?? '',
      /“Healthcare providers” cell is blank .* can be read as 0/,
    );
    assert.match(findings[1]?.message ?? '', /cells are blank .* would have to hold 4/);
    assert.match(findings[2]?.message ?? '', /no reading of the blank makes the row add up/);
  });

  test('a column no row of the table fills is absent, not blank; a row without a total is not checked', () => {
    assert.deepEqual(
      blankCountCells([
        row('a', 3, { industry: 3, patient_organisation: null }),
        row('b', null, { industry: null, patient_organisation: null }),
        // Another table: its patient column is not the first table's.
        row('c', 1, { industry: null, patient_organisation: 1 }, 'other'),
      ]),
      [],
    );
  });
});

describe('the same table printed twice', () => {
  const tr = (key: string, section: string, content: string, inTable = true) => ({
    record: rec(key),
    source: 'd',
    sourceTitle: 'Doc D',
    section,
    inTable,
    content,
  });
  test('two records of one section identical in every field fire', () => {
    const findings = duplicateTableRows([tr('a', 'S', 'x'), tr('b', 'S', 'x'), tr('c', 'S', 'y')]);
    assert.deepEqual(
      findings.map((f) => f.records.map((r) => r.key)),
      [['a', 'b']],
    );
    assert.match(findings[0]?.message ?? '', /2 records of Doc D, section S, are identical/);
  });

  test('two sections holding the same set of rows fire; a different or one-row set does not', () => {
    const findings = duplicateTableRows([
      tr('a', 'T1', 'x'),
      tr('b', 'T1', 'y'),
      tr('a', 'T2', 'x'),
      tr('b', 'T2', 'y'),
      tr('c', 'T3', 'z'),
      tr('c', 'T4', 'z'),
      tr('a', 'Text', 'x', false),
      tr('b', 'Text', 'y', false),
    ]);
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'Sections T1 and T2 of Doc D hold the same 2 rows; check whether the table was printed twice.',
      ],
    );
  });

  test('the same record cited twice in one section is no duplicate', () => {
    assert.deepEqual(duplicateTableRows([tr('a', 'S', 'x'), tr('a', 'S', 'x')]), []);
  });
});

describe('one name spelled two ways in one document', () => {
  const doc = (code: string) => ({ code, title: `Doc ${code}` });
  test('names differing only by case, accents, punctuation, hyphens or spacing fire', () => {
    assert.equal(nameKey('Regmed XB'), nameKey('RegMed-XB'));
    assert.equal(nameKey('Région Île'), nameKey('region ile'));
    const findings = namesSpelledTwice([
      { record: rec('a'), name: 'SciLifeLab', sources: [doc('d')] },
      { record: rec('b'), name: 'SciLifelab', sources: [doc('d')] },
      { record: rec('c'), name: 'Other', acronym: 'PADRIS', sources: [doc('d')] },
      { record: rec('e'), name: 'Else', acronym: 'Padris', sources: [doc('d')] },
    ]);
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records.map((r) => r.key)]),
      [
        ['name_spelled_twice', ['a', 'b']],
        ['name_spelled_twice', ['c', 'e']],
      ],
    );
    assert.match(
      findings[0]?.message ?? '',
      /Doc d gives one name in 2 spellings .*: the initiative “SciLifeLab”; the initiative “SciLifelab”\. Check/,
    );
    assert.match(findings[1]?.message ?? '', /one acronym/);
  });

  test('the same spelling or different names do not fire; two documents fire as records of different documents', () => {
    const findings = namesSpelledTwice([
      { record: rec('a'), name: 'SciLifeLab', sources: [doc('d')] },
      { record: rec('b'), name: 'SciLifeLab', sources: [doc('d')] },
      { record: rec('c'), name: 'Regmed XB', sources: [doc('d')] },
      { record: rec('e', 'good_practice'), name: 'RegMed XB', sources: [doc('other')] },
      { record: rec('f'), name: 'RegMed XC', sources: [doc('d')] },
    ]);
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'The records of different documents give one name in 2 spellings that differ only in case, accents, punctuation or spacing: the initiative “Regmed XB”, citing Doc d; the good practice “RegMed XB”, citing Doc other. Check whether they are one organisation, which spelling is its own, and whether the records should be linked.',
      ],
    );
  });

  test('records already reported for one document are not reported again across documents', () => {
    const findings = namesSpelledTwice([
      { record: rec('a'), name: 'Gene-Net', sources: [doc('d'), doc('x')] },
      { record: rec('b'), name: 'GeneNet', sources: [doc('d')] },
    ]);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^Doc d gives one name/);
  });
});

describe('the record facts feed the rules', () => {
  test('facts built from records reach the check and each rule fires through it', () => {
    const cited = new Map([
      [
        'initiative',
        new Map([
          ['a', [{ source: 'd', section: '7 Appendix', row: '1' }]],
          ['b', [{ source: 'd', section: '7 Appendix', row: '2' }]],
        ]),
      ],
    ]);
    const initiative = (slug: string, name: string, extra: object = {}) => ({
      slug,
      name,
      acronym: null,
      website: 'https://x.example/',
      websiteMissing: null,
      scopeVerbatim: 'National',
      statusNote: null,
      statusAsOf: '2025-01',
      status: 'ongoing',
      type: 'partnership',
      domain: 'ecosystem',
      ...extra,
    });
    const facts: QualityFacts = {
      initiatives: [],
      rowCitations: [],
      interviewRows: [],
      figures: [],
      practices: [],
      ...recordFacts({
        initiatives: [
          initiative('a', 'Gene-Net', { statusNote: 'Partnership', statusAsOf: '2027-01' }),
          initiative('b', 'GeneNet'),
        ],
        practices: [],
        workshops: [],
        campaigns: [],
        documents: [{ code: 'd', title: 'Doc D', year: 2025 }],
        cited,
      }),
    };
    assert.deepEqual(
      findQualityIssues(facts).map((f) => [f.kind, f.records.map((r) => r.key).join()]),
      [
        ['misplaced_value', 'a'],
        ['implausible_date', 'a'],
        ['name_spelled_twice', 'a,b'],
      ],
    );
  });
});
