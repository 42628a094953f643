/**
 * The interactive API reference at /api/v1/docs: Swagger UI rendering /api/v1/openapi.json, with
 * every asset served from the installed swagger-ui-dist (no CDN) and an external initializer, so
 * the page runs under the site's Content-Security-Policy (script-src 'self', style-src 'self').
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { html } from 'hono/html';

/** Where the reference is served, and the document it renders. */
export const API_DOCS_PATH = '/api/v1/docs';
export const OPENAPI_PATH = '/api/v1/openapi.json';

const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const SWAGGER_VERSION: string = JSON.parse(
  readFileSync(join(SWAGGER_DIR, 'package.json'), 'utf8'),
).version;

/** Starts Swagger UI on the page; a file of its own because the CSP allows no inline script. */
const INITIALIZER = `'use strict';
// validatorUrl null: no badge fetched from validator.swagger.io (the CSP allows only this site).
window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
// The page has one h1, its own header's: Swagger UI titles its info block with another h1, made
// an h2 here once drawn (the same class and children, so its style and React's updates hold).
new MutationObserver((changes, observer) => {
  const title = document.querySelector('#swagger-ui .info h1');
  if (!title) return;
  const h2 = document.createElement('h2');
  h2.className = title.className;
  h2.append(...title.childNodes);
  title.replaceWith(h2);
  observer.disconnect();
}).observe(document.getElementById('swagger-ui'), { childList: true, subtree: true });
`;

/**
 * The page's own few rules: the header above Swagger UI, the skip link, darker colours where
 * Swagger UI's fall short of WCAG AA contrast with white (version badges, links, the GET, POST and
 * PATCH badges, the Authorize button of the security schemes), and tap targets of at least 24 px
 * (WCAG 2.5.8) for its links and small buttons: vertical padding on a link in a line of text
 * enlarges the target without moving the text.
 */
const STYLE = `.atlas-docs-header{max-width:1460px;margin:0 auto;padding:1rem 20px 0;font-family:sans-serif;color:#3b4151}
.atlas-docs-header h1{font-size:1.75rem;margin:.5rem 0}
.atlas-docs-header a{color:#1a5a96}
.skip-link{position:absolute;left:-9999px;top:0;background:#fff;padding:.5rem;z-index:10}
.skip-link:focus{left:.5rem}
.swagger-ui .info a{color:#1f69c0}
.swagger-ui .info .title small{background:#5b6170}
.swagger-ui .info .title small.version-stamp{background-color:#3e6b00}
.swagger-ui .opblock.opblock-get .opblock-summary-method{background:#1f69c0}
.swagger-ui .opblock.opblock-post .opblock-summary-method{background:#1d6b45}
.swagger-ui .opblock.opblock-patch .opblock-summary-method{background:#0b6b5a}
.swagger-ui .opblock.opblock-put .opblock-summary-method{background:#8a4b00}
.swagger-ui .opblock.opblock-delete .opblock-summary-method{background:#a32a1c}
.swagger-ui .json-schema-2020-12-expand-deep-button{color:#4f5666}
.swagger-ui .btn.authorize{color:#1d6b45;border-color:#1d6b45}
.swagger-ui .btn.authorize svg{fill:#1d6b45}
.swagger-ui .info h2.title{font-size:1.4rem}
.atlas-docs-header a,.swagger-ui .info a,.swagger-ui .opblock-summary-path a{padding:6px 0}
.swagger-ui .models-control,.swagger-ui .tablinks,.swagger-ui .json-schema-2020-12-accordion,.swagger-ui .json-schema-2020-12-expand-deep-button{min-height:24px}
`;

/** The files the page loads: name → (where the bytes come from, media type). */
const FILES: Record<string, { read: () => Buffer | string; type: string }> = {
  'swagger-ui.css': {
    read: () => readFileSync(join(SWAGGER_DIR, 'swagger-ui.css')),
    type: 'text/css; charset=utf-8',
  },
  'swagger-ui-bundle.js': {
    read: () => readFileSync(join(SWAGGER_DIR, 'swagger-ui-bundle.js')),
    type: 'text/javascript; charset=utf-8',
  },
  'favicon-32x32.png': {
    read: () => readFileSync(join(SWAGGER_DIR, 'favicon-32x32.png')),
    type: 'image/png',
  },
  'docs.js': { read: () => INITIALIZER, type: 'text/javascript; charset=utf-8' },
  'docs.css': { read: () => STYLE, type: 'text/css; charset=utf-8' },
};

/** The asset URL of a file, versioned by the swagger-ui-dist release so it can be cached for long. */
function asset(name: string): string {
  return `${API_DOCS_PATH}/assets/${SWAGGER_VERSION}/${name}`;
}

/** The routes of the API reference page and its assets. */
export function apiDocsRoutes(): Hono {
  const app = new Hono();
  // Read on first use (the bundle is 1.5 MB), then kept: pages and tests that never open the
  // reference do not pay for it.
  const cache = new Map<string, Buffer | string>();

  app.get(API_DOCS_PATH, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(
      html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference (v1) – PerMed Atlas</title>
<link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}">
<link rel="stylesheet" href="${asset('swagger-ui.css')}">
<link rel="stylesheet" href="${asset('docs.css')}">
</head>
<body>
<a class="skip-link" href="#swagger-ui">Skip to the operations</a>
<header class="atlas-docs-header">
<p><a href="/">← Back to PerMed Atlas</a></p>
<h1>PerMed Atlas open data API, version 1</h1>
<p>Every operation below can be tried from this page. The machine-readable description is
<a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a> (OpenAPI 3.1); the whole dataset is also available as
<a href="/downloads">bulk downloads</a>.</p>
<noscript><p>The interactive reference needs JavaScript; without it, read
<a href="${OPENAPI_PATH}">the OpenAPI document</a>.</p></noscript>
</header>
<main id="swagger-ui" tabindex="-1"></main>
<script src="${asset('swagger-ui-bundle.js')}"></script>
<script src="${asset('docs.js')}"></script>
</body>
</html>
`,
    );
  });

  app.get(`${API_DOCS_PATH}/assets/:version/:name`, (c) => {
    const { version, name } = c.req.param();
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file || version !== SWAGGER_VERSION) return c.notFound();
    let body = cache.get(name);
    if (body === undefined) {
      body = file.read();
      cache.set(name, body);
    }
    c.header('Content-Type', file.type);
    // The path carries the version, so a new release is a new URL.
    c.header('Cache-Control', 'public, max-age=604800, immutable');
    return c.body(typeof body === 'string' ? body : new Uint8Array(body));
  });

  return app;
}
