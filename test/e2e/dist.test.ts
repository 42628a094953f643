import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FIXTURE_DIR, ROOT } from '../helpers/fixtures.ts';

/**
 * The compiled server (tools/build.ts, what bin/atlas.js runs after npm ci) reads every file it
 * needs at run time from where it lives: catalogues, stylesheet, browser scripts, map outlines,
 * the API reference's assets, and it starts the compiled heavy-work thread.
 */
describe('the compiled CLI and server', () => {
  // Inside the checkout, where the bundle's imports of npm packages find node_modules.
  const out = join(ROOT, 'tmp', `dist-test-${process.pid}`);
  const work = mkdtempSync(join(tmpdir(), 'atlas-dist-'));
  let origin = '';
  let child: ReturnType<typeof spawn> | undefined;

  before(async () => {
    const build = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools/build.ts'), '--out', out],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(build.status, 0, build.stderr);
    const run = join(work, 'run.mjs');
    const cli = pathToFileURL(join(out, 'cli.js')).href;
    writeFileSync(
      run,
      `const { main } = await import(${JSON.stringify(cli)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    );
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite:${join(work, 'dist.db')}`,
      REFERENCE_DIR: FIXTURE_DIR,
      CACHE_DIR: join(work, 'cache'),
      DOWNLOADS_DIR: join(work, 'downloads'),
      HEAVY_WORKERS: '1',
      HEAVY_WAIT_MS: '120000',
    };
    // The compiled entry itself, whether or not dist/ is up to date for bin/atlas.js.
    const server = spawn(process.execPath, [run, 'serve', '--port', '0'], { cwd: work, env });
    child = server;
    let text = '';
    server.stderr.setEncoding('utf8').on('data', (c: string) => {
      text += c;
    });
    await new Promise<void>((resolve, reject) => {
      server.stdout.setEncoding('utf8').on('data', (c: string) => {
        text += c;
        const m = /on (http:\/\/\S+) /.exec(text);
        if (m?.[1]) {
          origin = m[1].replace('localhost', '127.0.0.1');
          resolve();
        }
      });
      server.on('exit', () => reject(new Error(`the compiled server stopped: ${text}`)));
    });
  });
  after(() => {
    child?.kill();
    rmSync(out, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('lists the files it was built from, its sources included', () => {
    const { inputs } = JSON.parse(readFileSync(join(out, 'inputs.json'), 'utf8')) as {
      inputs: string[];
    };
    assert.ok(inputs.includes('src/cli/main.ts'));
    assert.ok(inputs.includes('src/services/heavy-worker.ts'));
    assert.ok(!inputs.some((i) => i.startsWith('node_modules/')));
  });

  test('serves pages in each language, the map, the assets and the API reference', async () => {
    const get = async (path: string) => {
      const r = await fetch(`${origin}${path}`);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    };
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<svg[^>]*>/, 'the map outlines were read');
    const de = await get('/?lang=de');
    assert.match(de.text, /<html[^>]*lang="de"/);
    assert.notEqual(de.text, home.text, 'the German catalogue was read');
    const css = await get('/assets/style.css');
    assert.equal(css.status, 200);
    assert.ok(css.text.length > 1000);
    const js = await get('/assets/search.js');
    assert.equal(js.status, 200);
    const docs = await get('/api/v1/docs');
    assert.equal(docs.status, 200);
    const swaggerCss = /href="([^"]*swagger-ui\.css)"/.exec(docs.text)?.[1];
    assert.ok(swaggerCss, docs.text.slice(0, 500));
    assert.equal((await get(swaggerCss)).status, 200);
  });

  test('runs heavy work in its compiled worker thread', async () => {
    const r = await fetch(`${origin}/data-quality`);
    assert.equal(r.status, 200, await r.text());
  });
});
