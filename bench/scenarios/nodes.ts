// fanout, slots and mixed on a cluster of nodes on this machine beside the single server,
// in the same run: one column per layout (`--nodes 1,2` by default: the single server on
// PostgreSQL, then 2 nodes on Redis and the same PostgreSQL), and a ratio column of each
// over the single server. Every layout gets a fresh database and Redis prefix of its own
// (harness/nodes.ts), removed afterwards. The measuring is the single-server scenarios'
// own (measureFanout, measureSlots, measureMixed): only the server under test changes.
//   fanout-nodes  table chat over real tables (--target tables), clients spread over the nodes
//   slots-nodes   slots players on PostgreSQL, spread over the nodes
//   mixed-nodes   all five games on PostgreSQL, bots spread over the nodes; ledger check at the end
// `npm run bench -- cluster` runs the three.
import { ROOM_SIZE, MIXED_GAMES } from '../protocol.ts';
import { markGeneratorBound, type Metric, type ScenarioResult } from '../harness/report.ts';
import { startLoad, type LoadHandle } from '../harness/processes.ts';
import { layoutPlacement, startNodes, type Layout, type NodesHandle } from '../harness/nodes.ts';
import { FANOUT_METRICS, P99_LIMIT_MS, measureFanout } from './fanout.ts';
import { SLOTS_METRICS, measureSlots } from './slots.ts';
import { MIXED_METRICS, measureMixed, mixedParams } from './mixed.ts';
import { bySize, type RunContext, type Scenario } from './context.ts';

/** The names `cluster` stands for on the command line. */
export const CLUSTER_GROUP = ['fanout-nodes', 'slots-nodes', 'mixed-nodes'];

function layoutNote(ctx: RunContext): string {
  return `columns: ${ctx.layouts.map((l) => `${l.name} (${l.redis ? `cluster mode, REDIS_URL, ${l.nodes} node process${l.nodes > 1 ? 'es' : ''} on ports of their own, clients round-robin over them` : 'no Redis'})`).join('; ')}; all on PostgreSQL, a fresh database per column. Placement: 1 node on core 0 and the load generator on core 1; N nodes one per core (node i on core i mod cores) with the load generator unpinned beside them, so on a 2-core machine the generator shares the nodes' cores — its CPU is reported and steps where it used > 0.8 of a core are marked ‡. PostgreSQL and Redis run unpinned. The ratio column is each layout over the single server (a scaling factor).`;
}

