import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  duplicateStatements,
  SHARED_RUN_WORDS,
  type StatementFact,
} from '../../src/analysis/duplicate-statements.ts';
import { findQualityIssues, type QualityFacts } from '../../src/analysis/quality.ts';
import { Evidence, Source } from '../../src/domain/schemas.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const reference = <T>(file: string): T =>
  JSON.parse(readFileSync(join(ROOT, 'data/reference', file), 'utf8')) as T;
/** The seed documents the reference data was curated from, next to the project on this machine. */
const SEEDS = process.env.SEEDS_DIR ?? join(ROOT, '../shared/seeds');

const fact = (key: string, barriers: string[], ...texts: string[]): StatementFact => ({
  key,
  region: 'EL43',
  barriers,
  texts,
});

describe('duplicate statements', () => {
  test('two records sharing a clause of eight words are one statement, whatever the case, punctuation or accents', () => {
    const findings = duplicateStatements([
      fact(
        'a',
        ['B04'],
        'Opting in is hard.',
        'Complex opt-in processes, tedious consent workflows with limited digital options, no dynamic consent.',
      ),
      fact(
        'b',
        ['B11'],
        'Complex opt-in processes: Tedious consent workflows with límited digital options. Low awareness.',
      ),
      fact('c', ['B01'], 'Something else entirely, said once only and never again here.'),
    ]);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f?.kind, 'duplicate_statement');
    assert.deepEqual(
      f?.records.map((r) => [r.entity, r.key]),
      [
        ['evidence', 'a'],
        ['evidence', 'b'],
      ],
    );
    // The passage is quoted as the first record words it, from its first to its last shared word.
    assert.match(
      f?.message ?? '',
      /“Complex opt-in processes, tedious consent workflows with limited digital options”/,
    );
    assert.match(f?.message ?? '', /a \(EL43, B04\) and b \(EL43, B11\)/);
  });

  test(`a shared run shorter than ${SHARED_RUN_WORDS} words is not a duplicate; the same short text is`, () => {
    const seven = 'health data for research and clinical care';
    assert.equal(seven.split(' ').length, SHARED_RUN_WORDS - 1);
    assert.deepEqual(
      duplicateStatements([
        fact('a', ['B01'], `Hospitals share ${seven} rarely.`),
        fact('b', ['B02'], `Nobody pools ${seven} at all.`),
      ]),
      [],
    );
    const same = duplicateStatements([
      fact('a', ['B05'], 'Funding is lacking.'),
      fact('b', ['B06'], 'Funding is lacking!'),
    ]);
    assert.equal(same.length, 1);
  });

  test('one finding per pair of records, and a record never duplicates itself', () => {
    const text = 'one two three four five six seven eight nine';
    assert.deepEqual(duplicateStatements([fact('a', ['B01'], text, text)]), []);
    const three = duplicateStatements([
      fact('a', ['B01'], text),
      fact('b', ['B02'], text),
      fact('c', ['B03'], text),
    ]);
    assert.deepEqual(
      three.map((f) => f.records.map((r) => r.key).join('+')),
      ['a+b', 'a+c', 'b+c'],
    );
  });

  test('the data-quality check runs the rule over the statements it is given', () => {
    const none: QualityFacts = {
      initiatives: [],
      rowCitations: [],
      interviewRows: [],
      figures: [],
      practices: [],
    };
    assert.deepEqual(findQualityIssues(none), [], 'no statements, no finding');
    const text = 'one two three four five six seven eight nine';
    const findings = findQualityIssues({
      ...none,
      statements: [fact('a', ['B01'], text), fact('b', ['B02'], text)],
    });
    assert.deepEqual(
      findings.map((f) => f.kind),
      ['duplicate_statement'],
    );
  });
});

describe('the reference evidence', () => {
  const evidence = reference<unknown[]>('evidence.json').map((e) => Evidence.parse(e));

  test('holds no statement twice', () => {
    const facts = evidence.map((e) => ({
      key: e.key,
      region: e.region,
      barriers: e.barriers,
      texts: e.quote ? [e.statement, e.quote.text] : [e.statement],
    }));
    assert.deepEqual(
      duplicateStatements(facts).map((f) => f.message),
      [],
    );
  });

  test('every statement D6.1 quotes carries the quotation, printed in a source on record', () => {
    const sources = new Set(reference<unknown[]>('sources.json').map((s) => Source.parse(s).code));
    for (const e of evidence) {
      if (e.sources.some((s) => /quote attributed to/.test(s.note ?? '')))
        assert.ok(e.quote, `${e.key} comes from a quotation`);
      for (const place of e.quote?.printedIn ?? [])
        assert.ok(sources.has(place.source), `${e.key}: ${place.source} is a source on record`);
    }
  });

  const seeds = reference<unknown[]>('sources.json').map((s) => Source.parse(s));
  const present = seeds.some((s) => s.file && existsSync(join(SEEDS, s.file)));
  test('every quotation is verbatim: its text stands in the document it cites, only line breaks joined', {
    skip: present ? false : `the seed documents are not at ${SEEDS} (set SEEDS_DIR)`,
  }, () => {
    // Line breaks and the blank lines of the text extract are spaces; a word broken after a
    // hyphen or dash at the end of a line is joined again.
    const flat = (s: string) => s.replace(/\s+/g, ' ').replace(/([-—]) /g, '$1');
    const texts = new Map(
      seeds.flatMap((s) =>
        s.file && existsSync(join(SEEDS, s.file))
          ? [[s.code, flat(readFileSync(join(SEEDS, s.file), 'utf8'))] as const]
          : [],
      ),
    );
    let checked = 0;
    for (const e of evidence) {
      for (const place of e.quote?.printedIn ?? []) {
        const doc = texts.get(place.source);
        if (!doc || !e.quote) continue;
        // A place printing it only in part gives those words in its note.
        const partly = /printed there in part, as “(.+)”$/.exec(place.note ?? '')?.[1];
        const words = flat(partly ?? e.quote.text);
        assert.ok(doc.includes(words), `${e.key}: “${words.slice(0, 60)}…” is in ${place.source}`);
        checked++;
      }
    }
    assert.ok(checked >= evidence.filter((e) => e.quote).length);
  });
});
