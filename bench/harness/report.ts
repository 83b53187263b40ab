// Results as tables: one per scenario, one column per implementation, then the
// ratio of Pitboss to each peer (a plain quotient: read it with the metric's
// "better" direction, e.g. 2.0 on latency means Pitboss is twice as slow).
export interface Metric {
  key: string;
  label: string;
  better: 'higher' | 'lower';
  digits?: number;
}

export interface ScenarioResult {
  scenario: string;
  /** The workload, in numbers: clients, rates, durations. */
  params: Record<string, unknown>;
  metrics: Metric[];
  /** implementation → metric key → value (null: not measured). */
  values: Record<string, Record<string, number | null>>;
  /** Raw measurements (steps, phases) for the JSON file. */
  detail: Record<string, unknown>;
  notes: string[];
  /**
   * implementation → metric keys measured at a step where the load generator used more
   * than GENERATOR_BOUND of its core: the generator, not the server, may have set them, so
   * they are shown marked and no ratio is claimed from them.
   */
  generatorBound?: Record<string, string[]>;
  /**
   * The cluster scenarios' baseline column ("1 node"): the ratio columns are then each other
   * column over it (2 nodes / 1 node, a scaling factor). Unset: Pitboss over each peer.
   */
  base?: string;
}

/** Load-generator CPU (cores) above which a step's figures are not claimed. */
export const GENERATOR_BOUND = 0.8;
export const BOUND_MARK = '‡';

/** Marks `keys` of `impl` as generator-bound when `loadCpu` is over the limit; true if it was. */
export function markGeneratorBound(r: ScenarioResult, impl: string, loadCpu: number | null | undefined, keys: string[]): boolean {
  if (loadCpu == null || !(loadCpu > GENERATOR_BOUND)) return false;
  const list = ((r.generatorBound ??= {})[impl] ??= []);
  for (const k of keys) if (!list.includes(k)) list.push(k);
  return true;
}

export function isGeneratorBound(r: ScenarioResult, impl: string, key: string): boolean {
  return r.generatorBound?.[impl]?.includes(key) ?? false;
}

const DEFAULT_BASE = 'pitboss';

function fmt(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 1e6 && digits === 0) return `${(v / 1e6).toFixed(2)} M`;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}

/** Rows of cells: header row first. */
export function tableRows(r: ScenarioResult): string[][] {
  const BASE = r.base ?? DEFAULT_BASE;
  const impls = Object.keys(r.values);
  const peers = impls.includes(BASE) ? impls.filter((i) => i !== BASE) : [];
  const over = (p: string): [string, string] => (r.base !== undefined ? [p, BASE] : [BASE, p]);
  const head = ['metric', ...impls, ...peers.map((p) => over(p).join('/'))];
  const bound = (i: string, k: string) => isGeneratorBound(r, i, k);
  const rows = r.metrics.map((m) => [
    `${m.label} (${m.better === 'higher' ? '↑' : '↓'})`,
    ...impls.map((i) => `${fmt(r.values[i][m.key], m.digits)}${bound(i, m.key) ? ` ${BOUND_MARK}` : ''}`),
    ...peers.map((p) => (bound(BASE, m.key) || bound(p, m.key) ? `not claimed ${BOUND_MARK}` : ratio(r.values[over(p)[0]][m.key], r.values[over(p)[1]][m.key]))),
  ]);
  return [head, ...rows];
}

export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(rows[0]), `|${rows[0].map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function printResult(r: ScenarioResult, out: (s: string) => void): void {
  out(`\n## ${r.scenario}  ${JSON.stringify(r.params)}`);
  if (r.metrics.length > 0) out(textTable(tableRows(r)));
  for (const n of boundNotes(r)) out(`  note: ${n}`);
  for (const n of r.notes) out(`  note: ${n}`);
}

/** The legend for generator-bound cells, when a result has any. */
export function boundNotes(r: ScenarioResult): string[] {
  const impls = Object.entries(r.generatorBound ?? {}).filter(([, keys]) => keys.length > 0).map(([i]) => i);
  if (impls.length === 0) return [];
  return [`${BOUND_MARK} generator-bound (${impls.join(', ')}): the load generator used more than ${GENERATOR_BOUND} of its core at that step, so the figure may be the generator's limit, not the server's; no ratio is claimed from it`];
}
