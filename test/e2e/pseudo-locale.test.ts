/**
 * Text that bypasses the catalogue: every page type is rendered in a pseudo-language (English with
 * each catalogue message marked ⟦…⟧); any visible text outside the marks must come from the
 * records (the reference data), never be written into the code, or a translator could not reach
 * it. Runs on both databases (the pages read their records from each).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';
import { enablePseudoLocale, PSEUDO_LOCALE } from '../../src/web/i18n.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { PAGE_TYPES } from '../helpers/page-types.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

enablePseudoLocale();

/** Every string of the reference data, one per line: text a page may show as it is. */
function referenceStrings(): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const f of readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.json')))
    walk(JSON.parse(readFileSync(join(REFERENCE_DIR, f), 'utf8')));
  return out.join('\n');
}

/** Visible text nodes of a page, leaving out what says it is in another language, scripts and code. */
function textNodes(node: Node, out: string[] = []): string[] {
  if (node.nodeType === NodeType.TEXT_NODE) {
    out.push(node.text);
    return out;
  }
  const el = node as HTMLElement;
  const tag = el.tagName?.toLowerCase();
  if (tag === 'script' || tag === 'style' || tag === 'code' || tag === 'template') return out;
  // The language menu names the pseudo-language by its code.
  if (el.classList?.contains('languages')) return out;
  const lang = el.getAttribute?.('lang');
  if (lang && lang !== PSEUDO_LOCALE && tag !== 'html') return out;
  for (const child of el.childNodes) textNodes(child, out);
  return out;
}

/** File formats are named the same in every language. */
const FORMATS = new Set(['SVG', 'PNG', 'CSV', 'XLSX', 'JSON', 'GeoJSON', 'PDF', 'DOCX', 'ZIP']);

/**
 * The page's text with every marked message taken out, split where the page splits it. A message
 * may span elements (a link inside it), hold another (a title inside a citation) or be cut short
 * with an ellipsis by a chart label: marks are removed across nodes, innermost first.
 */
function unmarked(nodes: readonly string[]): string[] {
  let text = nodes.join('\u0001');
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(/⟦[^⟦⟧]*⟧/g, ' ').replace(/⟦[^⟦⟧]*?…/g, ' ');
  }
  return text
    .split('\u0001')
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

for (const dialect of DIALECTS) {
  describe(`no text outside the catalogue (${dialect.name})`, () => {
    const app = referenceApp(dialect);
    const data = referenceStrings();

    test('every page type: text outside the marks is the records’ own', async () => {
      const found: string[] = [];
      for (const path of PAGE_TYPES) {
        const sep = path.includes('?') ? '&' : '?';
        const res = await app.request(`${path}${sep}lang=${PSEUDO_LOCALE}`);
        const html = await res.text();
        assert.match(html, /<html lang="en-XA">/, path);
        const body = parse(html).querySelector('body');
        assert.ok(body, path);
        for (const rest of unmarked(textNodes(body))) {
          if (!/\p{L}{2,}/u.test(rest) || FORMATS.has(rest)) continue;
          if (data.includes(rest)) continue;
          // A fragment of a record's text split by markup (a highlighted search term).
          const words = rest.split(/[\s,;:()–—…-]+/).filter((w) => /\p{L}{2,}/u.test(w));
          if (words.every((w) => data.includes(w))) continue;
          found.push(`${path}: ${rest.slice(0, 80)}`);
        }
      }
      assert.deepEqual([...new Set(found)], []);
    });
  });
}
