// The arrows of docs/architecture.md ("Layers and the direction of dependencies"), checked
// on every import in src/ — static, dynamic and type-only — so a wrong-way import fails
// here rather than in review. The scanner is TypeScript's parser (imports.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cycles, importsOf, layerOf, sourceFiles, type Import } from './imports.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = sourceFiles(root, 'src');
const imports = files.flatMap((f) => importsOf(root, f));
const ours = imports.filter((i) => i.target !== null);
const where = (i: Import) => `${i.from}:${i.line} imports ${i.target ?? i.specifier}${i.typeOnly ? ' (type)' : ''}${i.dynamic ? ' (dynamic)' : ''}`;

/**
 * What each part of src may import of ours, besides itself: a layer (`ledger`), a path
 * under src (`games/rng`), or a folder only (`config/`: the data config owns, not
 * src/config.ts). The table in docs/architecture.md, as data. `cli` and `main` wire
 * everything together and may import anything (their own rules are below).
 */
const MAY_IMPORT: Record<string, readonly string[] | 'anything'> = {
  runtime: [],
  games: [],
  store: [],
  config: [],
  errors: [],
  parse: ['errors'],
  wire: ['runtime', 'errors'],
  ledger: ['store', 'games/rng', 'errors'],
  ops: ['runtime', 'wire'],
  cluster: ['wire', 'errors'],
  casino: ['runtime', 'wire', 'games', 'ledger', 'config/', 'errors', 'parse'],
  http: ['casino', 'ledger', 'ops', 'config/', 'errors', 'parse'],
  ledger_thread: ['store', 'ledger', 'casino', 'errors'],
  // the terminal client runs on a cabinet (Node or a browser): it shares only the wire protocol
  terminal: [],
  // `pitboss chaos`: drives a cluster from outside (Redis, the ledger's checks), and the table-crash hook inside a node
  chaos: ['runtime', 'casino', 'ledger', 'store', 'cluster', 'errors'],
  cli: 'anything',
  main: 'anything',
};

const under = (file: string, part: string) =>
  part.endsWith('/') ? file.startsWith(`src/${part}`) : file === `src/${part}.ts` || file.startsWith(`src/${part}/`);

