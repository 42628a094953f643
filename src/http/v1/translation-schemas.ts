import { z } from '@hono/zod-openapi';
import { LOCALES } from '../../web/i18n.ts';

/**
 * The API's languages (issue 18): `lang` (or Accept-Language) chooses the language of the code
 * lists' labels and of records' texts where an approved translation exists; every text says its
 * language, and `translations` lists every approved translation of the record.
 */

/** The `lang` query parameter: one of the interface's languages. */
export const LangParam = z
  .enum(LOCALES)
  .optional()
  .openapi({
    param: {
      description: `the language of labels and texts (${LOCALES.join(', ')}); without it, Accept-Language, else English. A text not translated into it comes in its original language`,
    },
    example: 'ca',
  });

/** A record's text as served: in the asked language where translated, else the original. */
export const ShownTextSchema = z
  .object({
    text: z.string(),
    language: z.string().openapi({ description: 'the language of this text (ISO 639-1)' }),
    translatedBy: z
      .string()
      .optional()
      .openapi({ description: 'who translated it; absent for the original text' }),
  })
  .openapi('ShownText');

/** One approved translation of one text of a record. */
export const TranslationSchema = z
  .object({
    field: z.string().openapi({ example: 'name' }),
    language: z.string().openapi({ example: 'ca' }),
    text: z.string(),
    translatedBy: z.string(),
    reviewedBy: z.string().nullable().openapi({ description: 'the curator who approved it' }),
    updatedAt: z.string(),
  })
  .openapi('Translation');

/**
 * A record's text as served, flagged when the original changed after it was translated; `record`
 * names the kind of record in the descriptions ("practice", "initiative").
 */
export function checkedTextSchema(record: string, name: string) {
  return ShownTextSchema.extend({
    outdated: z.literal(true).optional().openapi({
      description:
        'present (true) when this is a translation whose original text changed after it was made: it may be out of date',
    }),
    madeFromVersion: z
      .number()
      .int()
      .nullable()
      .optional()
      .openapi({
        description: `with outdated: the version of the ${record} the translation was made from`,
      }),
  }).openapi(name);
}

/** One approved translation with the version of the record it was made from, and whether stale. */
export function checkedTranslationSchema(record: string, name: string) {
  return TranslationSchema.extend({
    madeFromVersion: z
      .number()
      .int()
      .nullable()
      .openapi({
        description: `the version of the ${record} the translation was made from (null when not known)`,
      }),
    outdated: z.boolean().openapi({
      description:
        'true when the original text of this field changed after the translation was made: it may be out of date',
    }),
  }).openapi(name);
}

/** An initiative's text as served (its name or summary), flagged when it may be out of date. */
export const InitiativeTextSchema = checkedTextSchema('initiative', 'InitiativeText');

/** The fields every initiative answer adds for its languages. */
export const InitiativeLanguageFields = {
  labelLanguage: z
    .string()
    .openapi({ description: 'the language of `labels` (the asked one)', example: 'ca' }),
  labels: z
    .object({
      domain: z.string(),
      type: z.string(),
      status: z.string(),
      scopes: z.array(z.string()),
      themes: z.array(z.string()),
    })
    .openapi({ description: 'the code lists’ labels of the initiative’s codes, in labelLanguage' }),
  texts: z
    .object({ name: InitiativeTextSchema, summary: InitiativeTextSchema.optional() })
    .openapi({
      description:
        'name and summary in the asked language where a curator approved a translation, else in the original language; each says its language, and a translation whose original changed since is flagged outdated',
    }),
  translations: z.array(checkedTranslationSchema('initiative', 'InitiativeTranslation')).openapi({
    description:
      'every approved translation of the initiative’s texts, each with the version it was made from and whether its original changed since',
  }),
};
