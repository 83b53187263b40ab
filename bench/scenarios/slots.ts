// slots: spins settled through the ledger by the real server (src/main.ts), on
// PGlite (in memory) and on PostgreSQL. Each player sits at its own slots table
// and spins with one spin in flight; an ok reply means staked, decided, settled.
// No peers: none of them has a ledger.
import { markGeneratorBound, type Metric, type ScenarioResult } from '../harness/report.ts';
import { placement, startLoad, startServer, type LoadHandle, type ServerHandle } from '../harness/processes.ts';
import { bySize, type Scenario } from './context.ts';

const BACKENDS = [
  { name: 'pglite (memory)', db: 'memory' },
  { name: 'postgres', db: 'postgres' },
] as const;

/** Seat the players, spin for the duration, and record column `col` of `r` (r.params gives the sizes). */
export async function measureSlots(r: ScenarioResult, col: string, server: ServerHandle, load: LoadHandle): Promise<void> {
  const { players, durationMs, bet } = r.params as { players: number; durationMs: number; bet: number };
  const empty = await server.gcStats();
  const seat = await load.send({ cmd: 'slots-seat', port: server.port, ports: server.ports, players });
  if (Number(seat.errorCount) > 0) r.notes.push(`${col}: ${String(seat.errorCount)} players not seated, first: ${String((seat.errors as string[])[0])}`);
  const seated = await server.gcStats();
  const out = await load.send({ cmd: 'slots-spin', durationMs, bet });
  const after = await server.stats();
  const cpu = (after.cpuUser + after.cpuSystem - seated.cpuUser - seated.cpuSystem) / 1000;
  r.values[col] = {
    perSec: Number(out.perSec), p50: Number(out.p50Ms), p99: Number(out.p99Ms), serverCpu: cpu / Number(out.ms), loadCpu: Number(out.loadCpu),
    pingP99: Number((out.ping as Record<string, number> | null)?.p99Ms ?? NaN), loopDelayP99: after.loopDelayP99Ms,
    heapPerPlayer: (seated.heapUsed - empty.heapUsed) / Number(seat.seated),
  };
  // A bench cluster: frames on the Redis bus per settled spin, over the spinning window.
  if (after.busFrames !== undefined && seated.busFrames !== undefined) r.values[col]!['busPerAction'] = Number(out.spins) > 0 ? (after.busFrames - seated.busFrames) / Number(out.spins) : null;
  r.detail[col] = { seat, spin: out, empty, seated, after };
  markGeneratorBound(r, col, Number(out.loadCpu), ['perSec', 'p50', 'p99']);
  const errs = Object.entries(out.errors as Record<string, number>);
  if (errs.length) r.notes.push(`${col}: refused spins ${JSON.stringify(Object.fromEntries(errs))}`);
}

/** The slots table's rows (one definition for the single server and the cluster comparison). */
export const SLOTS_METRICS: Metric[] = [
  { key: 'perSec', label: 'settled spins/s', better: 'higher' },
  { key: 'p50', label: 'spin reply p50 (ms)', better: 'lower', digits: 1 },
  { key: 'p99', label: 'spin reply p99 (ms)', better: 'lower', digits: 1 },
  { key: 'pingP99', label: 'heartbeat on another socket p99 (ms)', better: 'lower', digits: 1 },
  { key: 'loopDelayP99', label: 'server event-loop delay p99 (ms)', better: 'lower', digits: 1 },
  { key: 'serverCpu', label: 'server CPU while spinning (cores)', better: 'lower', digits: 2 },
  { key: 'loadCpu', label: 'load generator CPU while spinning (cores)', better: 'lower', digits: 2 },
  { key: 'heapPerPlayer', label: 'heap per seated player + own table (B)', better: 'lower' },
];

export const slots: Scenario = {
  name: 'slots',
  summary: 'spins settled through the ledger by the real server, PGlite and PostgreSQL',
  steps: () => BACKENDS.length,
  async run(ctx) {
    // Enough players that the ledger, not one reply at a time per player, is the limit.
    const players = bySize(ctx, { tiny: 6, quick: 60, full: 600 });
    const durationMs = bySize(ctx, { tiny: 500, quick: 2000, full: 10_000 });
    const bet = 100;
    const r: ScenarioResult = {
      scenario: 'slots', params: { players, durationMs, bet, inFlightPerPlayer: 1 }, detail: {}, values: {}, notes: [],
      metrics: SLOTS_METRICS,
    };
    const pin = placement(ctx.pin);
    for (const b of BACKENDS) {
      ctx.progress.phase(`slots ${b.name}: ${players} players`);
      try {
        const [server, load] = await Promise.all([startServer('casino', pin.server, ['--db', b.db, '--unlimited-actions']), startLoad(pin.load)]);
        try {
          await measureSlots(r, b.name, server, load);
        } finally {
          await load.stop();
          await server.stop();
        }
      } catch (e) {
        r.notes.push(`${b.name} failed: ${(e as Error).message.split('\n')[0]}`);
      }
      ctx.progress.tick();
    }
    r.notes.push('heap per seated player = guest, socket, lobby and table channels, and its own idle slots table process; PostgreSQL runs unpinned as its own server');
    r.notes.push('heartbeat = a guest seated nowhere sends a Phoenix heartbeat every 20 ms on its own socket during the spins (round trip); event-loop delay = monitorEventLoopDelay in the server, over the spinning window');
    r.notes.push('the per-player action limit (20/s by default) is lifted for this scenario (PITBOSS_RATE_ACTIONS): one spin in flight per player, as fast as the replies come');
    return r;
  },
};
