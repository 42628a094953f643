import { currentLocale, t } from './i18n.ts';

/**
 * The language of a record's own texts on a page (issue 18): a record's name, summary or statement
 * is in the language it was written in, which need not be the page's. The text then says its own
 * language, so that screen readers pronounce it and translation tools recognise it.
 */

/** The primary language subtag of a tag ("ca-ES" → "ca"), lower case. */
const primary = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? tag;

/** The `lang` attribute of a record's text: its language, or none when that is the page's. */
export function textLang(language: string | undefined): string | undefined {
  if (!language) return undefined;
  return primary(language) === primary(currentLocale()) ? undefined : language;
}

/** A language's name in the page's language, as a value is written alone ("Catalan", "Català"). */
export function languageName(language: string): string {
  const locale = currentLocale();
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([locale], { type: 'language' }).of(language);
  } catch {
    name = undefined;
  }
  const text = name ?? language;
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** "Language of this record: Català", the name in the page's language. */
export function RecordLanguage({ language }: { language: string }) {
  return (
    <p class="record-language muted">
      {t('common.recordLanguage', { language: languageName(language) })}
    </p>
  );
}
