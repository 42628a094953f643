import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkLayers, describeViolation, LAYER_RULES, readSources } from '../../tools/layers.ts';
import { ROOT } from '../helpers/fixtures.ts';

const sources = readSources(`${ROOT}/src`);

describe('the folders of src/ import each other only as docs/architecture.md allows', () => {
  test('every layer of src/ is in the table', () => {
    const layers = new Set([...sources.keys()].map((f) => f.split('/')[0]?.replace(/\.ts$/, '')));
    for (const layer of layers) assert.ok(layer && LAYER_RULES[layer], `layer ${layer} has a rule`);
  });

  test('src/ has no forbidden import', () => {
    const violations = checkLayers(sources).map(describeViolation);
    assert.deepEqual(violations, []);
  });

  test('a forbidden import added to a file is found, with its file, line and layers', () => {
    const changed = new Map(sources);
    const codes = changed.get('domain/codes.ts') ?? '';
    changed.set('domain/codes.ts', `import { createApp } from '../http/app.ts';\n${codes}`);
    const before = new Set(checkLayers(sources).map(describeViolation));
    const violations = checkLayers(changed).filter((v) => !before.has(describeViolation(v)));
    assert.equal(violations.length, 1);
    assert.deepEqual(
      { ...violations[0], specifier: violations[0]?.specifier },
      {
        file: 'domain/codes.ts',
        line: 1,
        from: 'domain',
        to: 'http',
        specifier: '../http/app.ts',
        typeOnly: false,
      },
    );
  });

  test('a view may import a service type but not call a service', () => {
    const view = 'web/pages/probe.tsx';
    const typeOnly = new Map([
      [view, "import type { HomeView } from '../../services/home.ts';\nexport const x = 1;\n"],
    ]);
    assert.deepEqual(checkLayers(typeOnly), []);
    const value = new Map([
      [
        view,
        "import { getHomeView } from '../../services/home.ts';\nexport const x = getHomeView;\n",
      ],
    ]);
    assert.deepEqual(
      checkLayers(value).map((v) => `${v.from}->${v.to}`),
      ['web->services'],
    );
    const reExport = new Map([[view, "export { search } from '../../services/search.ts';\n"]]);
    assert.equal(checkLayers(reExport).length, 1, 'a re-export is an import too');
  });

  test('a lower layer may not reach up, even for a type', () => {
    const repo = new Map([
      ['repositories/probe.ts', "import type { HomeView } from '../services/home.ts';\n"],
    ]);
    assert.deepEqual(
      checkLayers(repo).map((v) => `${v.from}->${v.to}:${v.typeOnly}`),
      ['repositories->services:true'],
    );
  });
});
