/**
 * Questionnaires as data, and the answers a region gives under one. A questionnaire is versioned:
 * a later round may change a question, and every response keeps the version it was given under,
 * so an earlier round's answers are always read with the questions that were asked.
 *
 * Every section's answer is a list of items; a section that is not `repeat` has exactly one. That
 * one shape serves the form, the rules check, the workbook (one sheet per section, one row per
 * item) and the seed rounds alike.
 */
import { z } from 'zod';
import {
  BARRIERS,
  CAMPAIGN_KINDS,
  type CodeEntry,
  FUNDING_KINDS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
} from './codes.ts';
import { Slug, SourceRef } from './schemas.ts';

/** A text in each language; English always, the others where translated. */
export const LocalText = z.object({
  en: z.string().min(1).max(4000),
  es: z.string().min(1).max(4000).optional(),
  de: z.string().min(1).max(4000).optional(),
});
export type LocalText = z.infer<typeof LocalText>;

/** The text in a language, or English where it has no translation. */
export const textIn = (t: LocalText, lang: string): string =>
  (t as Record<string, string | undefined>)[lang] ?? t.en;

/** The language `textIn` gives the text in: the one asked for where translated, else English. */
export const textLanguage = (t: LocalText, lang: string): string =>
  (t as Record<string, string | undefined>)[lang] === undefined ? 'en' : lang;

