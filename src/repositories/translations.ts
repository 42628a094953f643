import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { TranslatedText } from '../domain/translations.ts';

type Q = Kysely<Database>;

/** One approved translation row as the services read it. */
export interface TranslationRow extends TranslatedText {
  readonly kind: string;
  readonly key: string;
  readonly versionNumber: number | null;
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
  readonly now: string;
}

/**
 * Replaces a record's approved texts in one language with `w.texts` (fields not given are
 * removed); 'unchanged' when every text and its translator are as stored.
 */
export async function replaceTranslation(
  q: Q,
  w: TranslationWrite,
): Promise<'created' | 'updated' | 'unchanged'> {
  const before = await listTranslations(q, w.kind, [w.key], w.language);
  const same =
    before.length === Object.keys(w.texts).length &&
    before.every((b) => w.texts[b.field] === b.text && b.translatedBy === w.translatedBy);
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
