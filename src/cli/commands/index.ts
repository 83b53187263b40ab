// The `pitboss` subcommands, listed here rather than found on disk. Each command's module
// loads only when that command runs (or its help is asked for): `pitboss --help` lists
// them from this table alone, so it starts without loading a database driver, the casino
// or the benchmark harness. What a command shows in that list must match what its module
// declares (test/cli/commands.test.ts checks both).
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  /** the arguments, as the module declares them (`<game>`, `[scenarios...]`) */
  args?: string;
  /** the module's own description of the command */
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  audit: { summary: 'audit log', load: () => import('./audit.ts') },
  bench: {
    args: '[scenarios...]',
    summary: 'run the load test and peer comparison (scenarios: evaluator, fanout, join-storm, idle, seated, ledger, slots, mixed, mixed-pg; default all; named only: cluster (fanout-nodes, slots-nodes, mixed-nodes), pubsub)',
    load: () => import('./bench.ts'),
  },
  chaos: {
    summary: 'fault drill: a node group under mixed load while nodes are killed, drained, cut off from Redis and tables crashed; report and money checks',
    load: () => import('./chaos.ts'),
  },
  census: { args: '<game>', summary: 'enumerate every hand of a game and count the outcomes exactly', load: () => import('./census.ts') },
  drain: { summary: 'drain a cluster node: hand its tables over between rounds, close its sockets, stop it (REDIS_URL)', load: () => import('./drain.ts') },
  ledger: { summary: 'ledger maintenance', load: () => import('./ledger.ts') },
  migrate: { summary: 'apply pending database migrations (PGlite under PITBOSS_DATA_DIR, or DATABASE_URL)', load: () => import('./migrate.ts') },
  par: { args: '<machine>', summary: 'print the PAR sheet of a slot machine (exact full-cycle math)', load: () => import('./par.ts') },
  replay: { args: '<round_id>', summary: 're-run a round from its journal and compare with the recorded outcome', load: () => import('./replay.ts') },
  sim: { args: '<game>', summary: 'simulate a game and report its RTP, house edge and 95% confidence interval', load: () => import('./sim.ts') },
  staff: { summary: 'staff accounts of the admin API (roles: operator, administrator, technician)', load: () => import('./staff.ts') },
  start: { summary: 'start a Pitboss node (embedded PGlite under ./data unless DATABASE_URL is set)', load: () => import('./start.ts') },
  terminal: { summary: 'terminals (cabinets) and their credentials', load: () => import('./terminal.ts') },
  verify: {
    summary: "recompute a provably-fair outcome from revealed seeds, or check hold'em card openings against their commitment",
    load: () => import('./verify.ts'),
  },
  'verify-install': { summary: "check the install's critical files against its manifest (--write: write the manifest)", load: () => import('./verify_install.ts') },
};
