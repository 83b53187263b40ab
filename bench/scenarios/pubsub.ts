// pubsub: what the cluster's bus carries on this machine. Publisher and subscriber nodes,
// each a RedisPubSub in a process of its own (bench/pubsub/agent.ts), on the local Redis
// under a prefix of the bench's own. Publishers broadcast table events (frames of 300 and
// 600 bytes on the bus) over 100 topics at rising total rates (×2 per step) while every
// subscriber node has a subscriber on each topic, so it parses and delivers every message
// (the worst case: a real node drops frames of topics it has no member for after reading
// their route). A step keeps up when every subscriber got ≥ 99.9 % of the messages (within
// the drain time), the publishers held ≥ 95 % of the asked rate and dropped nothing.
//
// Every node on the bus receives every message — publishers too (they drop their own
// echo): Redis sends published × (publishers + subscribers) messages. Its CPU over each
// step (INFO cpu, the whole server: on a shared machine other users' commands are in it)
// gives what one Redis core would carry: deliveries/s ÷ Redis cores.
import { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { type ScenarioResult } from '../harness/report.ts';
import { startAgent, type AgentHandle } from '../harness/processes.ts';
import { BENCH_REDIS_URL } from '../harness/nodes.ts';
import { bySize, sleep, type RunContext, type Scenario } from './context.ts';

const TOPICS = 100;

interface Step {
  rate: number;
  sent: number;
  /** Messages each subscriber node should get (on its topics). */
  expected: number;
  perSec: number;
  dropped: number;
  received: number[];
  keptUp: boolean;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  pubCpu: number;
  subCpu: number;
  /** CPU per message: a publisher's per message it sent, a subscriber node's per frame on the bus (delivered or dropped). */
  pubUs: number;
  subUs: number;
  redisCpu: number;
}

async function redisCpuSeconds(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  const v = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return v('used_cpu_sys') + v('used_cpu_user');
}

async function step(pubs: AgentHandle[], subs: AgentHandle[], redis: Redis, rate: number, durationMs: number, frameBytes: number, drainMs: number, interest: number): Promise<Step> {
  await Promise.all(subs.map((s) => s.send({ cmd: 'begin' })));
  const r0 = await redisCpuSeconds(redis);
  const t0 = performance.now();
  const outs = await Promise.all(pubs.map((p) => p.send({ cmd: 'publish', rate: rate / pubs.length, durationMs, frameBytes, topics: TOPICS })));
  const sent = outs.reduce((n, o) => n + Number(o.sent), 0);
  // Each publisher goes round the topics from topic 0: the messages on the first `interest` topics.
  const expected = outs.reduce((n, o) => n + Array.from({ length: interest }, (_, t) => Math.ceil(Math.max(0, Number(o.sent) - t) / TOPICS)).reduce((a, b) => a + b, 0), 0);
  const deadline = performance.now() + drainMs;
  for (;;) {
    const counts = await Promise.all(subs.map(async (s) => Number((await s.send({ cmd: 'count' })).received)));
    if (counts.every((c) => c >= expected) || performance.now() > deadline) break;
    await sleep(20);
  }
  const redisCpu = (await redisCpuSeconds(redis) - r0) * 1000 / (performance.now() - t0);
  const ends = await Promise.all(subs.map((s) => s.send({ cmd: 'end' })));
  const received = ends.map((e) => Number(e.received));
  const perSec = outs.reduce((n, o) => n + Number(o.perSec), 0);
  const dropped = outs.reduce((n, o) => n + Number(o.dropped), 0);
  const worst = (k: string) => Math.max(...ends.map((e) => Number(e[k])));
  return {
    rate, sent, expected, perSec, dropped, received,
    keptUp: dropped === 0 && perSec >= 0.95 * rate && received.every((c) => c >= 0.999 * expected),
    p50Ms: worst('p50Ms'), p99Ms: worst('p99Ms'), p999Ms: worst('p999Ms'),
    pubCpu: Math.max(...outs.map((o) => Number(o.cpu))), subCpu: worst('cpu'), redisCpu,
    pubUs: Math.max(...outs.map((o) => (Number(o.cpuMs) * 1000) / Math.max(1, Number(o.sent)))),
    subUs: Math.max(...ends.map((e) => (Number(e.cpuMs) * 1000) / Math.max(1, sent))),
  };
}

interface Combo { pubs: number; subs: number; bytes: number; /** Topics (of TOPICS) each subscriber node has a subscriber on. */ interest: number }

function combos(ctx: RunContext): Combo[] {
  const subsList = bySize(ctx, { tiny: [1], quick: [1, 3], full: [1, 3, 9] });
  const bytesList = bySize(ctx, { tiny: [300], quick: [300, 600], full: [300, 600] });
  const all = subsList.flatMap((subs) => [1, 2].flatMap((pubs) => bytesList.map((bytes) => ({ pubs, subs, bytes, interest: TOPICS }))));
  // A node of a large cluster has members in few of the bus's topics: it reads each frame's
  // route and drops most. One subscriber on 1 topic of 100 measures that path.
  return [...all, { pubs: 1, subs: bySize(ctx, { tiny: 1, quick: 3, full: 9 }), bytes: 300, interest: 1 }];
}

export const pubsub: Scenario = {
  name: 'pubsub',
  summary: 'RedisPubSub on the local Redis: messages/s and bytes/s, 1–2 publishers, N subscriber nodes, p50/p99',
  steps: (ctx) => combos(ctx).length,
  async run(ctx) {
    const stepMs = bySize(ctx, { tiny: 300, quick: 1000, full: 3000 });
    const firstRate = bySize(ctx, { tiny: 500, quick: 2000, full: 2000 });
    const maxSteps = bySize(ctx, { tiny: 1, quick: 6, full: 9 });
    const drainMs = 2000;
    const r: ScenarioResult = {
      scenario: 'pubsub', detail: {}, notes: [], values: {},
      params: { topics: TOPICS, stepMs, firstRate, growth: 2, maxSteps, drainMs, combos: combos(ctx) },
      metrics: [
        { key: 'perSec', label: 'published messages/s, best step kept up (all publishers)', better: 'higher' },
        { key: 'received', label: 'messages/s received by subscriber nodes (all)', better: 'higher' },
        { key: 'busOut', label: 'Redis → nodes messages/s (every node on the bus)', better: 'higher' },
        { key: 'busMBps', label: 'Redis → nodes MB/s', better: 'higher', digits: 1 },
        { key: 'p50', label: 'publish→subscriber p50 at that step (ms)', better: 'lower', digits: 2 },
        { key: 'p99', label: 'publish→subscriber p99 at that step (ms)', better: 'lower', digits: 2 },
        { key: 'halfP50', label: 'p50 at half that rate (ms)', better: 'lower', digits: 2 },
        { key: 'halfP99', label: 'p99 at half that rate (ms)', better: 'lower', digits: 2 },
        { key: 'pubCpu', label: 'publisher CPU, busiest (cores)', better: 'lower', digits: 2 },
        { key: 'subCpu', label: 'subscriber CPU, busiest (cores)', better: 'lower', digits: 2 },
        { key: 'pubUs', label: 'publisher CPU per message sent (µs)', better: 'lower', digits: 1 },
        { key: 'subUs', label: 'subscriber node CPU per bus frame (µs)', better: 'lower', digits: 1 },
        { key: 'redisCpu', label: 'Redis CPU (cores, whole server)', better: 'lower', digits: 2 },
        { key: 'perRedisCore', label: 'Redis → nodes messages/s per Redis core', better: 'higher' },
      ],
    };
    const prefix = `pitboss-bench-pubsub-${process.pid}:`;
    const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      for (const c of combos(ctx)) {
        const col = `${c.pubs}p→${c.subs}s ${c.bytes} B${c.interest < TOPICS ? ` ${c.interest}/${TOPICS}` : ''}`;
        ctx.progress.phase(`pubsub ${col}`);
        const agents: AgentHandle[] = [];
        try {
          const start = async (i: number, subscribe: boolean) => {
            const a = await startAgent('pubsub/agent.ts', { cpus: null });
            agents.push(a);
            await a.send({ cmd: 'connect', url: BENCH_REDIS_URL, prefix, nodeId: `${subscribe ? 'sub' : 'pub'}-${i}`, topics: TOPICS, subscribe: subscribe ? c.interest : 0 });
            return a;
          };
          const subs = await Promise.all(Array.from({ length: c.subs }, (_, i) => start(i, true)));
          const pubs = await Promise.all(Array.from({ length: c.pubs }, (_, i) => start(i, false)));
          // Warm-up (not scored): JIT, connections.
          await step(pubs, subs, redis, firstRate, Math.min(stepMs, 500), c.bytes, drainMs, c.interest);
          const steps: Step[] = [];
          let best: Step | null = null;
          for (let i = 0, rate = firstRate; i < maxSteps; i++, rate *= 2) {
            const s = await step(pubs, subs, redis, rate, stepMs, c.bytes, drainMs, c.interest);
            steps.push(s);
            if (!s.keptUp) break;
            best = s;
          }
          const half = best ? await step(pubs, subs, redis, best.perSec / 2, stepMs, c.bytes, drainMs, c.interest) : null;
          const nodes = c.pubs + c.subs;
          const busOut = best ? best.perSec * nodes : null;
          r.values[col] = {
            perSec: best?.perSec ?? null, received: best ? (best.perSec * c.subs * c.interest) / TOPICS : null, busOut, busMBps: busOut === null ? null : (busOut * c.bytes) / 1e6,
            p50: best?.p50Ms ?? null, p99: best?.p99Ms ?? null, halfP50: half?.p50Ms ?? null, halfP99: half?.p99Ms ?? null,
            pubCpu: best?.pubCpu ?? null, subCpu: best?.subCpu ?? null, redisCpu: best?.redisCpu ?? null, pubUs: best?.pubUs ?? null, subUs: best?.subUs ?? null,
            perRedisCore: best && busOut !== null && best.redisCpu > 0.05 ? busOut / best.redisCpu : null,
          };
          r.detail[col] = { ...c, steps, half };
          const last = steps.at(-1);
          if (best && last === best) r.notes.push(`${col}: kept up at every step up to ${Math.round(best.perSec).toLocaleString('en-US')}/s; the best step is a lower bound`);
          else if (last) {
            const why = last.dropped > 0 ? `${last.dropped} dropped` : last.perSec < 0.95 * last.rate ? `publishers held ${Math.round(last.perSec)} of ${last.rate}/s (publisher CPU ${last.pubCpu.toFixed(2)})` : `subscribers got ${Math.min(...last.received)} of ${last.expected} within ${drainMs} ms (subscriber CPU ${last.subCpu.toFixed(2)})`;
            r.notes.push(`${col}: fell behind at ${last.rate.toLocaleString('en-US')}/s — ${why}; Redis CPU ${last.redisCpu.toFixed(2)}`);
          }
        } catch (e) {
          r.notes.push(`${col} failed: ${(e as Error).message.split('\n')[0]}`);
        } finally {
          await Promise.allSettled(agents.map((a) => a.stop()));
        }
        ctx.progress.tick();
      }
    } finally {
      redis.disconnect();
    }
    r.notes.push(`${TOPICS} topics; every subscriber node has a subscriber on each (parses and delivers every message: the worst case), except the column marked 1/${TOPICS}, whose subscriber nodes have one on topic 0 only (they read every frame's route and drop 99 %, as a node of a large cluster does; "received" counts what they delivered); frame bytes = the whole bus frame (node, topic, head, JSON payload with its scheduled time and padding). Nodes are unpinned processes (publishers, subscribers) sharing the machine with Redis; latency from the scheduled publish time to the subscriber's delivery, worst subscriber node.`);
    r.notes.push('Redis CPU is INFO cpu over the step, the whole server: on a shared machine others\' commands are counted in it, so per-core figures are a lower bound.');
    return r;
  },
};
