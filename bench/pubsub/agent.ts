// One node's RedisPubSub (src/cluster/redis_pubsub.ts) in a process of its own, driven by
// the runner over IPC (bench/scenarios/pubsub.ts): a publisher broadcasts table-sized
// events at a fixed rate, a subscriber has one local subscriber per topic and records each
// message's latency from its *scheduled* send time (no coordinated omission). Timestamps
// are performance.timeOrigin + performance.now(): one clock for every process of the machine.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { z } from 'zod';
import { RedisPubSub } from '../../src/cluster/redis_pubsub.ts';
import { encodeFrame } from '../../src/cluster/frame.ts';

const Command = z.discriminatedUnion('cmd', [
  z.object({ id: z.number().int().positive(), cmd: z.literal('connect'), url: z.string(), prefix: z.string(), nodeId: z.string(), topics: z.number().int().positive(), subscribe: z.number().int().nonnegative() }),
  z.object({ id: z.number().int().positive(), cmd: z.literal('begin') }),
  z.object({ id: z.number().int().positive(), cmd: z.literal('count') }),
  z.object({ id: z.number().int().positive(), cmd: z.literal('end') }),
  z.object({ id: z.number().int().positive(), cmd: z.literal('publish'), rate: z.number().positive(), durationMs: z.number().positive(), frameBytes: z.number().int().positive(), topics: z.number().int().positive() }),
]);
type Command = z.infer<typeof Command>;

const now = () => performance.timeOrigin + performance.now();
const topic = (i: number) => `table:t${i}`;

let ps: RedisPubSub | null = null;
let hist = newHist();
let received = 0;
let cpu0 = process.cpuUsage();
let t0 = performance.now();
let seq = 0;

function newHist() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

function need(): RedisPubSub {
  if (!ps) throw new Error('send "connect" first');
  return ps;
}

/** A payload whose frame on the bus (node, topic, head, JSON body) is `frameBytes` long. */
function payloadFor(nodeId: string, frameBytes: number): (s: number, t: number) => Record<string, unknown> {
  const probe = (pad: string) => encodeFrame(nodeId, topic(0), 'event', null, { s: 1_000_000, t: now(), p: pad }).length;
  const pad = 'x'.repeat(Math.max(0, frameBytes - probe('')));
  return (s, t) => ({ s, t, p: pad });
}

async function publish(c: Extract<Command, { cmd: 'publish' }>): Promise<Record<string, unknown>> {
  const p = need();
  const make = payloadFor(p.nodeId, c.frameBytes);
  const dropped0 = p.dropped;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const origin = performance.timeOrigin;
  const interval = 1000 / c.rate;
  const total = Math.floor((c.durationMs * c.rate) / 1000);
  const pending: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(Math.floor((elapsed * c.rate) / 1000), total);
      for (; sent < due; sent++) {
        const pr = p.broadcast(topic(sent % c.topics), 'event', make(seq++, origin + start + sent * interval) as never);
        if (sent % 256 === 0) pending.push(pr);
      }
      if (elapsed >= c.durationMs) {
        clearInterval(tick);
        done();
      }
    }, 1);
  });
  const ms = performance.now() - start;
  await Promise.all(pending); // the publishes Redis has acknowledged, a sample of them
  const cpu = process.cpuUsage(cpuStart);
  return { sent, ms, perSec: (sent * 1000) / ms, dropped: p.dropped - dropped0, cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - start), cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function handle(c: Command): Promise<Record<string, unknown>> {
  switch (c.cmd) {
    case 'connect': {
      ps = await RedisPubSub.connect({ url: c.url, prefix: c.prefix, nodeId: c.nodeId, maxInFlight: 100_000 });
      // `subscribe` of the `topics` get a local subscriber: the node parses and delivers their
      // frames and drops the others after reading their route, as a real node does.
      {
        for (let i = 0; i < Math.min(c.subscribe, c.topics); i++) {
          ps.subscribe(topic(i), (m) => {
            received++;
            const t = (m.payload as { t: number }).t;
            hist.recordValue(Math.max(1, Math.round((now() - t) * 1000)));
          });
        }
      }
      return {};
    }
    case 'begin':
      hist = newHist();
      received = 0;
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      return {};
    case 'count':
      return { received };
    case 'end': {
      const cpu = process.cpuUsage(cpu0);
      return {
        received, cpu: (cpu.user + cpu.system) / 1000 / (performance.now() - t0), cpuMs: (cpu.user + cpu.system) / 1000,
        p50Ms: hist.getValueAtPercentile(50) / 1000, p99Ms: hist.getValueAtPercentile(99) / 1000, p999Ms: hist.getValueAtPercentile(99.9) / 1000, maxMs: hist.maxValue / 1000,
      };
    }
    case 'publish':
      return publish(c);
  }
}

process.on('message', (raw) => {
  const parsed = Command.safeParse(raw);
  const id = (raw as { id?: number }).id ?? -1;
  if (!parsed.success) return void process.send?.({ id, ok: false, error: parsed.error.message });
  handle(parsed.data).then(
    (r) => process.send?.({ id, ok: true, ...r }),
    (e: Error) => process.send?.({ id, ok: false, error: e.stack ?? String(e) }),
  );
});
process.on('disconnect', () => {
  void ps?.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
process.once('SIGTERM', () => {
  void (ps?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
process.send?.({ id: 0, ok: true, ready: true });
