import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { Hono } from 'hono';
import { tokensCss } from '../web/tokens.ts';

/** A static asset as served: its body and media type. */
interface Asset {
  readonly body: string;
  readonly type: string;
}

/** The browser scripts (src/web/client/<name>.ts), each served as /assets/<name>.js. */
const SCRIPTS = ['search', 'figures', 'map-zoom', 'response-form'] as const;
const CLIENT_DIR = new URL('../web/client/', import.meta.url);

/**
 * Bundles the browser scripts in memory with esbuild: TypeScript to minified ES2020, each one
 * self-contained (an IIFE, so it runs as a classic or a module script). esbuild does not
 * type-check: `npm run typecheck` does, with tsconfig.client.json (DOM only, no Node types).
 */
export function bundleScripts(): ReadonlyMap<string, string> {
  const result = buildSync({
    entryPoints: Object.fromEntries(
      SCRIPTS.map((name) => [name, fileURLToPath(new URL(`${name}.ts`, CLIENT_DIR))]),
    ),
    // Only names the outputs: with write: false nothing is written there.
    outdir: fileURLToPath(CLIENT_DIR),
    tsconfig: fileURLToPath(new URL('../../tsconfig.client.json', import.meta.url)),
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((f) => [basename(f.path), f.text]));
}

/** The stylesheets (src/web/assets/), served as one: the atlas's, then the reports' (screen and print). */
const STYLESHEETS = ['style.css', 'report.css'] as const;

/** The stylesheet as served: the design tokens as custom properties, then each stylesheet. */
export function stylesheet(): string {
  const css = STYLESHEETS.map((f) =>
    readFileSync(new URL(`../web/assets/${f}`, import.meta.url), 'utf8'),
  );
  return [tokensCss(), ...css].join('\n');
}

let built: ReadonlyMap<string, Asset> | undefined;

/** All assets by file name, built on first use and kept for the life of the process. */
function assets(): ReadonlyMap<string, Asset> {
  if (built) return built;
  const table = new Map<string, Asset>([['style.css', { body: stylesheet(), type: 'text/css' }]]);
  for (const [name, body] of bundleScripts()) table.set(name, { body, type: 'text/javascript' });
  built = table;
  return table;
}

/**
 * The static assets under /assets/: the stylesheet and the bundled browser scripts, so
 * `npm start` needs no build step. They are built when the first application is created (a
 * script that does not bundle stops the server from starting) and cached for an hour by browsers.
 */
export function assetRoutes(): Hono {
  const table = assets();
  const app = new Hono();
  app.get('/assets/:name', (c) => {
    const asset = table.get(c.req.param('name'));
    if (!asset) return c.notFound();
    c.header('Content-Type', `${asset.type}; charset=utf-8`);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body);
  });
  return app;
}