describe('the layers of src/', () => {
  it('finds the imports it checks (the scanner reads static, dynamic and type imports)', () => {
    assert.ok(files.length > 100, `only ${files.length} files under src/`);
    for (const kind of ['static', 'dynamic', 'type'] as const) {
      const some = ours.filter((i) => (kind === 'dynamic' ? i.dynamic : kind === 'type' ? i.typeOnly : !i.dynamic && !i.typeOnly));
      assert.ok(some.length > 0, `no ${kind} import of our own code found`);
    }
  });

  it('knows every part of src/', () => {
    assert.deepEqual([...new Set(files.map(layerOf))].filter((l) => !(l in MAY_IMPORT)), []);
  });

  it('imports only in the directions docs/architecture.md allows', () => {
    const wrong = ours.filter((i) => {
      const rule = MAY_IMPORT[layerOf(i.from)];
      if (rule === 'anything' || !i.target!.startsWith('src/') || layerOf(i.target!) === layerOf(i.from)) return false;
      return !rule!.some((part) => under(i.target!, part));
    });
    assert.deepEqual(wrong.map(where), []);
  });

  it('names every module it imports (no import() of a computed path: registries, not disk scans)', () => {
    assert.deepEqual(imports.filter((i) => i.specifier === null).map(where), []);
  });

  it('reaches the casino from outside only through its public surface, src/casino/index.ts', () => {
    const deep = ours.filter((i) => !under(i.from, 'casino') && under(i.target!, 'casino') && i.target !== 'src/casino/index.ts');
    assert.deepEqual(deep.map(where), []);
  });

  it('loads bench/ only when `pitboss bench` runs (a dynamic import from the CLI)', () => {
    const eager = ours.filter((i) => i.target!.startsWith('bench/') && !(i.dynamic && under(i.from, 'cli')));
    assert.deepEqual(eager.map(where), []);
  });

  it('loads each CLI command only when it runs: the list of commands imports each one dynamically, and nothing else does', () => {
    const list = 'src/cli/commands/index.ts';
    const listed = ours.filter((i) => i.from === list && i.dynamic).map((i) => i.target!);
    assert.ok(listed.length >= 10, `${list} lists ${listed.length} commands`);
    const eager = ours.filter((i) => listed.includes(i.target!) && !(i.from === list && i.dynamic));
    const fromMain = ours.filter((i) => i.from === 'src/cli/main.ts' && !i.typeOnly && i.target !== list);
    assert.deepEqual([...eager, ...fromMain].map(where), []);
  });

  it('keeps the table process apart from channel processes: nothing src/casino/tables/ runs reaches a channel module', () => {
    const isChannel = (f: string) => /^src\/(casino|wire)\/(.+\/)?\w*channels?(_\w+)?\.ts$/.test(f);
    assert.ok(files.filter(isChannel).length >= 5, 'the channel modules are where this test looks for them');
    const runtimeEdges = new Map<string, string[]>();
    for (const i of ours) if (!i.typeOnly) runtimeEdges.set(i.from, [...(runtimeEdges.get(i.from) ?? []), i.target!]);
    const reached: string[] = [];
    for (const start of files.filter((f) => f.startsWith('src/casino/tables/'))) {
      const seen = new Set([start]);
      const path = new Map<string, string>();
      const todo = [start];
      while (todo.length > 0) {
        const f = todo.pop()!;
        for (const t of runtimeEdges.get(f) ?? []) {
          if (seen.has(t)) continue;
          seen.add(t);
          path.set(t, f);
          if (isChannel(t)) {
            const chain = [t];
            for (let p = path.get(t); p !== undefined; p = path.get(p)) chain.unshift(p);
            reached.push(chain.join(' -> '));
          } else todo.push(t);
        }
      }
    }
    assert.deepEqual(reached, []);
  });

  it('has no import cycle between top-level parts of src/', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of ours) {
      const [a, b] = [layerOf(i.from), layerOf(i.target!)];
      if (a !== b) edges.set(a, new Set([...(edges.get(a) ?? []), b]));
    }
    assert.deepEqual(cycles(edges), []);
  });

  it('has no cycle of imports that run (type-only cycles inside a part are reported, not refused)', (t) => {
    const runtime = new Map<string, Set<string>>();
    const all = new Map<string, Set<string>>();
    for (const i of ours) {
      all.set(i.from, new Set([...(all.get(i.from) ?? []), i.target!]));
      if (!i.typeOnly) runtime.set(i.from, new Set([...(runtime.get(i.from) ?? []), i.target!]));
    }
    for (const c of cycles(all)) t.diagnostic(`type-level cycle: ${c.join(', ')}`);
    assert.deepEqual(cycles(runtime), []);
  });
});

describe('the import scanner', () => {
  it('reads static, re-exported, dynamic and type imports, and flags computed ones', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "export type * from './d.ts';",
      "const e = await import('./e.ts');",
      'const f = await import(name);',
      "let g: import('./g.ts').G;",
      "import {\n  h,\n} from 'pkg';",
      "// import { no } from './comment.ts';",
      "const s = \"import('./string.ts')\";",
    ].join('\n');
    const got = importsOf('/', 'src/x/y.ts', text).map((i) => [i.specifier, i.target, i.typeOnly, i.dynamic]);
    assert.deepEqual(got, [
      ['./a.ts', 'src/x/a.ts', false, false],
      ['../b.ts', 'src/b.ts', true, false],
      ['./c.ts', 'src/x/c.ts', false, false],
      ['./d.ts', 'src/x/d.ts', true, false],
      ['./e.ts', 'src/x/e.ts', false, true],
      [null, null, false, true],
      ['./g.ts', 'src/x/g.ts', true, false],
      ['pkg', null, false, false],
    ]);
  });

  it('finds cycles, including a module importing itself, and only cycles', () => {
    const g = (o: Record<string, string[]>) => new Map(Object.entries(o).map(([k, v]) => [k, new Set(v)]));
    assert.deepEqual(cycles(g({ a: ['b'], b: ['c'], c: ['a', 'd'], d: ['d'], e: ['a'] })), [['a', 'b', 'c'], ['d']]);
    assert.deepEqual(cycles(g({ a: ['b'], b: ['c'], c: [] })), []);
  });
});
