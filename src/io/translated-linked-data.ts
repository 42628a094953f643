import type { JsonLd } from '../domain/open-data.ts';
import type { RecordTranslations } from '../domain/translations.ts';

/** The JSON-LD properties a record's translatable texts fill: name → name, summary → description. */
const PROPERTY_OF: Readonly<Record<string, string>> = { name: 'name', summary: 'description' };

/**
 * A record's JSON-LD with every approved translation (issue 18): each translated property holds
 * one language-tagged string per language (`[{"@value": "…", "@language": "en"}, {"@value": "…",
 * "@language": "ca"}]`), the original first. A document without translations is left as it is.
 */
export function withTranslatedTexts(ld: JsonLd, translations: RecordTranslations): JsonLd {
  if (translations.languages.size === 0) return ld;
  const out: Record<string, unknown> = { ...(ld as Record<string, unknown>) };
  for (const [field, property] of Object.entries(PROPERTY_OF)) {
    const original = out[property];
    if (original === undefined) continue;
    const values = [...translations.languages]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([language, texts]) => {
        const text = texts.get(field)?.text;
        return text ? [{ '@value': text, '@language': language }] : [];
      });
    if (values.length > 0) out[property] = [original, ...values];
  }
  return out as JsonLd;
}
