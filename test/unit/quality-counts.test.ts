import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findQualityIssues } from '../../src/analysis/quality.ts';
import {
  announcedCounts,
  countedAnnouncements,
  countInline,
  countListAfter,
} from '../../src/analysis/quality-counts.ts';
import { Source } from '../../src/domain/schemas.ts';
import { REFERENCE_DIR, ROOT } from '../helpers/fixtures.ts';

/** The seed documents the reference data was curated from, next to the project on this machine. */
const SEEDS = process.env.SEEDS_DIR ?? join(ROOT, '../shared/seeds');

const doc = (text: string) => ({ code: 'doc', title: 'Report X', text });
const counts = (text: string) =>
  announcedCounts([doc(text)]).map((f) => [f.stated, f.found] as const);

describe('a sentence that announces N items and lists another number', () => {
  test('an inline list after a colon with one item too many fires, with the line and both numbers', () => {
    const text = [
      '2.1 Key insights',
      '',
      'Partners named three main barriers: cost, regulation, data access and',
      'staff shortages. Other text follows.',
    ].join('\n');
    const findings = announcedCounts([doc(text)]);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f?.kind, 'announced_count');
    assert.deepEqual([f?.stated, f?.found], [3, 4]);
    assert.deepEqual(f?.records, [{ entity: 'source', key: 'doc', label: 'Report X' }]);
    assert.match(f?.message ?? '', /^Report X, line 3 \(section “2\.1 Key insights”\)/);
    assert.match(f?.message ?? '', /announces 3 main barriers but lists 4/);
  });

  test('an apposition between dashes and a list in brackets are counted', () => {
    assert.deepEqual(
      counts('We found 9 initiatives across 4 regions — Sweden, Flanders, Catalonia, and Crete.'),
      [],
    );
    assert.deepEqual(
      counts(
        'We found 9 initiatives across 4 European regions/countries — Sweden, The Netherlands, Catalonia, Belgium, and Ukraine — that matter.',
      ),
      [[4, 5]],
    );
    assert.deepEqual(counts('It involves two regions (Crete, Sofia and Lithuania).'), [[2, 3]]);
    assert.deepEqual(counts('It involves two regions, Crete, Sofia and Lithuania.'), [[2, 3]]);
  });

  test('a bullet or numbered list that follows the sentence is counted, wrapped lines and page noise included', () => {
    const bullets = [
      'The following 5 initiatives were selected:',
      '',
      '• Alpha, a long name that',
      'wraps onto a second line',
      '',
      '12 https://example.org/footnote',
      '• Beta',
      '',
      '• Gamma',
      '',
      'A paragraph after the list.',
      '• Delta is another list',
    ].join('\n');
    assert.deepEqual(counts(bullets), [[5, 3]]);
    const numbered = [
      'The strategy rests on four main pillars:',
      '',
      '1. Access: equitable access to care.',
      '',
      '2. Competence: skills within health-',
      'care services.',
      '',
      '3. Data: secure handling of data.',
      '',
      '11. A heading further on',
    ].join('\n');
    assert.deepEqual(counts(numbered), [[4, 3]]);
  });

  test('a tight list ends at its first blank line, so the next list is not counted with it', () => {
    const text = [
      'A programme spanning two action lines:',
      '- LA1 – Platform',
      '- LA2 – Databases',
      '',
      '- Another project of an outer list',
    ].join('\n');
    assert.deepEqual(counts(text), []);
    assert.equal(countListAfter(text.split('\n'), 1), 2);
  });

  test('lists that agree with their number do not fire', () => {
    assert.deepEqual(
      counts(
        'The initiatives were organised into four main domains: Research and Innovation, Patient Perspective, Policy and Regulation, and Ecosystem.',
      ),
      [],
    );
    assert.deepEqual(
      counts('It has six sub-projects, each on one topic: a, b, c, d, e, and f. Next.'),
      [],
    );
  });

  test('ambiguous counts are left alone: a qualified number, "and" inside items, mixed markers, a clause, no list', () => {
    for (const text of [
      'We identified at least three barriers: cost, regulation, data and staff.',
      'It is one of three regions: Crete, Sofia, Lithuania and Flanders.',
      'Four domains: Research and Innovation, Patient Perspective, Policy and Regulation and Ecosystem.',
      'Two complementary projects: one focused on upskilling SMEs and the other on training staff.',
      'We held three workshops in 2024, which all regions attended, and more will follow.',
      'It pushes reflections in four topics:\n\nThe committee met over the years.',
      'Three barriers:\n- cost\n  o reimbursement\n- data',
      'Three barriers:\n2. cost\n3. data',
    ]) {
      assert.deepEqual(counts(text), [], text);
    }
  });

  test('countInline reads the last "and" once, an Oxford comma and semicolons', () => {
    assert.equal(countInline('A, B and C.'), 3);
    assert.equal(countInline('A and B, C, and D'), 3);
    assert.equal(countInline('a, b; c, d; and e'), 3);
    assert.equal(countInline('A and B, C and D'), null);
    assert.equal(countInline('only one item'), null);
    assert.equal(countInline('A (x, y, z), B and C'), 3);
  });

  test('registered: the check runs the rule over the texts it is given', () => {
    const findings = findQualityIssues({
      initiatives: [],
      practices: [],
      rowCitations: [],
      interviewRows: [],
      figures: [],
      texts: [doc('It involves two regions, Crete, Sofia and Lithuania.')],
    });
    assert.deepEqual(
      findings.map((f) => [f.kind, f.stated, f.found]),
      [['announced_count', 2, 3]],
    );
  });
});

const sources = Source.array().parse(
  JSON.parse(readFileSync(join(REFERENCE_DIR, 'sources.json'), 'utf8')),
);
const seeded = sources.filter((s) => s.file && existsSync(join(SEEDS, s.file)));

describe('the seed documents', { skip: seeded.length === 0 && `no seeds in ${SEEDS}` }, () => {
  const texts = seeded.map((s) => ({
    code: s.code,
    title: s.title,
    text: readFileSync(join(SEEDS, s.file ?? ''), 'utf8'),
  }));

  test('every finding quotes a sentence of its document, at the line it names, with both numbers', () => {
    const findings = findQualityIssues({
      initiatives: [],
      practices: [],
      rowCitations: [],
      interviewRows: [],
      figures: [],
      texts,
    }).filter((f) => f.kind === 'announced_count');
    // D3.1 announces "4 European regions/countries" and names five (Ukraine among them).
    assert.deepEqual(
      findings.map((f) => [f.records[0]?.key, f.stated, f.found]),
      [['preciseu-d3-1', 4, 5]],
    );
    for (const f of findings) {
      const text = texts.find((t) => t.code === f.records[0]?.key)?.text ?? '';
      const line = Number(/, line (\d+)/.exec(f.message)?.[1]);
      const quoted = /the sentence “(.+?)(?: …)?” announces/.exec(f.message)?.[1] ?? '';
      const lines = text.split('\n');
      assert.ok(lines[line - 1]?.includes(String(f.stated)), `line ${line} states ${f.stated}`);
      const flat = text.replace(/\*\*/g, '').replace(/\s+/g, ' ');
      assert.ok(flat.includes(quoted.slice(0, 80)), quoted);
    }
  });

  test('the announcements the rule can count on the seeds agree with their lists except the one above', () => {
    const all = texts.flatMap((t) => countedAnnouncements(t.text));
    assert.ok(all.length >= 5, 'the rule reads lists of several shapes in the seeds');
    assert.equal(all.filter((a) => a.number !== a.listed).length, 1);
  });
});
