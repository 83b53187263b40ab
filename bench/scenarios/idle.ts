// idle: how many connections one server process holds, and what an idle
// connection and an idle table cost. Heap is read after forced full GCs:
// empty server → N connections → N connections seated at N/6 tables.
import { ROOM_SIZE, type ServerStats } from '../protocol.ts';

const COLYSEUS_CAP = 3000;
import type { ScenarioResult } from '../harness/report.ts';
import { addressesFor, bySize, perServer, sleep, tablesNote, topicPrefix, withPair, type RunContext, type Scenario } from './context.ts';

export const idle: Scenario = {
  name: 'idle',
  summary: 'maximum idle connections; heap per connection and per table',
  steps: (ctx) => ctx.servers.length,
  async run(ctx) {
    const all = bySize(ctx, { tiny: 12, quick: 120, full: 18_000 });
    const holdMs = bySize(ctx, { tiny: 100, quick: 500, full: 10_000 });
    const r: ScenarioResult = {
      scenario: 'idle', params: { connections: all, roomSize: ROOM_SIZE, holdMs }, detail: {}, notes: [], values: {},
      metrics: [
        { key: 'held', label: 'connections held', better: 'higher' },
        { key: 'heapPerConn', label: 'heap/connection, not seated (B)', better: 'lower' },
        { key: 'heapPerSeated', label: 'heap/connection, seated (B)', better: 'lower' },
        { key: 'heapPerTable', label: 'heap/table of 6, seating only (B)', better: 'lower' },
        { key: 'rssPerSeated', label: 'RSS/connection, seated (B)', better: 'lower' },
        { key: 'rssMB', label: 'server RSS at N (MB)', better: 'lower', digits: 1 },
        { key: 'connectPerSec', label: 'connects/s while filling', better: 'higher' },
      ],
    };
    await perServer(ctx, r.notes, async (kind) => {
      // Colyseus seats through its HTTP matchmaker (~50 joins/s on this machine): 18,000
      // would take over 6 minutes, and its 3 s server ping drops clients while the busy
      // generator answers late. Fewer connections still measure the per-connection cost.
      const n = kind === 'colyseus' ? Math.min(all, COLYSEUS_CAP) : all;
      if (n < all) r.notes.push(`colyseus: measured with ${n} connections, not ${all} (matchmaker join rate; see docs/performance.md)`);
      ctx.progress.phase(`idle ${kind}: ${n} connections`);
      await withPair(ctx, kind, async (server, load) => {
        const s0 = await server.gcStats();
        const c = await load.send({ cmd: 'connect', kind, port: server.port, count: n, concurrency: 500, addresses: addressesFor(n), topicPrefix: topicPrefix(ctx, kind) });
        // Colyseus has no connection outside a room: its socket opens at join.
        const bare: ServerStats | null = kind === 'colyseus' ? null : await server.gcStats();
        const j = await load.send({ cmd: 'join', concurrency: 500 });
        await sleep(holdMs);
        const check = await load.send({ cmd: 'check' });
        const s2 = await server.gcStats();
        // Per connection the server still holds (it may have dropped some), per table seated.
        const seated = s2.connections;
        const tables = Number(j.joined) / ROOM_SIZE;
        r.values[kind] = {
          held: Math.min(Number(check.open), s2.connections),
          heapPerConn: bare ? (bare.heapUsed - s0.heapUsed) / bare.connections : null,
          heapPerSeated: (s2.heapUsed - s0.heapUsed) / seated,
          heapPerTable: bare ? (s2.heapUsed - bare.heapUsed) / tables : null,
          rssPerSeated: (s2.rss - s0.rss) / seated,
          rssMB: s2.rss / 2 ** 20,
          connectPerSec: Math.round((Number(j.joined) * 1000) / (Number(c.ms) + Number(j.ms))),
        };
        r.detail[kind] = { empty: s0, connected: bare, seated: s2, connect: c, join: j, check };
        if (Number(c.errorCount) + Number(j.errorCount) > 0) r.notes.push(`${kind}: ${Number(c.errorCount) + Number(j.errorCount)} errors, first: ${String((j.errors as string[])[0] ?? (c.errors as string[])[0])}`);
        await load.send({ cmd: 'close' });
      });
    });
    r.notes.push('heap/table = (heap seated − heap connected) / tables: the cost of 6 joins and the room itself.');
    const tables = tablesNote(ctx, '"not seated" = signed-up guests with an open socket; heap/table = a real table process (its game state, seating, event log, chat history) and six table channels');
    if (tables) r.notes.push(tables);
    return r;
  },
};
