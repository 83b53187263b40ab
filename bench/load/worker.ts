// The load generator process. The runner starts it pinned to its own core and
// drives it over IPC, one command at a time; every command gets one reply.
import { performance } from 'node:perf_hooks';
import type { LoadCommand, LoadReply } from '../protocol.ts';
import { Pool } from './pool.ts';
import { fanoutStep } from './fanout.ts';
import { closePinger, seatPlayers, spin, type Player } from './slots.ts';
import { storm } from './storm.ts';
import { mixedClose, mixedPlay, mixedSeat } from './mixed.ts';

let pool: Pool | null = null;
let players: Player[] = [];

function need(): Pool {
  if (!pool) throw new Error('no clients: send "connect" first');
  return pool;
}

async function handle(c: LoadCommand): Promise<Omit<LoadReply, 'id' | 'ok'>> {
  switch (c.cmd) {
    case 'connect': {
      pool ??= new Pool({ kind: c.kind, port: c.port, ports: c.ports, addresses: c.addresses, topicPrefix: c.topicPrefix });
      const t0 = performance.now();
      await pool.connect(c.count, c.concurrency);
      return { connected: pool.clients.length, ms: performance.now() - t0, errors: pool.errors.slice(0, 5), errorCount: pool.errors.length };
    }
    case 'join': {
      const p = need();
      const t0 = performance.now();
      const joined = await p.join(c.concurrency);
      return { joined, tables: p.rooms, ms: performance.now() - t0, errors: p.errors.slice(0, 5), errorCount: p.errors.length };
    }
    case 'storm':
      pool ??= new Pool({ kind: c.kind, port: c.port, addresses: c.addresses, topicPrefix: c.topicPrefix });
      return storm(pool, c);
    case 'fanout':
      return { step: await fanoutStep(need(), c.rate, c.durationMs, c.drainMs) };
    case 'slots-seat':
      return seatPlayers(c.port, c.players, players, c.ports);
    case 'slots-spin':
      return spin(players, c.durationMs, c.bet);
    case 'mixed-seat':
      return mixedSeat(c.port, c.players, undefined, c.ports);
    case 'mixed-play':
      return mixedPlay(c.durationMs, c.windDownMs);
    case 'check': {
      const p = need();
      const perClient = p.clients.map((x) => x.received);
      return { open: p.open(), total: p.clients.length, closed: p.closed, received: perClient.reduce((a, b) => a + b, 0), minReceived: perClient.reduce((a, b) => Math.min(a, b), Infinity) };
    }
    case 'close':
      pool?.close();
      pool = null;
      for (const p of players) p.client.close();
      players = [];
      closePinger();
      mixedClose();
      return {};
  }
}

process.on('message', (raw) => {
  const c = raw as LoadCommand;
  // The generator's own CPU over the command, in cores: a step where it nears a whole core
  // measured the generator, not the server (bench/harness/report.ts, generator-bound).
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  handle(c).then(
    (r) => {
      const cpu = process.cpuUsage(cpu0);
      process.send?.({ id: c.id, ok: true, loadCpu: (cpu.user + cpu.system) / 1000 / Math.max(1, performance.now() - t0), ...r });
    },
    (e: Error) => process.send?.({ id: c.id, ok: false, error: e.stack ?? String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, ready: true });
