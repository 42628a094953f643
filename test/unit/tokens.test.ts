import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  CHART_CATEGORIES,
  cssProperties,
  HEAT_SCALE,
  MAP_SCALE,
  tokensCss,
} from '../../src/web/tokens.ts';

const STYLE = readFileSync(new URL('../../src/web/assets/style.css', import.meta.url), 'utf8');
/** The declarations of each rule of style.css, comments removed. */
const BLOCKS = [...STYLE.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(
  (m) => ({ selector: (m[1] ?? '').trim(), body: m[2] ?? '' }),
);

test('the tokens become one custom property each, with unique names', () => {
  const names = cssProperties().map(([name]) => name);
  assert.equal(new Set(names).size, names.length);
  const css = tokensCss();
  for (const [name, value] of cssProperties()) assert.ok(css.includes(`  ${name}: ${value};\n`));
  assert.match(css, /^\/\*[^*]*\*\/\n:root \{\n[\s\S]*\n\}\n$/);
});

test('style.css uses only custom properties that the tokens define', () => {
  const defined = new Set(cssProperties().map(([name]) => name));
  const used = [...STYLE.matchAll(/var\((--[a-z0-9-]+)\)/g)].map((m) => m[1] ?? '');
  assert.ok(used.length > 100, `${used.length} uses`);
  assert.deepEqual(
    used.filter((name) => !defined.has(name)),
    [],
  );
});

test('style.css has no colour of its own: every colour is a token', () => {
  const literals = BLOCKS.flatMap(({ selector, body }) =>
    body
      .split(';')
      .map((declaration) => declaration.slice(declaration.indexOf(':') + 1))
      .flatMap((value) => [
        ...value.matchAll(/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(|\b(?:white|black)\b/gi),
      ])
      .map((m) => `${selector}: ${m[0]}`),
  );
  assert.deepEqual(literals, []);
});

test('the map legend and the heat levels in the stylesheet follow the scales of the tokens', () => {
  const rule = (selector: string) => BLOCKS.find((b) => b.selector === selector)?.body ?? '';
  MAP_SCALE.forEach((_, i) => {
    assert.match(rule(`.swatch-${i}`), new RegExp(`background: var\\(--map-${i}\\);`));
  });
  assert.equal(rule(`.swatch-${MAP_SCALE.length}`), '');
  HEAT_SCALE.forEach((_, i) => {
    assert.match(rule(`.heat-${i}`), new RegExp(`background: var\\(--heat-${i}\\);`));
    assert.match(rule(`.heat-${i}`), new RegExp(`color: var\\(--heat-${i}-text\\);`));
  });
});

test('the palettes are colours, light to dark where they are scales', () => {
  const hex = /^#[0-9a-f]{6}$/;
  for (const c of [...MAP_SCALE, ...HEAT_SCALE.map((h) => h.fill), ...CHART_CATEGORIES])
    assert.match(c, hex);
  const luminance = (c: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  for (const scale of [MAP_SCALE, HEAT_SCALE.map((h) => h.fill)]) {
    const l = scale.map(luminance);
    assert.deepEqual(
      l,
      [...l].sort((a, b) => b - a),
    );
  }
});
