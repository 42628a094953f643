import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { z } from 'zod';
import {
  QUESTION_CODE_LISTS,
  QUESTION_TYPES,
  type Question,
  Questionnaire,
  type ResponseAnswers,
} from '../../src/domain/questionnaires.ts';
import {
  answerField,
  answersToForm,
  formToAnswers,
  itemField,
} from '../../src/domain/response-form.ts';

const FILE = new URL('../../data/reference/questionnaires.json', import.meta.url);
const all = z.array(Questionnaire).parse(JSON.parse(readFileSync(FILE, 'utf8')));

/** A value of the question's type that differs per item, read from the code lists. */
function sample(q: Question, i: number) {
  const codes = (QUESTION_CODE_LISTS[q.codes ?? ''] ?? []).map((c) => c.code);
  switch (q.type) {
    case 'text':
      return `${q.key} ${i} "quoted" & <b>`;
    case 'long_text':
      return `Line one of ${q.key} ${i}\nLine two`;
    case 'url':
      return `https://example.org/${q.key}/${i}`;
    case 'date':
      return i % 2 ? '2025-01' : '2024-11-30';
    case 'count':
      return i * 7;
    case 'yes_no':
      return i % 2 === 0;
    case 'choice':
      return codes[i % codes.length] as string;
    case 'choices':
      return codes.slice(0, 1 + (i % 3));
    case 'barrier':
      return i === 0 ? 'other' : 'B01';
  }
}

/** Two items per section (one for a section that takes one answer), every question answered. */
function fullAnswers(qn: Questionnaire): ResponseAnswers {
  const out: ResponseAnswers = {};
  for (const s of qn.sections) {
    const n = s.repeat ? 2 : 1;
    out[s.key] = Array.from({ length: n }, (_, i) => ({
      ...(s.carry && i === 0 && { ref: `record-${s.key}` }),
      ...(s.repeat && { carry: i === 0 ? ('changed' as const) : ('new' as const) }),
      answers: Object.fromEntries(s.questions.map((q) => [q.key, sample(q, i)])),
    }));
  }
  return out;
}

describe('response form fields', () => {
  test('the two questionnaires ask every question type, and every answer round-trips', () => {
    const types = new Set(
      all.flatMap((qn) => qn.sections.flatMap((s) => s.questions)).map((q) => q.type),
    );
    assert.deepEqual([...types].sort(), [...QUESTION_TYPES].sort());
    for (const qn of all) {
      const answers = fullAnswers(qn);
      const form = answersToForm(qn, answers);
      assert.deepEqual(formToAnswers(qn, form), answers, qn.slug);
    }
  });

  test('names map to sections, items and questions; choices repeat their name', () => {
    const qn = all.find((q) => q.slug === 'preciseu-initiative-survey') as Questionnaire;
    const form = answersToForm(qn, fullAnswers(qn));
    assert.deepEqual(
      form['a.initiatives.1.scopes'],
      sample({ type: 'choices', codes: 'scopes' } as Question, 1),
    );
    assert.deepEqual(form[itemField('ref', 'initiatives', 0)], ['record-initiatives']);
    assert.deepEqual(form[itemField('carry', 'initiatives', 0)], ['changed']);
    assert.equal(answerField('initiatives', 2, 'name'), 'a.initiatives.2.name');
  });

  test('a blank row and a removed item are left out; the rest is renumbered; text is kept as typed', () => {
    const qn = all.find((q) => q.slug === 'preciseu-regional-report') as Questionnaire;
    const got = formToAnswers(qn, {
      'a.strengths.0.text': ['First'],
      'a.strengths.1.text': ['Second'],
      'remove.strengths.1': ['on'],
      'a.strengths.2.text': ['  Third\r\nline  '],
      'carry.strengths.3': ['new'],
      'a.strengths.3.text': [''],
      'a.workshop.0.participants_total': ['many'],
      'a.workshop.0.participants_industry': ['12'],
      'a.interviews.0.consent': ['no'],
    });
    assert.deepEqual(got, {
      strengths: [{ answers: { text: 'First' } }, { answers: { text: 'Third\nline' } }],
      interviews: [{ answers: { consent: false } }],
      workshop: [{ answers: { participants_total: 'many', participants_industry: 12 } }],
    });
  });
});
