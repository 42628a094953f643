import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agrees, findQualityIssues, type QualityFacts } from '../../src/analysis/quality.ts';
import type { ReportedFigure } from '../../src/domain/schemas.ts';

const none: QualityFacts = {
  initiatives: [],
  rowCitations: [],
  interviewRows: [],
  figures: [],
  practices: [],
};

function figure(
  key: string,
  value: number,
  qualifier: ReportedFigure['qualifier'],
  measure?: ReportedFigure['measure'],
): ReportedFigure {
  return { key, label: `Figure ${key}`, value, qualifier, measure, sources: [{ source: 's' }] };
}

function cite(key: string, source: string, section: string, row: string) {
  return {
    entity: 'initiative',
    key,
    label: key.toUpperCase(),
    source,
    sourceTitle: 'Report S',
    section,
    row,
  };
}

const issuesOfKind = (kind: string, facts: QualityFacts) =>
  findQualityIssues(facts).filter((f) => f.kind === kind);

describe('interview rows', () => {
  test('only the five stakeholder groups count, an empty cell as 0, and a row without a printed total is not checked', () => {
    // Blank cells are a kind of their own (test/unit/quality-rules.test.ts); here only the sums.
    const findings = issuesOfKind('row_parts_total', {
      ...none,
      interviewRows: [
        { region: 'A', regionName: 'Aland', printedTotal: null, counts: { industry: 5 } },
        {
          region: 'B',
          regionName: 'Bland',
          printedTotal: 6,
          // 2 + 0 + 4 = 6; a key that is no stakeholder group is not a part
          counts: { industry: 2, healthcare_provider: null, research_academia: 4, other: 9 },
        },
        {
          region: 'C',
          regionName: 'Cland',
          printedTotal: 5,
          counts: { patient_organisation: 2, public_authority_other: 2 },
        },
      ],
    });
    assert.deepEqual(findings, [
      {
        kind: 'row_parts_total',
        message:
          "Interviews in Cland: the stakeholder-group counts add up to 4, the row's printed total is 5.",
        records: [{ entity: 'interview_row', key: 'C', label: 'Interview row Cland' }],
        stated: 5,
        found: 4,
      },
    ]);
  });
});

describe('printed totals row', () => {
  test('is checked only when there is an overall total, and agrees when its parts add up', () => {
    const parts = [
      {
        figure: figure('ind', 4, 'exact', { of: 'interviews', stakeholderGroup: 'industry' }),
        found: 4,
      },
      {
        figure: figure('hp', 6, 'exact', {
          of: 'interviews',
          stakeholderGroup: 'healthcare_provider',
        }),
        found: 6,
      },
    ];
    assert.deepEqual(findQualityIssues({ ...none, figures: parts }), []);
    const total = { figure: figure('all', 10, 'exact', { of: 'interviews' }), found: 10 };
    assert.deepEqual(findQualityIssues({ ...none, figures: [total, ...parts] }), []);
    const wrongTotal = { figure: figure('all', 11, 'exact', { of: 'interviews' }), found: null };
    const [finding] = findQualityIssues({ ...none, figures: [...parts, wrongTotal] });
    assert.equal(finding?.kind, 'column_total');
    assert.equal(
      finding?.message,
      'The printed totals row of the interview table: its stakeholder-group totals add up to 10, its overall total is 11.',
    );
    assert.deepEqual(
      finding?.records.map((r) => r.key),
      ['all', 'ind', 'hp'],
    );
    assert.deepEqual([finding?.stated, finding?.found], [11, 10]);
  });
});

describe('row numbers', () => {
  test('a row is a duplicate only when two different records cite the same source, section and row', () => {
    const findings = findQualityIssues({
      ...none,
      rowCitations: [
        cite('a', 's', '3', '12'),
        cite('a', 's', '3', '12'), // the same record twice is one entry
        cite('b', 's', '4', '12'), // another section
        cite('c', 't', '3', '12'), // another source
        cite('d', 's', '3', '12'),
        cite('e', 's', '3', '12'),
      ],
    });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.message, 'Row 12 of Report S, section 3, is used for 3 entries.');
    assert.deepEqual(findings[0]?.records, [
      { entity: 'initiative', key: 'a', label: 'A' },
      { entity: 'initiative', key: 'd', label: 'D' },
      { entity: 'initiative', key: 'e', label: 'E' },
    ]);
  });
});

