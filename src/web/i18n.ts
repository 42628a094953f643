import { AsyncLocalStorage } from 'node:async_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import i18next from 'i18next';

/** The languages of the interface: English and two languages of partner regions. */
export const LOCALES = ['en', 'es', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in that language, for the switcher. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  es: 'Español',
  de: 'Deutsch',
};

/**
 * Catalogues: src/web/i18n/<locale>/<namespace>.json, one flat object of strings per file; a key
 * is used as "<namespace>.<key>". English is complete; a string missing in another language
 * falls back to English.
 */
function loadCatalogue(locale: Locale): Record<string, unknown> {
  const dir = new URL(`./i18n/${locale}/`, import.meta.url);
  const out: Record<string, unknown> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    out[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  }
  return out;
}

const i18n = i18next.createInstance();
await i18n.init({
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: loadCatalogue(l) }])),
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

/** A string of the interface in the current language, with {{name}} placeholders filled. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  return i18n.t(key, { ...vars, lng: currentLocale() }) as string;
}

/** Whether the English catalogue has a key (for tests). */
export function hasKey(key: string): boolean {
  return i18n.exists(key, { lng: 'en', fallbackLng: false });
}

function isLocale(value: string | undefined): value is Locale {
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
