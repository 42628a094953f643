import { html, raw } from 'hono/html';
import type { Child } from 'hono/jsx';

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
  { href: '/', label: 'Home' },
  { href: '/initiatives', label: 'Initiatives' },
  { href: '/regions', label: 'Regions' },
  { href: '/barriers', label: 'Barriers' },
  { href: '/good-practices', label: 'Good practices' },
  { href: '/compare', label: 'Compare' },
  { href: '/data-quality', label: 'Data quality' },
  { href: '/about', label: 'About' },
] as const;

function isCurrent(navHref: string, path: string): boolean {
  return navHref === '/' ? path === '/' : path === navHref || path.startsWith(`${navHref}/`);
}

/** JSON for an inline script element: "<" is escaped so the text can never close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page shell: language, title, skip link, header with navigation, main landmark, footer. */
export function renderPage(meta: PageMeta, body: Child): ReturnType<typeof html> {
  const title = meta.path === '/' ? SITE_NAME : `${meta.title} – ${SITE_NAME}`;
  const page = (
    <html lang="en">
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
          Skip to main content
        </a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                ◆
              </span>{' '}
              {SITE_NAME}
            </a>
            <nav aria-label="Main">
              <ul class="nav-list">
                {NAV.map((n) => (
                  <li>
                    <a
                      href={n.href}
                      aria-current={isCurrent(n.href, meta.path) ? 'page' : undefined}
                    >
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1} class="wrap">
          {body}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              PerMed Atlas maps personalised-medicine initiatives in Europe. Data drawn from public
              reports of PRECISEU, ICPerMed and EP PerMed; every record names its source.{' '}
              <a href="/about">About, licence and accessibility</a>.
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
  return html`<!doctype html>${page}`;
}