describe('links, scopes and order', () => {
  test('messages name the initiative and quote the cell; findings come in kind order', () => {
    const findings = findQualityIssues({
      ...none,
      initiatives: [
        { slug: 'x', name: 'X', website: null, websiteMissing: null, scopeVerbatim: 'Local;' },
        {
          slug: 'y',
          name: 'Y',
          website: null,
          websiteMissing: '(empty)',
          scopeVerbatim: 'Regional, National',
        },
        { slug: 'z', name: 'Z', website: null, websiteMissing: 'tbd', scopeVerbatim: null },
      ],
    });
    // X's scope is found first, but links come before scopes.
    assert.deepEqual(
      findings.map((f) => [f.kind, f.message]),
      [
        ['link_non_value', 'Y: the link field is empty.'],
        ['link_non_value', 'Z: the link field says “tbd” instead of giving a link.'],
        ['malformed_scope', 'X: the scope cell “Local;” ends with a separator.'],
      ],
    );
    assert.deepEqual(findings[2]?.records, [{ entity: 'initiative', key: 'x', label: 'X' }]);
  });
});

describe('reported figures', () => {
  test('a figure the records contradict is reported with its qualifier; uncountable ones are skipped', () => {
    const findings = findQualityIssues({
      ...none,
      figures: [
        // about 35 allows round(3.5) = 4 either way: 39 agrees, 40 does not
        { figure: figure('near', 35, 'about', { of: 'initiatives' }), found: 39 },
        { figure: figure('far', 35, 'about', { of: 'initiatives' }), found: 40 },
        { figure: figure('least', 10, 'at_least', { of: 'workshops' }), found: 9 },
        { figure: figure('same', 7, 'exact', { of: 'workshops' }), found: 7 },
        { figure: figure('unknown', 53, 'exact'), found: null },
      ],
    });
    assert.deepEqual(
      findings.map((f) => [f.message, f.stated, f.found]),
      [
        ['Figure far: the source states about 35, the records give 40.', 35, 40],
        ['Figure least: the source states at least 10, the records give 9.', 10, 9],
      ],
    );
  });

  test('"about" allows a tenth of the value, rounded, and never less than one', () => {
    const about = (value: number) => ({ value, qualifier: 'about' as const });
    assert.ok(agrees(about(0), 1) && !agrees(about(0), 2));
    // 5 × 0.1 = 0.5 rounds to 1
    assert.ok(agrees(about(5), 6) && !agrees(about(5), 7));
    assert.ok(agrees(about(20), 18) && agrees(about(20), 22));
    assert.ok(!agrees(about(20), 17) && !agrees(about(20), 23));
    assert.ok(agrees({ value: 3, qualifier: 'exact' }, 3));
    assert.ok(!agrees({ value: 3, qualifier: 'exact' }, 4));
    assert.ok(!agrees({ value: 40, qualifier: 'at_least' }, 39));
  });
});

describe('figures compared with each other', () => {
  const stated = (key: string, value: number, qualifier: ReportedFigure['qualifier'] = 'exact') =>
    figure(key, value, qualifier, { of: 'stated', quantity: 'strategies' });
  const run = (figures: ReportedFigure[]) =>
    findQualityIssues({ ...none, figures: figures.map((f) => ({ figure: f, found: null })) });

  test('the same quantity stated with two exact values is a finding; with one value, none', () => {
    const two = run([stated('a', 136), stated('b', 135), stated('c', 136)]);
    assert.deepEqual(
      two.map((f) => [f.kind, f.records.map((r) => r.key).join(',')]),
      [['figure_stated_twice', 'a,b,c']],
    );
    assert.match(two[0]?.message ?? '', /one document states 136 .* and 135 .* and 136/);
    assert.deepEqual(run([stated('a', 136), stated('b', 136)]), []);
    // An approximate figure ("about 135") does not contradict an exact one.
    assert.deepEqual(run([stated('a', 136), stated('b', 135, 'about')]), []);
    // Countable measures are compared too: two documents counting the same initiatives.
    const both = run([
      {
        ...figure('x', 4, 'exact', { of: 'initiatives', domain: 'ecosystem' }),
        sources: [{ source: 's1' }],
      },
      {
        ...figure('y', 5, 'exact', { of: 'initiatives', domain: 'ecosystem' }),
        sources: [{ source: 's2' }],
      },
    ]);
    assert.match(both[0]?.message ?? '', /the documents state 4 .* and 5/);
  });

  test('a printed share must be its numerator over its denominator, rounded', () => {
    const share = (value: number) =>
      figure('pct', value, 'exact', { of: 'share', numerator: 'n', denominator: 'd' });
    const parts = [figure('n', 53, 'exact'), figure('d', 135, 'exact')];
    const wrong = run([...parts, share(38)]);
    assert.deepEqual(
      wrong.map((f) => [f.kind, f.stated, f.found]),
      [['share_mismatch', 38, 39.3]],
    );
    assert.match(wrong[0]?.message ?? '', /printed as 38 %, but 53 \/ 135 = 39\.3 %/);
    assert.deepEqual(run([...parts, share(39)]), []);
  });
});
