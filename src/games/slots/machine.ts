// Loads a machine file: zod checks the shape, then the cross-field rules a paytable
// must satisfy, then the file is compiled to integer symbol indexes and dense pay
// tables so evaluation and enumeration never touch strings. Every problem found is
// reported at once, each naming the field it concerns.
import { machineSchema, type ParsedMachineFile } from './schema.ts';
import { scatterCountDistribution } from './scatter.ts';

export class MachineError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid slot machine:\n  ${issues.join('\n  ')}`);
    this.name = 'MachineError';
    this.issues = issues;
  }
}

export interface Machine {
  id: string;
  name: string;
  rows: number;
  /** symbol index → name; indexes are also bit positions in the enumerator's masks */
  symbols: string[];
  strips: number[][];
  paylines: number[][];
  wild: number; // -1 when the machine has none
  scatter: number; // -1 when the machine has none
  /** symbols with a line pay (the wild included), in file order: the tie-break order */
  paying: number[];
  /** pays[symbol][run length], 0 where the table has no entry */
  pays: number[][];
  /** by scatter count; scatter pays are multiples of the total bet */
  scatterPays: number[];
  freeSpins: number[];
  multiplier: number;
  /** product of the strip lengths: the number of equally likely base spins */
  cycle: number;
  file: ParsedMachineFile;
}

// Masks over symbol indexes are 32-bit integers in the enumerator.
const MAX_SYMBOLS = 30;

export function parseMachine(input: unknown): Machine {
  const parsed = machineSchema.safeParse(input);
  if (!parsed.success) {
    throw new MachineError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const f = parsed.data;
  const issues: string[] = [];
  const R = f.reels.length;
  const symbols: string[] = [];
  const index = new Map<string, number>();
  for (const strip of f.reels) for (const s of strip) if (!index.has(s)) index.set(s, symbols.push(s) - 1);
  if (symbols.length > MAX_SYMBOLS) issues.push(`reels: at most ${MAX_SYMBOLS} distinct symbols, found ${symbols.length}`);

  f.reels.forEach((strip, r) => {
    if (strip.length < f.rows) issues.push(`reels.${r}: ${strip.length} stops cannot fill ${f.rows} rows without repeating a stop`);
  });
  const seenLines = new Set<string>();
  f.paylines.forEach((line, l) => {
    if (line.length !== R) issues.push(`paylines.${l}: has ${line.length} entries, the machine has ${R} reels`);
    line.forEach((row, r) => {
      if (row < 0 || row >= f.rows) issues.push(`paylines.${l}.${r}: row ${row} is outside 0..${f.rows - 1}`);
    });
    if (seenLines.has(line.join())) issues.push(`paylines.${l}: duplicates an earlier payline`);
    seenLines.add(line.join());
  });
  const known = (where: string, s: string | undefined) => {
    if (s !== undefined && !index.has(s)) issues.push(`${where}: symbol "${s}" appears on no reel`);
  };
  known('wild', f.wild);
  known('scatter.symbol', f.scatter?.symbol);
  if (f.scatter && f.scatter.symbol === f.wild) issues.push('scatter.symbol: the scatter cannot also be the wild');
  for (const [s, table] of Object.entries(f.pays)) {
    known(`pays.${s}`, s);
    if (s === f.scatter?.symbol) issues.push(`pays.${s}: the scatter pays through scatter.pays, not line pays`);
    checkContiguous(issues, `pays.${s}`, table, R, R);
  }
  if (issues.length) throw new MachineError(issues);

  const strips = f.reels.map((strip) => strip.map((s) => index.get(s)!));
  const scatter = f.scatter ? index.get(f.scatter.symbol)! : -1;
  const maxScatters = scatter < 0 ? 0 : scatterCountDistribution(strips, f.rows, scatter).length - 1;
  if (f.scatter) {
    checkContiguous(issues, 'scatter.pays', f.scatter.pays, R * f.rows, maxScatters);
    checkContiguous(issues, 'scatter.freeSpins', f.scatter.freeSpins, R * f.rows, maxScatters);
  }
  const cycle = strips.reduce((c, s) => c * s.length, 1);
  if (!Number.isSafeInteger(cycle)) issues.push(`reels: the cycle (product of strip lengths) exceeds 2^53`);
  if (issues.length) throw new MachineError(issues);

  const dense = (table: Record<string, number>, size: number) => {
    const out = new Array<number>(size + 1).fill(0);
    for (const [k, v] of Object.entries(table)) out[Number(k)] = v;
    return out;
  };
  const pays = symbols.map((s) => dense(f.pays[s] ?? {}, R));
  const machine: Machine = {
    id: f.id,
    name: f.name,
    rows: f.rows,
    symbols,
    strips,
    paylines: f.paylines,
    wild: f.wild === undefined ? -1 : index.get(f.wild)!,
    scatter,
    paying: Object.keys(f.pays).map((s) => index.get(s)!),
    pays,
    scatterPays: dense(f.scatter?.pays ?? {}, R * f.rows),
    freeSpins: dense(f.scatter?.freeSpins ?? {}, R * f.rows),
    multiplier: f.freeSpinMultiplier,
    cycle,
    file: f,
  };
  // The feature ends with probability 1 only if a spin awards fewer than one spin on
  // average (q < 1); otherwise its expected length, and so the RTP, is infinite.
  const dist = scatterCountDistribution(strips, f.rows, scatter);
  const awarded = dist.reduce((a, n, k) => a + n * BigInt(machine.freeSpins[k] ?? 0), 0n);
  if (awarded >= BigInt(cycle)) {
    throw new MachineError([`scatter.freeSpins: a spin awards ${Number(awarded) / cycle} free spins on average; it must be below 1 for the feature to end`]);
  }
  return machine;
}

/** Keys in 1..max, and no gap between the smallest key and `upTo` (a longer run or more scatters never pays nothing). */
function checkContiguous(issues: string[], where: string, table: Record<string, number>, max: number, upTo: number): void {
  const bad = Object.keys(table).filter((k) => !/^[1-9][0-9]*$/.test(k));
  for (const k of bad) issues.push(`${where}.${k}: keys are counts from 1, written like "3"`);
  if (bad.length) return;
  const keys = Object.keys(table).map(Number);
  for (const k of keys) if (k > max) issues.push(`${where}.${k}: exceeds the largest possible count ${max}`);
  if (keys.length === 0) return;
  const missing: number[] = [];
  for (let k = Math.min(...keys); k <= upTo; k++) if (!(String(k) in table)) missing.push(k);
  if (missing.length) issues.push(`${where}: every count from ${Math.min(...keys)} to ${upTo} needs an entry (missing ${missing.join(', ')})`);
}
