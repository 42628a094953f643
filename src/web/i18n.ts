import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import i18next from 'i18next';
import { EUROPEAN_HOME } from '../domain/region.ts';

/** The languages of the interface: English and the languages of the PRECISEU partner regions. */
export const LOCALES = [
  'en',
  'bg',
  'ca',
  'de',
  'el',
  'es',
  'fr',
  'it',
  'lt',
  'nl',
  'ro',
  'sv',
  'uk',
] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in that language, for the switcher. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  bg: 'Български',
  ca: 'Català',
  de: 'Deutsch',
  el: 'Ελληνικά',
  es: 'Español',
  fr: 'Français',
  it: 'Italiano',
  lt: 'Lietuvių',
  nl: 'Nederlands',
  ro: 'Română',
  sv: 'Svenska',
  uk: 'Українська',
};

/** Who translated a language and whether a native speaker has reviewed it (<locale>/_status.json). */
export interface LocaleStatus {
  readonly reviewedByNativeSpeaker: boolean;
  readonly translatedBy: string;
  readonly note?: string;
}

/**
 * Catalogues: src/web/i18n/<locale>/<namespace>.json, one flat object of strings per file; a key
 * is used as "<namespace>.<key>". English is complete; a string missing in another language
 * falls back to English.
 */
function loadCatalogue(locale: Locale): Record<string, unknown> {
  const dir = new URL(`./i18n/${locale}/`, import.meta.url);
  const out: Record<string, unknown> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .sort()) {
    out[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  }
  return out;
}

const STATUS: Readonly<Record<Locale, LocaleStatus>> = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(readFileSync(new URL(`./i18n/${l}/_status.json`, import.meta.url), 'utf8')),
  ]),
) as Record<Locale, LocaleStatus>;

/** Whether a language's catalogue has been reviewed by a native speaker, and who translated it. */
export function localeStatus(locale: Locale): LocaleStatus {
  return STATUS[locale];
}

const CATALOGUES = new Map(LOCALES.map((l) => [l, loadCatalogue(l)]));

/** Every string key of a catalogue, with the plural suffix taken off ("ns.count_one" → "ns.count"). */
function keysOf(node: unknown, prefix = '', out = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (typeof v === 'object' && v !== null) keysOf(v, `${prefix}${k}.`, out);
    else out.add(`${prefix}${k}`.replace(/_(zero|one|two|few|many|other)$/, ''));
  }
  return out;
}

const ENGLISH_KEYS = keysOf(CATALOGUES.get('en'));

/** The share (0 to 1) of the interface's English messages a language's catalogue translates. */
export function localeCoverage(locale: Locale): number {
  return COVERAGE.get(locale) ?? 0;
}

// The catalogues do not change while the atlas runs: each language's coverage is counted once.
const COVERAGE = new Map(
  LOCALES.map((l) => {
    const keys = keysOf(CATALOGUES.get(l) ?? {});
    return [l, [...ENGLISH_KEYS].filter((k) => keys.has(k)).length / ENGLISH_KEYS.size];
  }),
);

const i18n = i18next.createInstance();
await i18n.init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: CATALOGUES.get(l) ?? {} }])),
  lng: 'en',
  fallbackLng: 'en',
  // JSX escapes every string it renders, so i18next must not escape them a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const storage = new AsyncLocalStorage<Locale>();

/** Runs `fn` (a request) with a language; t() and currentLocale() read it. */
export function withLocale<T>(locale: Locale, fn: () => T): T {
  return storage.run(locale, fn);
}

/** The language of the current request (English outside a request). */
export function currentLocale(): Locale {
  return storage.getStore() ?? 'en';
}

/**
 * A filled message with the full stop a value already ended with not written twice: a date in
 * Ukrainian or Bulgarian ends in an abbreviation ("6 груд. 2026 р."), and a message that ends
 * "{{date}}." would print "р.." (an ellipsis of three stops is left alone).
 */
const oneStop = (text: string) => text.replace(/(?<!\.)\.\.(?!\.)/g, '.');

/** A string of the interface in the current language, with {{name}} placeholders filled. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  return oneStop(i18n.t(key, { ...vars, lng: currentLocale() }) as string);
}

/** A string of the interface in a given language, whatever the request's language. */
export function tIn(
  locale: Locale,
  key: string,
  vars: Record<string, string | number> = {},
): string {
  return oneStop(i18n.t(key, { ...vars, lng: locale }) as string);
}

/** A text's `lang` attribute: its language where that is not the page's, else none. */
export function langIfOther(lang: string): string | undefined {
  return lang === currentLocale() ? undefined : lang;
}

/** Whether the English catalogue has a key (for tests). */
export function hasKey(key: string): boolean {
  return i18n.exists(key, { lng: 'en', fallbackLng: false });
}

const collators = new Map<string, Intl.Collator>();

/**
 * Compares two names as the reader's language sorts them (Lithuanian puts "y" with "i", Greek and
 * Cyrillic sort by their own alphabets), the same on both databases.
 */
export function compareNames(a: string, b: string, locale: string = currentLocale()): number {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
    collators.set(locale, collator);
  }
  return collator.compare(a, b);
}

const displayNames = new Map<string, Intl.DisplayNames>();

/**
 * The partner regions' names in each language but English (code → language → name), from
 * data/reference/region-names.json so that a translator edits data, not code. Read once.
 */
const REGION_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = JSON.parse(
  readFileSync(new URL('../../data/reference/region-names.json', import.meta.url), 'utf8'),
);

