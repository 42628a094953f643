/**
 * Compiles the command line (and with it the server) and the heavy-work thread's entry to plain
 * JavaScript in dist/, so a start does not transpile TypeScript first (`npm run build`; `npm ci`
 * runs it through the prepare script). bin/atlas.js runs dist/ while it is up to date with the
 * sources it was built from (dist/inputs.json) and falls back to the sources through tsx otherwise.
 *
 * Only the project's own modules are bundled; every npm package stays an import of node_modules
 * (native addons, packages with data files). Files the sources read at run time next to
 * themselves (i18n catalogues, the stylesheet, browser scripts, map outlines, tsconfig) stay in
 * src/ and data/: each module's `import.meta.url` is rewritten to its source file's address,
 * relative to the bundle, so those reads find the same files from dist/ as from src/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// --out DIR builds elsewhere (a test does); it must be inside the checkout, where the bundle's
// imports of npm packages find node_modules.
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const OUT = resolve(values.out ?? join(ROOT, 'dist'));
const WORKER = 'heavy-worker';

/** A path with forward slashes, for URLs and the inputs list. */
const posix = (p: string) => p.split('\\').join('/');

/** Rewrites `import.meta.url` in each source module to that module's own file address. */
const sourceUrls: Plugin = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const fromBundle = posix(relative(OUT, args.path));
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

async function main(): Promise<void> {
  const startedAt = Date.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const heavyThreads = join(ROOT, 'src/services/heavy-threads.ts');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'src/cli/main.ts', [WORKER]: 'src/services/heavy-worker.ts' },
    outdir: OUT,
    bundle: true,
    // A command loads the modules it needs when it runs (src/cli/serve.ts), as chunks of their own; chunks
    // sit beside the entries, so the import.meta.url rewrite (relative to dist/) holds for them too.
    splitting: true,
    chunkNames: '[name]-[hash]',
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    // The thread pool starts the compiled worker; the address is relative to its source file,
    // like every import.meta.url in the bundle (see sourceUrls).
    define: {
      ATLAS_HEAVY_WORKER: JSON.stringify(
        posix(relative(dirname(heavyThreads), join(OUT, `${WORKER}.js`))),
      ),
    },
    plugins: [sourceUrls],
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => posix(relative(ROOT, resolve(ROOT, p))))
    .filter((p) => !p.startsWith('node_modules/'))
    .concat('tsconfig.json', 'tools/build.ts')
    .sort();
  writeFileSync(join(OUT, 'inputs.json'), `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`);
  console.log(
    `atlas: built ${relative(ROOT, OUT)}/cli.js and ${WORKER}.js from ${inputs.length} files`,
  );
}

await main();
