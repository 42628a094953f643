/**
 * Lists the functions of src/ longer than a limit. Views whose lines are mostly JSX markup are
 * listed apart and allowed: their length is the page's, not logic's. Run it with
 * `node --import tsx tools/function-length.ts [LIMIT]`; test/unit/function-length.test.ts keeps
 * src/ within the limit.
 */
import ts from 'typescript';
import { readSources } from './layers.ts';

/** The longest a function may be, in lines from its first to its last. */
export const FUNCTION_LINE_LIMIT = 80;

/** A function over the limit. */
export interface LongFunction {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
  /** Share of its lines that lie inside JSX elements (0..1). */
  readonly markup: number;
}

/** A function's name for the list: its own, its variable's, its property's, or "(anonymous)". */
function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)))
    return parent.name.getText(sf);
  if (parent && ts.isCallExpression(parent))
    return `(callback of ${parent.expression.getText(sf).slice(0, 40)})`;
  return '(anonymous)';
}

/** Lines covered by outermost JSX elements inside a node. */
function markupLines(node: ts.Node, sf: ts.SourceFile): Set<number> {
  const lines = new Set<number>();
  const visit = (n: ts.Node) => {
    if (ts.isJsxElement(n) || ts.isJsxFragment(n) || ts.isJsxSelfClosingElement(n)) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      for (let l = a; l <= b; l++) lines.add(l);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return lines;
}

/** Every function-like node of one file longer than `limit` lines. */
export function longFunctions(file: string, source: string, limit: number): LongFunction[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > limit) {
        const markup = markupLines(node, sf).size / lines;
        found.push({ file, name: nameOf(node, sf), line: first + 1, lines, markup });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** A view counts as markup when at least this share of its lines is JSX. */
export const MARKUP_SHARE = 0.5;

/** The functions over the limit in a tree of sources, split into views (mostly markup) and the rest. */
export function checkFunctionLengths(
  files: ReadonlyMap<string, string>,
  limit = FUNCTION_LINE_LIMIT,
): { views: LongFunction[]; others: LongFunction[] } {
  const all = [...files].flatMap(([file, source]) => longFunctions(file, source, limit));
  return {
    views: all.filter((f) => f.markup >= MARKUP_SHARE),
    others: all.filter((f) => f.markup < MARKUP_SHARE),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const limit = Number(process.argv[2] ?? FUNCTION_LINE_LIMIT);
  const { views, others } = checkFunctionLengths(
    readSources(new URL('../src', import.meta.url).pathname),
    limit,
  );
  const show = (f: LongFunction) =>
    `  src/${f.file}:${f.line} ${f.name}: ${f.lines} lines, ${Math.round(f.markup * 100)} % markup`;
  console.log(`functions over ${limit} lines that are not mostly markup: ${others.length}`);
  for (const f of others) console.log(show(f));
  console.log(`views over ${limit} lines, allowed as mostly markup: ${views.length}`);
  for (const f of views) console.log(show(f));
  process.exitCode = others.length === 0 ? 0 : 1;
}
