// mixed: every game at once on the real server (src/main.ts via bench/servers/casino.ts),
// on in-memory PGlite (`mixed`) or on PostgreSQL (`mixed-pg`). Bots are seated at slots, roulette, baccarat, blackjack and hold'em
// tables and play for a while (bench/load/mixed.ts has their policy); the betting window
// and the turn clock are shortened through the server's own settings. Per game: rounds
// settled/s, action→ok-reply latency, refusals by reason, turn clocks that ran out; for
// the server: CPU while playing and heap per seated player. Then the bots wind down
// (no new rounds, open ones played out, hold'em seats left) and the ledger's
// conservation check runs against the server's database. No peers: none has games.
import { MIXED_GAMES, MIXED_HOLDEM_PER_TABLE, MIXED_SLOTS_THINK_MS, type MixedGame } from '../protocol.ts';
import { markGeneratorBound, type Metric, type ScenarioResult } from '../harness/report.ts';
import { placement, startLoad, startServer, type LoadHandle, type ServerHandle } from '../harness/processes.ts';
import { performance } from 'node:perf_hooks';
import { bySize, sleep, type RunContext, type Scenario } from './context.ts';

interface GameOut {
  players: number;
  tables: number;
  actions: number;
  ok: number;
  rounds: number;
  roundsPerSec: number;
  roundsAll: number;
  p50Ms: number;
  p99Ms: number;
  refused: Record<string, number>;
  refusedOutsidePlay: Record<string, number>;
  turnTimeouts: number;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
/** Refusals a correct bot can still meet: its view was a moment old when the table moved on. */
const RACES = new Set(['not_your_turn', 'round_closed', 'invalid_action']);

const BACKEND = {
  memory: { name: 'mixed', db: 'pglite (memory)', summary: 'bots at all five games at once on the real server (in-memory PGlite); ledger check at the end', full: 200 },
  postgres: { name: 'mixed-pg', db: 'postgres', summary: 'bots at all five games at once on the real server on PostgreSQL; ledger check at the end', full: 600 },
} as const;

/**
 * Seat the bots on `server` (over its nodes' ports, if several), play, wind down, check the
 * ledger, and fill `r` (a column per game and `all`; r.params gives the sizes).
 */
export async function measureMixed(ctx: RunContext, r: ScenarioResult, server: ServerHandle, load: LoadHandle): Promise<void> {
  const { players, durationMs, bettingMs, turnMs } = r.params as { players: Record<MixedGame, number>; durationMs: number; bettingMs: number; turnMs: number };
  const windDownMs = 4 * turnMs + bettingMs + 5000;
  const empty = await server.gcStats();
  const seat = await load.send({ cmd: 'mixed-seat', port: server.port, ports: server.ports, players });
  if (Number(seat.errorCount) > 0) r.notes.push(`${String(seat.errorCount)} bots not seated, first: ${String((seat.errors as string[])[0])}`);
  const seated = await server.gcStats();
  ctx.progress.phase(`${r.scenario}: playing ${durationMs / 1000} s`);
  const a = await server.stats();
  const t0 = performance.now();
  const playing = load.send({ cmd: 'mixed-play', durationMs, windDownMs });
  // CPU over the playing window only, not the wind-down.
  await sleep(durationMs);
  const b = await server.stats();
  const serverCpu = (b.cpuUser + b.cpuSystem - a.cpuUser - a.cpuSystem) / 1000 / (performance.now() - t0);
  ctx.progress.phase(`${r.scenario}: winding down`);
  const out = await playing;
  // Rounds whose settlement is still being written when the last bot went idle: give them a moment.
  let check = await server.ledgerCheck();
  for (let i = 0; i < 20 && Number(check['open_rounds']) > 0; i++) {
    await sleep(250);
    check = await server.ledgerCheck();
  }
  const games = out.games as Record<MixedGame, GameOut>;
  const total = Number(seat.total);
  for (const g of MIXED_GAMES) {
    const x = games[g];
    r.values[g] = {
      players: x.players, tables: x.tables, roundsPerSec: x.roundsPerSec, p50: x.ok > 0 ? x.p50Ms : null, p99: x.ok > 0 ? x.p99Ms : null,
      refused: sum(x.refused), turnTimeouts: x.turnTimeouts, serverCpu: null, loadCpu: null, heapPerPlayer: null, ledgerSum: null, openRounds: null,
    };
    if (sum(x.refused) > 0) {
      const races = Object.entries(x.refused).filter(([k]) => RACES.has(k));
      const other = Object.entries(x.refused).filter(([k]) => !RACES.has(k));
      r.notes.push(`${g}: refused ${JSON.stringify(x.refused)} of ${x.actions} actions${races.length ? ` — ${races.map(([k]) => k).join(', ')}: timing races (the bot acted on a view the table had just left, e.g. after a turn clock)` : ''}${other.length ? ` — ${other.map(([k]) => k).join(', ')}: NOT a timing race, a bot or server bug` : ''}`);
    }
    if (sum(x.refusedOutsidePlay) > 0) r.notes.push(`${g}: while seating or winding down, refused ${JSON.stringify(x.refusedOutsidePlay)} (e.g. leave_seat racing the next hold'em deal)`);
    if (x.players > 0 && x.rounds === 0) r.notes.push(`${g}: NO round settled while playing`);
  }
  // While the generator is near a whole core, its bots answer late: their latency and rate are its, not the server's.
  for (const g of MIXED_GAMES) markGeneratorBound(r, g, Number(out.playLoadCpu), ['roundsPerSec', 'p50', 'p99']);
  markGeneratorBound(r, 'all', Number(out.playLoadCpu), ['roundsPerSec']);
  r.values['all'] = {
    players: total, tables: MIXED_GAMES.reduce((n, g) => n + games[g].tables, 0),
    roundsPerSec: MIXED_GAMES.reduce((n, g) => n + games[g].roundsPerSec, 0), p50: null, p99: null,
    refused: MIXED_GAMES.reduce((n, g) => n + sum(games[g].refused), 0), turnTimeouts: MIXED_GAMES.reduce((n, g) => n + games[g].turnTimeouts, 0),
    serverCpu, loadCpu: Number(out.playLoadCpu), heapPerPlayer: total > 0 ? (seated.heapUsed - empty.heapUsed) / total : null,
    ledgerSum: Number(check['sum']), openRounds: Number(check['open_rounds']),
  };
  // A bench cluster: frames on the Redis bus per ok action while playing.
  const oks = MIXED_GAMES.reduce((n, g) => n + games[g].ok, 0);
  if (a.busFrames !== undefined && b.busFrames !== undefined) r.values['all']!['busPerAction'] = oks > 0 ? (b.busFrames - a.busFrames) / oks : null;
  r.detail = { seat, play: out, ledger: check, empty, seated, cpu: { before: a, after: b } };
  if (Number(check['sum']) !== 0) r.notes.unshift(`LEDGER NOT CONSERVED: the sum over all accounts is ${String(check['sum'])}, not 0 — money was created or destroyed`);
  if (check['ok'] !== true) r.notes.unshift(`LEDGER CHECK FAILED: ${JSON.stringify(check)}`);
  if (Number(check['open_rounds']) > 0) r.notes.unshift(`LEDGER: ${String(check['open_rounds'])} rounds still open after the bots wound down`);
  if (Number(out.closed) > 0) r.notes.unshift(`${String(out.closed)} bot sockets closed before the run ended (the server's heartbeat timeout, or a crash): their actions are refused as socket_closed`);
  if (Number(out.stuckCount) > 0) r.notes.push(`${String(out.stuckCount)} bots not idle after ${windDownMs} ms of wind-down: ${(out.stuck as string[]).join('; ')}`);
  if (check['ok'] === true && Number(check['open_rounds']) === 0) r.notes.push(`ledger check after wind-down: sum 0 over ${String(check['accounts'])} accounts and ${String(check['transactions'])} transactions, no round open, no negative balance`);
}

/** The sizes of a mixed run: bots per game, playing time, betting window and turn clock. */
export function mixedParams(ctx: RunContext, full: number, db: string): Record<string, unknown> {
  // PITBOSS_BENCH_MIXED_PER: bots per game at any size (a look at one load level).
  const per = Number(process.env['PITBOSS_BENCH_MIXED_PER'] ?? 0) || bySize(ctx, { tiny: 2, quick: 8, full });
  // Hold'em needs two players at a table for a hand; tiny gives it a third so a fold still leaves a hand.
  const players = Object.fromEntries(MIXED_GAMES.map((g) => [g, g === 'holdem' ? Math.max(3, per) : per])) as Record<MixedGame, number>;
  const durationMs = bySize(ctx, { tiny: 5000, quick: 10_000, full: 25_000 });
  const bettingMs = bySize(ctx, { tiny: 300, quick: 500, full: 1000 });
  const turnMs = bySize(ctx, { tiny: 3000, quick: 5000, full: 10_000 });
  return { players, durationMs, bettingMs, turnMs, db };
}

/** The mixed table's rows. */
export const MIXED_METRICS: Metric[] = [
  { key: 'players', label: 'seated players', better: 'higher' },
  { key: 'tables', label: 'tables', better: 'higher' },
  { key: 'roundsPerSec', label: 'rounds settled/s (hold\'em: hands)', better: 'higher', digits: 2 },
  { key: 'p50', label: 'action→ok reply p50 (ms)', better: 'lower', digits: 1 },
  { key: 'p99', label: 'action→ok reply p99 (ms)', better: 'lower', digits: 1 },
  { key: 'refused', label: 'refused actions while playing', better: 'lower' },
  { key: 'turnTimeouts', label: 'turns the clock played', better: 'lower' },
  { key: 'serverCpu', label: 'server CPU while playing (cores)', better: 'lower', digits: 2 },
  { key: 'loadCpu', label: 'load generator CPU while playing (cores)', better: 'lower', digits: 2 },
  { key: 'heapPerPlayer', label: 'heap per seated player (B)', better: 'lower' },
  { key: 'ledgerSum', label: 'ledger: sum over all accounts', better: 'lower' },
  { key: 'openRounds', label: 'ledger: rounds left open', better: 'lower' },
];

/** The mixed scenario on one database: `full` bots per game (the capacity targets: 1,000 embedded, 3,000 on PostgreSQL). */
function mixedOn(db: keyof typeof BACKEND): Scenario {
  const spec = BACKEND[db];
  return {
    name: spec.name,
    summary: spec.summary,
    steps: () => 1,
    async run(ctx) {
      const params = mixedParams(ctx, spec.full, spec.db);
      const { players, bettingMs, turnMs } = params as { players: Record<MixedGame, number>; bettingMs: number; turnMs: number };
      const r: ScenarioResult = {
        scenario: spec.name,
        params,
        detail: {}, values: {}, notes: [],
        metrics: MIXED_METRICS,
      };
      const pin = placement(ctx.pin);
      ctx.progress.phase(`${spec.name}: seating ${Object.values(players).reduce((a, b) => a + b, 0)} bots`);
      try {
        const [server, load] = await Promise.all([
          startServer('casino', pin.server, ['--db', db, '--betting-ms', String(bettingMs), '--turn-ms', String(turnMs)]),
          startLoad(pin.load),
        ]);
        try {
          await measureMixed(ctx, r, server, load);
        } finally {
          await load.stop();
          await server.stop();
        }
      } catch (e) {
        r.notes.push(`${spec.name} failed: ${(e as Error).message.split('\n')[0]}`);
      }
      r.notes.push(`${spec.db === 'postgres' ? 'PostgreSQL (a fresh database, unpinned, its own server)' : 'in-memory PGlite'}; betting window ${bettingMs} ms and turn clock ${turnMs} ms (PITBOSS_BETTING_MS / PITBOSS_TURN_MS via bench/servers/casino.ts); hold'em ${MIXED_HOLDEM_PER_TABLE} bots per table (each table its own big blind, 100, 101, …), 2 s between hands (its default); slots bots think ${MIXED_SLOTS_THINK_MS} ms between spins; latency = action → its ok reply`);
      r.notes.push('heap per seated player = (heap seated − heap empty) / players: guest, socket, lobby and table channels, and its share of the tables');
      r.notes.push('no peers: none of them has games or a ledger (as for slots)');
      ctx.progress.tick();
      return r;
    },
  };
}

export const mixed = mixedOn('memory');
export const mixedPg = mixedOn('postgres');

