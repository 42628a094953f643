import type { TranslatedText } from '../domain/translations.ts';
import { figureCsv } from './figure-files.ts';

/** One approved translation row of the bulk downloads. */
export interface TranslationCsvRow extends TranslatedText {
  readonly kind: string;
  readonly key: string;
}

export const TRANSLATION_HEADERS = [
  'record_kind',
  'record_key',
  'field',
  'language',
  'text',
  'translated_by',
  'reviewed_by',
  'updated_at',
] as const;

/**
 * The records' approved translations as one CSV table (UTF-8 with a byte-order mark): one row per
 * record, field and language; the original texts are in the records' own files.
 */
export function translationsCsv(rows: readonly TranslationCsvRow[]): Buffer {
  return figureCsv({
    name: 'translations',
    headers: [...TRANSLATION_HEADERS],
    rows: rows.map((r) => [
      r.kind,
      r.key,
      r.field,
      r.language,
      r.text,
      r.translatedBy,
      r.reviewedBy ?? '',
      r.updatedAt,
    ]),
    textColumns: TRANSLATION_HEADERS.length,
  });
}
