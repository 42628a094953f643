#!/usr/bin/env node
// Launcher for the atlas CLI. Runs the compiled JavaScript in dist/ (built by `npm run build`,
// which `npm ci` runs through the prepare script) while it is up to date with the sources it was
// built from; otherwise runs the TypeScript sources through tsx, with the project's tsconfig
// wherever the command is started from, and says so in one line on standard error (a terminal).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// A reader that stops early (atlas stats | head) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const root = new URL('../', import.meta.url);

/**
 * Why dist/ cannot be used (missing, or a source changed since it was built), or undefined when it
 * can: every file the build read must be no newer than the build.
 */
function staleReason() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('dist/inputs.json', root), 'utf8'));
  } catch {
    return 'dist/ is not built';
  }
  for (const input of manifest.inputs) {
    let changed;
    try {
      changed = statSync(new URL(input, root)).mtimeMs > manifest.startedAt;
    } catch {
      changed = true;
    }
    if (changed) return `${input} changed since dist/ was built`;
  }
  return undefined;
}

async function load() {
  const stale = staleReason();
  if (stale === undefined) return import('../dist/cli.js');
  // Said on a terminal only: a script reading standard error gets the command's own lines.
  if (process.stderr.isTTY) {
    process.stderr.write(
      `atlas: ${stale}; running the TypeScript sources (slower start; npm run build)\n`,
    );
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  return import('../src/cli/main.ts');
}

const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
