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
  texts: z.object({ name: ShownTextSchema, summary: ShownTextSchema.optional() }).openapi({
    description:
      'name and summary in the asked language where a curator approved a translation, else in the original language; each says its language',
  }),
  translations: z
    .array(TranslationSchema)
    .openapi({ description: 'every approved translation of the initiative’s texts' }),
};
