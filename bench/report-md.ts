// `node bench/report-md.ts bench/results/<run>.json`: the run's tables as
// Markdown, with its machine line, for pasting into docs/performance.md — so
// the published tables are generated from a results file, never typed in.
import { readFileSync } from 'node:fs';
import { boundNotes, markdownTable, tableRows } from './harness/report.ts';
import { checkTargets } from './harness/targets.ts';
import type { BenchRun } from './run.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/report-md.ts <results.json>');
  process.exit(2);
}
const run = JSON.parse(readFileSync(file, 'utf8')) as BenchRun;
const m = run.machine;
const out: string[] = [
  `Run ${run.startedAt} → ${run.finishedAt}, size \`${run.options.size}\`, pinned: ${run.options.pin}; ` +
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, open files ${m.openFilesLimit}, load average at the end ${m.loadAverage.join(' / ')}.`,
];
for (const r of run.results) {
  out.push('', `### ${r.scenario}`, '', `Workload: \`${JSON.stringify(r.params)}\``, '');
  if (r.metrics.length > 0) out.push(markdownTable(tableRows(r)), '');
  for (const n of [...boundNotes(r), ...r.notes]) out.push(`- ${n}`);
}
out.push('', '### Targets', '', markdownTable([
  ['target', 'measured', 'met'],
  ...checkTargets(run.results).map((t) => [t.target, t.measured, t.met === null ? '—' : t.met ? 'yes' : '**no**']),
]));
process.stdout.write(`${out.join('\n')}\n`);
