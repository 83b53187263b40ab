// Reads every import of the source tree: static, re-exports, dynamic `import()` and type
// imports, with TypeScript's own parser (a regex misses multi-line imports and reads
// imports inside strings and comments). Used by layers.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Import {
  /** the importing file, relative to the root, with forward slashes */
  from: string;
  /** the specifier as written; null for a dynamic import whose argument is not a string literal */
  specifier: string | null;
  /** our file it resolves to (relative to the root), or null for a package or node builtin */
  target: string | null;
  /** erased before the program runs: `import type`, `export type`, `import('x').T` */
  typeOnly: boolean;
  dynamic: boolean;
  line: number;
}

/** Every .ts file under `dir` (relative to root), sorted. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(resolve(root, dir));
  return out.sort();
}

export function importsOf(root: string, file: string, text = readFileSync(resolve(root, file), 'utf8')): Import[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (spec: ts.Expression | undefined, node: ts.Node, typeOnly: boolean, dynamic: boolean) => {
    const literal = spec !== undefined && (ts.isStringLiteral(spec) || ts.isNoSubstitutionTemplateLiteral(spec)) ? spec.text : null;
    out.push({
      from: file, specifier: literal, target: literal === null ? null : resolveOurs(file, literal), typeOnly, dynamic,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node, node.importClause?.isTypeOnly ?? false, false);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node.moduleSpecifier, node, node.isTypeOnly, false);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression, node, node.isTypeOnly, false);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], node, false, true);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal as ts.Expression, node, true, false);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** A relative specifier as a root-relative path; packages and builtins are not ours. */
function resolveOurs(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return join(dirname(from), spec).split(sep).join('/');
}

/** The top-level part of src a file belongs to: `src/ledger/rounds/x.ts` → ledger, `src/config.ts` → config. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length === 2 ? parts[1]!.replace(/\.ts$/, '') : parts[1]!;
}

/** Strongly connected components of more than one node (or a node importing itself): the cycles. */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || edges.get(v)?.has(v)) found.push(comp.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) strong(v);
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
