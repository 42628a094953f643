/**
 * A region's answers as the fields of an HTML form, and back. One name per answer:
 * `a.<section>.<item>.<question>` (a "choices" question repeats its name, one value per code),
 * and per item `ref.<section>.<item>` (the atlas record it carries forward), `carry.<section>.<item>`
 * (new, unchanged, changed, closed) and `remove.<section>.<item>` (a checkbox: drop the item).
 * An item whose answers are all empty and that carries nothing forward is the form's blank row:
 * it is left out, so a form with an unused row saves the same answers as one without.
 */
import {
  type AnswerValue,
  CARRY_STATES,
  type CarryState,
  type Question,
  type Questionnaire,
  type ResponseAnswers,
  type ResponseItem,
} from './questionnaires.ts';

/** A posted form: every value of every field (checkbox groups send several). */
export type SentFields = Readonly<Record<string, readonly string[]>>;

/** The name of the field that holds one answer. */
export const answerField = (section: string, item: number, question: string) =>
  `a.${section}.${item}.${question}`;
/** The name of an item's own fields: ref, carry or remove. */
export const itemField = (kind: 'ref' | 'carry' | 'remove', section: string, item: number) =>
  `${kind}.${section}.${item}`;

/** One answer as the strings its field sends. */
export function valueToField(v: AnswerValue | undefined): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return [...v];
  if (typeof v === 'boolean') return [v ? 'yes' : 'no'];
  return [String(v)];
}

/**
 * The answer a field's strings give, or undefined when nothing was given. What cannot be read as
 * the question's type (a count of "many") is kept as typed, so the check names it and the person
 * finds their text again.
 */
export function fieldToValue(q: Question, sent: readonly string[]): AnswerValue | undefined {
  const values = sent.map((s) => s.replace(/\r\n?/g, '\n').trim()).filter((s) => s !== '');
  if (values.length === 0) return undefined;
  const first = values[0] as string;
  switch (q.type) {
    case 'choices':
      return [...new Set(values)];
    case 'count':
      return /^\d{1,15}$/.test(first) ? Number(first) : first;
    case 'yes_no':
      return first === 'yes' ? true : first === 'no' ? false : first;
    default:
      return first;
  }
}

/** The form's fields for a region's answers (what answersToForm gives, formToAnswers reads back). */
export function answersToForm(
  qn: Questionnaire,
  answers: ResponseAnswers,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of qn.sections) {
    (answers[s.key] ?? []).forEach((item, i) => {
      if (item.ref !== undefined) out[itemField('ref', s.key, i)] = [item.ref];
      if (item.carry !== undefined) out[itemField('carry', s.key, i)] = [item.carry];
      for (const q of s.questions) {
        const sent = valueToField(item.answers[q.key]);
        if (sent.length) out[answerField(s.key, i, q.key)] = sent;
      }
    });
  }
  return out;
}

/** The item indexes a form names for a section, in order. */
function itemIndexes(section: string, form: SentFields): number[] {
  const found = new Set<number>();
  const re = new RegExp(`^(?:a|ref|carry|remove)\\.${section}\\.(\\d{1,4})(?:\\.|$)`);
  for (const name of Object.keys(form)) {
    const m = re.exec(name);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** One item as the form sent it, or undefined for a removed item or an unused blank row. */
function itemOf(
  s: Questionnaire['sections'][number],
  i: number,
  form: SentFields,
): ResponseItem | undefined {
  const one = (name: string) => form[name]?.[0]?.trim() ?? '';
  if (one(itemField('remove', s.key, i)) !== '') return undefined;
  const answers: Record<string, AnswerValue> = {};
  for (const q of s.questions) {
    const v = fieldToValue(q, form[answerField(s.key, i, q.key)] ?? []);
    if (v !== undefined) answers[q.key] = v;
  }
  const ref = one(itemField('ref', s.key, i));
  if (!ref && Object.keys(answers).length === 0) return undefined;
  const carry = one(itemField('carry', s.key, i));
  return {
    ...(ref && { ref }),
    ...((CARRY_STATES as readonly string[]).includes(carry) && { carry: carry as CarryState }),
    answers,
  };
}

/** The answers a posted form gives: removed items and blank rows left out, items renumbered. */
export function formToAnswers(qn: Questionnaire, form: SentFields): ResponseAnswers {
  const out: ResponseAnswers = {};
  for (const s of qn.sections) {
    const items = itemIndexes(s.key, form)
      .map((i) => itemOf(s, i, form))
      .filter((it): it is ResponseItem => it !== undefined);
    if (items.length) out[s.key] = items;
  }
  return out;
}
