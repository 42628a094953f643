import type { z } from 'zod';
import { Recommendation } from './recommendations.ts';
import {
  Evidence,
  GoodPractice,
  Initiative,
  InterviewRow,
  RegionalReport,
  Workshop,
} from './schemas.ts';
import { RecordTranslation, translationKey } from './translations.ts';

/**
 * The kinds of record a region contributes through forms, the write API and web imports. Each is
 * validated by the same zod schema as the reference data and the API, and published through the
 * same writer as an import.
 */
export const CONTRIBUTED = [
  'initiative',
  'good_practice',
  'evidence',
  'regional_report',
  'interview_row',
  'workshop',
  'recommendation',
  'translation',
] as const;
export type ContributedEntity = (typeof CONTRIBUTED)[number];

/** States of a version. Only published content reaches the public tables. */
export const VERSION_STATES = [
  'draft',
  'submitted',
  'changes_requested',
  'published',
  /** A published version that a later publication replaced. */
  'superseded',
  'withdrawn',
] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** States of a proposal still in work: at most one per record at a time. */
export const OPEN_STATES: readonly VersionState[] = ['draft', 'submitted', 'changes_requested'];

/** What a contributor or curator does to a version. */
export const TRANSITIONS = ['submit', 'request-changes', 'publish', 'withdraw'] as const;
export type Transition = (typeof TRANSITIONS)[number];

const FROM: Readonly<Record<Transition, readonly VersionState[]>> = {
  submit: ['draft', 'changes_requested'],
  'request-changes': ['submitted'],
  publish: ['draft', 'submitted', 'changes_requested'],
  withdraw: ['draft', 'submitted', 'changes_requested'],
};
const TO: Readonly<Record<Transition, VersionState>> = {
  submit: 'submitted',
  'request-changes': 'changes_requested',
  publish: 'published',
  withdraw: 'withdrawn',
};

/** A state as words: "changes requested". */
export const stateLabel = (s: VersionState): string => s.replace('_', ' ');

/** The state a transition leads to from `state`, or a sentence saying why it cannot happen. */
export function nextState(
  state: VersionState,
  transition: Transition,
): { readonly to: VersionState } | { readonly refused: string } {
  if (FROM[transition].includes(state)) return { to: TO[transition] };
  const can = FROM[transition].map(stateLabel).join(', ');
  return {
    refused: `this version is ${stateLabel(state)}; "${transition}" applies only to a version that is ${can}`,
  };
}

