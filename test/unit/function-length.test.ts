import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkFunctionLengths,
  FUNCTION_LINE_LIMIT,
  longFunctions,
} from '../../tools/function-length.ts';
import { readSources } from '../../tools/layers.ts';
import { ROOT } from '../helpers/fixtures.ts';

/** A function of `lines` lines whose body is plain statements. */
function logic(name: string, lines: number): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  return `export function ${name}() {\n${body}\n}\n`;
}

describe(`no function in src/ is longer than ${FUNCTION_LINE_LIMIT} lines`, () => {
  test('src/ has none but views that are mostly markup', () => {
    const { others } = checkFunctionLengths(readSources(`${ROOT}/src`));
    assert.deepEqual(
      others.map((f) => `src/${f.file}:${f.line} ${f.name} (${f.lines} lines)`),
      [],
      'split these functions (node --import tsx tools/function-length.ts lists them)',
    );
  });

  test('the check finds a long function and lets one of the limit pass', () => {
    const found = longFunctions('probe.ts', logic('tooLong', 81) + logic('justRight', 80), 80);
    assert.deepEqual(
      found.map((f) => [f.name, f.lines]),
      [['tooLong', 81]],
    );
  });

  test('a long arrow function and a method are found by their names', () => {
    const body = Array.from({ length: 90 }, (_, i) => `    x += ${i};`).join('\n');
    const source = `const arrow = () => {\n  let x = 0;\n${body}\n  return x;\n};\nclass K {\n  method() {\n    let x = 0;\n${body}\n    return x;\n  }\n}\n`;
    assert.deepEqual(
      longFunctions('probe.ts', source, 80).map((f) => f.name),
      ['arrow', 'method'],
    );
  });

  test('a view that is mostly JSX is listed apart, not as logic', () => {
    const items = Array.from({ length: 90 }, (_, i) => `      <li>item ${i}</li>`).join('\n');
    const source = `export function View() {\n  return (\n    <ul>\n${items}\n    </ul>\n  );\n}\n`;
    const { views, others } = checkFunctionLengths(new Map([['web/probe.tsx', source]]));
    assert.deepEqual(
      views.map((f) => f.name),
      ['View'],
    );
    assert.deepEqual(others, []);
  });
});
