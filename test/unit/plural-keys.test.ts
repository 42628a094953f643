/**
 * Every message given a count is plural in every language: a `t('ns.key', { count … })` call in
 * src/ must find `key_one` and `key_other` in each catalogue (and no bare `key`), so no page can
 * say "1 initiatives" or "Publish all 1 selected".
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCALES } from '../../src/web/i18n.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name)
        ? [readFileSync(join(ROOT, dir, e.name), 'utf8')]
        : [],
  );
}

function catalogue(lang: string): Map<string, Record<string, unknown>> {
  const dir = join(ROOT, 'src/web/i18n', lang);
  return new Map(
    readdirSync(dir).map((f) => [
      f.replace(/\.json$/, ''),
      JSON.parse(readFileSync(join(dir, f), 'utf8')),
    ]),
  );
}

test('every counted message has its plural forms in every language', () => {
  const counted = new Set<string>();
  for (const text of sources('src'))
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)',\s*\{[^}]*\bcount\b/g))
      counted.add(m[1] as string);
  assert.ok(counted.size > 20, `${counted.size} counted messages found`);
  const wrong: string[] = [];
  for (const lang of LOCALES) {
    const cat = catalogue(lang);
    for (const key of counted) {
      const [ns = '', ...rest] = key.split('.');
      let node: unknown = cat.get(ns);
      for (const part of rest.slice(0, -1))
        node = (node as Record<string, unknown> | undefined)?.[part];
      const leaf = rest.at(-1) ?? '';
      const obj = (node ?? {}) as Record<string, unknown>;
      if (!(`${leaf}_one` in obj) || !(`${leaf}_other` in obj))
        wrong.push(`${lang}: ${key} lacks _one/_other`);
      if (leaf in obj) wrong.push(`${lang}: ${key} has a form without plural`);
    }
  }
  assert.deepEqual(wrong, []);
});