/** How one kind of record is keyed, validated and scoped to regions. */
export interface EntityKind {
  readonly entity: ContributedEntity;
  /** Its segment in page and API addresses. */
  readonly path: string;
  readonly schema: z.ZodType;
  /** The record's key, from its content (e.g. the slug; "ES51/d6-1-interviews"). */
  key(content: Record<string, unknown>): string;
  /** The region codes the record concerns: a coordinator of any of them may draft it. */
  regions(content: Record<string, unknown>): string[];
  /** A name for lists and titles. */
  label(content: Record<string, unknown>): string;
  /**
   * The fields that name a record in API addresses, in order: the key is their values joined by
   * "/" (`/api/v1/regional-reports/ES51/d6-1-interviews`).
   */
  readonly keyParams: readonly string[];
  /**
   * Required classification fields a draft may still lack (a row of an imported file without a
   * structural type): saved as "needs classification", never published until completed.
   */
  readonly classification: readonly string[];
  /**
   * For records that say which language their texts are in (`language`): the text to tell it from
   * when a contribution gives none (name and summary, or the statement).
   */
  languageText?(content: Record<string, unknown>): string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const codes = (...vs: unknown[]): string[] => [
  ...new Set(
    vs
      .flat()
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .map((v) => v.toUpperCase()),
  ),
];
const regionCampaign = (c: Record<string, unknown>) => `${text(c.region)}/${text(c.campaign)}`;

export const ENTITY_KINDS: Readonly<Record<ContributedEntity, EntityKind>> = {
  initiative: {
    entity: 'initiative',
    path: 'initiatives',
    schema: Initiative,
    key: (c) => text(c.slug),
    regions: (c) => codes(c.submittingRegion, c.regions, c.homeCountry),
    label: (c) => text(c.name) || text(c.slug),
    keyParams: ['slug'],
    classification: ['homeCountry', 'type', 'domain', 'status', 'scopes'],
    languageText: (c) => [text(c.name), text(c.summary)].filter(Boolean).join('. '),
  },
  good_practice: {
    entity: 'good_practice',
    path: 'good-practices',
    schema: GoodPractice,
    key: (c) => text(c.slug),
    regions: (c) => codes(c.region, c.country),
    label: (c) => text(c.name) || text(c.slug),
    keyParams: ['slug'],
    classification: ['barriers'],
    languageText: (c) => [text(c.name), text(c.summary)].filter(Boolean).join('. '),
  },
  evidence: {
    entity: 'evidence',
    path: 'evidence',
    schema: Evidence,
    key: (c) => text(c.key),
    regions: (c) => codes(c.region),
    label: (c) => text(c.statement).slice(0, 80) || text(c.key),
    keyParams: ['key'],
    classification: ['barriers'],
    languageText: (c) => text(c.statement),
  },
  regional_report: {
    entity: 'regional_report',
    path: 'regional-reports',
    schema: RegionalReport,
    key: regionCampaign,
    regions: (c) => codes(c.region),
    label: regionCampaign,
    keyParams: ['region', 'campaign'],
    classification: [],
  },
  interview_row: {
    entity: 'interview_row',
    path: 'interview-rows',
    schema: InterviewRow,
    key: regionCampaign,
    regions: (c) => codes(c.region),
    label: regionCampaign,
    keyParams: ['region', 'campaign'],
    classification: [],
  },
  workshop: {
    entity: 'workshop',
    path: 'workshops',
    schema: Workshop,
    key: (c) => text(c.key),
    regions: (c) => codes(c.region),
    label: (c) => text(c.key),
    keyParams: ['key'],
    classification: [],
  },
  recommendation: {
    entity: 'recommendation',
    path: 'recommendations',
    schema: Recommendation,
    key: (c) => text(c.slug),
    // A recommendation for places is its regions' coordinators'; one for Europe a curator's.
    regions: (c) => codes(c.regions),
    label: (c) => text(c.title) || text(c.slug),
    keyParams: ['slug'],
    classification: [],
    languageText: (c) => [text(c.title), text(c.text)].filter(Boolean).join('. '),
  },
  translation: {
    entity: 'translation',
    path: 'translations',
    schema: RecordTranslation,
    key: (c) => translationKey(text(c.record), text(c.slug), text(c.language)),
    // The translated record's regions, which the atlas fills in (services/translations.ts).
    regions: (c) => codes(c.regions),
    label: (c) => `${text(c.name) || text(c.slug)} (${text(c.language)})`,
    keyParams: ['record', 'slug', 'language'],
    classification: [],
  },
};

/** The kinds that can be drafted, reviewed and published: forms, queue, history and the write API. */
export const WRITABLE: readonly EntityKind[] = CONTRIBUTED.filter((e) => e !== 'translation').map(
  (e) => ENTITY_KINDS[e],
);

/**
 * The kinds whose proposals curators review on the contribution pages: every writable kind and
 * translations (proposed from a record's page, services/translations.ts).
 */
export const REVIEWABLE: readonly EntityKind[] = [...WRITABLE, ENTITY_KINDS.translation];

/** The kind whose address segment is `path`, or undefined. */
export function kindByPath(path: string): EntityKind | undefined {
  return Object.values(ENTITY_KINDS).find((k) => k.path === path);
}

/** One problem of a record's content, on a field ("name", "funding.0.kind") or on the whole (""). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The value at a problem's path in what was sent ("barriers.1" of the content), if any. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** A schema problem in words a contributor reads: what to give, not the validator's terms. */
function plainMessage(issue: z.core.$ZodIssue, raw?: unknown): string {
  if (issue.code === 'invalid_value') {
    const given = valueAt(raw, issue.path);
    const choose = `choose one of: ${issue.values.map(String).join(', ')}`;
    return typeof given === 'string' ? `"${given}" is not a code of this list; ${choose}` : choose;
  }
  if (issue.code === 'too_small' && issue.origin === 'array')
    return `give at least ${issue.minimum}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return 'required';
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `at most ${issue.maximum} characters`;
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'required';
  return issue.message;
}

/** What checking a draft's content found. */
export type DraftCheck =
  | {
      readonly ok: true;
      /** The content as the schema reads it (defaults filled in). */
      readonly content: Record<string, unknown>;
      /** Classification fields still missing; empty when the record could be published. */
      readonly needs: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const missing = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Checks a draft with the kind's schema. A classification field that is missing is allowed (and
 * listed in `needs`); every other problem, and any wrong value, is an error named by its field.
 */
export function checkDraft(kind: EntityKind, raw: Record<string, unknown>): DraftCheck {
  const needs = kind.classification.filter((f) => missing(raw[f]));
  const result = kind.schema.safeParse(raw);
  if (result.success) return { ok: true, content: result.data as Record<string, unknown>, needs };
  const problems = result.error.issues
    .map((i) => ({ field: i.path.map(String).join('.'), message: plainMessage(i, raw) }))
    .filter((p) => !needs.includes(p.field));
  if (problems.length > 0) return { ok: false, problems };
  // Only missing classification failed: keep the content as given, with the missing fields listed.
  const content = Object.fromEntries(Object.entries(raw).filter(([, v]) => !missing(v)));
  return { ok: true, content, needs };
}

/** The fields whose values differ between two versions' content, in a stable order. */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].sort();
  const norm = (v: unknown) => (missing(v) || v === null ? null : v);
  return keys.filter((k) => stableJson(norm(before?.[k])) !== stableJson(norm(after[k])));
}

/** JSON with every object's keys in order, so that equal values give equal text. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
