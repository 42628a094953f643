import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import {
  TRANSLATABLE,
  type TranslatableKind,
  type TranslatedText,
} from '../domain/translations.ts';

type Q = Kysely<Database>;

/** One approved translation row as the services read it. */
export interface TranslationRow extends TranslatedText {
  readonly kind: string;
  readonly key: string;
  readonly versionNumber: number | null;
  /** The version of the original record the translation was made from (null: not known). */
  readonly sourceVersion: number | null;
  /** The original's text of this field when the translation was made (null: not known). */
  readonly sourceText: string | null;
}

const toRow = (r: {
  record_kind: string;
  record_key: string;
  field: string;
  language: string;
  text: string;
  translated_by: string;
  reviewed_by: string | null;
  version_number: number | null;
  updated_at: string;
  source_version: number | null;
  source_text: string | null;
}): TranslationRow => ({
  kind: r.record_kind,
  key: r.record_key,
  field: r.field,
  language: r.language,
  text: r.text,
  translatedBy: r.translated_by,
  reviewedBy: r.reviewed_by,
  versionNumber: r.version_number,
  updatedAt: r.updated_at,
  sourceVersion: r.source_version,
  sourceText: r.source_text,
});

/**
 * The approved translations of some records of one kind (all of that kind when `keys` is not
 * given), in a stable order: record, language, field.
 */
export async function listTranslations(
  q: Q,
  kind: string,
  keys?: readonly string[],
  language?: string,
): Promise<TranslationRow[]> {
  if (keys && keys.length === 0) return [];
  let query = q.selectFrom('record_translations').selectAll().where('record_kind', '=', kind);
  if (keys) query = query.where('record_key', 'in', [...keys]);
  if (language) query = query.where('language', '=', language);
  const rows = await query.orderBy('record_key').orderBy('language').orderBy('field').execute();
  return rows.map(toRow);
}

/** Every approved translation of every kind, for the bulk downloads. */
export async function listAllTranslations(q: Q): Promise<TranslationRow[]> {
  const rows = await q
    .selectFrom('record_translations')
    .selectAll()
    .orderBy('record_kind')
    .orderBy('record_key')
    .orderBy('language')
    .orderBy('field')
    .execute();
  return rows.map(toRow);
}

/** The texts of one record in one language. */
export interface TranslationWrite {
  readonly kind: string;
  readonly key: string;
  readonly language: string;
  readonly texts: Readonly<Record<string, string>>;
  readonly translatedBy: string;
  readonly reviewedBy: string;
  readonly versionNumber: number | null;
  /** The original the texts were translated from: its version and its texts by field. */
  readonly source: { readonly version: number; readonly texts: Readonly<Record<string, string>> };
  readonly now: string;
}

/**
 * Replaces a record's approved texts in one language with `w.texts` (fields not given are
 * removed); 'unchanged' when every text, its translator and the original it was made from are
 * as stored (a translation confirmed against a newer original is an update).
 */
export async function replaceTranslation(
  q: Q,
  w: TranslationWrite,
): Promise<'created' | 'updated' | 'unchanged'> {
  const before = await listTranslations(q, w.kind, [w.key], w.language);
  const same =
    before.length === Object.keys(w.texts).length &&
    before.every(
      (b) =>
        w.texts[b.field] === b.text &&
        b.translatedBy === w.translatedBy &&
        b.sourceVersion === w.source.version &&
        b.sourceText === (w.source.texts[b.field] ?? null),
    );
  if (same) return 'unchanged';
  const created = new Map(before.map((b) => [b.field, b.updatedAt]));
  await removeTranslation(q, w.kind, w.key, w.language);
  await q
    .insertInto('record_translations')
    .values(
      Object.entries(w.texts).map(([field, text]) => ({
        record_kind: w.kind,
        record_key: w.key,
        field,
        language: w.language,
        text,
        translated_by: w.translatedBy,
        status: 'approved',
        reviewed_by: w.reviewedBy,
        version_number: w.versionNumber,
        source_version: w.source.version,
        source_text: w.source.texts[field] ?? null,
        created_at: created.get(field) ?? w.now,
        updated_at: w.now,
      })),
    )
    .execute();
  return before.length === 0 ? 'created' : 'updated';
}

/** Removes a record's approved texts in one language; false when it had none. */
export async function removeTranslation(
  q: Q,
  kind: string,
  key: string,
  language: string,
): Promise<boolean> {
  const r = await q
    .deleteFrom('record_translations')
    .where('record_kind', '=', kind)
    .where('record_key', '=', key)
    .where('language', '=', language)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A record's original texts and version as they are now, for comparing with its translations. */
export interface OriginalRow {
  readonly key: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly texts: Readonly<Record<string, string>>;
}

/** Each translatable kind's table and the column of its records' keys. */
const ORIGINAL_TABLES = {
  initiative: { table: 'initiatives', key: 'slug' },
  good_practice: { table: 'good_practices', key: 'slug' },
  recommendation: { table: 'recommendations', key: 'slug' },
  evidence: { table: 'evidence', key: 'key' },
} as const satisfies Record<TranslatableKind, { table: keyof Database; key: string }>;

/**
 * The current version and translatable texts of some records of one kind (an initiative's name
 * and summary, a recommendation's title and text, an evidence statement's statement), keyed by
 * the record's own field names.
 */
export async function listOriginals(
  q: Q,
  kind: TranslatableKind,
  keys: readonly string[],
): Promise<OriginalRow[]> {
  if (keys.length === 0) return [];
  const fields = Object.values(TRANSLATABLE[kind]).filter((f) => f !== undefined);
  const { table, key } = ORIGINAL_TABLES[kind];
  const rows = (await q
    .selectFrom(table)
    .selectAll()
    .where(key, 'in', [...keys])
    .execute()) as unknown as Record<string, unknown>[];
  return rows.map((r) => ({
    key: String(r[key]),
    version: Number(r.version),
    updatedAt: String(r.updated_at),
    texts: Object.fromEntries(
      fields.flatMap((f) => (typeof r[f] === 'string' ? [[f, r[f] as string]] : [])),
    ),
  }));
}
