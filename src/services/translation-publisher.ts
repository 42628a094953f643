import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { ENTITY_KINDS, type FieldProblem } from '../domain/contributions.ts';
import {
  parseTranslationKey,
  type RecordTranslation,
  TRANSLATABLE,
  type TranslatableKind,
} from '../domain/translations.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { appendHistory } from '../repositories/history.ts';
import { findInitiativeBySlug } from '../repositories/initiatives.ts';
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
  const [g] = await listGoodPractices(q, slug);
  if (!g) return undefined;
  const regions = ENTITY_KINDS.good_practice.regions(g as unknown as Content);
  return { name: g.name, language: g.language, regions };
}

/**
 * Checks a proposed translation against the record it translates and fills in that record's
 * regions (so that its coordinators may draft it and it shows in their queue): the record must
 * exist and be written in another language.
 */
export async function prepareTranslation(
  q: Q,
  content: Content,
): Promise<{ content: Content; problems: FieldProblem[] }> {
  const t = content as unknown as RecordTranslation;
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
  return { content: { ...content, regions: target.regions }, problems: [] };
}

/** A published translation's content in the shape of its schema, or undefined. */
export async function readTranslation(q: Q, key: string): Promise<Content | undefined> {
  const parts = parseTranslationKey(key);
  if (!parts) return undefined;
  const rows = await listTranslations(q, parts.kind, [parts.slug], parts.language);
  const first = rows[0];
  if (!first) return undefined;
  const target = await translationTarget(q, parts.kind, parts.slug);
  const texts = Object.fromEntries(rows.map((r) => [r.field, r.text]));
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
 * The original a translation is made from: the record's version and texts as the curator who
 * publishes the translation sees them (version 0 and no texts when the record is gone).
 */
async function originalNow(q: Q, kind: TranslatableKind, slug: string) {
  const [o] = await listOriginals(q, kind, [slug]);
  return { version: o?.version ?? 0, texts: o?.texts ?? {} };
}

/**
 * Publishes a translation: its texts replace the record's approved texts in that language, and
 * the record's search document in that language is rewritten in the same transaction. The
 * translation records the original's version and texts it was made from, so that a later change
 * of the original flags it as possibly out of date (services/translations.ts).
 */
export async function writeTranslation(
  q: Q,
  content: Content,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  const t = content as unknown as RecordTranslation;
  const key = `${t.record}/${t.slug}/${t.language}`;
  const before = await readTranslation(q, key);
  const fields: readonly string[] = TRANSLATABLE[t.record];
  const texts = Object.fromEntries(
    fields.flatMap((f) => {
      const v = (t as unknown as Content)[f];
      return typeof v === 'string' && v.trim() !== '' ? [[f, v.trim()]] : [];
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
    source: await originalNow(q, t.record, t.slug),
    now: ctx.now,
  });
  const { name = '', ...rest } = texts;
  await indexTranslation(q, {
    kind: t.record,
    key: t.slug,
    language: t.language,
    name,
    body: Object.values(rest).join(' '),
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