/** The kinds of answer a question takes. */
export const QUESTION_TYPES = [
  'text', // one line
  'long_text', // paragraphs
  'url', // an http(s) address
  'date', // YYYY-MM or YYYY-MM-DD
  'count', // a whole number, 0 or more
  'yes_no',
  'choice', // one code of `codes`
  'choices', // several codes of `codes`
  'barrier', // one code of the barrier codebook, or "other" with `otherOf` describing it
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The atlas code lists a choice question may draw its options from. */
export const QUESTION_CODE_LISTS: Readonly<Record<string, readonly CodeEntry[]>> = {
  scopes: SCOPES,
  statuses: STATUSES,
  funding_kinds: FUNDING_KINDS,
  stakeholder_groups: STAKEHOLDER_GROUPS,
  workshop_formats: [
    { code: 'online', label: 'Online' },
    { code: 'on_site', label: 'On site' },
    { code: 'hybrid', label: 'Hybrid' },
  ],
  barriers: BARRIERS as readonly CodeEntry[],
};

/** The answer to a barrier question that is not in the codebook; a curator codes it later. */
export const OTHER_BARRIER = 'other';

const Key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _');

export const Question = z
  .object({
    key: Key,
    type: z.enum(QUESTION_TYPES),
    label: LocalText,
    help: LocalText.optional(),
    required: z.boolean().default(false),
    codes: z.string().optional().describe('for choice and choices: a key of QUESTION_CODE_LISTS'),
    otherOf: Key.optional().describe(
      'for a text question: required when the named barrier question is "other"',
    ),
    private: z
      .boolean()
      .default(false)
      .describe('personal data (an interview note): kept for curators, never published'),
    maxLength: z.number().int().positive().optional(),
  })
  .refine(
    (q) => !['choice', 'choices'].includes(q.type) || (q.codes && q.codes in QUESTION_CODE_LISTS),
    {
      message: 'a choice question names one of the code lists',
      path: ['codes'],
    },
  );
export type Question = z.infer<typeof Question>;

export const Section = z
  .object({
    key: Key,
    title: LocalText,
    help: LocalText.optional(),
    repeat: z.boolean().default(false),
    itemLabel: LocalText.optional().describe(
      'what the items of a repeated section are called, in the plural ("initiatives")',
    ),
    minItems: z.number().int().min(0).optional(),
    maxItems: z.number().int().positive().optional(),
    itemsRule: z
      .boolean()
      .default(false)
      .describe("the campaign's minItemsPerRegion and maxItemsPerRegion apply to this section"),
    carry: z
      .enum(['initiatives', 'items'])
      .optional()
      .describe("opens prefilled with the previous round's items (initiatives: from the atlas)"),
    questions: z.array(Question).min(1),
  })
  .refine(
    (s) =>
      s.questions.every(
        (q) => !q.otherOf || s.questions.some((b) => b.key === q.otherOf && b.type === 'barrier'),
      ),
    { message: 'otherOf names a barrier question of the same section', path: ['questions'] },
  );
export type Section = z.infer<typeof Section>;

export const Questionnaire = z.object({
  slug: Slug,
  version: z.number().int().positive(),
  kind: z.enum(CAMPAIGN_KINDS.map((k) => k.code) as [string, ...string[]]),
  title: LocalText,
  instructions: LocalText,
  changes: z.string().max(2000).optional().describe('what this version changed from the last'),
  sections: z.array(Section).min(1),
  sources: z.array(SourceRef).min(1),
});
export type Questionnaire = z.infer<typeof Questionnaire>;

/** One answer: text, a number, yes/no, or a list of codes; null or absent when not answered. */
export const AnswerValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.null(),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** How a carried-forward item stands this round. */
export const CARRY_STATES = ['new', 'unchanged', 'changed', 'closed'] as const;
export type CarryState = (typeof CARRY_STATES)[number];

/** One item of a section: its answers, and for carried-forward items what it was and how it stands. */
export const ResponseItem = z.object({
  ref: z.string().max(200).optional().describe('the atlas record this item carries forward'),
  carry: z.enum(CARRY_STATES).optional(),
  answers: z.record(Key, AnswerValue),
});
export type ResponseItem = z.infer<typeof ResponseItem>;

/** A region's answers: the items of each section, by section key. */
export const ResponseAnswers = z.record(Key, z.array(ResponseItem));
export type ResponseAnswers = z.infer<typeof ResponseAnswers>;

/** A problem with one answer (path section.item.question), one section, or the whole. */
export interface AnswerProblem {
  readonly path: string;
  readonly message: string;
}

/** How far a response is against the questionnaire and the campaign's rules. */
export interface Completeness {
  readonly requiredAnswers: number;
  readonly givenAnswers: number;
  readonly sections: readonly {
    key: string;
    items: number;
    min?: number;
    max?: number;
  }[];
  /** 0–100: the share of required answers given, capped while an item count breaks a rule. */
  readonly percent: number;
}

/** The campaign rules a check applies (campaign.rules). */
export type CampaignRules = Readonly<Record<string, string | number | boolean>>;

/** The item bounds of a section: its own, or the campaign's where the section follows them. */
export function itemBounds(s: Section, rules: CampaignRules): { min?: number; max?: number } {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const min = (s.itemsRule ? num(rules.minItemsPerRegion) : undefined) ?? s.minItems;
  const max = (s.itemsRule ? num(rules.maxItemsPerRegion) : undefined) ?? s.maxItems;
  return { ...(min !== undefined && { min }), ...(max !== undefined && { max }) };
}

const given = (v: AnswerValue | undefined): boolean =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

function codeSet(q: Question): Set<string> {
  return new Set((QUESTION_CODE_LISTS[q.codes ?? ''] ?? []).map((c) => c.code));
}

/** What is wrong with one answer's value for its question's type, if anything. */
export function valueProblem(q: Question, v: AnswerValue): string | undefined {
  if (!given(v)) return undefined;
  const str = typeof v === 'string' ? v : undefined;
  switch (q.type) {
    case 'text':
    case 'long_text':
      if (str === undefined) return 'give text';
      if (str.length > (q.maxLength ?? (q.type === 'text' ? 500 : 5000)))
        return `shorten to ${q.maxLength ?? (q.type === 'text' ? 500 : 5000)} characters`;
      return undefined;
    case 'url':
      return str !== undefined && /^https?:\/\/[^\s]+$/i.test(str)
        ? undefined
        : 'give an address that starts with http:// or https://';
    case 'date':
      return str !== undefined && /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.test(str)
        ? undefined
        : 'give a date as YYYY-MM-DD or YYYY-MM';
    case 'count':
      return Number.isInteger(v) && (v as number) >= 0
        ? undefined
        : 'give a whole number, 0 or more';
    case 'yes_no':
      return typeof v === 'boolean' ? undefined : 'answer yes or no';
    case 'choice':
      return str !== undefined && codeSet(q).has(str)
        ? undefined
        : `choose one of ${[...codeSet(q)].join(', ')}`;
    case 'choices': {
      if (!Array.isArray(v)) return `give a list of codes from ${[...codeSet(q)].join(', ')}`;
      const bad = v.filter((c) => !codeSet(q).has(c));
      return bad.length
        ? `unknown ${bad.join(', ')}; choose from ${[...codeSet(q)].join(', ')}`
        : undefined;
    }
    case 'barrier':
      return str !== undefined && (str === OTHER_BARRIER || BARRIERS.some((b) => b.code === str))
        ? undefined
        : `"${String(v)}" is not a barrier of the codebook; choose one, or "other" and describe it`;
  }
}

function itemProblems(s: Section, item: ResponseItem, i: number): AnswerProblem[] {
  const out: AnswerProblem[] = [];
  const known = new Set(s.questions.map((q) => q.key));
  for (const k of Object.keys(item.answers))
    if (!known.has(k))
      out.push({
        path: `${s.key}.${i}.${k}`,
        message: `there is no question "${k}" in this section`,
      });
  if (item.carry === 'closed') return out; // a closed item keeps last round's answers
  for (const q of s.questions) {
    const v = item.answers[q.key];
    const bad = v === undefined ? undefined : valueProblem(q, v);
    if (bad) out.push({ path: `${s.key}.${i}.${q.key}`, message: bad });
    const otherNeeded = q.otherOf !== undefined && item.answers[q.otherOf] === OTHER_BARRIER;
    if ((q.required || otherNeeded) && !given(v))
      out.push({
        path: `${s.key}.${i}.${q.key}`,
        message: otherNeeded
          ? 'describe the barrier you chose "other" for'
          : 'this answer is required',
      });
  }
  return out;
}

/**
 * Every problem of a response against its questionnaire and the campaign rules, and how complete
 * it is. Pure: the same answers give the same result in the form, the API and the workbook import.
 */
export function checkResponse(
  qn: Questionnaire,
  rules: CampaignRules,
  answers: ResponseAnswers,
): { problems: AnswerProblem[]; completeness: Completeness } {
  const problems: AnswerProblem[] = [];
  const known = new Set(qn.sections.map((s) => s.key));
  for (const k of Object.keys(answers))
    if (!known.has(k))
      problems.push({ path: k, message: `there is no section "${k}" in this questionnaire` });
  let requiredAnswers = 0;
  let givenAnswers = 0;
  let countsOk = true;
  const sections = qn.sections.map((s) => {
    const items = answers[s.key] ?? [];
    const counted = items.filter((it) => it.carry !== 'closed');
    const { min, max } = itemBounds(s, rules);
    const label = textIn(s.itemLabel ?? s.title, 'en').toLowerCase();
    if (!s.repeat && items.length > 1)
      problems.push({ path: s.key, message: 'this section takes one answer, not a list' });
    if (min !== undefined && counted.length < min) {
      countsOk = false;
      problems.push({
        path: s.key,
        message: `give at least ${min} ${label} (now ${counted.length})`,
      });
    }
    if (max !== undefined && counted.length > max) {
      countsOk = false;
      problems.push({
        path: s.key,
        message: `give at most ${max} ${label} (now ${counted.length})`,
      });
    }
    items.forEach((it, i) => {
      problems.push(...itemProblems(s, it, i));
      if (it.carry === 'closed') return;
      for (const q of s.questions.filter((q) => q.required)) {
        requiredAnswers++;
        if (given(it.answers[q.key])) givenAnswers++;
      }
    });
    if (!s.repeat && items.length === 0)
      for (const q of s.questions.filter((q) => q.required)) {
        requiredAnswers++;
        problems.push({ path: `${s.key}.0.${q.key}`, message: 'this answer is required' });
      }
    return {
      key: s.key,
      items: counted.length,
      ...(min !== undefined && { min }),
      ...(max !== undefined && { max }),
    };
  });
  const share = requiredAnswers === 0 ? 100 : Math.floor((100 * givenAnswers) / requiredAnswers);
  const percent = countsOk ? share : Math.min(share, 99);
  return { problems, completeness: { requiredAnswers, givenAnswers, sections, percent } };
}

/** A response with every private answer (interview notes) removed, for anything public. */
export function publicAnswers(qn: Questionnaire, answers: ResponseAnswers): ResponseAnswers {
  const out: Record<string, ResponseItem[]> = {};
  for (const s of qn.sections) {
    const hidden = new Set(s.questions.filter((q) => q.private).map((q) => q.key));
    const items = answers[s.key];
    if (!items) continue;
    out[s.key] = items.map((it) => ({
      ...it,
      answers: Object.fromEntries(Object.entries(it.answers).filter(([k]) => !hidden.has(k))),
    }));
  }
  return out;
}
