import {
  languagesOf,
  type RecordTranslations,
  type ShownText,
  shownText,
  type TranslatedText,
  translationKey,
} from '../domain/translations.ts';
import type { CheckedTranslations } from '../services/translations.ts';
import { formatDate } from './components.tsx';
import { currentLocale, t } from './i18n.ts';
import { languageName } from './record-language.tsx';

/**
 * Records' texts in the reader's language (issue 18): where a curator approved a translation
 * into the page's language, a record's name and summary are shown in it, marked with their
 * language and who translated them; otherwise the original, in its own language. A list links
 * the record's other versions.
 */

/** A record's text as this page shows it: translated into the page's language, or the original. */
export function shown(
  translations: RecordTranslations | undefined,
  field: string,
  original: string,
  originalLanguage: string,
): ShownText {
  return shownText(translations, field, original, originalLanguage, currentLocale());
}

/** The `lang` of a shown text: a translation always says its language; an original when not the page's. */
export function shownLang(text: ShownText, pageLang: (l: string) => string | undefined) {
  return text.translatedBy ? text.language : pageLang(text.language);
}

/** "Translated from Catalan by Jordi Puig", under a translated text. */
export function TranslationNote({ text, from }: { text: ShownText; from: string }) {
  if (!text.translatedBy) return null;
  return (
    <p class="record-language muted translation-note">
      {t('translations.translatedBy', { language: languageName(from), name: text.translatedBy })}
    </p>
  );
}

/**
 * "Other languages: English (original), Català": links to the page in each other language the
 * record can be read in, each name in its own language.
 */
export function OtherLanguages({
  translations,
  path,
  fragment = '',
}: {
  translations: RecordTranslations | undefined;
  path: string;
  /** Where on the page the record is ("#statement-…"), for a record listed among others. */
  fragment?: string;
}) {
  if (!translations || translations.languages.size === 0) return null;
  const here = currentLocale();
  const others = languagesOf(translations).filter((l) => l !== here);
  if (others.length === 0) return null;
  return (
    <nav class="other-languages" aria-label={t('translations.otherLanguagesLabel')}>
      <span>{t('translations.otherLanguages')} </span>
      {others.map((l, n) => (
        <>
          {n > 0 ? ', ' : ''}
          <a href={`${path}?lang=${encodeURIComponent(l)}${fragment}`} hreflang={l} lang={l}>
            {ownName(l)}
          </a>
          {l === translations.original ? ` ${t('translations.original')}` : ''}
        </>
      ))}
    </nav>
  );
}

/** A language's name in itself ("Català", "Deutsch"). */
function ownName(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
    return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
  } catch {
    return language;
  }
}

/** Whether a record's translations came with the check of which may be out of date. */
const isChecked = (t: RecordTranslations): t is CheckedTranslations => 'outdated' in t;

/**
 * "This translation may be out of date": where the page shows a translation whose original text
 * changed after it was made, the date of the original's change and a link to propose an updated
 * translation (the form of the published translation, which a curator reviews again).
 */
function OutdatedTranslation({ translations }: { translations: CheckedTranslations }) {
  const here = currentLocale();
  const outdated = translations.outdated.get(here);
  if (!outdated) return null;
  const key = translationKey(translations.kind, translations.key, here);
  return (
    <p class="notice translation-outdated" data-outdated={outdated.fields.join(' ')}>
      {t('translations.outdated', {
        language: languageName(translations.original),
        date: formatDate(outdated.originalChangedAt),
      })}{' '}
      <a href={`/contribute/translations/${encodeURIComponent(key)}/edit`}>
        {t('translations.proposeUpdate')}
      </a>
    </p>
  );
}

/**
 * "Propose a translation (Deutsch)": where the page's language is neither the record's own nor
 * one a curator has approved, a link to the translation form filled in for this record; a
 * curator reviews the proposal like any other change. Where the page shows a translation whose
 * original changed since, it says the translation may be out of date instead.
 */
export function ProposeTranslation({
  translations,
  message = 'translations.propose',
}: {
  translations: RecordTranslations | undefined;
  /** The link's words, for a record listed among others ("Translate this statement …"). */
  message?: string;
}) {
  const here = currentLocale();
  if (!translations || here === translations.original) return null;
  if (translations.languages.has(here))
    return isChecked(translations) ? <OutdatedTranslation translations={translations} /> : null;
  const q = new URLSearchParams({
    record: translations.kind,
    slug: translations.key,
    language: here,
  });
  return (
    <p class="propose-translation">
      <a href={`/contribute/translations/new?${q}`}>{t(message, { language: ownName(here) })}</a>
    </p>
  );
}

/** The approved texts of a list's records in the page's language, by record key then field. */
export type ListTexts = ReadonlyMap<string, ReadonlyMap<string, TranslatedText>>;

/**
 * A list row's text (a record's name or summary) in the page's language where a curator approved
 * a translation, else the original in the record's language.
 */
export function listed(
  texts: ListTexts | undefined,
  key: string,
  field: string,
  original: string,
  originalLanguage: string,
): ShownText {
  const here = currentLocale();
  const tr = originalLanguage === here ? undefined : texts?.get(key)?.get(field);
  return tr
    ? { text: tr.text, language: tr.language, translatedBy: tr.translatedBy }
    : { text: original, language: originalLanguage };
}

/** The start of a translated summary for a list row, cut at a word boundary (as search's snippets). */
export function excerptOf(text: string, max = 220): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max / 2 ? space : max)}…`;
}
