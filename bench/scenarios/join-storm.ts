// join-storm: clients arrive as fast as the generator can send them (a window
// of sockets in flight), each connecting and then sitting at a table; measures
// seated clients per second and the time from dial to join reply.
import { ROOM_SIZE } from '../protocol.ts';
import type { ScenarioResult } from '../harness/report.ts';
import { addressesFor, bySize, perServer, topicPrefix, withPair, type Scenario } from './context.ts';

export const joinStorm: Scenario = {
  name: 'join-storm',
  summary: 'connects + joins per second',
  steps: (ctx) => ctx.servers.length,
  async run(ctx) {
    const n = bySize(ctx, { tiny: 12, quick: 120, full: 3000 });
    const window = 256;
    const r: ScenarioResult = {
      scenario: 'join-storm', params: { clients: n, roomSize: ROOM_SIZE, inFlight: window }, detail: {}, notes: [], values: {},
      metrics: [
        { key: 'perSec', label: 'connect+join/s', better: 'higher' },
        { key: 'p50', label: 'dial→seated p50 (ms)', better: 'lower', digits: 1 },
        { key: 'p99', label: 'dial→seated p99 (ms)', better: 'lower', digits: 1 },
        { key: 'seated', label: 'seated', better: 'higher' },
      ],
    };
    await perServer(ctx, r.notes, async (kind) => {
      ctx.progress.phase(`join-storm ${kind}: ${n} arrivals`);
      await withPair(ctx, kind, async (server, load) => {
        const s = await load.send({ cmd: 'storm', kind, port: server.port, count: n, concurrency: window, addresses: addressesFor(n), topicPrefix: topicPrefix(ctx, kind) });
        r.values[kind] = { perSec: Number(s.perSec), p50: Number(s.p50Ms), p99: Number(s.p99Ms), seated: Number(s.seated) };
        r.detail[kind] = s;
        if (Number(s.errorCount) > 0) r.notes.push(`${kind}: ${String(s.errorCount)} errors, first: ${String((s.errors as string[])[0])}`);
        await load.send({ cmd: 'close' });
      });
    });
    return r;
  },
};
