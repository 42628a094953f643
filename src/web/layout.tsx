import { html, raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { currentLocale, LOCALE_NAMES, LOCALES, type Locale, localeStatus, t, tIn } from './i18n.ts';
import { currentViewer } from './viewer.ts';

/** What every page tells the shell. */
export interface PageMeta {
  /** The page's own title; the site name is appended. */
  readonly title: string;
  /** The path of the page, for the canonical link and the current navigation item. */
  readonly path: string;
  readonly description?: string;
  /** A schema.org JSON-LD object describing the page's main entity. */
  readonly jsonLd?: Record<string, unknown>;
  /** Scripts under /assets/ that enhance the page; it must work without them. */
  readonly scripts?: readonly string[];
}

export const SITE_NAME = 'PerMed Atlas';

const NAV = [
  { href: '/', key: 'layout.navHome' },
  { href: '/initiatives', key: 'layout.navInitiatives' },
  { href: '/regions', key: 'layout.navRegions' },
  { href: '/barriers', key: 'layout.navBarriers' },
  { href: '/good-practices', key: 'layout.navGoodPractices' },
  { href: '/recommendations', key: 'recommendations.nav' },
  { href: '/compare', key: 'layout.navCompare' },
  { href: '/twinning', key: 'layout.navTwinning' },
  { href: '/reports', key: 'layout.navReports' },
  { href: '/data-quality', key: 'layout.navDataQuality' },
  { href: '/campaigns', key: 'layout.navCampaigns' },
  { href: '/about', key: 'layout.navAbout' },
] as const;

/** The current page in another language: the same path and query with lang set. */
function inLanguage(path: string, locale: Locale): string {
  const [base = '/', query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', locale);
  return `${base}?${params}`;
}

function isCurrent(navHref: string, path: string): boolean {
  return navHref === '/' ? path === '/' : path === navHref || path.startsWith(`${navHref}/`);
}

/** JSON for an inline script element: "<" is escaped so the text can never close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The footer's line for contributors: sign in, or who is signed in and their account. */
function ContributorLine() {
  const viewer = currentViewer();
  if (!viewer) {
    return (
      <p>
        {t('layout.contributors')} <a href="/sign-in">{t('layout.signIn')}</a>
      </p>
    );
  }
  return (
    <p>
      {t('layout.signedInAs', { name: viewer.displayName })}{' '}
      <a href="/account">{t('layout.account')}</a>
      {' · '}
      <a href="/contribute">{t('contribute.contributeLink')}</a>
      {' · '}
      <a href="/review">{t('contribute.reviewQueue')}</a>
      {viewer.canAdminister ? (
        <>
          {' · '}
          <a href="/admin/accounts">{t('layout.administration')}</a>
        </>
      ) : null}
    </p>
  );
}

/**
 * The language switcher: a disclosure (13 languages do not fit a phone's header) whose summary
 * names the current language; each link names its language in that language, and a language no
 * native speaker has reviewed says so in its own words (a tooltip, announced as the link's
 * description).
 */
function LanguageSwitcher({ path }: { path: string }) {
  const here = currentLocale();
  return (
    <nav aria-label={t('layout.languageLabel')} class="languages">
      <details>
        <summary>
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" class="icon">
            <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" />
            <path
              d="M1.5 8h13M8 1.5c2 2 2.6 4.2 2.6 6.5S10 12.5 8 14.5M8 1.5C6 3.5 5.4 5.7 5.4 8S6 12.5 8 14.5"
              fill="none"
              stroke="currentColor"
            />
          </svg>
          <span class="visually-hidden">{t('layout.languageLabel')}: </span>
          <span lang={here}>{LOCALE_NAMES[here] ?? here}</span>
        </summary>
        <ul class="language-list">
          {LOCALES.map((l) => {
            const note = localeStatus(l).reviewedByNativeSpeaker
              ? undefined
              : tIn(l, 'layout.notReviewed');
            return (
              <li>
                <a
                  href={inLanguage(path, l)}
                  lang={l}
                  hreflang={l}
                  title={note}
                  aria-current={l === here ? 'true' : undefined}
                >
                  {LOCALE_NAMES[l]}
                </a>
              </li>
            );
          })}
        </ul>
      </details>
    </nav>
  );
}

/** The page shell: language, title, skip link, header with navigation, main landmark, footer. */
export function renderPage(meta: PageMeta, body: Child): ReturnType<typeof html> {
  const title = meta.path === '/' ? SITE_NAME : `${meta.title} – ${SITE_NAME}`;
  const page = (
    <html lang={currentLocale()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        <link rel="canonical" href={meta.path} />
        <link rel="stylesheet" href="/assets/style.css" />
        <link rel="icon" href="data:," />
        {(meta.scripts ?? []).map((src) => (
          <script type="module" src={`/assets/${src}`} />
        ))}
        {meta.jsonLd ? (
          <script type="application/ld+json">{raw(scriptJson(meta.jsonLd))}</script>
        ) : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skipLink')}
        </a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                ◆
              </span>{' '}
              {SITE_NAME}
            </a>
            <nav aria-label={t('layout.navLabel')}>
              <ul class="nav-list">
                {NAV.map((n) => (
                  <li>
                    <a
                      href={n.href}
                      aria-current={isCurrent(n.href, meta.path) ? 'page' : undefined}
                    >
                      {t(n.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <LanguageSwitcher path={meta.path} />
          </div>
        </header>
        <main id="main" tabindex={-1} class="wrap">
          {body}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {t('layout.footer')} <a href="/about">{t('layout.footerAbout')}</a>.
            </p>
            <p>
              {t('layout.footerOpenData')} <a href="/downloads">{t('layout.footerDownloads')}</a>
              {' · '}
              <a href="/api/v1/docs">{t('layout.footerApi')}</a>
              {' · '}
              <a href="/catalog.ttl">{t('layout.footerCatalogue')}</a>
            </p>
            <ContributorLine />
          </div>
        </footer>
      </body>
    </html>
  );
  return html`<!doctype html>${page}`;
}
