// seated: what a seated slots player costs the real server at rest — guest, socket, lobby
// and table channels and its own slots table — the capacity issue's "idle" row. Two servers
// (bench/servers/casino.ts, in-memory PGlite), each: a warm-up group seated first (code
// compiled and caches filled once are not billed to the players measured), heap after
// forced GCs, N more players seated (no spin), heap again.
//   awake: hibernation off (PITBOSS_TABLE_HIBERNATE_MS=0): every table a live process.
//   idle:  tables hibernate after HIBERNATE_MS; heap read after the players have been
//          quiet past it (src/casino/tables/hibernation.ts).
// Also shown: the slots scenario's method (from the empty server, warm-up included), so
// figures before this scenario existed compare. Light: no spins, no peers.
import type { ScenarioResult } from '../harness/report.ts';
import { placement, startLoad, startServer } from '../harness/processes.ts';
import { bySize, sleep, type Scenario } from './context.ts';

const HIBERNATE_MS = 1000;

export const seated: Scenario = {
  name: 'seated',
  summary: 'heap per seated slots player with its own table, awake and past hibernation (real server)',
  steps: () => 2,
  async run(ctx) {
    const players = bySize(ctx, { tiny: 12, quick: 300, full: 2000 });
    const warm = bySize(ctx, { tiny: 6, quick: 50, full: 100 });
    const r: ScenarioResult = {
      scenario: 'seated', params: { players, warm, hibernateMs: HIBERNATE_MS }, detail: {}, values: {}, notes: [],
      metrics: [
        { key: 'heapPerPlayer', label: 'heap per seated player + own table (B)', better: 'lower' },
        { key: 'heapFromEmpty', label: 'same, from the empty server, warm-up included (B)', better: 'lower' },
        { key: 'rssPerPlayer', label: 'RSS per seated player (B)', better: 'lower' },
        { key: 'seatPerSec', label: 'players seated/s', better: 'higher' },
        { key: 'held', label: 'sockets held at the reading', better: 'higher' },
      ],
    };
    const pin = placement(ctx.pin);
    for (const mode of ['awake', 'idle'] as const) {
      ctx.progress.phase(`seated ${mode}: ${players} players`);
      const [server, load] = await Promise.all([
        startServer('casino', pin.server, ['--db', 'memory', '--hibernate-ms', mode === 'awake' ? '0' : String(HIBERNATE_MS)]),
        startLoad(pin.load),
      ]);
      try {
        const empty = await server.gcStats();
        const w = await load.send({ cmd: 'slots-seat', port: server.port, players: warm });
        const base = await server.gcStats();
        const seat = await load.send({ cmd: 'slots-seat', port: server.port, players });
        const n = Number(seat.seated) - Number(w.seated); // the load process counts every player it holds
        if (mode === 'idle') await sleep(HIBERNATE_MS * 2.5);
        const after = await server.gcStats();
        const errors = Number(w.errorCount) + Number(seat.errorCount);
        if (errors > 0) r.notes.push(`${mode}: ${errors} players not seated, first: ${String((seat.errors as string[])[0] ?? (w.errors as string[])[0])}`);
        r.values[mode] = {
          heapPerPlayer: (after.heapUsed - base.heapUsed) / n,
          heapFromEmpty: (after.heapUsed - empty.heapUsed) / Number(seat.seated),
          rssPerPlayer: (after.rss - base.rss) / n,
          seatPerSec: (n * 1000) / Number(seat.ms),
          // Every player seated still connected (+1: the slots load's heartbeat socket), or the figure is not per player.
          held: after.connections,
        };
        if (after.connections < Number(seat.seated)) r.notes.push(`${mode}: only ${after.connections} of ${String(seat.seated)} sockets held at the reading: the figure is not per seated player`);
        r.detail[mode] = { empty, base, after, warm: w, seat };
      } finally {
        await load.stop();
        await server.stop();
      }
      ctx.progress.tick();
    }
    r.notes.push(`heap per seated player = (heap with the N players − heap after the ${warm} warm-up players) / N, after forced GCs: a guest's socket, its lobby and table channels, and its own slots table (never spun)`);
    r.notes.push(`awake: hibernation off, every table a live process; idle: read ${HIBERNATE_MS * 2.5} ms after the last seat, tables hibernate after ${HIBERNATE_MS} ms quiet (PITBOSS_TABLE_HIBERNATE_MS; 30 s by default)`);
    return r;
  },
};