/**
 * A country's name in the reader's language (ISO 3166 through the platform's CLDR data; the
 * records' Eurostat codes EL and UK are Greece and the United Kingdom), the home of European
 * bodies (EU) from the catalogue, a region's from data/reference/region-names.json; the record's
 * own name where none of these has one.
 */
export function placeName(code: string, name: string, locale: Locale = currentLocale()): string {
  if (code === EUROPEAN_HOME) return tIn(locale, 'common.placeEu');
  if (locale === 'en') return name;
  if (!/^[A-Z]{2}$/.test(code)) {
    const local = Object.hasOwn(REGION_NAMES, code) ? REGION_NAMES[code]?.[locale] : undefined;
    return local?.trim() ? local : name;
  }
  return countryName(code, locale) ?? name;
}

/** A country's CLDR name in a language, by the records' two-letter code. */
function countryName(code: string, locale: string): string | undefined {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    displayNames.set(locale, names);
  }
  return names.of(code === 'EL' ? 'GR' : code === 'UK' ? 'GB' : code);
}

/**
 * A place as a source prints it in English ("The Netherlands", "Italy"), in the reader's language
 * when it names the country of `region` (a statement's region); else as printed, marked English.
 */
export function printedPlaceName(
  printed: string,
  region: string | null,
  here: Locale = currentLocale(),
): LocalText {
  const country = region?.match(/^[A-Z]{2}/)?.[0];
  if (country && countryName(country, 'en') === printed.replace(/^the /i, ''))
    return { text: placeName(country, printed, here), lang: here };
  return { text: printed, lang: 'en' };
}

/** A map of place names (code → name) in the reader's language. */
export function localPlaceNames(names: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...names].map(([code, name]) => [code, placeName(code, name)]));
}

/**
 * A pseudo-language for tests: English with every message of the catalogue marked ⟦…⟧, so that
 * text a page shows without the marks did not come from the catalogue (or from the records).
 * Only a test turns it on; a running atlas never offers it.
 */
export const PSEUDO_LOCALE = 'en-XA' as Locale;
let pseudoEnabled = false;

function marked(node: unknown): unknown {
  if (typeof node === 'string') return `⟦${node}⟧`;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, marked(v)]),
  );
}

/** Makes the pseudo-language available to ?lang= (tests only). */
export function enablePseudoLocale(): void {
  i18n.addResourceBundle(PSEUDO_LOCALE, 'translation', marked(CATALOGUES.get('en')), true, true);
  pseudoEnabled = true;
}

function isLocale(value: string | undefined): value is Locale {
  if (pseudoEnabled && value === PSEUDO_LOCALE) return true;
  return value !== undefined && (LOCALES as readonly string[]).includes(value);
}

/**
 * Chooses the language of a request: an explicit ?lang=, else the lang cookie, else the first
 * supported language of Accept-Language, else English.
 */
export function negotiateLocale(
  query: string | undefined,
  cookie: string | undefined,
  acceptLanguage: string | undefined,
): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((w) => w.lang).find(isLocale) ?? 'en';
}

/**
 * Texts of the code lists beyond their labels (barrier and category descriptions, sub-themes, the
 * pillars' descriptions and next steps), translated in data/reference/translations/<locale>.json
 * so that a translator edits data, not code. English is the reference data itself.
 */
type ContentList = 'barrierCategories' | 'barriers' | 'pillars';
type ContentEntry = Readonly<Record<string, string | readonly string[]>>;
type ContentFile = Partial<Record<ContentList, Readonly<Record<string, ContentEntry>>>>;

const CONTENT: ReadonlyMap<Locale, ContentFile> = new Map(
  LOCALES.flatMap((l) => {
    const url = new URL(`../../data/reference/translations/${l}.json`, import.meta.url);
    return existsSync(url) ? [[l, JSON.parse(readFileSync(url, 'utf8')) as ContentFile]] : [];
  }),
);

/** Whether the code lists' descriptions have a translation into a language (English: the original). */
export function hasContentTranslation(locale: Locale): boolean {
  return locale === 'en' || CONTENT.has(locale);
}

/** A text and the language it is written in (so the page can set `lang` on it). */
export interface LocalText {
  readonly text: string;
  readonly lang: Locale;
}

/**
 * A code list's text in the reader's language where a translation exists, else the English
 * original, each with its language.
 */
export function localText(
  list: ContentList,
  code: string,
  field: string,
  original: string,
): LocalText {
  const here = currentLocale();
  const text = CONTENT.get(here)?.[list]?.[code]?.[field];
  return typeof text === 'string' && text.trim() !== ''
    ? { text, lang: here }
    : { text: original, lang: 'en' };
}

/** A list of texts (sub-themes, next steps): translated only when the translation has them all. */
export function localTexts(
  list: ContentList,
  code: string,
  field: string,
  original: readonly string[],
): LocalText[] {
  const here = currentLocale();
  const texts = CONTENT.get(here)?.[list]?.[code]?.[field];
  return Array.isArray(texts) && texts.length === original.length
    ? texts.map((text: string) => ({ text, lang: here }))
    : original.map((text) => ({ text, lang: 'en' as Locale }));
}

/** Code lists whose labels the interface translates (src/web/i18n/<locale>/codes.json). */
export type CodeListName =
  | 'domain'
  | 'type'
  | 'scope'
  | 'status'
  | 'theme'
  | 'funding'
  | 'barrierCategory'
  | 'barrier'
  | 'stakeholderGroup'
  | 'pillar'
  | 'relation';

/** The label of a code in the language of the request (the code itself when unknown). */
export function codeLabel(list: CodeListName, code: string): string {
  const key = `codes.${list}.${code}`;
  return hasKey(key) ? t(key) : code;
}
