// A join storm: every client's whole arrival, timed from dial to the join reply.
// Tables are filled by whole groups (the first member opens the table, the other
// five follow at once), as players would arrive at a casino's tables.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { ROOM_SIZE, type LoadCommand } from '../protocol.ts';
import { connectorFor } from './client.ts';
import { inWindow, type Pool } from './pool.ts';

type StormCommand = Extract<LoadCommand, { cmd: 'storm' }>;

export async function storm(pool: Pool, c: StormCommand): Promise<Record<string, unknown>> {
  const connect = await connectorFor(c.kind);
  const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  const hooks = { onEvent: () => {}, onClose: () => {} };
  const rooms = Math.floor(c.count / ROOM_SIZE);
  let seated = 0;
  const t0 = performance.now();
  await inWindow(rooms, Math.max(1, Math.floor(c.concurrency / ROOM_SIZE)), async (r) => {
    const arrive = async (i: number, key?: string) => {
      const idx = r * ROOM_SIZE + i;
      const start = performance.now();
      const localAddress = c.addresses > 0 ? `127.0.0.${1 + (idx % c.addresses)}` : undefined;
      const client = await connect({ port: c.port, idx, localAddress, topicPrefix: c.topicPrefix, hooks });
      pool.clients.push(client);
      const k = await client.join(r, key);
      hist.recordValue(Math.max(1, Math.round((performance.now() - start) * 1000)));
      seated++;
      return k;
    };
    try {
      const key = await arrive(0);
      await Promise.all(Array.from({ length: ROOM_SIZE - 1 }, (_, i) => arrive(i + 1, key)));
    } catch (e) {
      pool.errors.push(`room ${r}: ${(e as Error).message}`);
    }
  });
  const ms = performance.now() - t0;
  return {
    seated, ms, perSec: Math.round((seated * 1000) / ms),
    p50Ms: hist.getValueAtPercentile(50) / 1000, p99Ms: hist.getValueAtPercentile(99) / 1000,
    errors: pool.errors.slice(0, 5), errorCount: pool.errors.length,
  };
}
