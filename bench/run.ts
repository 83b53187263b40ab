// `npm run bench -- [scenario...] [--quick|--tiny] [--servers a,b] [--json-out path] [--no-pin] [--target bench|tables] [--nodes 1,2]`
// Runs the scenarios against Pitboss and every peer in the same run, shows
// progress on stderr, prints one table per scenario on stdout and writes the
// whole run (machine, parameters, every step) to bench/results/<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SERVER_KINDS, type ServerKind } from './protocol.ts';
import { CLUSTER_SCENARIOS, GROUPS, SCENARIOS, expandNames, findScenario } from './scenarios/index.ts';
import { parseLayouts } from './harness/nodes.ts';
import { Progress } from './harness/progress.ts';
import { printResult, textTable, type ScenarioResult } from './harness/report.ts';
import { checkTargets } from './harness/targets.ts';
import { machine } from './harness/machine.ts';
import type { RunContext, Size } from './scenarios/context.ts';

export interface BenchOptions {
  scenarios: string[];
  size: Size;
  servers: ServerKind[];
  pin: boolean;
  jsonOut?: string;
  /** "bench": Pitboss bench rooms (room:*); "tables": the real casino tables (table:*), once #5 lands. */
  target: 'bench' | 'tables';
  /** The cluster scenarios' columns, e.g. "1,2" (the default) or "1,1r,2": harness/nodes.ts. */
  nodes?: string;
  quiet?: boolean;
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  machine: ReturnType<typeof machine>;
  results: ScenarioResult[];
  file: string;
}

export async function runBench(o: BenchOptions, out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<BenchRun> {
  const known = [...SCENARIOS, ...CLUSTER_SCENARIOS].map((s) => s.name).concat(Object.keys(GROUPS));
  const chosen = o.scenarios.length ? expandNames(o.scenarios).map((n) => findScenario(n) ?? fail(`unknown scenario "${n}"; known: ${known.join(', ')}`)) : SCENARIOS;
  const progress = new Progress(o.quiet);
  const ctx: RunContext = {
    size: o.size, servers: o.servers, pin: o.pin, progress,
    topicPrefix: o.target === 'tables' ? 'table:' : 'room:',
    pitbossArgs: ['--target', o.target],
    layouts: parseLayouts(o.nodes),
  };
  const startedAt = new Date().toISOString();
  const results: ScenarioResult[] = [];
  progress.begin(chosen.reduce((n, s) => n + s.steps(ctx), 0));
  try {
    for (const s of chosen) results.push(await s.run(ctx));
  } finally {
    progress.end();
  }
  for (const r of results) printResult(r, out);
  if (o.size === 'full') {
    // Sizes below full (120 connections…) would make every target look missed.
    const rows = checkTargets(results).map((t) => [t.target, t.measured, t.met === null ? '—' : t.met ? 'yes' : 'NO']);
    out(`\n## targets (the capacity issue; reported, not asserted)\n${textTable([['target', 'measured', 'met'], ...rows])}`);
  }
  const file = o.jsonOut ?? fileURLToPath(new URL(`./results/${startedAt.replace(/[:.]/g, '-')}.json`, import.meta.url));
  const run: BenchRun = { startedAt, finishedAt: new Date().toISOString(), options: o, machine: machine(), results, file };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  out(`\nresults written to ${file}`);
  return run;
}

function fail(msg: string): never {
  throw new Error(msg);
}

export function parseServers(list: string | undefined): ServerKind[] {
  if (!list) return [...SERVER_KINDS];
  const names = list.split(',').map((s) => s.trim());
  for (const n of names) if (!(SERVER_KINDS as readonly string[]).includes(n)) fail(`unknown server "${n}"; known: ${SERVER_KINDS.join(', ')}`);
  return names as ServerKind[];
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      tiny: { type: 'boolean', default: false },
      servers: { type: 'string' },
      'json-out': { type: 'string' },
      'no-pin': { type: 'boolean', default: false },
      target: { type: 'string', default: 'bench' },
      nodes: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`usage: npm run bench -- [scenario...] [--quick|--tiny] [--servers ${SERVER_KINDS.join(',')}] [--json-out path] [--no-pin] [--target bench|tables] [--nodes 1,2]\n`);
    for (const s of SCENARIOS) process.stdout.write(`  ${s.name.padEnd(12)} ${s.summary}\n`);
    process.stdout.write('run only when named (Redis and PostgreSQL; `cluster` = fanout-nodes slots-nodes mixed-nodes):\n');
    for (const s of CLUSTER_SCENARIOS) process.stdout.write(`  ${s.name.padEnd(12)} ${s.summary}\n`);
    process.exit(0);
  }
  await runBench({
    scenarios: positionals, size: values.tiny ? 'tiny' : values.quick ? 'quick' : 'full', servers: parseServers(values.servers), pin: !values['no-pin'],
    jsonOut: values['json-out'], target: values.target === 'tables' ? 'tables' : 'bench', nodes: values.nodes,
  });
}
