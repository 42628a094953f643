import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { ENTITY_KINDS, type FieldProblem } from '../domain/contributions.ts';
import {
  isTranslatableKind,
  parseTranslationKey,
  type RecordTranslation,
  requiredField,
  TRANSLATABLE,
  type TranslatableKind,
  type TranslationSource,
} from '../domain/translations.ts';
import { listEvidence } from '../repositories/evidence.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { appendHistory } from '../repositories/history.ts';
import { findInitiativeBySlug } from '../repositories/initiatives.ts';
import { listRecommendations } from '../repositories/recommendations.ts';
import { lastNumber } from '../repositories/record-versions.ts';
import {
  listOriginals,
  listTranslations,
  removeTranslation,
  replaceTranslation,
} from '../repositories/translations.ts';
import type { UpsertOutcome, WriteContext } from '../repositories/versioned.ts';
import { indexTranslation, unindexTranslation } from '../search/translations.ts';

type Q = Kysely<Database>;
type Content = Record<string, unknown>;

/** What a translation needs to know of the record it translates. */
export interface TranslationTarget {
  readonly name: string;
  readonly language: string;
  readonly regions: string[];
}

/** The record a translation is of: its name, language and regions; undefined when there is none. */
export async function translationTarget(
  q: Q,
  kind: TranslatableKind,
  slug: string,
): Promise<TranslationTarget | undefined> {
  if (kind === 'initiative') {
    const i = await findInitiativeBySlug(q, slug);
    if (!i) return undefined;
    const regions = ENTITY_KINDS.initiative.regions(i as unknown as Content);
    return { name: i.name, language: i.language ?? 'en', regions };
  }
  if (kind === 'recommendation') {
    const [r] = await listRecommendations(q, slug);
    if (!r) return undefined;
    return { name: r.title, language: r.language, regions: [...r.regions] };
  }
  if (kind === 'evidence') {
    const [e] = await listEvidence(q, { key: slug });
    if (!e) return undefined;
    const regions = ENTITY_KINDS.evidence.regions(e as unknown as Content);
    return { name: e.statement, language: e.language, regions };
  }
  const [g] = await listGoodPractices(q, slug);
  if (!g) return undefined;
  const regions = ENTITY_KINDS.good_practice.regions(g as unknown as Content);
  return { name: g.name, language: g.language, regions };
}

/** The translation's fields paired with the record's fields they translate ([name, title], …). */
const fieldPairs = (kind: TranslatableKind): [string, string][] =>
  Object.entries(TRANSLATABLE[kind]).flatMap(([from, to]) => (to ? [[from, to]] : []));

/** The texts a translation form translates: the record's language and its texts by form field. */
export interface TranslationOriginal {
  readonly language: string;
  readonly version: number;
  /** The form's field (name, summary) and the record's text it holds the translation of. */
  readonly texts: readonly { readonly field: string; readonly text: string }[];
}

/**
 * The original a translation form is about (its record and slug as the form names them), to show
 * above the fields; undefined when the form names no record the atlas has.
 */
export async function translationOriginal(
  q: Q,
  record: string,
  slug: string,
): Promise<TranslationOriginal | undefined> {
  if (!isTranslatableKind(record) || !slug) return undefined;
  const target = await translationTarget(q, record, slug);
  if (!target) return undefined;
  const { version, texts } = await originalNow(q, record, slug);
  return {
    language: target.language,
    version,
    texts: fieldPairs(record).flatMap(([field, own]) => {
      const text = texts[own];
      return text ? [{ field, text }] : [];
    }),
  };
}

const KIND_NAMES: Readonly<Record<TranslatableKind, string>> = {
  initiative: 'an initiative',
  good_practice: 'a good practice',
  recommendation: 'a recommendation',
  evidence: 'an evidence statement',
};

/**
 * The proposal's texts checked against what its kind translates: the kind's first text is
 * required, and a text the kind does not have (an evidence statement's name) is refused rather
 * than dropped, so that nothing typed is lost without a word.
 */
function textProblems(t: RecordTranslation): FieldProblem[] {
  const fields = TRANSLATABLE[t.record];
  const needed = requiredField(t.record);
  const problems: FieldProblem[] = [];
  for (const field of ['name', 'summary'] as const) {
    const given = (t[field] ?? '').trim() !== '';
    const target = fields[field];
    if (given && !target) {
      problems.push({
        field,
        message: `${KIND_NAMES[t.record]} has no ${field}; write its translated ${fields[needed]} in ${needed} and leave ${field} empty`,
      });
    } else if (!given && field === needed) {
      problems.push({
        field,
        message: `write the translated ${target} of ${KIND_NAMES[t.record]} in ${field}`,
      });
    }
  }
  return problems;
}

/**
 * Checks a proposed translation against the record it translates and fills in that record's
 * regions (so that its coordinators may draft it and it shows in their queue): the record must
 * exist and be written in another language. A translation written as a draft (proposed or edited)
 * takes the original's version and texts as they are then (`madeFrom`); one being published keeps
 * what its proposal recorded, so that a change of the original while it waited for review leaves
 * it flagged as possibly out of date.
 */
