/**
 * The allowed imports between the folders of src/ (docs/architecture.md draws the same map).
 * test/unit/layers.test.ts checks every file against this table, so the rule cannot erode:
 * a new dependency between layers is a change to this table, made on purpose and reviewed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

/** What a layer may import: whole layers, and layers it may use for types only. */
interface Rule {
  readonly uses: readonly string[];
  readonly typesFrom?: readonly string[];
  /** Single files of other layers it may import, each for a stated reason. */
  readonly files?: readonly string[];
}

/**
 * Layers point one way: domain <- analysis, io <- repositories, search <- services <- web,
 * reports <- http, cli. A layer may always import its own files. `config` is src/config.ts.
 */
export const LAYER_RULES: Readonly<Record<string, Rule>> = {
  domain: { uses: [] },
  config: { uses: ['domain'] },
  db: { uses: ['domain'] },
  analysis: { uses: ['domain'] },
  io: { uses: ['domain'] },
  repositories: { uses: ['domain', 'db'] },
  search: { uses: ['domain', 'db'] },
  services: { uses: ['domain', 'db', 'analysis', 'io', 'repositories', 'search'] },
  // Report builders write their sentences in the report's language from the interface catalogues.
  reports: { uses: ['domain', 'services'], typesFrom: ['db'], files: ['web/i18n.ts'] },
  // Views: they render what services hand them and know nothing of routes or storage.
  // The map outlines are static geodata read once, like the stylesheet: the SVG maps project them
  // at start-up rather than have every page's service pass the same shapes along.
  web: { uses: ['domain'], typesFrom: ['services'], files: ['io/geo.ts'] },
  // Routes and presenters; io for the format writers (linked data, exports) they answer with.
  http: { uses: ['domain', 'services', 'web', 'reports', 'io'], typesFrom: ['db'] },
  cli: { uses: ['domain', 'services', 'reports', 'http', 'io', 'config'], typesFrom: ['db'] },
};

/** One import that the table does not allow. */
export interface LayerViolation {
  readonly file: string;
  readonly line: number;
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** The layer of a path relative to src/ ("web/pages/home.tsx" → "web", "config.ts" → "config"). */
export function layerOf(pathInSrc: string): string {
  const [first, ...rest] = pathInSrc.split('/');
  if (rest.length === 0) return (first ?? '').replace(/\.tsx?$/, '');
  return first ?? '';
}

/** The relative imports and re-exports of one source file, with whether each is for types only. */
function importsOf(file: string, source: string) {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false);
  const found: { specifier: string; typeOnly: boolean; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.push({ specifier: spec.text, typeOnly, line });
  };
  for (const node of sf.statements) {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes =
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        clause?.name === undefined &&
        named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, clause?.isTypeOnly === true || allNamedTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    }
  }
  return found;
}

/**
 * Checks files (path relative to src/ → source text) against LAYER_RULES and returns every
 * import that crosses layers in a way the table does not allow.
 */
export function checkLayers(files: ReadonlyMap<string, string>): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const [file, source] of files) {
    const from = layerOf(file);
    const rule = LAYER_RULES[from];
    for (const imp of importsOf(file, source)) {
      const target = normalize(join(dirname(file), imp.specifier));
      if (target.startsWith('..')) continue; // outside src/ (package.json, data files)
      const to = layerOf(target);
      if (to === from) continue;
      const allowed =
        rule !== undefined &&
        (rule.uses.includes(to) ||
          (imp.typeOnly && (rule.typesFrom ?? []).includes(to)) ||
          (rule.files ?? []).includes(target));
      if (!allowed) violations.push({ file, from, to, ...imp });
    }
  }
  return violations;
}

/** Every .ts and .tsx file under a folder, by path relative to it, with its text. */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name))
        files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** A violation as one line a developer can act on. */
export function describeViolation(v: LayerViolation): string {
  const kind = v.typeOnly ? 'a type import' : 'an import';
  return `src/${v.file}:${v.line}: ${kind} from ${v.from}/ to ${v.to}/ ('${v.specifier}') is not allowed; see LAYER_RULES in tools/layers.ts and docs/architecture.md`;
}
