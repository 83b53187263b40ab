// `pitboss par <machine> [--json]`: the PAR sheet of a slot machine, from exact
// full-cycle counting (src/games/slots/math). <machine> is a machine file or the id of
// a shipped machine. --json prints exactly one JSON object on stdout.
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import {
  lineTable,
  MachineError,
  parFigures,
  parseMachine,
  rat,
  scatterCountDistribution,
  shippedMachine,
  shippedMachineIds,
  toDecimal,
  toNumber,
  type Machine,
  type ParFigures,
  type Rational,
} from '../../games/slots/index.ts';

export function register(program: Command): void {
  program
    .command('par')
    .description('print the PAR sheet of a slot machine (exact full-cycle math)')
    .argument('<machine>', `a machine JSON file, or a shipped machine id (${shippedMachineIds().join(', ')})`)
    .option('--json', 'print one JSON object instead of the sheet')
    .action((arg: string, opts: { json?: boolean }) => {
      let machine: Machine;
      try {
        machine = resolve(arg);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
        return;
      }
      const f = parFigures(machine);
      process.stdout.write(opts.json ? `${JSON.stringify(parJson(machine, f))}\n` : sheet(machine, f));
    });
}

function resolve(arg: string): Machine {
  if (existsSync(arg)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(arg, 'utf8'));
    } catch (err) {
      throw new Error(`${arg}: not valid JSON (${(err as Error).message})`);
    }
    try {
      return parseMachine(json);
    } catch (err) {
      if (err instanceof MachineError) throw new Error(`${arg}: ${err.message}`);
      throw err;
    }
  }
  const shipped = shippedMachine(arg);
  if (!shipped) throw new Error(`${arg}: no such file, and no shipped machine has that id (${shippedMachineIds().join(', ')})`);
  return shipped;
}

export function parJson(m: Machine, f: ParFigures) {
  const exact = (r: Rational) => `${r.n}/${r.d}`;
  return {
    machine: m.id,
    rtp: toNumber(f.rtp),
    hit_frequency: toNumber(f.hit_frequency),
    sd: f.sd,
    cycle: Number(f.cycle),
    line_rtp: toNumber(f.line_rtp),
    scatter_rtp: toNumber(f.scatter_rtp),
    bonus_rtp: toNumber(f.bonus_rtp),
    volatility_index: f.volatility_index,
    free_spin_trigger: toNumber(f.free_spin_trigger),
    feature_spins: toNumber(f.feature_spins),
    exact: {
      rtp: exact(f.rtp),
      line_rtp: exact(f.line_rtp),
      scatter_rtp: exact(f.scatter_rtp),
      bonus_rtp: exact(f.bonus_rtp),
      hit_frequency: exact(f.hit_frequency),
      variance: exact(f.variance),
    },
  };
}

const pct = (r: Rational) => `${toDecimal(rat(r.n * 100n, r.d), 4)}%`;
const oneIn = (r: Rational) => (r.n === 0n ? 'never' : `1 in ${toDecimal(rat(r.d, r.n), 2)}`);
const row = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ') + '\n';

function sheet(m: Machine, f: ParFigures): string {
  const R = m.strips.length;
  let out = `${m.name} (${m.id}): ${R} reels × ${m.rows} rows, ${m.paylines.length} paylines, reel lengths ${m.strips.map((s) => s.length).join('/')}\n`;
  out += `cycle ${f.cycle} base spins, all enumerated exactly\n\n`;
  out += `RTP                 ${pct(f.rtp)}   (exact ${f.rtp.n}/${f.rtp.d})\n`;
  out += `  line pays         ${pct(f.line_rtp)}\n  scatter pays      ${pct(f.scatter_rtp)}\n  free spins        ${pct(f.bonus_rtp)}\n`;
  out += `hit frequency       ${pct(f.hit_frequency)}   (${oneIn(f.hit_frequency)}; a base spin paying anything or awarding free spins)\n`;
  out += `free spins          trigger ${oneIn(f.free_spin_trigger)}, ${toDecimal(f.feature_spins, 2)} spins per trigger with retriggers, wins ×${m.multiplier}\n`;
  out += `SD per unit bet     ${f.sd.toFixed(4)}   volatility index (1.645 × SD) ${f.volatility_index.toFixed(4)}\n\n`;

  const w = [8, 5, 7, 14, 14, 10];
  out += `Line pays (per line, bet 1 per line)\n` + row(['symbol', 'count', 'pay', 'combinations', 'probability', 'RTP'], w);
  for (const r of lineTable(m)) out += row([r.symbol, r.count, r.pay, String(r.combos), oneIn(r.probability), pct(r.rtp)], w);

  if (m.scatter >= 0) {
    const dist = scatterCountDistribution(m.strips, m.rows, m.scatter);
    out += `\nScatter ${m.symbols[m.scatter]} (anywhere; pays × total bet)\n` + row(['count', 'pays', 'spins', 'combinations', 'probability', 'RTP'], w);
    dist.forEach((combos, k) => {
      const pay = m.scatterPays[k] ?? 0;
      const spins = m.freeSpins[k] ?? 0;
      if (pay || spins) out += row([k, pay, spins, String(combos), oneIn(rat(combos, f.cycle)), pct(rat(combos * BigInt(pay), f.cycle))], w);
    });
  }
  return out;
}
