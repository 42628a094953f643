import { z } from 'zod';
import { Language, RegionCode, Slug } from './schemas.ts';

/**
 * Translations of records' texts (issue 18). A record's texts are written in one language (its
 * `language`); a contributor or curator may propose them in another. A proposal is a contribution
 * like any other (kind `translation`): drafted, submitted, reviewed and published by a curator;
 * only published translations are shown, searched, served and downloaded.
 */

/**
 * The kinds of record whose texts can be translated, and the texts of each: a proposal's `name`
 * and `summary` (the translation form's fields) are the record's fields named here, under which
 * the approved texts are stored, served and downloaded (a recommendation's title and text). The
 * first field named is the one a proposal must give; a field not named is not the kind's. An
 * evidence statement has one text, its statement (up to 3000 characters): it is the form's long
 * text, `summary`, so that no statement is cut to a name's 500; its quotation is the source's own
 * words and is never translated.
 */
export const TRANSLATABLE: Readonly<
  Record<'initiative' | 'good_practice' | 'recommendation' | 'evidence', TranslatableFields>
> = {
  initiative: { name: 'name', summary: 'summary' },
  good_practice: { name: 'name', summary: 'summary' },
  recommendation: { name: 'title', summary: 'text' },
  evidence: { summary: 'statement' },
};
/** The form's fields a kind translates, each with the record's field it holds. */
export type TranslatableFields = Readonly<Partial<Record<'name' | 'summary', string>>>;
export type TranslatableKind = keyof typeof TRANSLATABLE;
export const TRANSLATABLE_KINDS = Object.keys(TRANSLATABLE) as TranslatableKind[];

/** The record's field a kind's proposals must translate (an initiative's name, a statement). */
export function requiredField(kind: TranslatableKind): 'name' | 'summary' {
  const [first] = Object.keys(TRANSLATABLE[kind]) as ('name' | 'summary')[];
  return first ?? 'name';
}

export function isTranslatableKind(value: string): value is TranslatableKind {
  return Object.hasOwn(TRANSLATABLE, value);
}

/** The original a translation is made from: the record's version and its texts then, by field. */
export const TranslationSource = z.object({
  version: z.number().int().min(0),
  texts: z.record(z.string(), z.string()),
});
export type TranslationSource = z.infer<typeof TranslationSource>;

/** A proposed translation of one record into one language: its key is record/slug/language. */
export const RecordTranslation = z.object({
  record: z
    .enum(TRANSLATABLE_KINDS as [TranslatableKind, ...TranslatableKind[]])
    .describe(
      'the kind of record translated: initiative, good_practice, recommendation or evidence',
    ),
  slug: Slug.describe('the slug of the record translated'),
  language: Language.describe('the language of the translation, an ISO 639-1 code such as ca'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe(
      "the record's name (a recommendation's title) in that language; required for every kind but evidence, which has none",
    ),
  summary: z
    .string()
    .trim()
    .min(1)
    .max(5000)
    .optional()
    .describe(
      "the record's summary (a good practice's description, a recommendation's text, an evidence statement's statement) in that language; required for evidence",
    ),
  translatedBy: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('who translated the texts: a person, an organisation or a tool and its reviewer'),
  regions: z
    .array(RegionCode)
    .optional()
    .describe("the record's regions: filled in by the atlas from the record translated"),
  madeFrom: TranslationSource.optional().describe(
    'the original the texts were translated from: filled in by the atlas when the translation is proposed or edited, kept until it is published',
  ),
});
export type RecordTranslation = z.infer<typeof RecordTranslation>;

/** The key of a translation: "initiative/atmp-catalonia/ca". */
export const translationKey = (kind: string, slug: string, language: string): string =>
  `${kind}/${slug}/${language}`;

/** The parts of a translation's key, or undefined when it is not one. */
export function parseTranslationKey(
  key: string,
): { kind: TranslatableKind; slug: string; language: string } | undefined {
  const [kind = '', slug = '', language = '', ...rest] = key.split('/');
  if (rest.length > 0 || !isTranslatableKind(kind) || slug === '' || language === '')
    return undefined;
  return { kind, slug, language };
}

/** One approved text of a record in one language, as pages, the API and downloads show it. */
export interface TranslatedText {
  readonly field: string;
  readonly language: string;
  readonly text: string;
  readonly translatedBy: string;
  readonly reviewedBy: string | null;
  readonly updatedAt: string;
}

/** The approved translations of one record, by language (each language's texts by field). */
export interface RecordTranslations {
  readonly kind: TranslatableKind;
  readonly key: string;
  /** The language the record is written in. */
  readonly original: string;
  readonly languages: ReadonlyMap<string, ReadonlyMap<string, TranslatedText>>;
}

/** A text of a record as shown to a reader: in their language where translated, else the original. */
export interface ShownText {
  readonly text: string;
  readonly language: string;
  /** Who translated it; undefined for the original. */
  readonly translatedBy?: string;
}

/**
 * A field of a record in `wanted` (the reader's language) when an approved translation has it,
 * else the original text in the record's language.
 */
export function shownText(
  translations: RecordTranslations | undefined,
  field: string,
  original: string,
  originalLanguage: string,
  wanted: string,
): ShownText {
  const t =
    originalLanguage === wanted ? undefined : translations?.languages.get(wanted)?.get(field);
  return t
    ? { text: t.text, language: t.language, translatedBy: t.translatedBy }
    : { text: original, language: originalLanguage };
}

/** The languages a record can be read in: its own first, then its translations' in order. */
export function languagesOf(t: RecordTranslations): string[] {
  return [t.original, ...[...t.languages.keys()].filter((l) => l !== t.original).sort()];
}