export async function prepareTranslation(
  q: Q,
  content: Content,
  stage: 'draft' | 'publish' = 'draft',
): Promise<{ content: Content; problems: FieldProblem[] }> {
  const t = content as unknown as RecordTranslation;
  const wrong = textProblems(t);
  if (wrong.length > 0) return { content, problems: wrong };
  const target = await translationTarget(q, t.record, t.slug);
  if (!target) {
    const what = t.record.replace('_', ' ');
    return {
      content,
      problems: [{ field: 'slug', message: `the atlas has no ${what} ${t.slug}` }],
    };
  }
  if (target.language === t.language) {
    return {
      content,
      problems: [
        {
          field: 'language',
          message: `the ${t.record.replace('_', ' ')} is written in ${t.language} already; choose another language`,
        },
      ],
    };
  }
  const kept = stage === 'publish' ? t.madeFrom : undefined;
  const madeFrom = kept ?? (await originalNow(q, t.record, t.slug));
  return { content: { ...content, regions: target.regions, madeFrom }, problems: [] };
}

/** A published translation's content in the shape of its schema, or undefined. */
export async function readTranslation(q: Q, key: string): Promise<Content | undefined> {
  const parts = parseTranslationKey(key);
  if (!parts) return undefined;
  const rows = await listTranslations(q, parts.kind, [parts.slug], parts.language);
  const first = rows[0];
  if (!first) return undefined;
  const target = await translationTarget(q, parts.kind, parts.slug);
  const stored = new Map(rows.map((r) => [r.field, r]));
  const texts = Object.fromEntries(
    fieldPairs(parts.kind).flatMap(([from, to]) => {
      const r = stored.get(to);
      return r ? [[from, r.text]] : [];
    }),
  );
  return {
    record: parts.kind,
    slug: parts.slug,
    language: parts.language,
    ...texts,
    translatedBy: first.translatedBy,
    regions: target?.regions ?? [],
  };
}

/**
 * The original as it is now: the record's version and texts by its own field names (version 0
 * and no texts when the record is gone).
 */
async function originalNow(q: Q, kind: TranslatableKind, slug: string): Promise<TranslationSource> {
  const [o] = await listOriginals(q, kind, [slug]);
  return { version: o?.version ?? 0, texts: o?.texts ?? {} };
}

/**
 * Publishes a translation: its texts replace the record's approved texts in that language (under
 * the record's own field names), and the record's search document in that language is rewritten
 * in the same transaction. The translation keeps the original's version and texts it was made
 * from, recorded when it was proposed (`madeFrom`), so that a change of the original since flags
 * it as possibly out of date (services/translations.ts).
 */
export async function writeTranslation(
  q: Q,
  content: Content,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const t = content as unknown as RecordTranslation;
  const key = `${t.record}/${t.slug}/${t.language}`;
  const before = await readTranslation(q, key);
  const pairs = fieldPairs(t.record);
  const texts: Record<string, string> = Object.fromEntries(
    pairs.flatMap(([from, to]) => {
      const v = (t as unknown as Content)[from];
      return typeof v === 'string' && v.trim() !== '' ? [[to, v.trim()]] : [];
    }),
  );
  const outcome = await replaceTranslation(q, {
    kind: t.record,
    key: t.slug,
    language: t.language,
    texts,
    translatedBy: t.translatedBy,
    reviewedBy: ctx.actor,
    // The version being published is the translation's latest (at most one is open at a time).
    versionNumber: (await lastNumber(q, 'translation', key)) || null,
    // A translation proposed before proposals recorded their original is taken as made from it now.
    source: t.madeFrom ?? (await originalNow(q, t.record, t.slug)),
    now: ctx.now,
  });
  const [nameField = ''] = pairs.map(([, to]) => to);
  await indexTranslation(q, {
    kind: t.record,
    key: t.slug,
    language: t.language,
    name: texts[nameField] ?? '',
    body: pairs.flatMap(([, to]) => (to !== nameField && texts[to] ? [texts[to]] : [])).join(' '),
  });
  // Every change of curated content is in the history: the data version (and the caches of
  // search results and downloads keyed by it) moves on.
  if (outcome !== 'unchanged') {
    const after = await readTranslation(q, key);
    const action = outcome === 'created' ? 'create' : 'update';
    await appendHistory(q, {
      entity: 'translation',
      key,
      action,
      actor: ctx.actor,
      at: ctx.now,
      before,
      after,
    });
  }
  return outcome;
}

/** Withdraws a published translation: its texts and its search document go. */
export async function removePublishedTranslation(
  q: Q,
  key: string,
  ctx: WriteContext,
): Promise<boolean> {
  const parts = parseTranslationKey(key);
  if (!parts) return false;
  const before = await readTranslation(q, key);
  await unindexTranslation(q, parts.kind, parts.slug, parts.language);
  if (!(await removeTranslation(q, parts.kind, parts.slug, parts.language))) return false;
  await appendHistory(q, {
    entity: 'translation',
    key,
    action: 'delete',
    actor: ctx.actor,
    at: ctx.now,
    before,
    after: undefined,
  });
  return true;
}
