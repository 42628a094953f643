/**
 * The transfer requirements' multilingual term list (data/reference/twinning-terms.json): a
 * region's fact sheet written in its own language shows the same requirements met and not met,
 * and gives mentors the same strength reasons, as the same fact sheet in English; words that
 * only look like a term do not match.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compileTermPattern,
  holdsAnyPattern,
  TERM_GAP_WORDS,
} from '../../src/analysis/term-match.ts';
import {
  checkConditions,
  NO_FACTS,
  requirementsShownBy,
  strengthReasons,
} from '../../src/analysis/twinning.ts';
import {
  TRANSFER_REQUIREMENT_CODES,
  TRANSFER_REQUIREMENTS,
  TWINNING_TERMS,
} from '../../src/domain/twinning.ts';
import { LOCALES } from '../../src/web/i18n.ts';
import { SHEETS, STRENGTH_REASONS } from '../helpers/twinning-sheets.ts';

const ALL = TRANSFER_REQUIREMENT_CODES.map((requires) => ({ requires, note: '' }));

/** Each condition's status and its evidence as kind and line number (texts differ by language). */
function checked(lang: keyof typeof SHEETS, part: 'strengths' | 'weaknesses') {
  const lines: readonly string[] = SHEETS[lang][part];
  const facts = { ...NO_FACTS, [part]: lines };
  return checkConditions(ALL, facts).map((c) => ({
    requires: c.requires,
    status: c.status,
    evidence: c.evidence.map((e) => `${e.kind} ${lines.indexOf(e.ref)}`),
  }));
}

/** A mentor's strength reasons, with the line number of each strength. */
function reasons(lang: keyof typeof SHEETS) {
  const lines: readonly string[] = SHEETS[lang].strengths;
  return strengthReasons(lines, new Set()).map((r) => `${r.barrier} ${lines.indexOf(r.text)}`);
}

test('the English fact sheet meets what a reader of TRANSFER_REQUIREMENTS expects', () => {
  // Each strength line was written for one requirement; line 1 (biobanks of the university
  // hospitals) also shows a hospital network and a training provider.
  const met = checked('en', 'strengths');
  assert.deepEqual(
    met.filter((c) => c.status === 'met').map((c) => c.requires),
    TRANSFER_REQUIREMENT_CODES.filter((c) => c !== 'national_powers'),
  );
  assert.deepEqual(met.find((c) => c.requires === 'hospital_network')?.evidence, ['strength 1']);
  const unmet = checked('en', 'weaknesses');
  assert.deepEqual(
    unmet.filter((c) => c.status === 'unmet').map((c) => c.requires),
    TRANSFER_REQUIREMENT_CODES.filter(
      (c) => !['biobank', 'patient_organisations', 'national_powers'].includes(c),
    ),
  );
  // Genomic tests poorly reimbursed: both the genomic services and the payment route.
  for (const code of ['genomic_services', 'reimbursement_route'])
    assert.deepEqual(unmet.find((c) => c.requires === code)?.evidence, ['weakness 3']);
  // The barriers of each requirement's `challenges`, strength by strength, in the list's order.
  assert.deepEqual(reasons('en'), STRENGTH_REASONS);
});

for (const lang of ['es', 'de', 'el', 'lt'] as const) {
  test(`a fact sheet in ${lang} gives the met conditions and strength reasons of the English one`, () => {
    assert.deepEqual(checked(lang, 'strengths'), checked('en', 'strengths'));
    assert.deepEqual(checked(lang, 'weaknesses'), checked('en', 'weaknesses'));
    assert.deepEqual(reasons(lang), reasons('en'));
  });
}

test('words that only look like a term match nothing', () => {
  const lookalikes = [
    // Swedish genom is "through", genomförts "carried out": not genomics.
    'Samverkan genom regionala nätverk',
    'Flera pilotprojekt har genomförts',
    // German genommen is "taken".
    'Die Hürden wurden ernst genommen',
    // English words that begin like a Romance or Romanian term (industria, impresa, IMM, date).
    'Industrial heritage and tourism',
    'Impressive scientific output',
    'Immediate results',
    'Plans kept up to date',
    // Lithuanian kaimynai is "neighbours", not kaimo vietovės "rural areas".
    'Glaudus bendradarbiavimas su kaimyninėmis šalimis',
  ];
  for (const text of lookalikes) {
    assert.deepEqual([...requirementsShownBy(text, 'strength')], [], text);
    assert.deepEqual([...requirementsShownBy(text, 'weakness')], [], text);
  }
  // The same languages do match their real terms, so the lines above are not left out by accident.
  assert.deepEqual(
    [...requirementsShownBy('Genomik i klinisk rutin', 'strength')],
    ['genomic_services'],
  );
  assert.deepEqual([...requirementsShownBy('Gesundheitsdaten werden genommen', 'strength')], []);
  assert.deepEqual(
    [...requirementsShownBy('Industria farmacéutica', 'strength')],
    ['industry_partners'],
  );
  assert.deepEqual([...requirementsShownBy('Kaimo vietovės', 'weakness')], ['hospital_network']);
});

test('term syntax: word starts and ends, gaps, case, accents and Greek final sigma', () => {
  const holds = (text: string, term: string) => {
    const p = compileTermPattern(term);
    assert.ok(p, term);
    return holdsAnyPattern(text, [p]);
  };
  assert.ok(holds('Reembolsos limitados', 'reembols*'));
  assert.ok(!holds('Reembolsos limitados', 'reembolso'));
  assert.ok(holds('Gesundheitsdatenplattform', '*datenplattform*'));
  assert.ok(!holds('Gesundheitsdatenplattform', 'datenplattform*'));
  assert.ok(holds('Zugang zu Gesundheitsdaten', 'Zugang zu ... *daten'));
  const gap = ['plataforma', ...Array(TERM_GAP_WORDS).fill('x'), 'datos'].join(' ');
  assert.ok(holds(gap, 'plataforma* ... datos'));
  assert.ok(!holds(gap.replace('plataforma', 'plataforma x'), 'plataforma* ... datos'));
  assert.ok(holds('INFORMACIÓN', 'informacion'));
  assert.ok(holds('ΑΠΟΖΗΜΙΩΣΗΣ', 'αποζημίωσης'));
  assert.ok(holds('risk sharing', 'risk-sharing*'));
  assert.equal(compileTermPattern(' ... '), null);
});

test('the term list: every requirement with English terms has terms in all 13 interface languages', () => {
  assert.deepEqual([...TWINNING_TERMS.languages].sort(), [...LOCALES].sort());
  assert.deepEqual(
    Object.keys(TWINNING_TERMS.requirements).sort(),
    [...TRANSFER_REQUIREMENT_CODES].sort(),
  );
  for (const r of TRANSFER_REQUIREMENTS)
    for (const kind of ['strength', 'weakness'] as const) {
      const byLang = r[kind];
      assert.deepEqual(Object.keys(byLang).sort(), [...LOCALES].sort(), `${r.code} ${kind}`);
      const english = byLang.en ?? [];
      for (const lang of LOCALES) {
        const terms = byLang[lang] ?? [];
        assert.equal(terms.length > 0, english.length > 0, `${r.code} ${kind} ${lang}`);
        for (const term of terms) assert.ok(compileTermPattern(term), `${lang}: ${term}`);
      }
    }
});
