// The load generator process. The runner starts it pinned to its own core and
// drives it over IPC, one command at a time; every command gets one reply.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import type { LoadCommand, LoadReply } from '../protocol.ts';
import { Pool, inWindow } from './pool.ts';
import { fanoutStep } from './fanout.ts';
import { slotsRun } from './slots.ts';
import { connectorFor } from './client.ts';
import { ROOM_SIZE } from '../protocol.ts';

let pool: Pool | null = null;

function need(): Pool {
  if (!pool) throw new Error('no clients: send "connect" first');
  return pool;
}

async function handle(c: LoadCommand): Promise<Omit<LoadReply, 'id' | 'ok'>> {
  switch (c.cmd) {
    case 'connect': {
      pool ??= new Pool({ kind: c.kind, port: c.port, addresses: c.addresses, topicPrefix: c.topicPrefix });
      const t0 = performance.now();
      await pool.connect(c.count, c.concurrency);
      return { connected: pool.clients.length, ms: performance.now() - t0, errors: pool.errors.slice(0, 5), errorCount: pool.errors.length };
    }
    case 'join': {
      const p = need();
      const t0 = performance.now();
      const joined = await p.join(c.concurrency);
      return { joined, ms: performance.now() - t0, errors: p.errors.slice(0, 5), errorCount: p.errors.length };
    }
    case 'storm': {
      // Each client's whole arrival: open the socket, then sit down. Rooms are
      // filled by whole groups, as players at a casino would arrive at tables.
      const connect = await connectorFor(c.kind);
      pool ??= new Pool({ kind: c.kind, port: c.port, addresses: c.addresses, topicPrefix: c.topicPrefix });
      const p = pool;
      const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
      const rooms = Math.floor(c.count / ROOM_SIZE);
      let seated = 0;
      const t0 = performance.now();
      await inWindow(rooms, Math.max(1, Math.floor(c.concurrency / ROOM_SIZE)), async (r) => {
        const arrive = async (i: number, key?: string) => {
          const start = performance.now();
          const client = await connect({ port: c.port, idx: r * ROOM_SIZE + i, localAddress: c.addresses > 0 ? `127.0.0.${1 + ((r * ROOM_SIZE + i) % c.addresses)}` : undefined, topicPrefix: c.topicPrefix, hooks: { onEvent: () => {}, onClose: () => {} } });
          p.clients.push(client);
          const k = await client.join(r, key);
          hist.recordValue(Math.max(1, Math.round((performance.now() - start) * 1000)));
          seated++;
          return k;
        };
        try {
          const key = await arrive(0);
          await Promise.all(Array.from({ length: ROOM_SIZE - 1 }, (_, i) => arrive(i + 1, key)));
        } catch (e) {
          p.errors.push(`room ${r}: ${(e as Error).message}`);
        }
      });
      const ms = performance.now() - t0;
      return {
        seated, ms, perSec: Math.round((seated * 1000) / ms),
        p50Ms: hist.getValueAtPercentile(50) / 1000, p99Ms: hist.getValueAtPercentile(99) / 1000,
        errors: p.errors.slice(0, 5), errorCount: p.errors.length,
      };
    }
    case 'fanout':
      return { step: await fanoutStep(need(), c.rate, c.durationMs, c.drainMs) };
    case 'slots':
      return slotsRun(c);
    case 'check': {
      const p = need();
      const perClient = p.clients.map((x) => x.received);
      return { open: p.open(), total: p.clients.length, closed: p.closed, received: perClient.reduce((a, b) => a + b, 0), minReceived: perClient.reduce((a, b) => Math.min(a, b), Infinity) };
    }
    case 'close':
      pool?.close();
      pool = null;
      return {};
  }
}

process.on('message', (raw) => {
  const c = raw as LoadCommand;
  handle(c).then(
    (r) => process.send?.({ id: c.id, ok: true, ...r }),
    (e: Error) => process.send?.({ id: c.id, ok: false, error: e.stack ?? String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, ready: true });