/** For each layout: fresh nodes and load process, `body`, always stopped and cleaned up; a failure is a note. */
async function perLayout(ctx: RunContext, r: ScenarioResult, extraArgs: string[], body: (layout: Layout, nodes: NodesHandle, load: LoadHandle) => Promise<void>): Promise<void> {
  for (const layout of ctx.layouts) {
    const pins = layoutPlacement(layout, ctx.pin);
    ctx.progress.phase(`${r.scenario} ${layout.name}: starting`);
    const [nodes, load] = await Promise.allSettled([startNodes(layout, pins.nodes, extraArgs), startLoad(pins.load)]);
    try {
      if (nodes.status === 'rejected') throw nodes.reason;
      if (load.status === 'rejected') throw load.reason;
      await body(layout, nodes.value, load.value);
      // Sockets each node holds at the end (the load's clients are still connected): the spread.
      const each = await Promise.all(nodes.value.nodes.map((n) => n.stats()));
      r.detail[layout.name] = { ...(r.detail[layout.name] as object), nodeConnections: each.map((s) => s.connections) };
    } catch (e) {
      r.notes.push(`${layout.name} failed: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      if (load.status === 'fulfilled') await load.value.stop();
      if (nodes.status === 'fulfilled') await nodes.value.stop();
    }
    ctx.progress.tick();
  }
}

const base = (ctx: RunContext) => ctx.layouts[0]?.name;

/** Frames on the Redis bus per action (chat, spin, ok move): what the capacity model calls f. */
const BUS: Metric = { key: 'busPerAction', label: 'Redis bus frames per action (cluster mode)', better: 'lower', digits: 2 };

export const fanoutNodes: Scenario = {
  name: 'fanout-nodes',
  summary: 'fanout over real tables (table chat) on N nodes beside 1, PostgreSQL',
  steps: (ctx) => ctx.layouts.length,
  async run(ctx) {
    // More steps than `fanout --quick`: two nodes must be climbed past where one saturates.
    const clients = bySize(ctx, { tiny: 12, quick: 120, full: 600 });
    const r: ScenarioResult = {
      scenario: 'fanout-nodes', base: base(ctx), detail: {}, notes: [], values: {}, metrics: [...FANOUT_METRICS, BUS],
      params: {
        clients, roomSize: ROOM_SIZE, stepMs: bySize(ctx, { tiny: 200, quick: 1000, full: 4000 }), firstRate: bySize(ctx, { tiny: 50, quick: 300, full: 1000 }),
        growth: 1.5, p99LimitMs: P99_LIMIT_MS, maxSteps: bySize(ctx, { tiny: 1, quick: 8, full: 14 }), warmupMs: bySize(ctx, { tiny: 100, quick: 1000, full: 3000 }),
        layouts: ctx.layouts,
      },
    };
    await perLayout(ctx, r, [], async (layout, nodes, load) => {
      await measureFanout(ctx, r, layout.name, 'pitboss', nodes, load, 'table:');
    });
    r.notes.push('the action is a table `chat` of a real baccarat table (as `fanout --target tables`): channel process → the table process on its owner node (over the cluster RPC when the channel is on another node) → PubSub (RedisPubSub in cluster mode) → fastlane to every member on every node; each room\'s first member asks the lobby for a table of its own (find_table {shared: false}: the cluster places it on any node), its six members are spread over the nodes');
    r.notes.push(layoutNote(ctx));
    return r;
  },
};

export const slotsNodes: Scenario = {
  name: 'slots-nodes',
  summary: 'slots spins settled on PostgreSQL on N nodes beside 1',
  steps: (ctx) => ctx.layouts.length,
  async run(ctx) {
    const r: ScenarioResult = {
      scenario: 'slots-nodes', base: base(ctx), detail: {}, notes: [], values: {}, metrics: [...SLOTS_METRICS, BUS],
      params: { players: bySize(ctx, { tiny: 6, quick: 60, full: 600 }), durationMs: bySize(ctx, { tiny: 500, quick: 3000, full: 10_000 }), bet: 100, inFlightPerPlayer: 1, layouts: ctx.layouts },
    };
    await perLayout(ctx, r, ['--unlimited-actions'], async (layout, nodes, load) => {
      ctx.progress.phase(`slots-nodes ${layout.name}: spinning`);
      await measureSlots(r, layout.name, nodes, load);
    });
    r.notes.push('bus frames per action = frames published on the cluster\'s Redis bus (counted by a subscriber of the runner\'s own) ÷ settled spins over the spinning window; fanout: ÷ chats over the climbing steps; mixed: ÷ ok actions while playing');
    r.notes.push('as `slots` on PostgreSQL: one spin in flight per player, the per-player action limit lifted; players round-robin over the nodes, each at a slots table of its own placed by the cluster; server CPU and heap are summed over the nodes, event-loop delay is the worst node\'s');
    r.notes.push(layoutNote(ctx));
    return r;
  },
};

const PER_GAME: Metric[] = MIXED_GAMES.map((g) => ({ key: `rps_${g}`, label: `${g}: rounds settled/s`, better: 'higher', digits: 2 }));
const pick = (keys: string[]) => MIXED_METRICS.filter((m) => keys.includes(m.key));

export const mixedNodes: Scenario = {
  name: 'mixed-nodes',
  summary: 'bots at all five games on PostgreSQL on N nodes beside 1; ledger check at the end',
  steps: (ctx) => ctx.layouts.length,
  async run(ctx) {
    const params = mixedParams(ctx, 600, 'postgres');
    const r: ScenarioResult = {
      scenario: 'mixed-nodes', base: base(ctx), detail: {}, notes: [], values: {}, params: { ...params, layouts: ctx.layouts },
      metrics: [
        ...pick(['players', 'tables', 'roundsPerSec']), ...PER_GAME,
        { key: 'p50', label: 'action→ok reply p50, worst game (ms)', better: 'lower', digits: 1 },
        { key: 'p99', label: 'action→ok reply p99, worst game (ms)', better: 'lower', digits: 1 },
        ...pick(['refused', 'turnTimeouts', 'serverCpu', 'loadCpu', 'heapPerPlayer', 'ledgerSum', 'openRounds']), BUS,
      ],
    };
    await perLayout(ctx, r, ['--betting-ms', String(params['bettingMs']), '--turn-ms', String(params['turnMs'])], async (layout, nodes, load) => {
      // The single-server scenario's own run and result, folded into this layout's column.
      const one: ScenarioResult = { scenario: `mixed-nodes ${layout.name}`, params, detail: {}, values: {}, notes: [], metrics: MIXED_METRICS };
      await measureMixed(ctx, one, nodes, load);
      const all = one.values['all'];
      if (!all) throw new Error(one.notes[0] ?? 'no result');
      const worst = (k: 'p50' | 'p99') => Math.max(...MIXED_GAMES.map((g) => one.values[g]?.[k] ?? -Infinity).filter(Number.isFinite));
      r.values[layout.name] = {
        ...all, ...Object.fromEntries(MIXED_GAMES.map((g) => [`rps_${g}`, one.values[g]?.['roundsPerSec'] ?? null])),
        p50: Number.isFinite(worst('p50')) ? worst('p50') : null, p99: Number.isFinite(worst('p99')) ? worst('p99') : null,
      };
      const bound = Number(all['loadCpu']);
      markGeneratorBound(r, layout.name, bound, ['roundsPerSec', 'p50', 'p99', ...PER_GAME.map((m) => m.key)]);
      r.detail[layout.name] = { ...one.detail, perGame: one.values };
      for (const n of one.notes) r.notes.push(`${layout.name}: ${n}`);
    });
    r.notes.push(layoutNote(ctx));
    return r;
  },
};
